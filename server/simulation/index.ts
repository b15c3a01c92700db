import { DEFAULT_REGION_CODE } from '../../shared/enums';
import type { SimulationScenario } from '../../shared/schemas/simulation';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../booking/dispatch-policy';
import { priceSession } from '../billing/pricing';
import { DEFAULT_TARIFF, tariffFor, type Tariff } from '../billing/tariff';
import { mulberry32 } from '../seed/random';
import { assumptions, BEHAVIOUR, type Behaviour } from './behaviour';
import { demandOfYear } from './demand';
import { changedPool, demoPool, PoolRefused, type Pool } from './pool';
import { yearFigures, type YearFigures } from './report';
import { runYear } from './run';
import { demandAssumption, worldOf } from './world';

// The capacity simulator: a region's year of demand replayed against an interpreter pool through the
// platform's matching and dispatch policy, with the scenario's levers, every hour read in the region's
// zone. See the README's "Capacity simulator".

export interface SimulationOptions extends SimulationScenario {
  /** The pool before the levers: the region's demo interpreters unless given (a CSV directory, pool.ts: its availability read in the region's zone). */
  pool?: Pool;
  behaviour?: Behaviour;
  /** Agencies' tariff versions; the default tariff for any not given. */
  tariffs?: Map<string, Tariff[]>;
  onProgress?: (share: number) => void;
}

export interface SimulationResult extends YearFigures {
  /** The region replayed: its code, name and zone, and how many structures its demand is drawn for. */
  region: { code: string; name: string; timeZone: string; structures: number };
  scenario: { year: number; seed: number; demand: number; add: NonNullable<SimulationScenario['add']>; removeAgency: string[]; policy: DispatchPolicy };
  pool: { interpreters: number; agencies: string[] };
  assumptions: Array<ReturnType<typeof assumptions>[number]>;
}

/** Runs one scenario; the same options (seed included) give the same result, to the last digit. */
export function simulate(options: SimulationOptions = {}): SimulationResult {
  const year = options.year ?? 2022;
  // The history's own seed by default: the baseline replays the year seed:history draws.
  const seed = options.seed ?? year;
  const demand = options.demand ?? 1;
  const policy = { ...DEFAULT_DISPATCH_POLICY, ...options.policy };
  const behaviour = options.behaviour ?? BEHAVIOUR;
  const world = worldOf(options.region ?? DEFAULT_REGION_CODE);
  if (!world) throw new PoolRefused(`no region "${options.region}": use an INSEE region code such as 84, 76 or 04`);
  const { region } = world;
  const changed = changedPool(options.pool ?? demoPool(region.code), options);
  // Every availability in the region's zone, as the directory writes its interpreters' (their agency's region's).
  const pool = { ...changed, interpreters: changed.interpreters.map((p) => (p.timeZone ? p : { ...p, timeZone: region.timeZone })) };
  const tariffsOf = (agencyId: string) => options.tariffs?.get(agencyId) ?? [DEFAULT_TARIFF];
  const { requests, structures } = demandOfYear(year, demand, seed, region.code);
  const { outcomes, tallies } = runYear({
    year, requests, profiles: pool.interpreters, policy, behaviour, zone: region.timeZone,
    random: mulberry32(seed ^ 0x5ee0),
    // What ranking weighs of cost: the agency's price of an hour at the request's time and place (billing's hourlyCostByAgency).
    agencyHourlyCents: (request, agencyId) => {
      const start = new Date(request.start);
      return priceSession(tariffFor(tariffsOf(agencyId), start), { modality: request.modality, start, minutes: 60, department: request.department }).costCents;
    },
    onProgress: options.onProgress,
  });
  const figures = yearFigures({ year, requests, outcomes, tallies, profiles: pool.interpreters, structures, tariffsOf, readingHours: behaviour.readingHours, zone: region.timeZone });
  return {
    region: { code: region.code, name: region.name, timeZone: region.timeZone, structures: structures.length },
    scenario: { year, seed, demand, add: options.add ?? [], removeAgency: options.removeAgency ?? [], policy },
    pool: { interpreters: pool.interpreters.length, agencies: [...pool.agencies.keys()] },
    ...figures,
    assumptions: [...assumptions(behaviour, region.timeZone), demandAssumption(world)],
  };
}
