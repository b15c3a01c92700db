import type { Modality } from './enums';

/**
 * What a push about an offer carries, read by the service worker (client/sw/sw.ts). Push services and
 * lock screens see it, so it says only what the notification needs: no patient reference, no notes, no
 * address, no specialty or department.
 */
export interface OfferPushMessage {
  kind: 'offer';
  offerId: string;
  /** ISO 8601: the offer lapses then, and so does the push (its TTL). */
  expiresAt: string;
  language: string;
  /** The language's French name ("Arabe"), so that the worker needs no table. */
  languageName: string;
  modality: Modality;
  immediate: boolean;
  /** ISO 8601. */
  start: string;
  durationMinutes: number;
  /** Where a click leads, relative to the site. */
  url: string;
  /** A session outside Paris time: its zone ('Indian/Reunion') and its name ('heure de La Réunion'), absent for Paris time. */
  timeZone?: string;
  zoneName?: string;
}

/**
 * What a push asking the assigned interpreter to reconfirm carries, the day before the session. Seen
 * by push services too, so the same restraint: the session's language, modality and time, nothing
 * about the patient, no address.
 */
export interface ReconfirmPushMessage {
  kind: 'reconfirm';
  /** For POST /api/requests/:id/reconfirm. */
  requestId: string;
  /** The language's French name ("Arabe"). */
  languageName: string;
  modality: Modality;
  /** ISO 8601. */
  start: string;
  durationMinutes: number;
  url: '/#/agenda';
  /** As an offer's: the session's zone and its name when it is not Paris time. */
  timeZone?: string;
  zoneName?: string;
}

export type PushMessage = OfferPushMessage | ReconfirmPushMessage;
