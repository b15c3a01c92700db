import type { AccessCounts, AccessRow } from '../../shared/reports';
import { countAccess } from '../booking/access-count';
import type { AccessFact } from '../booking/access-facts';
import { priceCancellation, priceNoShow, priceSession, type Price } from '../billing/pricing';
import { tariffFor, type Tariff } from '../billing/tariff';
import type { StructureSummary } from '../directory/structures';
import type { InterpreterProfile } from '../matching/types';
import type { Behaviour } from './behaviour';
import { zoneHours } from './calendar';
import type { SimRequest } from './demand';
import type { InterpreterTally, RequestOutcome } from './run';

// A simulated year's figures, defined as the platform's own: the access report's counting
// (server/booking/access-count.ts) for fill rates and medians, the pricing code for what the ledger
// would record of each session that took place, and the interpreters' load. One difference: a booked
// request's time to assign counts only the hours when interpreters read offers (behaviour.readingHours).
// On the clock, requests booked by day are assigned within minutes and those booked in the evening the
// next morning; the median fell in the gap between the two, on the lump of requests a dispatcher
// assigned exactly 90 minutes after booking (a wave's hour, then the call's 30 minutes), in every
// scenario alike.

const WEEK_MS = 7 * 86_400_000;

export type GroupRow = Pick<AccessRow, 'key' | 'label' | 'requests' | 'filled' | 'unfilled' | 'cancelledUnassigned' | 'fillRate' | 'medianMinutesToAssign' | 'medianSecondsToAssignNow'>;

export interface LoadRow {
  id: string;
  name: string;
  agencyId: string;
  languages: string[];
  hoursPerWeek: number;
  offers: number;
  accepted: number;
  declined: number;
  byDispatcher: number;
  unanswered: number;
}

export interface YearFigures extends Pick<AccessCounts, 'filled' | 'unfilled' | 'cancelledUnassigned' | 'fillRate' | 'medianMinutesToAssign' | 'medianSecondsToAssignNow' | 'unfilledByReason'> {
  requests: number;
  /** Sessions, no-shows and billed late cancellations: the ledger's entries. */
  sessions: number;
  /** Billed hours and their cost, as the ledger would hold them. */
  hours: number;
  costCents: number;
  /**
   * Requests that were uncovered at some point, as the platform marks them (planWave's escalate: nobody
   * eligible, or every eligible interpreter offered it and none had accepted yet; a "now" call given up):
   * shown to every agency's dispatchers until taken. Many are taken afterwards.
   */
  escalated: number;
  unfilledByLanguage: GroupRow[];
  byDepartment: GroupRow[];
  byModality: GroupRow[];
  /** Weekly series: how many, their later occurrences filled, and the share of those by the first occurrence's interpreter. */
  series: { series: number; laterOccurrences: number; laterFilled: number; sameInterpreterShare: number | null };
  load: { meanHoursPerWeek: number; maxHoursPerWeek: number; offers: number; refusedShare: number | null; unansweredShare: number | null; interpreters: LoadRow[] };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const groupRow = (row: AccessRow): GroupRow => ({
  key: row.key, label: row.label, requests: row.requests, filled: row.filled, unfilled: row.unfilled, cancelledUnassigned: row.cancelledUnassigned,
  fillRate: row.fillRate === null ? null : round(row.fillRate, 4), medianMinutesToAssign: row.medianMinutesToAssign, medianSecondsToAssignNow: row.medianSecondsToAssignNow,
});

/** What the ledger records of a request once decided: its session, a no-show, a billed late cancellation, or nothing. */
function ledgerPrice(request: SimRequest, outcome: RequestOutcome, tariffs: readonly Tariff[]): Price | null {
  const start = new Date(request.start);
  const tariff = tariffFor(tariffs, start);
  const session = { modality: outcome.modality ?? request.modality, start, department: request.department };
  if (outcome.status === 'cancelled') {
    if (!outcome.wasAssigned || request.cancelAt === undefined) return null;
    return priceCancellation(tariff, { ...session, durationMinutes: request.durationMinutes, cancelledAt: new Date(request.cancelAt), wasAssigned: true });
  }
  if (outcome.status !== 'assigned') return null;
  return request.delivery.kind === 'no_show'
    ? priceNoShow(tariff, { ...session, durationMinutes: request.durationMinutes })
    : priceSession(tariff, { ...session, minutes: request.delivery.workedMinutes });
}

export function yearFigures(input: {
  year: number;
  requests: SimRequest[];
  outcomes: RequestOutcome[];
  tallies: Map<string, InterpreterTally>;
  profiles: InterpreterProfile[];
  structures: StructureSummary[];
  tariffsOf: (agencyId: string) => readonly Tariff[];
  readingHours: Behaviour['readingHours'];
  /** The region's IANA zone, whose hours readingHours are. */
  zone: string;
}): YearFigures {
  const { year, requests, outcomes, readingHours } = input;
  const local = zoneHours(input.zone);
  const toAssign = (request: SimRequest, assignedAt: number) =>
    request.immediate ? assignedAt - request.createdAt : local.msWithin(request.createdAt, assignedAt, readingHours.from, readingHours.to);
  const facts: AccessFact[] = [];
  let [sessions, minutes, costCents, escalated] = [0, 0, 0, 0];
  const billedBy = new Map<string, number>();
  const agencyOf = new Map(input.profiles.map((p) => [p.id, p.agencyId]));
  for (const request of requests) {
    const outcome = outcomes[request.index]!;
    if (outcome.escalated) escalated += 1;
    const filled = outcome.status === 'assigned' || outcome.wasAssigned === true;
    facts.push({
      structureId: request.structureId, language: request.language, modality: outcome.modality ?? request.modality, immediate: request.immediate, month: '',
      outcome: filled ? 'filled' : outcome.status === 'unfilled' ? 'unfilled' : 'cancelledUnassigned',
      reason: outcome.reason,
      msToAssign: filled ? toAssign(request, outcome.assignedAt!) : undefined,
    });
    const price = filled ? ledgerPrice(request, outcome, input.tariffsOf(agencyOf.get(outcome.interpreterId!)!)) : null;
    if (!price) continue;
    sessions += 1;
    minutes += price.billedMinutes;
    costCents += price.costCents;
    billedBy.set(outcome.interpreterId!, (billedBy.get(outcome.interpreterId!) ?? 0) + price.billedMinutes);
  }
  const series = seriesFigures(requests, outcomes);
  const count = (groupBy: 'language' | 'department' | 'modality') => countAccess(year, groupBy, facts, {}, input.structures);
  const totals = count('language');
  const weeks = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / WEEK_MS;
  const interpreters: LoadRow[] = input.profiles.map((p) => ({
    id: p.id, name: p.name, agencyId: p.agencyId, languages: p.languages,
    hoursPerWeek: round((billedBy.get(p.id) ?? 0) / 60 / weeks), ...input.tallies.get(p.id)!,
  }));
  const sum = (pick: (row: LoadRow) => number) => interpreters.reduce((total, row) => total + pick(row), 0);
  const offers = sum((row) => row.offers);
  const { filled, unfilled, cancelledUnassigned, fillRate, medianMinutesToAssign, medianSecondsToAssignNow, unfilledByReason } = totals.totals;
  return {
    requests: requests.length, filled, unfilled, cancelledUnassigned, fillRate: fillRate === null ? null : round(fillRate, 4),
    medianMinutesToAssign, medianSecondsToAssignNow, unfilledByReason,
    sessions, hours: round(minutes / 60), costCents, escalated,
    unfilledByLanguage: totals.rows.map(groupRow),
    byDepartment: count('department').rows.map(groupRow),
    byModality: count('modality').rows.map(groupRow),
    series,
    load: {
      meanHoursPerWeek: round(interpreters.length ? sum((row) => row.hoursPerWeek) / interpreters.length : 0),
      maxHoursPerWeek: Math.max(0, ...interpreters.map((row) => row.hoursPerWeek)),
      offers,
      refusedShare: offers ? round(sum((row) => row.declined) / offers, 4) : null,
      unansweredShare: offers ? round(sum((row) => row.unanswered) / offers, 4) : null,
      interpreters,
    },
  };
}

/** Continuity in series: the later occurrences filled, and how many by the interpreter of the first. */
function seriesFigures(requests: SimRequest[], outcomes: RequestOutcome[]): YearFigures['series'] {
  let [series, laterOccurrences, laterFilled, same] = [0, 0, 0, 0];
  for (const request of requests) {
    if (!request.series) continue;
    if (request.series.occurrence === 1) {
      series += 1;
      continue;
    }
    laterOccurrences += 1;
    const outcome = outcomes[request.index]!;
    if (!outcome.interpreterId) continue;
    laterFilled += 1;
    if (outcomes[request.series.first]!.interpreterId === outcome.interpreterId) same += 1;
  }
  return { series, laterOccurrences, laterFilled, sameInterpreterShare: laterFilled ? round(same / laterFilled, 4) : null };
}
