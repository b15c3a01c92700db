import { DateTime } from 'luxon';
import { MODALITY_LABELS, SPECIALTIES, STRUCTURE_TYPE_LABELS, type Modality, type StructureType } from '../../shared/enums';
import { UNFILLED_REASON_LABELS as REASON_LABELS } from '../../shared/schemas/booking';

// Everything is shown in Paris time, whatever the device's clock says; the server sends UTC.
export const ZONE = 'Europe/Paris';

export const paris = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).setLocale('fr');

export function dateTime(iso: string): string {
  return paris(iso).toFormat("cccc d LLLL yyyy 'à' HH'h'mm");
}
export function shortDateTime(iso: string): string {
  return paris(iso).toFormat("ccc d LLL, HH'h'mm");
}
export function time(iso: string): string {
  return paris(iso).toFormat("HH'h'mm");
}

/** A `datetime-local` value read as Paris time, as an ISO string with its offset. */
export function fromLocalInput(value: string): string | undefined {
  const parsed = DateTime.fromISO(value, { zone: ZONE });
  return parsed.isValid ? parsed.toISO({ suppressMilliseconds: true })! : undefined;
}
export function toLocalInput(iso: string): string {
  return paris(iso).toFormat("yyyy-LL-dd'T'HH:mm");
}

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const roundEuroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
export const euros = (cents: number) => euroFormat.format(cents / 100);
export const roundEuros = (cents: number) => roundEuroFormat.format(Math.round(cents / 100));
export const integer = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
export const percent = (ratio: number) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);

export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}
export const hours = (minutes: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(minutes / 60)} h`;

export const STATUS_LABELS: Record<string, string> = {
  open: 'En recherche',
  assigned: 'Interprète confirmé·e',
  completed: 'Réalisée',
  cancelled: 'Annulée',
  unfilled: 'Sans interprète',
};

export const modalityLabel = (modality: string) => MODALITY_LABELS[modality as Modality] ?? modality;
export const specialtyLabel = (code: string | undefined) => SPECIALTIES.find((s) => s.code === code)?.name ?? '';
export const structureTypeLabel = (type: string) => STRUCTURE_TYPE_LABELS[type as StructureType] ?? type;

/** Why a request ended without an interpreter, in the words the CSV exports use too. */
export const UNFILLED_REASON_LABELS: Record<string, string> = REASON_LABELS;

export const OUTCOME_LABELS: Record<string, string> = { done: 'Séance réalisée', patient_no_show: 'Patient absent' };
