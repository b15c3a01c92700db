import { api, csrfToken, get, post } from './api';

// Web Push on this device: the service worker (/sw.js, built from client/sw/sw.ts) shows offers while
// the page is closed. Push needs a secure page (HTTPS, or localhost in development) and the user's
// permission; the subscription is made with the server's VAPID key and given to the server.

/** unsupported: no push in this browser, or the page is not secure; denied: the user refused notifications. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

const WORKER_URL = '/sw.js';

export function pushSupported(): boolean {
  return window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

function sameKey(subscription: PushSubscription, key: Uint8Array): boolean {
  const current = subscription.options.applicationServerKey;
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

/** The worker cannot read cookies: the page hands it the session's CSRF token for "Accepter". */
async function handTokenToWorker(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  worker?.postMessage({ type: 'session', csrf: csrfToken() ?? null });
}

const postSubscription = (subscription: PushSubscription) => post('/api/push/subscriptions', subscription.toJSON());

/**
 * Where this device stands, bringing the server up to date on the way: an existing subscription is
 * posted again (the device may have changed hands, or the server lost it) and renewed if it was made
 * with another server key, and the worker gets the session's CSRF token.
 */
export async function syncPush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (!registration || !subscription || Notification.permission !== 'granted') return 'off';
  const { publicKey } = await get<{ publicKey: string }>('/api/push/key');
  const key = keyBytes(publicKey);
  if (sameKey(subscription, key)) {
    await postSubscription(subscription);
  } else {
    await subscription.unsubscribe();
    await postSubscription(await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
  }
  await handTokenToWorker(registration);
  return 'on';
}

/** Asks for permission (must follow a click), subscribes this device and registers it with the server. */
export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  await navigator.serviceWorker.register(WORKER_URL, { scope: '/' });
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await get<{ publicKey: string }>('/api/push/key');
  const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await postSubscription(subscription);
  await handTokenToWorker(registration);
  return 'on';
}

/** Stops push to this device, on the server and in the browser. */
export async function disablePush(): Promise<PushState> {
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    await api('DELETE', '/api/push/subscriptions', { endpoint: subscription.endpoint }).catch(() => undefined);
    await subscription.unsubscribe();
  }
  return 'off';
}
