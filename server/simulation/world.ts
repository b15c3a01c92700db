import { DEFAULT_AVAILABILITY } from '../../shared/availability';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { regionByCode, zoneLabel, type Region } from '../../shared/regions';
import { DEFAULT_TARIFF } from '../billing/tariff';
import type { StructureSummary } from '../directory/structures';
import type { InterpreterProfile } from '../matching/types';
import { DEMO_AGENCIES, DEMO_STRUCTURES, demoInterpreters, type DemoInterpreter } from '../seed/demo-directory';
import { MORE_STRUCTURES } from '../seed/history-data';
import { TARGETS, type HistoryInterpreter, type Place } from '../seed/history-year';
import { regionDemo } from '../seed/region-demo-directory';
import { regionLanguages } from '../seed/region-languages';

// The world a simulation replays, by region: its structures (who asks), its demo interpreters (the pool
// before the levers, and whose languages the demand is drawn in), how much of the brief's year it asks
// for, and the zone and holiday calendar its days are read in.
//
// Auvergne-Rhône-Alpes (84) is the brief's own world: the demo's structures and the history's others,
// 116 in all, the demo's 44 interpreters, the brief's 2022 figures (12,031 hours). Any other region is
// its demo directory (server/seed/region-demo-directory.ts: regionDemo(code)), with the demand scaled as
// the region's demo history is (server/seed/history.ts, seedRegionHistory): the brief's figures times
// the region's structures over the brief's 116. An assumption: the brief gives one region's figures only,
// and a region's demo stands for its beneficiaries the way Auvergne-Rhône-Alpes's 116 do; the result's
// `assumptions` state it.

export interface SimulationWorld {
  region: Region;
  /** The structures demand is drawn for: ids, names, types, departments, the region's code. */
  structures: StructureSummary[];
  /** The first `demoCount` structures are there from the year's first day; 15 % of the others join during the year. */
  demoCount: number;
  /** The interpreters the history generator picks its sessions' languages and modalities from (not the simulated pool). */
  interpreters: HistoryInterpreter[];
  /** The pool before the levers: the same interpreters as matching reads them, availability in the region's zone. */
  pool: { interpreters: InterpreterProfile[]; agencies: Map<string, string> };
  /** Multiplies the brief's 2022 volume (1 in Auvergne-Rhône-Alpes; structures / 116 elsewhere). */
  scale: number;
  /** The region's zone and the department whose public holidays the days keep; undefined: the generator's (Paris, '69'). */
  place?: Place;
  /** Languages asked and their weights, most asked first; undefined: the generator's (Auvergne-Rhône-Alpes's). */
  languages?: Array<[string, number]>;
}

/** An agency's id in a simulation: the first label of its demo address's domain ('contact@isara.demo.test' gives 'isara'). */
export const agencyIdOf = (email: string) => email.split('@')[1]!.split('.')[0]!;

function poolOf(interpreters: Array<DemoInterpreter & { email?: string }>, agencies: { name: string; email: string }[], timeZone?: string): SimulationWorld['pool'] {
  const ids = agencies.map((agency) => agencyIdOf(agency.email));
  return {
    interpreters: interpreters.map(({ number, agencyIndex, availability, email, ...rest }): InterpreterProfile => ({
      ...rest,
      id: `interp${number}`,
      agencyId: ids[agencyIndex]!,
      active: true,
      availability: availability ?? DEFAULT_AVAILABILITY,
      exceptions: [],
      // As the directory does: written in their agency's region's zone; Paris (the default) left unsaid.
      ...(timeZone ? { timeZone } : {}),
    })),
    agencies: new Map(agencies.map((agency, i) => [ids[i]!, agency.name])),
  };
}

const forGenerator = (pool: SimulationWorld['pool']): HistoryInterpreter[] =>
  pool.interpreters.map((i) => ({ id: i.id, agencyId: i.agencyId, languages: i.languages, modalities: i.modalities, departments: i.departments, tariffs: [DEFAULT_TARIFF] }));

function defaultWorld(): SimulationWorld {
  const structures = [
    ...DEMO_STRUCTURES.map((s) => ({ id: s.key, name: s.name, type: s.type, department: s.department, region: DEFAULT_REGION_CODE })),
    ...MORE_STRUCTURES.map(([name, type, department], i) => ({ id: `s${String(i + 1).padStart(3, '0')}`, name, type, department, region: DEFAULT_REGION_CODE })),
  ];
  const pool = poolOf(demoInterpreters(), DEMO_AGENCIES);
  return { region: regionByCode(DEFAULT_REGION_CODE)!, structures, demoCount: DEMO_STRUCTURES.length, interpreters: forGenerator(pool), pool, scale: 1 };
}

const worlds = new Map<string, SimulationWorld>();

/**
 * The world of region `code` (an INSEE code: '84', '04'), built once per process; undefined for a code
 * that is no region. Callers get the same object: they must not change it.
 */
export function worldOf(code: string = DEFAULT_REGION_CODE): SimulationWorld | undefined {
  const known = worlds.get(code);
  if (known) return known;
  if (code === DEFAULT_REGION_CODE) {
    worlds.set(code, defaultWorld());
    return worlds.get(code);
  }
  const demo = regionDemo(code);
  if (!demo) return undefined;
  const { region } = demo;
  const structures = demo.structures.map((s, i) => ({ id: `${demo.slug}-s${String(i + 1).padStart(2, '0')}`, name: s.name, type: s.type, department: s.department, region: region.code }));
  const pool = poolOf(demo.interpreters, demo.agencies, region.timeZone);
  const world: SimulationWorld = {
    region, structures, demoCount: structures.length, interpreters: forGenerator(pool), pool,
    scale: structures.length / TARGETS.structures,
    // As seedRegionHistory: the region's zone, the calendar of its first department (a region's departments share one).
    place: { zone: region.timeZone, department: region.departments[0]!.code },
    languages: regionLanguages(code).map((language, index, all): [string, number] => [language, all.length - index]),
  };
  worlds.set(code, world);
  return world;
}

/** The demand's size and place as the result states it, with the rule's source (French for the page, English for the terminal). */
export function demandAssumption(world: SimulationWorld): { key: string; en: string; fr: string } {
  const { region, structures, scale } = world;
  if (scale === 1) {
    return { key: 'demand', en: `the demand of ${region.name}: the brief's 2022 figures (12,031 hours, ${structures.length} structures), in ${region.timeZone} time`,
      fr: `la demande d’${region.name} : les chiffres 2022 de la convention (12 031 heures, ${structures.length} structures), en ${zoneLabel(region.timeZone)}` };
  }
  const share = Math.round(scale * 1000) / 10;
  return {
    key: 'demand',
    en: `the demand of ${region.name}: its ${structures.length} demo structures, ${share} % of the brief's 2022 Auvergne-Rhône-Alpes figures (${structures.length} of 116 structures, as the region's demo history), its languages, in ${region.timeZone} time with its public holidays`,
    fr: `la demande de la région ${region.name} : ses ${structures.length} structures de démonstration, soit ${String(share).replace('.', ',')} % des chiffres 2022 d’Auvergne-Rhône-Alpes (${structures.length} structures sur 116, comme son historique de démonstration), ses langues, en ${zoneLabel(region.timeZone)} avec ses jours fériés`,
  };
}
