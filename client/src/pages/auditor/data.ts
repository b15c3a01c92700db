import { DateTime } from 'luxon';
import { get, query } from '../../api';
import { ZONE } from '../../format';
import type { AccessReport, AccessRow, BudgetReport, BudgetRow, RegionSummary, UsageReport, UsageRow } from '../../../../shared/reports';

export type { AccessReport, AccessRow, BudgetReport, BudgetRow, RegionSummary, UsageReport, UsageRow };

// The shapes the dashboard reads (server/billing/budget.ts, reports.ts, audit.ts, server/booking/access-report.ts)
// and how it loads them.

export type UsageGroup = 'structure' | 'month' | 'language' | 'modality' | 'structureType';
export const USAGE_GROUPS: readonly UsageGroup[] = ['structure', 'month', 'language', 'modality', 'structureType'];

export interface AuditEntry {
  id: string;
  at: string;
  byUserId: string;
  byName: string;
  entity: 'allocation' | 'envelope' | 'tariff';
  entityId: string;
  year?: number;
  before: unknown;
  after: unknown;
}

export interface Structure {
  id: string;
  name: string;
  type: string;
  department: string;
  active: boolean;
}

export interface DashboardData {
  year: number;
  budget?: BudgetReport;
  usage: Partial<Record<UsageGroup, UsageReport>>;
  audit?: AuditEntry[];
  structures?: Structure[];
  /** French messages of the parts that could not be loaded. */
  failures: string[];
  loadedAt: string;
}

/** How many audit lines the dashboard shows (the API allows up to 1000). */
export const AUDIT_LIMIT = 100;

export function currentYear(): number {
  return DateTime.now().setZone(ZONE).year;
}

let dashboardYear: number | undefined;
/** The year the dashboard shows, for the simulation to replay the same one. */
export const rememberDashboardYear = (year: number) => void (dashboardYear = year);

/** The simulator's own year (the brief's 2022 figures), replayed when no year around the dashboard's has usage. */
const SIMULATOR_YEAR = 2022;

/**
 * The years a simulation can be compared with: the dashboard's year and the five before it, those with
 * usage recorded, newest first; the dashboard's year first when it has history.
 */
export async function yearsWithHistory(): Promise<number[]> {
  const shown = dashboardYear ?? currentYear();
  const candidates = Array.from({ length: 6 }, (_, i) => shown - i);
  const totals = await Promise.allSettled(candidates.map((year) => get<UsageReport>(`/api/reports/usage${query({ year, groupBy: 'month' })}`)));
  const years = candidates.filter((_, i) => { const t = totals[i]!; return t.status === 'fulfilled' && t.value.totals.sessions > 0; });
  return years.length > 0 ? years : [SIMULATOR_YEAR];
}

/** Everything the dashboard shows for a year, in parallel; a part that fails leaves the others shown. */
export async function loadDashboard(year: number): Promise<DashboardData> {
  const usageCalls = USAGE_GROUPS.map((groupBy) => get<UsageReport>(`/api/reports/usage${query({ year, groupBy })}`));
  const [budget, audit, structures, ...usage] = await Promise.allSettled([
    get<BudgetReport>(`/api/reports/budget${query({ year })}`),
    get<AuditEntry[]>(`/api/audit${query({ year, limit: AUDIT_LIMIT })}`),
    get<Structure[]>('/api/structures'),
    ...usageCalls,
  ]);
  const failures = new Set<string>();
  const value = <T>(result: PromiseSettledResult<T>): T | undefined => {
    if (result.status === 'fulfilled') return result.value;
    failures.add(result.reason instanceof Error ? result.reason.message : 'Une erreur est survenue. Réessayez.');
    return undefined;
  };
  const data: DashboardData = {
    year,
    budget: value(budget as PromiseSettledResult<BudgetReport>),
    audit: value(audit as PromiseSettledResult<AuditEntry[]>),
    structures: value(structures as PromiseSettledResult<Structure[]>),
    usage: {},
    failures: [],
    loadedAt: new Date().toISOString(),
  };
  USAGE_GROUPS.forEach((group, i) => {
    const report = value(usage[i] as PromiseSettledResult<UsageReport>);
    if (report) data.usage[group] = report;
  });
  data.failures = [...failures];
  return data;
}

/** Reads an amount typed in euros ("12 500", "12500,50", "12 500 €") as integer cents; undefined if unreadable. */
export function parseEuros(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  return Math.round(Number(cleaned) * 100);
}

/** Cents as the euros input shows them: "12500" or "12500,50". */
export function eurosInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',');
}

/** CSV links, with the separator French spreadsheets expect. */
export function usageCsvHref(year: number, groupBy: UsageGroup | 'department'): string {
  return `/api/reports/usage${query({ year, groupBy, format: 'csv', separator: 'semicolon' })}`;
}
export function budgetCsvHref(year: number): string {
  return `/api/reports/budget${query({ year, format: 'csv', separator: 'semicolon' })}`;
}

/** The access report by language and by department, for the unmet-demand panel; a failure is a French message. */
export async function loadAccess(year: number): Promise<{ year: number; language?: AccessReport; department?: AccessReport; failure?: string }> {
  const [language, department] = await Promise.allSettled(
    (['language', 'department'] as const).map((groupBy) => get<AccessReport>(`/api/reports/access${query({ year, groupBy })}`)),
  );
  const value = (result: PromiseSettledResult<AccessReport> | undefined) => (result?.status === 'fulfilled' ? result.value : undefined);
  const failed = [language, department].find((result): result is PromiseRejectedResult => result?.status === 'rejected');
  return {
    year,
    language: value(language),
    department: value(department),
    failure: failed ? (failed.reason instanceof Error ? failed.reason.message : 'Une erreur est survenue. Réessayez.') : undefined,
  };
}

export function accessCsvHref(year: number, groupBy: 'language' | 'department' | 'modality' | 'structureType' | 'month'): string {
  return `/api/reports/access${query({ year, groupBy, format: 'csv', separator: 'semicolon' })}`;
}
