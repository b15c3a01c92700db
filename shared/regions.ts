// France's regions and departments, from the official geographic code (INSEE's COG) as
// @etalab/decoupage-administratif publishes it. Only its two small files are imported: the communes
// file is 8.6 MB and would land in the client's bundle.
import departementsData from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import regionsData from '@etalab/decoupage-administratif/data/regions.json' with { type: 'json' };

/** A department: its INSEE code ('01', '2A', '974') and its French name ('Ain', 'Corse-du-Sud', 'La Réunion'). */
export interface Department {
  code: string;
  name: string;
}

/** A region: its INSEE code ('84', '04'), French name, IANA time zone, and departments in code order. */
export interface Region {
  code: string;
  name: string;
  timeZone: string;
  departments: readonly Department[];
}

/**
 * The time zone of each overseas region, the one hand-written table here: the geographic code has no
 * zones. Each is the IANA tz database's zone for that department (zone.tab, country codes GP, MQ, GF,
 * RE, YT); the mainland regions and Corse are all in Europe/Paris.
 */
const OVERSEAS_ZONES: Record<string, string> = {
  '01': 'America/Guadeloupe',
  '02': 'America/Martinique',
  '03': 'America/Cayenne',
  '04': 'Indian/Reunion',
  '06': 'Indian/Mayotte',
};
export const MAINLAND_ZONE = 'Europe/Paris';

// The package's `zone` is 'metro' (mainland and Corse), 'drom' (the five overseas departments, each a
// region of its own) or 'com': Saint-Pierre-et-Miquelon (975), Saint-Barthélemy, Saint-Martin, the Pacific
// and the rest are overseas collectivities, listed with themselves as region, neither region nor department.
const IN_A_REGION = new Set(['metro', 'drom']);

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function zoneOf(region: { code: string; nom: string; zone: string }): string {
  if (region.zone === 'metro') return MAINLAND_ZONE;
  const zone = OVERSEAS_ZONES[region.code];
  if (!zone) throw new Error(`No time zone for the overseas region ${region.code} ${region.nom}: add it to OVERSEAS_ZONES`);
  return zone;
}

/** The 18 regions (13 mainland with Corse, 5 overseas), in INSEE code order. */
export const REGIONS: readonly Region[] = regionsData
  .filter((region) => IN_A_REGION.has(region.zone))
  .map((region) => ({
    code: region.code,
    name: region.nom,
    timeZone: zoneOf(region),
    departments: departementsData
      .filter((department) => department.region === region.code && IN_A_REGION.has(department.zone))
      .map((department) => ({ code: department.code, name: department.nom }))
      .sort(byCode),
  }))
  .sort(byCode);

/** The 101 departments of every region, in code order ('01' ... '19', '21' ... '29', '2A', '2B', '30' ... '95', '971' ... '976'). */
export const DEPARTMENTS: readonly Department[] = REGIONS.flatMap((region) => region.departments).sort(byCode);

const regionsByCode = new Map(REGIONS.map((region) => [region.code, region]));
const regionsByDepartment = new Map(REGIONS.flatMap((region) => region.departments.map((department) => [department.code, region] as const)));
const departmentsByCode = new Map(DEPARTMENTS.map((department) => [department.code, department]));

/** The region of INSEE code `code` ('84'), or undefined for a code that is no current region ('975', '82'). */
export function regionByCode(code: string): Region | undefined {
  return regionsByCode.get(code);
}

/** The region a department belongs to ('974' gives La Réunion, '04'), or undefined for a code that is no department ('975', '20', '99'). */
export function regionOf(departmentCode: string): Region | undefined {
  return regionsByDepartment.get(departmentCode);
}

/** A department's French name ('69' gives 'Rhône'), or undefined for a code that is no department. */
export function departmentName(code: string): string | undefined {
  return departmentsByCode.get(code)?.name;
}

/** The IANA time zone a department lives in ('974' gives 'Indian/Reunion', '69' 'Europe/Paris'), or undefined for a code that is no department. */
export function timeZoneOfDepartment(code: string): string | undefined {
  return regionsByDepartment.get(code)?.timeZone;
}

/** The zone a structure's rules and pages reason in: its department's; Paris for a code that is no department. */
export function zoneOfStructure(structure: { department: string }): string {
  return timeZoneOfDepartment(structure.department) ?? MAINLAND_ZONE;
}

/** The zone of the place a session happens, by department: its own; Paris for a code that is no department. */
export const zoneOfDepartment = (code: string): string => timeZoneOfDepartment(code) ?? MAINLAND_ZONE;

/** A zone as readers name it: 'heure de Paris', 'heure de La Réunion', 'heure de Guyane'. */
export function zoneLabel(zone: string): string {
  if (zone === MAINLAND_ZONE) return 'heure de Paris';
  const region = REGIONS.find((r) => r.timeZone === zone);
  return `heure de ${region?.name ?? zone}`;
}
