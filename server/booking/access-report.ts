import { MODALITY_LABELS, STRUCTURE_TYPE_LABELS, type Modality, type StructureType } from '../../shared/enums';
import type { AccessCounts, AccessReport, AccessRow } from '../../shared/reports';
import { UNFILLED_REASONS, type AccessGroup, type AccessQuery } from '../../shared/schemas/booking';
import { findLanguage } from '../directory/languages';
import { structureSummaries, type StructureSummary } from '../directory/structures';
import type { Actor } from '../platform/actor';
import { toCsv, type Separator } from '../platform/csv';
import { departmentLabel, monthLabel, structureScope } from '../platform/reports';
import { singleFlight } from '../platform/single-flight';
import { yearFacts, type AccessFact } from './access-facts';

// Unmet demand, for the funder: of the requests for sessions in a year, how many found an interpreter,
// how many did not and why, and how long finding one took. Which request counts where is outcomeOf's
// rule (access-facts.ts); the year is the Paris year of the session's start, a "now" request's start
// being its creation.

/**
 * The access report of a year (`groupBy` defaults to `language`), for the caller's scope: totals and one
 * row per group. Rows come by unfilled requests, most first (then by requests, then by label); months
 * in calendar order. Groups are the request's language and modality, its structure's department and
 * type (as the usage report), or the Paris month of its start. Throws 403 for other roles, and for a
 * requester naming another structure.
 */
export function accessReport(actor: Actor, query: Pick<AccessQuery, 'year' | 'groupBy' | 'structureId'>): Promise<AccessReport> {
  const only = structureScope(actor, query.structureId);
  const groupBy = query.groupBy ?? 'language';
  return singleFlight(`access:${query.year}:${groupBy}:${only ?? '*'}`, async () => {
    const [facts, structures] = await Promise.all([yearFacts(query.year), structureSummaries()]);
    return countAccess(query.year, groupBy, facts.values(), only, structures);
  });
}

/** Reads a year's requests ahead of its first report (at start-up): resolves with what the report will count. */
export const warmAccessReport = (year: number) => yearFacts(year);

interface Tally {
  counts: Omit<AccessCounts, 'fillRate' | 'medianMinutesToAssign' | 'medianSecondsToAssignNow'>;
  booked: number[];
  now: number[];
}

const newTally = (): Tally => ({
  counts: { requests: 0, filled: 0, unfilled: 0, cancelledUnassigned: 0, pending: 0, unfilledByReason: Object.fromEntries(UNFILLED_REASONS.map((r) => [r, 0])) as AccessCounts['unfilledByReason'] },
  booked: [],
  now: [],
});

function add(tally: Tally, fact: AccessFact): void {
  tally.counts.requests += 1;
  tally.counts[fact.outcome] += 1;
  if (fact.reason) tally.counts.unfilledByReason[fact.reason] += 1;
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
export function countAccess(year: number, groupBy: AccessGroup, facts: Iterable<AccessFact>, only: string | undefined, structures: StructureSummary[]): AccessReport {
  const byId = new Map(structures.map((s) => [s.id, s]));
  const total = newTally();
  const groups = new Map<string, { label: string; tally: Tally }>();
  for (const fact of facts) {
    if (only && fact.structureId !== only) continue;
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

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * The report as CSV (server/platform/csv.ts conventions, as the usage report's): one line per group and a
 * total line; the fill rate in percent with one decimal, an empty cell where there is none.
 */
export function accessCsv(report: AccessReport, separator?: Separator): string {
  const line = (key: string, label: string, c: AccessCounts) => [
    key, label, c.requests, c.filled, c.unfilled, c.cancelledUnassigned, c.pending, percent(c.fillRate),
    ...UNFILLED_REASONS.map((reason) => c.unfilledByReason[reason]), c.medianMinutesToAssign, c.medianSecondsToAssignNow,
  ];
  return toCsv(
    ['cle', 'libelle', 'demandes', 'pourvues', 'non_pourvues', 'annulees_avant_attribution', 'en_attente', 'taux_pourvu_pct',
      'personne_eligible', 'personne_na_repondu', 'trop_tard', 'desistement', 'mediane_minutes_attribution', 'mediane_secondes_attribution_immediat'],
    [...report.rows.map((r) => line(r.key, r.label, r)), line('total', 'Total', report.totals)],
    separator,
  );
}
