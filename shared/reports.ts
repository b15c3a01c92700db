import type { ReportGroup } from './schemas/billing';
import type { AccessGroup, UnfilledReason } from './schemas/booking';

// What the budget, usage and access reports answer (server/billing/budget.ts, reports.ts,
// server/booking/access-report.ts), read by the dashboard.

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
  /** For auditors and admins: the ARS as the buyer on the agencies' invoices, as set with the envelope; null when not set. */
  buyer?: { name: string; siret: string; serviceCode?: string; engagementNumber?: string } | null;
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

/**
 * A year's requests, or a group of them, as the access report counts them (server/booking/access-report.ts
 * says which request counts where): `requests = filled + unfilled + cancelledUnassigned + pending`.
 */
export interface AccessCounts {
  requests: number;
  /** An interpreter was assigned (assigned, completed, no-show included, or cancelled by the requester after). */
  filled: number;
  /**
   * The filled ones by what became of them: `session` billed as a session (completed, the patient's
   * no-show included, or cancelled late with a fee: the usage report's `sessions`), `upcoming` still to
   * come, `cancelledFree` cancelled early after the assignment. Their sum is `filled` (the simulator's
   * requests are counted in `filled` only).
   */
  filledAs: { session: number; upcoming: number; cancelledFree: number };
  /** Given up without an interpreter (cancelled afterwards or not). */
  unfilled: number;
  /** Cancelled by the requester before any interpreter was assigned, and never given up. */
  cancelledUnassigned: number;
  /** Still looking for an interpreter. */
  pending: number;
  /** filled / (filled + unfilled), from 0 to 1; null when both are 0. */
  fillRate: number | null;
  /** The unfilled ones by reason (given up before reasons were recorded: in no reason). */
  unfilledByReason: Record<UnfilledReason, number>;
  /** Booked requests filled: median minutes from the request to the assignment, one decimal; null without any. */
  medianMinutesToAssign: number | null;
  /** "Now" requests filled: median whole seconds from the request to the assignment; null without any. */
  medianSecondsToAssignNow: number | null;
}

export interface AccessRow extends AccessCounts {
  key: string;
  label: string;
}

export interface AccessReport {
  year: number;
  groupBy: AccessGroup;
  totals: AccessCounts;
  rows: AccessRow[];
}

/** One region's line of the national view (GET /api/reports/regions). */
export interface RegionLine {
  code: string;
  name: string;
  structures: number;
  usage: { sessions: number; minutes: number; costCents: number };
  budget: RegionSummary;
  access: { requests: number; filled: number; unfilled: number; fillRate: number | null };
}

/** Every region side by side, in INSEE code order, for the national auditors. */
export interface RegionsReport {
  year: number;
  regions: RegionLine[];
}

/** One language and specialty of GET /api/reports/qualifications (server/directory/qualifications-report.ts). */
export interface QualificationsReportRow {
  language: string;
  languageName: string;
  specialty: string;
  specialtyName: string;
  /** The codes the catalogue requires for this language and specialty (none: every interpreter is qualified). */
  required: string[];
  /** Active interpreters of the language declaring the specialty or holding a qualification it requires. */
  interpreters: number;
  /** Of them, those holding every required qualification valid today. */
  qualified: number;
  /** Of the qualified, those of whom a required qualification ends within EXPIRY_HORIZON_DAYS days (today included). */
  expiringSoon: number;
}

/** GET /api/reports/qualifications: the day it counts on ('YYYY-MM-DD'), the horizon of "soon" in days, the rows. */
export interface QualificationsReport {
  date: string;
  horizonDays: number;
  rows: QualificationsReportRow[];
}
