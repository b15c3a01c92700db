import type { Modality } from '../../shared/enums';

// Pricing is a pure function of a tariff and a session; no clock, no database.

export interface ModalityTariff {
  /** Price of one billing unit, in cents. */
  unitCents: number;
  /** Length of a billing unit in minutes: 1 (per minute), 15 or 30 (per started block). */
  unitMinutes: number;
  /** Sessions shorter than this are billed as this long. */
  minimumMinutes: number;
  /** Flat fee for travelling to an on-site session. */
  travelFeeCents: number;
}

export interface Tariff {
  version: string;
  modalities: Record<Modality, ModalityTariff>;
  /** A cancellation this many minutes or more before the start is free. */
  freeCancellationMinutes: number;
}

// Defaults tuned so that a realistic mix of modalities averages near the brief's 52.6 EUR per hour.
export const DEFAULT_TARIFF: Tariff = {
  version: 'default-2026',
  modalities: {
    phone: { unitCents: 1200, unitMinutes: 15, minimumMinutes: 15, travelFeeCents: 0 },
    video: { unitCents: 1250, unitMinutes: 15, minimumMinutes: 30, travelFeeCents: 0 },
    onsite: { unitCents: 2900, unitMinutes: 30, minimumMinutes: 60, travelFeeCents: 1500 },
  },
  freeCancellationMinutes: 24 * 60,
};

export function billedMinutes(tariff: ModalityTariff, minutes: number): number {
  const counted = Math.max(minutes, tariff.minimumMinutes);
  return Math.ceil(counted / tariff.unitMinutes) * tariff.unitMinutes;
}

/** What a session costs: minutes billed by started unit, never under the minimum, plus travel on site. */
export function priceSession(tariff: Tariff, session: { modality: Modality; minutes: number }): { billedMinutes: number; costCents: number } {
  const rules = tariff.modalities[session.modality];
  const billed = billedMinutes(rules, session.minutes);
  return { billedMinutes: billed, costCents: (billed / rules.unitMinutes) * rules.unitCents + rules.travelFeeCents };
}

/**
 * A late cancellation of a request an interpreter had accepted is billed for the booked duration: the
 * interpreter lost the slot. Early, or before anyone accepted, it is free.
 */
export function cancellationFee(
  tariff: Tariff,
  cancellation: { modality: Modality; durationMinutes: number; minutesBeforeStart: number; wasAssigned: boolean },
): number {
  if (!cancellation.wasAssigned || cancellation.minutesBeforeStart >= tariff.freeCancellationMinutes) return 0;
  return priceSession(tariff, { modality: cancellation.modality, minutes: cancellation.durationMinutes }).costCents;
}
