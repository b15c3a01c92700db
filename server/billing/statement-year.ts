import { scopedUsageReport } from './reports';
import { statements } from './statement-store';

// GET /api/reports/statements?year=: the year's agency statements against the envelope, for the auditor's
// dashboard. Only frozen statements are read (their stored totals, one query); what is still to come is
// the year's cost as the roll-ups count it less what the frozen statements pay, so that no draft is
// recomputed from the ledger (a month of one agency is a thousand lines: a year of them took seconds).

/** What a statement pays: its lines, less what is held apart as disputed, plus the adjustments it carries. */
const payable = (t: { costCents: number; disputedCents: number; adjustmentsCents: number }) => t.costCents - t.disputedCents + t.adjustmentsCents;

export interface StatementsYear {
  year: number;
  region: string;
  /** Payable on the approved statements of the year's months, euro cents. */
  approvedCents: number;
  /** Payable on the submitted statements, awaiting the region's decision. */
  submittedCents: number;
  /**
   * The year's cost not on a frozen statement yet: drafts, refused statements, the month under way, and
   * what frozen months held apart or received later (paid as adjustments on a later statement).
   */
  toComeCents: number;
}

export async function statementsYear(region: string, year: number): Promise<StatementsYear> {
  const [frozen, usage] = await Promise.all([
    statements.frozenInYear(region, year),
    scopedUsageReport({ region }, { year, groupBy: 'month' }),
  ]);
  const sum = (status: string) => frozen.filter((s) => s.status === status).reduce((total, s) => total + payable(s.figures.totals), 0);
  const approvedCents = sum('approved');
  const submittedCents = sum('submitted');
  return { year, region, approvedCents, submittedCents, toComeCents: usage.totals.costCents - approvedCents - submittedCents };
}
