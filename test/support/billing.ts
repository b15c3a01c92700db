import type { NewEntry } from '../../server/billing/ledger';

/**
 * A tariff body for the agency without surcharges (a test may run at night or on a Sunday), phone at
 * `phoneUnitCents` per started 15 minutes, 15 at least; late cancellations and no-shows billed as given.
 */
export const aTariffBody = (agencyId: string, validFrom: string, phoneUnitCents: number, billed = { lateBilledPercent: 100, noShowBilledPercent: 100 }) => ({
  agencyId,
  validFrom,
  modalities: {
    phone: { unitCents: phoneUnitCents, unitMinutes: 15, minimumMinutes: 15, travelFeeCents: 0 },
    video: { unitCents: 1250, unitMinutes: 15, minimumMinutes: 30, travelFeeCents: 0 },
    onsite: { unitCents: 2900, unitMinutes: 30, minimumMinutes: 60, travelFeeCents: 1500 },
  },
  surcharges: { nightPercent: 0, nightStart: '20:00', nightEnd: '08:00', sundayPercent: 0, holidayPercent: 0 },
  cancellation: { freeBeforeMinutes: 1440, ...billed },
});

/** A ledger entry of a 20-minute phone session billed 30 minutes, 24.00 EUR; override what the test needs. */
export function anEntry(key: string, fields: Partial<NewEntry> = {}): NewEntry {
  return {
    key,
    kind: 'session',
    at: new Date('2026-03-10T10:00:00Z'),
    structureId: 'a'.repeat(24),
    language: 'ara',
    modality: 'phone',
    day: '2026-03-10',
    sessions: 1,
    workedMinutes: 20,
    billedMinutes: 30,
    costCents: 2400,
    committedCents: 0,
    ...fields,
  };
}
