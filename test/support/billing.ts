import type { NewEntry } from '../../server/billing/ledger';

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
