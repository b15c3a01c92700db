import { MODALITY_LABELS, STRUCTURE_TYPE_LABELS, type Modality, type StructureType } from '../../shared/enums';
import type { AccessCounts, AccessReport, AccessRow } from '../../shared/reports';
import { UNFILLED_REASONS, type AccessGroup } from '../../shared/schemas/booking';
import { findLanguage } from '../directory/languages';
import type { StructureSummary } from '../directory/structures';
import { departmentLabel, inScope, monthLabel, type ReportScope } from '../platform/reports';
import type { AccessFact } from './access-facts';

// The access report's counting, pure: facts about requests in, fill rates and medians out. The report
// (access-report.ts) counts the stored requests; the capacity simulator (server/simulation) its own.

interface Tally {
  counts: Omit<AccessCounts, 'fillRate' | 'medianMinutesToAssign' | 'medianSecondsToAssignNow'>;
  booked: number[];
  now: number[];
}

const newTally = (): Tally => ({
  counts: { requests: 0, filled: 0, filledAs: { session: 0, upcoming: 0, cancelledFree: 0 }, unfilled: 0, cancelledUnassigned: 0, pending: 0, unfilledByReason: Object.fromEntries(UNFILLED_REASONS.map((r) => [r, 0])) as AccessCounts['unfilledByReason'] },
  booked: [],
  now: [],
});

function add(tally: Tally, fact: AccessFact): void {
  tally.counts.requests += 1;
  tally.counts[fact.outcome] += 1;
  if (fact.reason) tally.counts.unfilledByReason[fact.reason] += 1;
  if (fact.filledAs) tally.counts.filledAs[fact.filledAs] += 1;
  if (fact.msToAssign !== undefined) (fact.immediate ? tally.now : tally.booked).push(fact.msToAssign);
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function finish({ counts, booked, now }: Tally): AccessCounts {
  const decided = counts.filled + counts.unfilled;
  const bookedMs = median(booked);
  const nowMs = median(now);
  return {
    ...counts,
    // A requester's cancellation before assignment is not the platform's failure: it is left out of the rate.
    fillRate: decided === 0 ? null : counts.filled / decided,
    medianMinutesToAssign: bookedMs === null ? null : Math.round(bookedMs / 6_000) / 10,
    medianSecondsToAssignNow: nowMs === null ? null : Math.round(nowMs / 1000),
  };
}

/** The counting itself, pure: facts in, the report out. */
export function countAccess(year: number, groupBy: AccessGroup, facts: Iterable<AccessFact>, scope: ReportScope, structures: StructureSummary[]): AccessReport {
  const byId = new Map(structures.map((s) => [s.id, s]));
  const total = newTally();
  const groups = new Map<string, { label: string; tally: Tally }>();
  for (const fact of facts) {
    if (!inScope(scope, fact.structureId, byId.get(fact.structureId))) continue;
    add(total, fact);
    const [key, label] = groupOf(groupBy, fact, byId.get(fact.structureId));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { label, tally: newTally() }));
    add(group.tally, fact);
  }
  const rows: AccessRow[] = [...groups].map(([key, { label, tally }]) => ({ key, label, ...finish(tally) }));
  rows.sort(groupBy === 'month'
    ? (a, b) => a.key.localeCompare(b.key)
    : (a, b) => b.unfilled - a.unfilled || b.requests - a.requests || a.label.localeCompare(b.label, 'fr'));
  return { year, groupBy, totals: finish(total), rows };
}

function groupOf(groupBy: AccessGroup, fact: AccessFact, structure: StructureSummary | undefined): [string, string] {
  switch (groupBy) {
    case 'language':
      return [fact.language, findLanguage(fact.language)?.name ?? fact.language];
    case 'modality':
      return [fact.modality, MODALITY_LABELS[fact.modality as Modality] ?? fact.modality];
    case 'department': {
      const department = structure?.department ?? '';
      return [department, departmentLabel(department)];
    }
    case 'structureType': {
      const type = (structure?.type ?? 'OTHER') as StructureType;
      return [type, STRUCTURE_TYPE_LABELS[type] ?? type];
    }
    case 'month':
      return [fact.month, monthLabel(fact.month)];
  }
}
