import { MODALITY_LABELS, STRUCTURE_TYPE_LABELS, type Modality, type StructureType } from '../../shared/enums';
import type { ReportGroup } from '../../shared/schemas/billing';
import { findLanguage } from '../directory/languages';
import { structureSummaries, type StructureSummary } from '../directory/structures';
import type { Actor } from '../platform/actor';
import type { DisputeDoc } from './dispute-store';
import { openDisputesIn } from './disputes';
import { agencyMonths, monthsOf, readMonths, type MonthTotals } from './ledger';
import type { UsageTotals } from './ledger-store';
import type { UsageReport, UsageRow } from '../../shared/reports';
import { singleFlight } from '../platform/single-flight';
import { euros, toCsv, type Separator } from '../platform/csv';
import { departmentLabel, inScope, monthLabel, reportScope, scopeKey, type ReportScope } from '../platform/reports';

// Usage in hours and euros, grouped as the funder asks, from the monthly roll-ups only: a year is twelve
// reads by _id however many sessions it holds. The roll-ups do not split by agency: one agency's report
// adds up that agency's ledger entries of the year (an indexed query), kept while no roll-up moves.

/** What a usage report counts: a report scope, and optionally one agency's sessions only. */
type UsageScope = ReportScope & { agencyId?: string | undefined };

/**
 * The usage report for its caller (scoped as `reportScope` says), of one agency's sessions when
 * `agencyId` is given (an auditor still sees their region's structures only).
 */
export async function usageReport(actor: Actor, query: { year: number; groupBy?: ReportGroup; structureId?: string; region?: string; agencyId?: string }): Promise<UsageReport> {
  return scopedUsageReport({ ...reportScope(actor, query), agencyId: query.agencyId }, query);
}

/** The usage report of a scope, whoever asks (the national view asks one per region). */
export async function scopedUsageReport(scope: UsageScope, query: { year: number; groupBy?: ReportGroup }): Promise<UsageReport> {
  const groupBy = query.groupBy ?? 'structure';
  const key = `${scopeKey(scope)}:${scope.agencyId ?? '*'}`;
  const [usage, open] = await Promise.all([
    singleFlight(`usage:${query.year}:${groupBy}:${key}`, () => computeUsageReport(query.year, groupBy, scope, key)),
    openDisputesIn(monthsOf(query.year)),
  ]);
  return withDisputes(usage, open, groupBy, scope);
}

/** The report with each row's open disputes in the scope: a copy, the cached report stays as the roll-ups made it. */
async function withDisputes(report: UsageReport, all: DisputeDoc[], groupBy: ReportGroup, scope: UsageScope): Promise<UsageReport> {
  const structures = all.length > 0 ? new Map((await structureSummaries()).map((s) => [s.id, s])) : new Map<string, StructureSummary>();
  const open = all.filter((d) => inScope(scope, d.structureId, structures.get(d.structureId)) && (!scope.agencyId || d.agencyId === scope.agencyId));
  const byKey = new Map<string, { sessions: number; costCents: number; label: string }>();
  for (const d of open) {
    const [key, label] = groupOf(groupBy, { month: d.month, structureId: d.structureId, language: d.language, modality: d.modality, structure: structures.get(d.structureId) });
    const sum = byKey.get(key) ?? { sessions: 0, costCents: 0, label };
    sum.sessions += 1;
    sum.costCents += d.costCents;
    byKey.set(key, sum);
  }
  const rows = report.rows.map((row) => ({ ...row, disputedSessions: byKey.get(row.key)?.sessions ?? 0, disputedCostCents: byKey.get(row.key)?.costCents ?? 0 }));
  const disputedSessions = open.length;
  const disputedCostCents = open.reduce((sum, d) => sum + d.costCents, 0);
  return { ...report, totals: { ...report.totals, disputedSessions, disputedCostCents }, rows };
}

// The last reports computed, by what they were computed from: the same question asked again while no
// roll-up moved and the structures are the same is answered without adding the months up again.
const computed = new Map<string, { months: unknown[]; structures: unknown; report: UsageReport }>();

async function computeUsageReport(year: number, groupBy: ReportGroup, scope: UsageScope, scopeKey: string): Promise<UsageReport> {
  const [months, structures] = await Promise.all([readMonths(monthsOf(year)), structureSummaries()]);
  const key = `${year}:${groupBy}:${scopeKey}`;
  const hit = computed.get(key);
  // Roll-ups read are shared objects, replaced when their version moves: the same objects, the same sums
  // (an agency's entries too, since every entry lands in its month's roll-up).
  if (hit && hit.structures === structures && hit.months.every((month, i) => month === [...months.values()][i])) return hit.report;
  const counted = scope.agencyId ? await agencyMonths(scope.agencyId, monthsOf(year)) : months;
  const report = sumUsage(year, groupBy, scope, counted, structures);
  if (computed.size > 100) computed.delete(computed.keys().next().value!);
  computed.set(key, { months: [...months.values()], structures, report });
  return report;
}

function sumUsage(year: number, groupBy: ReportGroup, scope: ReportScope, months: Map<string, MonthTotals>, structures: StructureSummary[]): UsageReport {
  const byId = new Map(structures.map((s) => [s.id, s]));
  const groups = new Map<string, UsageRow>();
  const active = new Set<string>();
  const totals = { sessions: 0, minutes: 0, costCents: 0, structures: 0, disputedSessions: 0, disputedCostCents: 0 };
  for (const [month, state] of months) {
    for (const [cellKey, cell] of Object.entries(state.totals) as Array<[string, UsageTotals]>) {
      const [structureId, language, modality] = cellKey.split('|') as [string, string, string];
      if (cell[0] === 0 && cell[1] === 0 && cell[2] === 0) continue;
      const structure = byId.get(structureId);
      if (!inScope(scope, structureId, structure)) continue;
      const [key, label] = groupOf(groupBy, { month, structureId, language, modality, structure });
      const row = groups.get(key) ?? { key, label, sessions: 0, minutes: 0, costCents: 0, disputedSessions: 0, disputedCostCents: 0 };
      row.sessions += cell[0];
      row.minutes += cell[1];
      row.costCents += cell[2];
      groups.set(key, row);
      totals.sessions += cell[0];
      totals.minutes += cell[1];
      totals.costCents += cell[2];
      if (cell[0] > 0) active.add(structureId);
    }
  }
  totals.structures = active.size;
  const rows = [...groups.values()].sort(groupBy === 'month' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.costCents - a.costCents || a.label.localeCompare(b.label, 'fr'));
  return { year, groupBy, totals, rows };
}

function groupOf(
  groupBy: ReportGroup,
  cell: { month: string; structureId: string; language: string; modality: string; structure?: { name: string; type: string; department: string } },
): [string, string] {
  switch (groupBy) {
    case 'structure':
      return [cell.structureId, cell.structure?.name ?? '(structure inconnue)'];
    case 'structureType': {
      const type = (cell.structure?.type ?? 'OTHER') as StructureType;
      return [type, STRUCTURE_TYPE_LABELS[type] ?? type];
    }
    case 'department': {
      const department = cell.structure?.department ?? '';
      return [department, departmentLabel(department)];
    }
    case 'language':
      return [cell.language, findLanguage(cell.language)?.name ?? cell.language];
    case 'modality':
      return [cell.modality, MODALITY_LABELS[cell.modality as Modality] ?? cell.modality];
    case 'month':
      return [cell.month, monthLabel(cell.month)];
  }
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export function usageCsv(report: Awaited<ReturnType<typeof usageReport>>, separator?: Separator): string {
  return toCsv(
    ['Code', 'Libellé', 'Séances', 'Minutes', 'Heures', 'Coût (€)', 'Séances contestées', 'Coût contesté (€)'],
    [...report.rows.map((r) => [r.key, r.label, r.sessions, r.minutes, hours(r.minutes), euros(r.costCents), r.disputedSessions, euros(r.disputedCostCents)]),
      ['total', 'Total', report.totals.sessions, report.totals.minutes, hours(report.totals.minutes), euros(report.totals.costCents), report.totals.disputedSessions, euros(report.totals.disputedCostCents)]],
    separator,
  );
}

export function budgetCsv(report: { rows: Array<{ structureId: string; name: string; type: string; department: string; allocatedCents: number; committedCents: number; consumedCents: number; remainingCents: number; forecastCents: number }> }, separator?: Separator): string {
  return toCsv(
    ['Identifiant de la structure', 'Structure', 'Type', 'Département', 'Allocation (€)', 'Engagé (€)', 'Consommé (€)', 'Reste (€)', 'Prévision (€)'],
    report.rows.map((r) => [r.structureId, r.name, STRUCTURE_TYPE_LABELS[r.type as StructureType] ?? r.type, r.department, euros(r.allocatedCents), euros(r.committedCents), euros(r.consumedCents), euros(r.remainingCents), euros(r.forecastCents)]),
    separator,
  );
}
