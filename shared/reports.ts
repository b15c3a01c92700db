import type { ReportGroup } from './schemas/billing';

// What the budget and usage reports answer (server/billing/budget.ts, reports.ts), read by the dashboard.

export interface BudgetRow {
  structureId: string;
  name: string;
  type: string;
  department: string;
  allocatedCents: number;
  committedCents: number;
  consumedCents: number;
  remainingCents: number;
  forecastCents: number;
  /** consumed / allocated in percent (104.5), null without an allocation. */
  consumedPercent: number | null;
  overAllocation: boolean;
}

export interface RegionSummary {
  envelopeCents: number | null;
  allocatedCents: number;
  committedCents: number;
  consumedCents: number;
  remainingCents: number;
  forecastCents: number;
  /** consumed / envelope in percent, null without an envelope. */
  consumedPercent: number | null;
  overEnvelope: boolean;
}

export interface BudgetReport {
  year: number;
  envelopeCents: number | null;
  /** For auditors and admins: the whole region. */
  region?: RegionSummary | undefined;
  rows: BudgetRow[];
}

export interface UsageRow {
  key: string;
  label: string;
  sessions: number;
  minutes: number;
  costCents: number;
  /** Sessions whose structure disputes them, not settled yet, and what they were billed (included above). */
  disputedSessions: number;
  disputedCostCents: number;
}

export interface UsageReport {
  year: number;
  groupBy: ReportGroup;
  totals: { sessions: number; minutes: number; costCents: number; structures: number; disputedSessions: number; disputedCostCents: number };
  rows: UsageRow[];
}
