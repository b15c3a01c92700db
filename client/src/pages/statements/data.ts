import { DateTime } from 'luxon';
import { get, post, query } from '../../api';
import { ZONE } from '../../format';
import type { Adjustment, StatementLine, StatementStatus, StatementTotals } from '../../../../shared/statements';

// The shapes of GET /api/statements and /api/statements/:id (server/billing/statements.ts), and how the
// dispatcher's and the auditor's pages load and change them.

export type { StatementStatus, StatementTotals, StatementLine } from '../../../../shared/statements';

export interface StatementSummary {
  id: string;
  agencyId: string;
  region: string;
  month: string;
  status: StatementStatus;
  totals: StatementTotals;
  submittedAt: string | null;
  decidedAt: string | null;
  rejection: { reason: string } | null;
}

/** An adjustment as the API answers it: the change in a session of an approved month. */
export type StatementAdjustment = Adjustment;

export interface StatementDetail extends StatementSummary {
  lines: StatementLine[];
  adjustments: StatementAdjustment[];
  structureNames: Record<string, string>;
}

/** What the region pays for the statement: its lines, less what is held apart as disputed, plus the adjustments. */
export const payableCents = (totals: StatementTotals) => totals.costCents - totals.disputedCents + totals.adjustmentsCents;

/** 'YYYY-MM' of now in Paris, and the `count` months up to it, newest first. */
export function recentMonths(count: number, now = DateTime.now().setZone(ZONE)): string[] {
  return Array.from({ length: count }, (_, i) => now.minus({ months: i }).toFormat('yyyy-MM'));
}

export const currentMonth = () => recentMonths(1)[0]!;

/** "juin 2026". */
export const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy');

/** "lun. 3 juin": a line's date is already its region's calendar day. */
export const lineDate = (date: string) => DateTime.fromISO(date).setLocale('fr').toFormat('ccc d LLL');

export const listStatements = (month: string, agencyId?: string) => get<StatementSummary[]>(`/api/statements${query({ month, agencyId })}`);
export const loadStatement = (id: string) => get<StatementDetail>(`/api/statements/${encodeURIComponent(id)}`);
export const submitStatement = (id: string) => post<StatementDetail>(`/api/statements/${encodeURIComponent(id)}/submit`);
export const approveStatement = (id: string) => post<StatementDetail>(`/api/statements/${encodeURIComponent(id)}/approve`);
export const rejectStatement = (id: string, reason: string) => post<StatementDetail>(`/api/statements/${encodeURIComponent(id)}/reject`, { reason });

export type InvoiceLines = 'structure' | 'modality';
export const invoiceHref = (id: string, format: 'pdf' | 'xml', lines: InvoiceLines) => `/api/statements/${encodeURIComponent(id)}/invoice.${format}${query({ lines })}`;
export const linesCsvHref = (id: string) => `/api/statements/${encodeURIComponent(id)}/lines.csv${query({ separator: 'semicolon' })}`;
