import type { Modality } from '../../shared/enums';
import { DEFAULT_TARIFF } from '../billing/tariff';
import type { StructureSummary } from '../directory/structures';
import { DEMO_STRUCTURES, demoInterpreters } from '../seed/demo-directory';
import { MORE_STRUCTURES } from '../seed/history-data';
import { requestDrafter } from '../seed/history-demand';
import { beneficiariesOf, yearOfSessions, type HistoryInterpreter } from '../seed/history-year';
import { mulberry32 } from '../seed/random';

// The demand a simulation replays: the requests of a year exactly as the history seed draws them
// (server/seed: languages, structures, modalities, lead times, durations, the share of "now" calls, the
// hours of the day), whatever became of them in the history. The demand is that of the demo's world (its
// 116 structures, the languages its interpreters speak) whatever pool is simulated, so that changing the
// pool never changes the demand.

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
}

export interface Demand {
  requests: SimRequest[];
  structures: StructureSummary[];
}

/** The world the history's demand is drawn in: the demo structures, then the history's others, with ids of their own. */
function world(): { structures: StructureSummary[]; interpreters: HistoryInterpreter[] } {
  const structures = [
    ...DEMO_STRUCTURES.map((s) => ({ id: s.key, name: s.name, type: s.type, department: s.department })),
    ...MORE_STRUCTURES.map(([name, type, department], i) => ({ id: `s${String(i + 1).padStart(3, '0')}`, name, type, department })),
  ];
  const interpreters = demoInterpreters().map((i) => ({ id: `interp${i.number}`, agencyId: String(i.agencyIndex), languages: i.languages, modalities: i.modalities, departments: i.departments, tariffs: [DEFAULT_TARIFF] }));
  return { structures, interpreters };
}

/** The requests of `year`, `factor` times the history's volume; `seed` as the history's (the year) replays the seeded history's demand. */
export function demandOfYear(year: number, factor: number, seed: number): Demand {
  const { structures, interpreters } = world();
  const random = mulberry32(seed);
  const beneficiaries = beneficiariesOf(structures, DEMO_STRUCTURES.length, random);
  const { steps } = yearOfSessions({ year, scale: factor * DEMAND_CALIBRATION, random, structures: beneficiaries, interpreters });
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
  return { requests, structures };
}
