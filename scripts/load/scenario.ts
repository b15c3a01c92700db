import { DateTime } from 'luxon';
import type { RequestCreateBody } from '../../shared/schemas/booking';

// Who the load acts as and what it asks: many requesters in different structures booking ahead, the
// same people reading their lists and requests back, and the auditor and requesters running reports.

export const DEMO_PASSWORD = 'demo-demo-demo';
const REQUESTERS = 20;
const LANGUAGES = ['ara', 'prs', 'pus', 'tir', 'rus', 'ron', 'tur', 'kat', 'sqi', 'ben'];
const DURATIONS = [30, 45, 60, 90, 120];
const SPECIALTIES = [undefined, undefined, 'general', 'mental_health', 'perinatal', 'paediatrics'] as const;
const USAGE_GROUPS = ['structure', 'structureType', 'department', 'language', 'modality', 'month'];
const LANGUAGE_QUERIES = ['ar', 'da', 'pa', 'ti', 'ru', 'rou', 'tu', 'géo', 'alb', 'ben', 'ps', 'fr'];

export interface Requester {
  email: string;
  token: string;
  structureId: string;
}

export interface Cast {
  requesters: Requester[];
  auditor: string;
  /** Which modalities each booked language allows, as the server says, so no booking is refused by design. */
  modalities: Map<string, string[]>;
}

export async function call<T = unknown>(url: string, token: string | undefined, method: string, route: string, body?: unknown) {
  const res = await fetch(url + route, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

export async function login(url: string, email: string): Promise<string> {
  const res = await call<{ token: string }>(url, undefined, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * Twenty requesters in twenty structures, made through the admin API (creating structures when the
 * demo has too few). On a server that already has them (`--url` run twice) they are reused.
 */
export async function castFor(url: string): Promise<Cast> {
  const admin = await login(url, 'admin@demo.test');
  const listed = await call<{ id: string; active: boolean }[]>(url, admin, 'GET', '/api/structures');
  if (listed.status !== 200) throw new Error(`GET /api/structures: ${listed.status}`);
  const structures = listed.body.filter((s) => s.active !== false).map((s) => s.id);
  for (let n = structures.length; n < REQUESTERS; n++) {
    const made = await call<{ id: string }>(url, admin, 'POST', '/api/structures', { name: `Structure de charge ${n + 1}`, type: 'OTHER', department: '69' });
    if (made.status !== 201) throw new Error(`POST /api/structures: ${made.status} ${JSON.stringify(made.body)}`);
    structures.push(made.body.id);
  }
  const requesters: Requester[] = [];
  for (const [index, structureId] of structures.slice(0, REQUESTERS).entries()) {
    const email = `load.requester${String(index + 1).padStart(2, '0')}@demo.test`;
    const made = await call(url, admin, 'POST', '/api/users', { email, password: DEMO_PASSWORD, name: `Demandeur charge ${index + 1}`, role: 'requester', structureId });
    if (made.status !== 201 && made.status !== 409) throw new Error(`POST /api/users ${email}: ${made.status} ${JSON.stringify(made.body)}`);
    requesters.push({ email, token: await login(url, email), structureId });
  }
  const modalities = new Map<string, string[]>();
  for (const code of LANGUAGES) {
    const found = await call<{ code: string; modalities: string[] }[]>(url, undefined, 'GET', `/api/languages?q=${code}`);
    const language = found.body.find((l) => l.code === code);
    const usable = (language?.modalities ?? []).filter((m) => m === 'video' || m === 'onsite');
    if (usable.length > 0) modalities.set(code, usable);
  }
  if (modalities.size === 0) throw new Error('none of the load languages allows video or on-site sessions');
  return { requesters, auditor: await login(url, 'ars@demo.test'), modalities };
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const below = (n: number) => Math.floor(Math.random() * n);

/** A video or on-site booking 1 to 60 days ahead, starting between 08:00 and 17:45 Paris time. */
export function bookingBody(cast: Cast): RequestCreateBody {
  const language = pick([...cast.modalities.keys()]);
  const modality = pick(cast.modalities.get(language)!) as 'video' | 'onsite';
  const start = DateTime.now().setZone('Europe/Paris').startOf('day')
    .plus({ days: 1 + below(60) })
    .set({ hour: 8 + below(10), minute: 15 * below(4) });
  const specialty = pick(SPECIALTIES);
  return {
    language,
    modality,
    start: start.toISO()!,
    durationMinutes: pick(DURATIONS),
    ...(specialty ? { specialty } : {}),
    ...(modality === 'onsite' ? { location: { address: '10 rue de la République, Lyon', department: '69' } } : {}),
  };
}

export interface Call {
  route: string;
  path: string;
  token: string;
}

/** A read as a requester would make it: their list, one of their requests, or the language search. */
export function readCall(cast: Cast, createdBy: string[][]): Call {
  const index = below(cast.requesters.length);
  const { token } = cast.requesters[index]!;
  const roll = Math.random();
  const own = createdBy[index] ?? [];
  if (roll < 0.4 && own.length > 0) return { route: 'GET /api/requests/:id', path: `/api/requests/${pick(own)}`, token };
  if (roll < 0.8) return { route: 'GET /api/requests', path: '/api/requests?limit=50', token };
  return { route: 'GET /api/languages', path: `/api/languages?q=${encodeURIComponent(pick(LANGUAGE_QUERIES))}`, token };
}

/** A report: mostly the auditor's regional views, sometimes a requester's own structure. */
export function reportCall(cast: Cast): Call {
  const year = DateTime.now().setZone('Europe/Paris').year;
  const token = Math.random() < 0.6 ? cast.auditor : pick(cast.requesters).token;
  if (Math.random() < 0.7) return { route: 'GET /api/reports/usage', path: `/api/reports/usage?year=${year}&groupBy=${pick(USAGE_GROUPS)}`, token };
  return { route: 'GET /api/reports/budget', path: `/api/reports/budget?year=${year}`, token };
}
