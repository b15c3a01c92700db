import type { AccessCounts, AccessReport } from '../../shared/reports';
import { UNFILLED_REASON_LABELS, UNFILLED_REASONS, type AccessQuery } from '../../shared/schemas/booking';
import { structureSummaries } from '../directory/structures';
import type { Actor } from '../platform/actor';
import { toCsv, type Separator } from '../platform/csv';
import { reportScope, scopeKey } from '../platform/reports';
import { singleFlight } from '../platform/single-flight';
import { countAccess } from './access-count';
import { yearFacts } from './access-facts';

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
export function accessReport(actor: Actor, query: Pick<AccessQuery, 'year' | 'groupBy' | 'structureId' | 'region'>): Promise<AccessReport> {
  const scope = reportScope(actor, query);
  const groupBy = query.groupBy ?? 'language';
  return singleFlight(`access:${query.year}:${groupBy}:${scopeKey(scope)}`, async () => {
    const [facts, structures] = await Promise.all([yearFacts(query.year), structureSummaries()]);
    return countAccess(query.year, groupBy, facts.values(), scope, structures);
  });
}

/** Reads a year's requests ahead of its first report (at start-up): resolves with what the report will count. */
export const warmAccessReport = (year: number) => yearFacts(year);

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
    ['Code', 'Libellé', 'Demandes', 'Pourvues', 'Non pourvues', 'Annulées avant attribution', 'En attente', 'Taux pourvu (%)',
      ...UNFILLED_REASONS.map((reason) => `Non pourvues : ${UNFILLED_REASON_LABELS[reason].toLowerCase()}`),
      'Délai médian d’attribution, réservées (min)', 'Délai médian d’attribution, immédiates (s)'],
    [...report.rows.map((r) => line(r.key, r.label, r)), line('total', 'Total', report.totals)],
    separator,
  );
}
