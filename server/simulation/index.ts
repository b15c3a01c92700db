import type { SimulationScenario } from '../../shared/schemas/simulation';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../booking/dispatch-policy';
import { priceSession } from '../billing/pricing';
import { DEFAULT_TARIFF, tariffFor, type Tariff } from '../billing/tariff';
import { mulberry32 } from '../seed/random';
import { assumptions, BEHAVIOUR, type Behaviour } from './behaviour';
import { demandOfYear } from './demand';
import { changedPool, demoPool, type Pool } from './pool';
import { yearFigures, type YearFigures } from './report';
import { runYear } from './run';

// The capacity simulator: a year of demand replayed against an interpreter pool through the
// platform's matching and dispatch policy, with the scenario's levers. See the README's "Capacity simulator".

export interface SimulationOptions extends SimulationScenario {
  /** The pool before the levers: the demo's 44 interpreters unless given (a CSV directory, pool.ts). */
  pool?: Pool;
  behaviour?: Behaviour;
  /** Agencies' tariff versions; the default tariff for any not given. */
  tariffs?: Map<string, Tariff[]>;
  onProgress?: (share: number) => void;
}

export interface SimulationResult extends YearFigures {
  scenario: { year: number; seed: number; demand: number; add: NonNullable<SimulationScenario['add']>; removeAgency: string[]; policy: DispatchPolicy };
  pool: { interpreters: number; agencies: string[] };
  assumptions: ReturnType<typeof assumptions>;
}

/** Runs one scenario; the same options (seed included) give the same result, to the last digit. */
export function simulate(options: SimulationOptions = {}): SimulationResult {
  const year = options.year ?? 2022;
  // The history's own seed by default: the baseline replays the year seed:history draws.
  const seed = options.seed ?? year;
  const demand = options.demand ?? 1;
  const policy = { ...DEFAULT_DISPATCH_POLICY, ...options.policy };
  const behaviour = options.behaviour ?? BEHAVIOUR;
  const pool = changedPool(options.pool ?? demoPool(), options);
  const tariffsOf = (agencyId: string) => options.tariffs?.get(agencyId) ?? [DEFAULT_TARIFF];
  const { requests, structures } = demandOfYear(year, demand, seed);
  const { outcomes, tallies } = runYear({
    year, requests, profiles: pool.interpreters, policy, behaviour,
    random: mulberry32(seed ^ 0x5ee0),
    // What ranking weighs of cost: the agency's price of an hour at the request's time and place (billing's hourlyCostByAgency).
    agencyHourlyCents: (request, agencyId) => {
      const start = new Date(request.start);
      return priceSession(tariffFor(tariffsOf(agencyId), start), { modality: request.modality, start, minutes: 60, department: request.department }).costCents;
    },
    onProgress: options.onProgress,
  });
  const figures = yearFigures({ year, requests, outcomes, tallies, profiles: pool.interpreters, structures, tariffsOf, readingHours: behaviour.readingHours });
  return {
    scenario: { year, seed, demand, add: options.add ?? [], removeAgency: options.removeAgency ?? [], policy },
    pool: { interpreters: pool.interpreters.length, agencies: [...pool.agencies.keys()] },
    ...figures,
    assumptions: assumptions(behaviour),
  };
}
