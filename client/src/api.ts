// Every call to the server goes through here: JSON in and out, the session cookie, errors in French.
import { PATIENT_REF_ADVICE } from '../../shared/patient-ref';

export interface FieldError {
  field: string;
  code: string;
  message: string;
  /** A confirmed session a profile change would drop (409 `sessions_during_absence`). */
  session?: DroppedSession;
}

export interface DroppedSession {
  requestId: string;
  start: string;
  end: string;
  language: string;
  modality: string;
  /** Under 48 hours before the start: a late withdrawal. */
  late: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

const MESSAGES: Record<number, string> = {
  400: 'Certaines informations sont invalides.',
  401: 'Votre session a expiré : reconnectez-vous.',
  403: 'Vous n’avez pas accès à cette action.',
  404: 'Introuvable (supprimé, ou d’une autre structure).',
  409: 'La situation a changé entre-temps : la page a été mise à jour.',
  422: 'Cette demande n’est pas possible.',
  429: 'Trop de tentatives : réessayez dans quelques minutes.',
};

const BUSINESS_MESSAGES: Record<string, string> = {
  offer_closed: 'Cette proposition n’est plus ouverte (expirée, ou déjà traitée).',
  request_taken: 'Une autre personne a été plus rapide : la séance est déjà attribuée ou annulée.',
  interpreter_busy: 'Vous avez déjà une séance sur ce créneau.',
  request_closed: 'Cette demande est déjà terminée ou annulée.',
  state_changed: 'La demande a changé entre-temps : rechargez-la.',
  not_assigned: 'Seule une séance attribuée peut être enregistrée.',
  not_started: 'La séance n’a pas encore commencé.',
  modality_not_allowed: 'Cette langue n’est pas possible dans cette modalité (la langue des signes se voit : visio ou sur place).',
  now_phone_only: 'Seul le téléphone est possible immédiatement : réservez la visio ou le sur place à l’avance.',
  now_not_recurring: 'Une demande immédiate ne peut pas être répétée.',
  start_in_past: 'Le début est déjà passé.',
  start_too_far: 'Une séance se réserve au plus 18 mois à l’avance (la dernière d’une série aussi).',
  patient_ref_personal: PATIENT_REF_ADVICE,
  location_required: 'Une séance sur place a besoin de l’adresse et du département.',
  location_not_needed: 'Seule une séance sur place a une adresse.',
  no_previous_interpreter: 'Cette demande précédente n’a pas eu d’interprète : impossible de demander le même.',
  idempotency_key_reused: 'Cette demande a déjà été envoyée avec d’autres informations.',
  exception_too_far: 'Une absence ou des horaires particuliers se déclarent au plus deux ans à l’avance.',
  invalid_token: 'Ce lien n’est plus valable : il a déjà servi, ou il a expiré. Demandez-en un nouveau.',
  weak_password: 'Ce mot de passe est trop facile à deviner : choisissez-en un autre.',
  wrong_password: 'Le mot de passe actuel est incorrect.',
  invitation_accepted: 'Cette personne a déjà choisi son mot de passe : elle peut se connecter.',
  not_eligible: 'Cet·te interprète ne peut pas prendre cette demande (la situation a changé depuis l’affichage de la liste).',
  own_account: 'Vous ne pouvez pas désactiver votre propre compte : demandez-le à l’administration.',
  import_invalid: 'Rien n’a été importé : le fichier a des erreurs (voir le tableau). Corrigez-le, puis choisissez-le à nouveau.',
  payload_too_large: 'Ce fichier est trop gros pour un import.',
  unknown_language: 'Aucune langue ne porte ce nom : essayez son nom en français (wolof, darija, farsi…) ou son code ISO 639-3.',
  undecodable_file: 'Ce fichier ne se lit ni en UTF-8 ni en Windows-1252. Enregistrez le fichier au format CSV UTF-8 (dans le tableur : Enregistrer sous, « CSV UTF-8 »), puis choisissez-le à nouveau.',
  exceeds_measured: 'C’est plus que la durée mesurée par l’appel (le temps où vous étiez connecté·e avec au moins une autre personne). Si l’appel n’a pas pu se faire, cochez « j’ai appelé le numéro de rappel ».',
  not_a_call: 'Seules les séances par téléphone ou en visio se font dans la plateforme.',
  sessions_during_absence: 'Ce changement retirerait l’interprète de séances déjà confirmées : changez d’abord ses disponibilités (la page les liste et les repropose), puis revenez ici.',
};

/** The session's CSRF token, from the `csrf` cookie the login set (also handed to the service worker). */
export function csrfToken(): string | undefined {
  const token = /(?:^|;\s*)csrf=([^;]+)/.exec(document.cookie)?.[1];
  return token ? decodeURIComponent(token) : undefined;
}

/** The page echoes the `csrf` cookie the login set: another site can make the browser send cookies, not this. */
function csrfHeader(): Record<string, string> {
  const token = csrfToken();
  return token ? { 'X-CSRF-Token': token } : {};
}

let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body === undefined || body instanceof Blob ? {} : { 'Content-Type': 'application/json' }), ...(method === 'GET' ? {} : csrfHeader()), ...headers },
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Le serveur ne répond pas : vérifiez votre connexion et réessayez.');
  }
  const payload = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: FieldError[] } } | undefined;
  if (res.ok) return payload as T;
  if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/me') onUnauthorized();
  const error = payload?.error;
  const code = error?.code ?? `http_${res.status}`;
  const message = BUSINESS_MESSAGES[code] ?? MESSAGES[res.status] ?? 'Une erreur est survenue. Réessayez.';
  throw new ApiError(res.status, code, message, error?.details ?? []);
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body ?? {}, headers);
/** A file as its bytes, the server reading its encoding (CSV imports). */
export const postFile = <T>(path: string, file: Blob, type: string) => api<T>('POST', path, file, { 'Content-Type': type });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
