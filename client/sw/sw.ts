import type { OfferPushMessage, PushMessage, ReconfirmPushMessage } from '../../shared/push';

// The service worker, served at /sw.js (scope: the whole site). It wakes for a push even when no page of
// the site is open, shows the offer with "Accepter" and "Voir" (the day-before ask with "Je confirme ma
// venue" and "Voir"), and answers on the spot with the session cookie and the CSRF token the page gave it
// (see client/src/push.ts). It imports nothing at
// run time: built as one classic script (vite.config.ts), type-checked against the WebWorker library
// (client/sw/tsconfig.json).

declare const self: ServiceWorkerGlobalScope;

/** What the browsers that show actions also read, beyond TypeScript's NotificationOptions. */
interface ShownNotification extends NotificationOptions {
  actions?: { action: string; title: string }[];
  renotify?: boolean;
  timestamp?: number;
}

interface ClickData {
  message?: PushMessage;
  url: string;
}

const SESSION_CACHE = 'sante-session';
// A key in the worker's own cache, never a route of the server.
const CSRF_ENTRY = '/__worker/csrf-token';
const MODALITY_FR = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' } as const;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page hands over the CSRF token of its session (the worker cannot read cookies); null forgets it.
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; csrf?: unknown } | null;
  if (data?.type === 'session' && event.origin === self.location.origin) event.waitUntil(storeCsrf(typeof data.csrf === 'string' ? data.csrf : null));
});

self.addEventListener('push', (event) => {
  const message = readMessage(event.data);
  event.waitUntil(message ? show(message) : self.registration.showNotification('Interprétariat santé', { body: 'Nouvelle proposition : ouvrez la page des propositions.', data: { url: '/#/propositions' } satisfies ClickData }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as ClickData;
  const message = data.message;
  if (event.action === 'accept' && message?.kind === 'offer') event.waitUntil(accept(message));
  else if (event.action === 'reconfirm' && message?.kind === 'reconfirm') event.waitUntil(reconfirm(message));
  else event.waitUntil(openPage(data.url));
});

// The browser replaced the subscription (keys rotated, or expired): tell the server the new one.
self.addEventListener('pushsubscriptionchange', (event) => {
  const change = event as Event & { oldSubscription?: PushSubscription | null; newSubscription?: PushSubscription | null; waitUntil(promise: Promise<unknown>): void };
  change.waitUntil((async () => {
    const key = change.oldSubscription?.options.applicationServerKey;
    const fresh = change.newSubscription ?? (key ? await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }) : null);
    if (fresh) await callApi('POST', '/api/push/subscriptions', fresh.toJSON()).catch(() => undefined);
  })());
});

function readMessage(data: PushMessageData | null): PushMessage | undefined {
  try {
    const message = data?.json() as { kind?: unknown; offerId?: unknown; requestId?: unknown } | undefined;
    if (message?.kind === 'offer' && typeof message.offerId === 'string') return message as OfferPushMessage;
    if (message?.kind === 'reconfirm' && typeof message.requestId === 'string') return message as ReconfirmPushMessage;
    return undefined;
  } catch {
    return undefined;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** The pieces of a date in a zone (Paris's by default), written as the app writes them ("mardi 3 mars à 14h05"). */
function parts(iso: string, zone = 'Europe/Paris') {
  let format = formats.get(zone);
  if (!format) formats.set(zone, (format = new Intl.DateTimeFormat('fr-FR', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value])) as Record<Intl.DateTimeFormatPartTypes, string>;
}
const clock = (iso: string, zone?: string) => `${parts(iso, zone).hour}h${parts(iso, zone).minute}`;
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "arabe par téléphone, maintenant (30 min)", or "… le mardi 3 mars à 14h00 (60 min)", "… à 10h00 (heure de La Réunion) (60 min)" outside Paris time. */
function describe(message: PushMessage): string {
  const { weekday, day, month } = parts(message.start, message.timeZone);
  const zone = message.zoneName ? ` (${message.zoneName})` : '';
  const when = message.kind === 'offer' && message.immediate ? 'maintenant' : `le ${weekday} ${day} ${month} à ${clock(message.start, message.timeZone)}${zone}`;
  return `${lowerFirst(message.languageName)} ${MODALITY_FR[message.modality]}, ${when} (${message.durationMinutes} min)`;
}

const show = (message: PushMessage) => (message.kind === 'offer' ? showOffer(message) : showReconfirm(message));

function showOffer(message: OfferPushMessage): Promise<void> {
  const options: ShownNotification = {
    body: `Répondre avant ${clock(message.expiresAt)}.`,
    tag: `offer-${message.offerId}`,
    renotify: true,
    requireInteraction: message.immediate,
    timestamp: Date.now(),
    lang: 'fr',
    actions: [{ action: 'accept', title: 'Accepter' }, { action: 'view', title: 'Voir' }],
    data: { message, url: message.url } satisfies ClickData,
  };
  return self.registration.showNotification(`Nouvelle demande : ${describe(message)}`, options);
}

function showReconfirm(message: ReconfirmPushMessage): Promise<void> {
  const options: ShownNotification = {
    body: 'Sans reconfirmation, l’agence sera prévenue que la séance est à risque.',
    tag: `reconfirm-${message.requestId}`,
    timestamp: Date.now(),
    lang: 'fr',
    actions: [{ action: 'reconfirm', title: 'Je confirme ma venue' }, { action: 'view', title: 'Voir' }],
    data: { message, url: message.url } satisfies ClickData,
  };
  return self.registration.showNotification(`À reconfirmer : ${describe(message)}`, options);
}

const REFUSALS: Record<string, string> = {
  request_taken: 'Une autre personne a été plus rapide.',
  offer_closed: 'Cette proposition n’est plus ouverte (expirée ou retirée).',
  interpreter_busy: 'Vous avez déjà une séance sur ce créneau.',
};

async function accept(message: OfferPushMessage): Promise<void> {
  const tag = `offer-${message.offerId}`;
  let response: Response;
  try {
    response = await callApi('POST', `/api/offers/${encodeURIComponent(message.offerId)}/accept`, {});
  } catch {
    await self.registration.showNotification('Pas de connexion', { body: `La séance n’a pas pu être acceptée : ${describe(message)}. Ouvrez les propositions pour réessayer.`, tag, data: { url: message.url } satisfies ClickData });
    return;
  }
  if (response.ok) {
    await self.registration.showNotification('Séance acceptée', { body: `${describe(message)}. Elle est dans votre agenda.`, tag, data: { url: '/#/agenda' } satisfies ClickData });
    return;
  }
  if (response.status === 409) {
    const code = ((await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined)?.error?.code;
    await self.registration.showNotification('Déjà prise', { body: REFUSALS[code ?? ''] ?? REFUSALS.request_taken!, tag, data: { url: message.url } satisfies ClickData });
    return;
  }
  // Signed out, or a session the worker has no token for yet: the page logs in and hands it over.
  await openPage(message.url);
}

/** "Je confirme ma venue": the same call as the agenda's button; anything but a yes opens the agenda. */
async function reconfirm(message: ReconfirmPushMessage): Promise<void> {
  const response = await callApi('POST', `/api/requests/${encodeURIComponent(message.requestId)}/reconfirm`, {}).catch(() => undefined);
  if (!response?.ok) return openPage(message.url);
  await self.registration.showNotification('Venue confirmée', { body: `Séance ${describe(message)}.`, tag: `reconfirm-${message.requestId}`, data: { url: message.url } satisfies ClickData });
}

async function callApi(method: 'POST' | 'DELETE', path: string, body: unknown): Promise<Response> {
  const csrf = await readCsrf();
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    body: JSON.stringify(body),
  });
}

async function openPage(url: string): Promise<void> {
  const target = new URL(url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (!open) {
    await self.clients.openWindow(target);
    return;
  }
  await open.focus();
  if (open.url !== target) await open.navigate(target).catch(() => undefined);
}

async function storeCsrf(token: string | null): Promise<void> {
  const cache = await caches.open(SESSION_CACHE);
  if (token === null) await cache.delete(CSRF_ENTRY);
  else await cache.put(CSRF_ENTRY, new Response(token));
}

async function readCsrf(): Promise<string | undefined> {
  const stored = await (await caches.open(SESSION_CACHE)).match(CSRF_ENTRY);
  return stored ? stored.text() : undefined;
}
