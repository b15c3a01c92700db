import type { LedgerEntry } from './ledger-store';
import type { Adjustment, StatementDoc, StatementFigures, StatementLine, StatementTotals } from './statement-store';

// A statement's figures from the ledger, as pure functions of plain data:
//   lines        one per request, its entries of the month added up (a correction is a reversal and a
//                new entry, so a corrected session is one line at its corrected figures);
//   totals       sessions and minutes as the ledger counts them (a late cancellation counts as a session,
//                as in the usage report), costCents = the sum of the lines, disputedCents = the part of it
//                still disputed (held apart: not payable until settled), adjustmentsCents = the sum of
//                the adjustments;
//   adjustment   for a session of an approved month, what is due now less what was paid for it before
//                (its line unless held apart, and the adjustments already on frozen statements).

/** Entries that bill something (commitments only move the budget's committed figure). */
export const isBilled = (entry: Pick<LedgerEntry, 'kind'>) => entry.kind !== 'commitment';

const requestOf = (entry: LedgerEntry) => entry.requestId ?? entry._id;

/** What a request's entries add up to, as a line. */
function lineOf(entries: readonly LedgerEntry[], verification: string | null): StatementLine {
  const last = entries[entries.length - 1]!;
  return {
    requestId: requestOf(last),
    structureId: last.structureId,
    date: last.day,
    language: last.language,
    modality: last.modality,
    billedMinutes: entries.reduce((sum, e) => sum + e.billedMinutes, 0),
    costCents: entries.reduce((sum, e) => sum + e.costCents, 0),
    verification,
  };
}

function byRequest(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of entries) groups.set(requestOf(entry), [...(groups.get(requestOf(entry)) ?? []), entry]);
  return groups;
}

/**
 * The figures of a month from its billed entries (already limited to one agency and region), given each
 * request's verification and which requests are disputed still.
 */
export function monthFigures(
  entries: readonly LedgerEntry[],
  ledgerVersion: number,
  verifications: ReadonlyMap<string, string | null>,
  disputed: ReadonlySet<string>,
  adjustments: Adjustment[],
): StatementFigures {
  const lines = [...byRequest(entries)].map(([requestId, own]) => lineOf(own, verifications.get(requestId) ?? null))
    .sort((a, b) => a.date.localeCompare(b.date) || a.requestId.localeCompare(b.requestId));
  const held = lines.filter((line) => disputed.has(line.requestId));
  const totals: StatementTotals = {
    sessions: entries.reduce((sum, e) => sum + e.sessions, 0),
    minutes: entries.reduce((sum, e) => sum + e.billedMinutes, 0),
    costCents: lines.reduce((sum, line) => sum + line.costCents, 0),
    adjustmentsCents: adjustments.reduce((sum, a) => sum + a.costCents, 0),
    disputedCents: held.reduce((sum, line) => sum + line.costCents, 0),
  };
  return { ledgerVersion, entryKeys: entries.map((e) => e._id), heldRequestIds: held.map((line) => line.requestId), lines, adjustments, totals };
}

/**
 * The adjustments one approved statement's sessions call for now: for each candidate request of it
 * (an entry came after it, or its cost was held apart), what its entries add up to less what was paid
 * (its line unless held, and `adjusted`: its adjustments on frozen statements). A request disputed
 * still waits; a request whose figures did not change gives nothing.
 */
export function adjustmentsOf(
  approved: Pick<StatementDoc, 'month'> & { figures: Pick<StatementFigures, 'lines' | 'heldRequestIds'> },
  candidates: ReadonlyMap<string, readonly LedgerEntry[]>,
  disputed: ReadonlySet<string>,
  adjusted: readonly Adjustment[],
): Adjustment[] {
  const lines = new Map(approved.figures.lines.map((line) => [line.requestId, line]));
  const held = new Set(approved.figures.heldRequestIds);
  const adjustments: Adjustment[] = [];
  for (const [requestId, entries] of candidates) {
    if (disputed.has(requestId) || entries.length === 0) continue;
    const due = lineOf(entries, null);
    const line = lines.get(requestId);
    const paidLine = line && !held.has(requestId) ? line : undefined;
    const earlier = adjusted.filter((a) => a.requestId === requestId);
    const costCents = due.costCents - (paidLine?.costCents ?? 0) - earlier.reduce((sum, a) => sum + a.costCents, 0);
    const billedMinutes = due.billedMinutes - (paidLine?.billedMinutes ?? 0) - earlier.reduce((sum, a) => sum + a.billedMinutes, 0);
    if (costCents === 0 && billedMinutes === 0) continue;
    const reason = held.has(requestId) ? 'settled_dispute' : line ? 'correction' : 'late_entry';
    const { verification: _none, ...rest } = due;
    adjustments.push({ ...rest, corrects: approved.month, reason, billedMinutes, costCents });
  }
  return adjustments;
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}
