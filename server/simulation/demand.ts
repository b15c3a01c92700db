import { DEFAULT_REGION_CODE, type Modality } from '../../shared/enums';
import type { StructureSummary } from '../directory/structures';
import { requestDrafter } from '../seed/history-demand';
import { beneficiariesOf, yearOfSessions } from '../seed/history-year';
import { mulberry32 } from '../seed/random';
import { worldOf } from './world';

// The demand a simulation replays: the requests of a year exactly as the history seed draws them
// (server/seed: languages, structures, modalities, lead times, durations, the share of "now" calls, the
// hours of the day), whatever became of them in the history. The demand is that of the region's demo
// world (world.ts: Auvergne-Rhône-Alpes's 116 structures, or another region's demo structures, and the
// languages its demo interpreters speak), its days and hours in the region's zone, whatever pool is
// simulated, so that changing the pool never changes the demand.

/**
 * The history makes the year's *delivered* hours (12,031 in 2022) from the sessions it keeps and adds
 * the requests that went unfilled or were cancelled; replayed, the sessions of all of them fill at the
 * simulated fill rate. This factor on the drawn volume brings the baseline's delivered hours back to the
 * brief's (measured on the demo pool, seed 2022, default behaviour: see the README's figures).
 */
export const DEMAND_CALIBRATION = 1.11;

/** A request of the simulated year, times in UTC milliseconds. */
export interface SimRequest {
  index: number;
  structureId: string;
  /** The structure's department: the access report's and pricing's. */
  department: string;
  language: string;
  modality: Modality;
  specialty?: string;
  immediate: boolean;
  createdAt: number;
  start: number;
  end: number;
  durationMinutes: number;
  /** Once assigned, what the ledger records: the minutes worked, or a patient's no-show. */
  delivery: { kind: 'session'; workedMinutes: number } | { kind: 'no_show' };
  /** When the requester cancels it (a need gone away, or a late cancellation). */
  cancelAt?: number;
  /** An occurrence of a weekly series booked at once: the index of its first occurrence, and which one it is (1 = the first). */
  series?: { first: number; occurrence: number };
}

/**
 * Follow-ups in mental health and psycho-trauma are booked as weekly series (a psychotherapy with the
 * same interpreter: BRIEF.md's mobile psychiatry teams): this share of such booked requests starts a
 * series, of 3 to 6 sessions. An assumption: the brief gives no figure.
 */
export const SERIES = { specialties: ['mental_health', 'psycho_trauma'], share: 0.35, minCount: 3, maxCount: 6 } as const;

const DAY_MS = 86_400_000;

/**
 * Makes weekly series out of the year's requests without changing its volume or hours: a series' first
 * request takes the next requests of the same structure, language, modality and specialty as its later
 * occurrences, each moved to the same hour 1, 2… weeks later and booked at the same time as the first.
 * Requests cancelled or "now" are never in a series. Draws from its own random stream.
 */
function linkSeries(requests: SimRequest[], random: () => number): void {
  const groups = new Map<string, SimRequest[]>();
  for (const request of requests) {
    if (request.immediate || request.cancelAt !== undefined || !SERIES.specialties.includes(request.specialty as never)) continue;
    const key = `${request.structureId}|${request.language}|${request.modality}|${request.specialty}`;
    const group = groups.get(key) ?? [];
    group.push(request);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.start - b.start || a.index - b.index);
    for (let i = 0; i < group.length; i += 1) {
      const first = group[i]!;
      if (first.series || random() >= SERIES.share) continue;
      const count = SERIES.minCount + Math.floor(random() * (SERIES.maxCount - SERIES.minCount + 1));
      const later = group.slice(i + 1).filter((r) => !r.series).slice(0, count - 1);
      if (later.length === 0) continue;
      first.series = { first: first.index, occurrence: 1 };
      later.forEach((request, k) => {
        const start = first.start + (k + 1) * 7 * DAY_MS;
        request.series = { first: first.index, occurrence: k + 2 };
        request.start = start;
        request.end = start + request.durationMinutes * 60_000;
        request.createdAt = first.createdAt;
      });
    }
  }
}

export interface Demand {
  requests: SimRequest[];
  structures: StructureSummary[];
}

/**
 * The requests of `year` in region `region` (an INSEE code), `factor` times the region's volume (world.ts);
 * `seed` as the history's (the year) replays the seeded history's demand of Auvergne-Rhône-Alpes.
 */
export function demandOfYear(year: number, factor: number, seed: number, region: string = DEFAULT_REGION_CODE): Demand {
  const world = worldOf(region);
  if (!world) throw new Error(`demandOfYear: no region ${region}`);
  const { structures, interpreters, place, languages } = world;
  const random = mulberry32(seed);
  const beneficiaries = beneficiariesOf(structures, world.demoCount, random);
  const { steps } = yearOfSessions({ year, scale: factor * DEMAND_CALIBRATION * world.scale, random, structures: beneficiaries, interpreters, place, languages });
  const drafter = requestDrafter(year, seed * 7919 + 17);
  const requests: SimRequest[] = [];
  for (const step of steps) {
    if (!('session' in step)) continue;
    const s = step.session;
    const { kind, workedMinutes } = s.entry;
    for (const draft of drafter.forSession(s)) {
      const start = draft.start.getTime();
      // The session itself as it went; another request of the same demand as a session of the same length.
      const delivery = draft.outcome === 'filled' && kind === 'no_show' ? { kind: 'no_show' as const }
        : { kind: 'session' as const, workedMinutes: kind === 'session' ? workedMinutes : draft.bookedMinutes };
      const cancelAt = draft.outcome === 'cancelledUnassigned' ? draft.cancelledAt : draft.outcome === 'filled' ? s.cancelledAt : undefined;
      requests.push({
        index: requests.length,
        structureId: s.structure.id,
        department: s.structure.department,
        language: s.entry.language,
        modality: draft.modality,
        specialty: s.entry.specialty,
        immediate: draft.immediate,
        createdAt: draft.createdAt.getTime(),
        start,
        end: start + draft.bookedMinutes * 60_000,
        durationMinutes: draft.bookedMinutes,
        delivery,
        cancelAt: cancelAt?.getTime(),
      });
    }
  }
  linkSeries(requests, mulberry32(seed ^ 0x5e71e5));
  return { requests, structures };
}
