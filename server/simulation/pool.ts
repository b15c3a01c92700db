import { parse } from 'csv-parse/sync';
import { DEFAULT_AVAILABILITY } from '../../shared/availability';
import { DEFAULT_REGION_CODE, GENDERS, MODALITIES, type Gender, type Modality } from '../../shared/enums';
import type { AddedInterpreters } from '../../shared/schemas/simulation';
import { unknownLanguageCodes } from '../directory/languages';
import type { ErrorDetail } from '../platform/errors';
import type { InterpreterProfile } from '../matching/types';
import { worldOf } from './world';

// The interpreters a simulation dispatches to: the region's demo ones (Auvergne-Rhône-Alpes's 44 by
// default: world.ts), or a directory exported as CSV, changed by the scenario's levers (interpreters
// added, an agency removed). Profiles as matching reads them.

export interface Pool {
  interpreters: InterpreterProfile[];
  /** Agency id to its name. */
  agencies: Map<string, string>;
}

export class PoolRefused extends Error {}

/** The demo pool of region `region` (an INSEE code; Auvergne-Rhône-Alpes by default), a copy the caller may change. */
export function demoPool(region: string = DEFAULT_REGION_CODE): Pool {
  const world = worldOf(region);
  if (!world) throw new PoolRefused(`no region "${region}"`);
  return { interpreters: [...world.pool.interpreters], agencies: new Map(world.pool.agencies) };
}

const list = (cell: string | undefined) => (cell ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const WEEKDAYS = /^([1-7])(?:-([1-7]))?\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/;

/** "1-5 09:00-17:30, 6 10:00-12:00": weekdays (1 = Monday) and local hours (the simulated region's zone); empty for the directory's default. */
export function parseWeek(cell: string | undefined): InterpreterProfile['availability'] {
  const slots = list(cell);
  if (slots.length === 0) return DEFAULT_AVAILABILITY;
  return slots.flatMap((slot) => {
    const m = WEEKDAYS.exec(slot);
    if (!m) throw new PoolRefused(`availability "${slot}": expected "1-5 09:00-17:30"`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    return Array.from({ length: to - from + 1 }, (_, i) => ({ weekday: from + i, from: m[3]!, to: m[4]! }));
  });
}

/**
 * A directory as semicolon-separated CSV with a header line: id;name;agency;gender;languages;modalities;
 * departments;specialties;availability;travelBufferMinutes. Lists are comma-separated ISO 639-3 codes,
 * modalities (phone, video, onsite) and department numbers; availability as parseWeek reads it.
 */
export function parsePoolCsv(text: string): Pool {
  const rows = parse(text, { delimiter: ';', columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  if (rows.length === 0) throw new PoolRefused('the pool CSV has no interpreter');
  const agencies = new Map<string, string>();
  const interpreters = rows.map((row, index): InterpreterProfile => {
    const where = `line ${index + 2}`;
    if (!row.id || !row.agency) throw new PoolRefused(`${where}: id and agency are required`);
    const modalities = list(row.modalities) as Modality[];
    if (modalities.length === 0 || modalities.some((m) => !MODALITIES.includes(m))) throw new PoolRefused(`${where}: modalities must be among ${MODALITIES.join(', ')}`);
    const languages = list(row.languages);
    if (languages.length === 0 || languages.some((code) => !/^[a-z]{3}$/.test(code))) throw new PoolRefused(`${where}: languages must be ISO 639-3 codes`);
    const gender = (row.gender || 'female') as Gender;
    if (!GENDERS.includes(gender)) throw new PoolRefused(`${where}: gender must be among ${GENDERS.join(', ')}`);
    agencies.set(row.agency, row.agency);
    return {
      id: row.id, name: row.name || row.id, agencyId: row.agency, active: true, gender, languages, modalities,
      specialties: list(row.specialties).length > 0 ? list(row.specialties) : ['general'],
      departments: list(row.departments),
      travelBufferMinutes: Number(row.travelBufferMinutes || 30),
      availability: parseWeek(row.availability),
      exceptions: [],
    };
  });
  return { interpreters, agencies };
}

/** The pool with the scenario's levers: some agencies' interpreters gone, new ones added (available like a new directory entry). */
export interface Levers {
  add?: readonly AddedInterpreters[];
  removeAgency?: readonly string[];
}

/** What the schema cannot see in the levers: a language that is no ISO 639-3 code, an agency the pool does not have. */
export function leverProblems(pool: Pool, levers: Levers): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  (levers.add ?? []).forEach((lever, index) => {
    if (unknownLanguageCodes([lever.language]).length > 0) problems.push({ field: `add.${index}.language`, code: 'unknown_language', message: `"${lever.language}" is not an ISO 639-3 language code` });
  });
  (levers.removeAgency ?? []).forEach((id, index) => {
    if (!pool.agencies.has(id)) problems.push({ field: `removeAgency.${index}`, code: 'unknown_agency', message: `no agency "${id}" in the pool (${[...pool.agencies.keys()].join(', ')})` });
  });
  return problems;
}

export function changedPool(pool: Pool, levers: Levers): Pool {
  const problems = leverProblems(pool, levers);
  if (problems.length > 0) throw new PoolRefused(problems.map((p) => p.message).join('; '));
  const removed = new Set(levers.removeAgency ?? []);
  const kept = pool.interpreters.filter((i) => !removed.has(i.agencyId));
  const agencies = new Map([...pool.agencies].filter(([id]) => !removed.has(id)));
  if ((levers.add ?? []).length > 0) agencies.set('added', 'Interprètes ajoutés');
  const added = (levers.add ?? []).flatMap((lever, leverIndex) => Array.from({ length: lever.count }, (_, i): InterpreterProfile => ({
    id: `added-${leverIndex + 1}-${i + 1}`,
    name: `Ajout ${lever.language} ${i + 1}`,
    agencyId: 'added',
    active: true,
    gender: i % 2 === 0 ? 'female' : 'male',
    languages: [lever.language],
    specialties: ['general'],
    modalities: [...lever.modalities],
    departments: [...(lever.departments ?? [])],
    travelBufferMinutes: 30,
    availability: DEFAULT_AVAILABILITY,
    exceptions: [],
  })));
  return { interpreters: [...kept, ...added], agencies };
}
