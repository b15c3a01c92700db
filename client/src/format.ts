import { DateTime } from 'luxon';
import { zoneNote } from '../../shared/local-time';
import { zoneLabel } from '../../shared/regions';
import { PARIS_ZONE, readWallClock, type WallClockInstant, type WallClockReading } from '../../shared/paris-time';
import { MODALITY_LABELS, SPECIALTIES, STRUCTURE_TYPE_LABELS, type Modality, type StructureType } from '../../shared/enums';
import { UNFILLED_REASON_LABELS as REASON_LABELS } from '../../shared/schemas/booking';

// Pages show Paris time, whatever the device's clock says; the server sends UTC. A request's times are
// shown in its own zone (`timeZone` of its view: La Réunion's for a session there), named when not Paris's.
export const ZONE = PARIS_ZONE;

export { zoneLabel, zoneNote };

export const paris = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).setLocale('fr');
/** An instant in a zone (Paris by default), in French. */
export const inZone = (iso: string, zone: string = ZONE) => DateTime.fromISO(iso, { zone }).setLocale('fr');

/** "lundi 20 décembre 2027 à 10h00", with " (heure de La Réunion)" after it in a zone other than Paris's. */
export function dateTime(iso: string, zone: string = ZONE): string {
  return inZone(iso, zone).toFormat("cccc d LLLL yyyy 'à' HH'h'mm") + zoneNote(zone);
}
export function shortDateTime(iso: string, zone: string = ZONE): string {
  return inZone(iso, zone).toFormat("ccc d LLL, HH'h'mm") + zoneNote(zone);
}
/** "10h00" in the zone, unnamed: the caller names the zone once (zoneNote) for a line of times. */
export function time(iso: string, zone: string = ZONE): string {
  return inZone(iso, zone).toFormat("HH'h'mm");
}

/** A `datetime-local` value ("YYYY-MM-DDTHH:mm") read as wall-clock time in the zone: one instant, two, or none that day. */
export const readLocalInput = (value: string, zone: string = ZONE): WallClockReading =>
  value[10] === 'T' ? readWallClock(value.slice(0, 10), value.slice(11), zone) : { kind: 'invalid' };

const dayInWords = (date: string) => DateTime.fromISO(date).setLocale('fr').toFormat('d LLLL yyyy');
const clockInWords = (clock: string) => clock.replace(':', 'h');

/** Said at the field when the clocks skip the time typed (the last Sunday of March). */
export const skippedTimeMessage = (date: string, firstAfter: string) =>
  `Cette heure n’existe pas le ${dayInWords(date)} (passage à l’heure d’été) : choisissez ${clockInWords(firstAfter)} ou plus tard.`;

/** The question asked when the clocks show the time typed twice (the last Sunday of October). */
export const twiceTimeQuestion = (date: string, clock: string) =>
  `Le ${dayInWords(date)}, les horloges reculent d’une heure : ${clockInWords(clock)} a lieu deux fois. Laquelle ?`;

const utcOffset = (minutes: number) => `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/** One of the two showings, by its season and offset: "02h30, heure d’été (UTC+02:00)". */
export const showingLabel = (at: WallClockInstant, both: readonly WallClockInstant[], zone: string = ZONE) =>
  `${time(at.iso, zone)}, heure d’${at.offsetMinutes === Math.max(...both.map((b) => b.offsetMinutes)) ? 'été' : 'hiver'} (${utcOffset(at.offsetMinutes)})`;

/**
 * A deadline as said aloud: "11h00" today, "demain 11h00", "jeudi 11h00" within the week, with its date
 * beyond. In `zone` (the session's, so that an offer's card reads one clock), named when not Paris's:
 * "mardi 15 décembre 10h00 (heure de La Réunion)".
 */
export function answerBefore(iso: string, now: DateTime = DateTime.now(), zone: string = ZONE): string {
  const deadline = inZone(iso, zone);
  const days = Math.round(deadline.startOf('day').diff(now.setZone(zone).startOf('day'), 'days').days);
  const said = days <= 0 ? time(iso, zone) : days === 1 ? `demain ${time(iso, zone)}` : deadline.toFormat(days < 7 ? "cccc HH'h'mm" : "cccc d LLLL HH'h'mm");
  return said + zoneNote(zone);
}

export function toLocalInput(iso: string, zone: string = ZONE): string {
  return inZone(iso, zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const roundEuroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
export const euros = (cents: number) => euroFormat.format(cents / 100);
export const roundEuros = (cents: number) => roundEuroFormat.format(Math.round(cents / 100));
export const integer = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
export const percent = (ratio: number) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);

export { duration } from '../../shared/durations';
export const hours = (minutes: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(minutes / 60)} h`;

const STATUS_LABELS: Record<string, string> = {
  open: 'En recherche',
  assigned: 'Interprète confirmé·e',
  completed: 'Réalisée',
  cancelled: 'Annulée',
  unfilled: 'Sans interprète',
};
/**
 * Where a reader's words differ: the interpreter reads about their own session, not about an interpreter;
 * a dispatcher's assigned request has an interpreter who may not have confirmed yet (at risk).
 */
const READER_STATUS_LABELS: Partial<Record<string, Record<string, string>>> = {
  interpreter: { assigned: 'Séance confirmée', cancelled: 'Séance annulée', completed: 'Séance réalisée' },
  dispatcher: { assigned: 'Attribuée' },
};

/** A request's status in the words of its reader's role (the requester's by default). */
export const statusLabel = (status: string, reader?: string) => READER_STATUS_LABELS[reader ?? '']?.[status] ?? STATUS_LABELS[status] ?? status;

export const modalityLabel = (modality: string) => MODALITY_LABELS[modality as Modality] ?? modality;
export const specialtyLabel = (code: string | undefined) => SPECIALTIES.find((s) => s.code === code)?.name ?? '';
export const structureTypeLabel = (type: string) => STRUCTURE_TYPE_LABELS[type as StructureType] ?? type;

/** Why a request ended without an interpreter, in the words the CSV exports use too. */
export const UNFILLED_REASON_LABELS: Record<string, string> = REASON_LABELS;

export const OUTCOME_LABELS: Record<string, string> = { done: 'Séance réalisée', patient_no_show: 'Patient absent' };

/**
 * For a session the interpreter says they held on the callback number (the call in the platform could not
 * be held): the minutes are theirs, not the call's; says what the call measured, for the structure to check.
 */
export function callbackNote(r: { completion?: { heldByCallback?: true | undefined } | undefined; call?: { measuredSeconds: number } | undefined }): string | undefined {
  if (!r.completion?.heldByCallback) return undefined;
  const seconds = r.call?.measuredSeconds ?? 0;
  const measured = seconds > 0 ? `l’appel de la plateforme a mesuré ${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s` : 'l’appel de la plateforme n’a rien mesuré';
  return `Tenue par téléphone au numéro de rappel : durée déclarée par l’interprète (${measured}).`;
}
