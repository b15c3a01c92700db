import { DateTime } from 'luxon';
import { PARIS_ZONE } from '../../shared/paris-time';
import { REQUEST_STATUSES, type UnfilledReason } from '../../shared/schemas/booking';
import { requests, type RequestReportFields } from './store';
import { zoneOf } from './zone';

// The access report reads every request of a year. The embedded engine decodes each whole document it
// returns (measured on seed:history's 20,158 requests of 2022: 5 to 10 s, whatever the projection), so
// each process keeps the few fields the report needs in memory and, at each report, reads only the
// requests changed since it last looked, from an index on `updatedAt` (the same report then took 12 to
// 40 ms). Nothing is stored: the requests stay the one source, and a restart starts afresh.

const ZONE = PARIS_ZONE;
/** Every region's year starts within a day of Paris's (UTC+4 in La Réunion, UTC−4 in the Antilles): read that much either side. */
const DAY_MS = 86_400_000;
/**
 * A change is looked for from this long before the last look: a write stamped by a clock a little behind
 * (another process, or a write queued in the engine) is still seen. Process clocks are assumed within it.
 */
const OVERLAP_MS = 10_000;

/** Where a request stands for the funder (see outcomeOf). */
export type Outcome = 'filled' | 'unfilled' | 'cancelledUnassigned' | 'pending';
/**
 * What became of a filled request, as billing sees it: `session` is billed as one (completed, the patient's
 * no-show included, or cancelled late with a fee: what the usage report counts as sessions), `upcoming`
 * still to come, `cancelledFree` cancelled early after the assignment, without a fee.
 */
export type FilledAs = 'session' | 'upcoming' | 'cancelledFree';

/** What the access report knows of one request. */
export interface AccessFact {
  structureId: string;
  language: string;
  modality: string;
  immediate: boolean;
  /** The month of its start in its zone (its structure's region), 'YYYY-MM'. */
  month: string;
  outcome: Outcome;
  /** Why it was given up, when it was and the reason was recorded. */
  reason?: UnfilledReason;
  /** For a filled request of the platform (not the simulator's): what became of it. */
  filledAs?: FilledAs;
  /** For a filled request: milliseconds from the request to the assignment that holds (a withdrawal and a new assignment count from the request). */
  msToAssign?: number;
}

/**
 * Where a request stands, from its status and what its cancellation recorded:
 * - `filled`: assigned or completed (a patient's no-show included: an interpreter was there), or cancelled
 *   by the requester while assigned: an interpreter had been found, which is what the funder asks.
 * - `unfilled`: given up (`unfilled`), or cancelled after being given up (a requester tidying up does not
 *   undo the failure), with the reason recorded then.
 * - `cancelledUnassigned`: cancelled while nobody was assigned and before it was given up: the patient's
 *   need went away, not a failure of the platform. An interpreter who withdrew before counts as nobody.
 * - `pending`: still looking for an interpreter.
 */
export function outcomeOf(doc: Pick<RequestReportFields, 'status' | 'unfilledReason' | 'cancellation' | 'cancellationFeeCents'>): { outcome: Outcome; reason?: UnfilledReason; filledAs?: FilledAs } {
  const reason = doc.unfilledReason ?? undefined;
  switch (doc.status) {
    case 'assigned':
      return { outcome: 'filled', filledAs: 'upcoming' };
    case 'completed':
      return { outcome: 'filled', filledAs: 'session' };
    case 'unfilled':
      return { outcome: 'unfilled', reason };
    case 'open':
      return { outcome: 'pending' };
    case 'cancelled':
      if (doc.cancellation?.wasAssigned) return { outcome: 'filled', filledAs: doc.cancellationFeeCents ? 'session' : 'cancelledFree' };
      return reason ? { outcome: 'unfilled', reason } : { outcome: 'cancelledUnassigned' };
  }
}

interface Year {
  /** The start of each Paris month of the year and of the next year's first, in UTC milliseconds. */
  bounds: number[];
  facts: Map<string, AccessFact>;
}

function monthBounds(year: number): number[] {
  const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: ZONE });
  return Array.from({ length: 13 }, (_, i) => first.plus({ months: i }).toMillis());
}

/** The request's fact for `year`, or undefined when its start falls in another year in its zone. */
function factOf(doc: RequestReportFields, year: number, bounds: number[]): AccessFact | undefined {
  const month = monthIn(doc, year, bounds);
  if (month === undefined) return undefined;
  const { outcome, reason, filledAs } = outcomeOf(doc);
  const fact: AccessFact = {
    structureId: doc.structureId.toString(),
    language: doc.language,
    modality: doc.modality,
    immediate: doc.immediate,
    month: `${year}-${String(month).padStart(2, '0')}`,
    outcome,
  };
  if (reason) fact.reason = reason;
  if (filledAs) fact.filledAs = filledAs;
  if (outcome === 'filled' && doc.assignedAt) fact.msToAssign = Math.max(0, doc.assignedAt.getTime() - doc.createdAt.getTime());
  return fact;
}

/** The month (1-12) of the request's start in its zone when in `year`: Paris's from the bounds, without luxon; another zone's read with it. */
function monthIn(doc: RequestReportFields, year: number, bounds: number[]): number | undefined {
  const zone = zoneOf(doc);
  if (zone !== ZONE) {
    const local = DateTime.fromJSDate(doc.start, { zone });
    return local.year === year ? local.month : undefined;
  }
  const start = doc.start.getTime();
  if (start < bounds[0]! || start >= bounds[12]!) return undefined;
  let month = 1;
  while (month < 12 && start >= bounds[month]!) month += 1;
  return month;
}

interface Memory {
  database: string;
  years: Map<number, Year>;
  /** When the last look for changes began (this process's clock). */
  syncedFrom: number;
}
let memory: Memory | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * The facts of every request whose start falls in the year in its zone, as the requests are now. The first
 * call for a year reads them all; later calls read only the requests changed meanwhile. Calls run one
 * after the other, so that two never apply changes out of order. Callers must not modify the map.
 */
export function yearFacts(year: number): Promise<ReadonlyMap<string, AccessFact>> {
  const next = queue.then(() => refresh(year));
  queue = next.catch(() => undefined);
  return next;
}

async function refresh(year: number): Promise<ReadonlyMap<string, AccessFact>> {
  const database = requests.databaseName();
  if (memory?.database !== database) memory = { database, years: new Map(), syncedFrom: Date.now() };
  const state = memory;
  if (state.years.size > 0) {
    const started = Date.now();
    const changed = await requests.reportFields({ updatedAt: { $gte: new Date(state.syncedFrom - OVERLAP_MS) } });
    for (const doc of changed) {
      for (const [known, { bounds, facts }] of state.years) {
        const fact = factOf(doc, known, bounds);
        if (fact) facts.set(doc._id.toString(), fact);
      }
    }
    state.syncedFrom = started;
  }
  let entry = state.years.get(year);
  if (!entry) {
    // Requests changed while these are read are read again at the next look (syncedFrom is older).
    const bounds = monthBounds(year);
    // Every status named, so that the { status, start } index answers it: an index of its own on start would slow every insert.
    const docs = await requests.reportFields({ status: { $in: REQUEST_STATUSES }, start: { $gte: new Date(bounds[0]! - DAY_MS), $lt: new Date(bounds[12]! + DAY_MS) } });
    const facts = new Map<string, AccessFact>();
    for (const doc of docs) {
      const fact = factOf(doc, year, bounds);
      if (fact) facts.set(doc._id.toString(), fact);
    }
    entry = { bounds, facts };
    state.years.set(year, entry);
  }
  return entry.facts;
}
