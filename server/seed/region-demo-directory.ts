import { createRequire } from 'node:module';
import { DEFAULT_REGION_CODE, type Modality, type SpecialtyCode, type StructureType } from '../../shared/enums';
import { foldAccents } from '../../shared/fold';
import { regionByCode, type Region } from '../../shared/regions';
import type { DemoInterpreter } from './demo-directory';
import { INTERPRETER_NAMES, regionLanguages } from './region-languages';

// The demo of any region other than Auvergne-Rhône-Alpes (demo-directory.ts) as plain data: a PASS in
// each department's main town, GPs, a health centre, mobile psychiatry, shelters and PMI in its largest
// towns, two agencies and sixteen interpreters of the region's languages. Town names come from the
// official geographic code (its communes and their population), never typed by hand.

export interface RegionDemo {
  region: Region;
  /** 'occitanie', 'pays-de-la-loire', 'la-reunion': the part of every account's address that names the region. */
  slug: string;
  structures: { name: string; type: StructureType; department: string; email: string; referent: boolean }[];
  agencies: { name: string; email: string; phone: string; departments: string[] }[];
  interpreters: (DemoInterpreter & { email: string })[];
  auditor: { email: string; name: string };
  dispatchers: { email: string; name: string; agencyIndex: 0 | 1 }[];
}

interface Commune {
  nom: string;
  departement: string;
  type: string;
  population?: number;
}

/** Each department's towns, most populous first (the communes file is 8.6 MB: read once, on demand). */
let townsByDepartment: Map<string, Commune[]> | undefined;
function communesOf(department: string): Commune[] {
  if (!townsByDepartment) {
    const communes = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as Commune[];
    townsByDepartment = new Map();
    for (const c of communes.filter((c) => c.type === 'commune-actuelle').sort((a, b) => (b.population ?? 0) - (a.population ?? 0))) {
      const towns = townsByDepartment.get(c.departement) ?? [];
      towns.push(c);
      townsByDepartment.set(c.departement, towns);
    }
  }
  return townsByDepartment.get(department) ?? [];
}
const townsOf = (department: string) => communesOf(department).slice(0, 5).map((c) => c.nom);

export const regionSlug = (region: Region) => foldAccents(region.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The address of a region's demo auditor: 'ars.occitanie@demo.test' (Auvergne-Rhône-Alpes's is 'ars@demo.test'). */
export const demoAuditorEmail = (region: Region) => (region.code === DEFAULT_REGION_CODE ? 'ars@demo.test' : `ars.${regionSlug(region)}@demo.test`);

/** "de Toulouse", "d’Angers", "du Mans" (Le Mans), "des Abymes" (Les Abymes). */
const of = (town: string) => {
  if (/^Le /.test(town)) return `du ${town.slice(3)}`;
  if (/^Les /.test(town)) return `des ${town.slice(4)}`;
  return /^[AEIOUYÉÈÂ]/i.test(town) ? `d’${town}` : `de ${town}`;
};

const SPECIALTY_POOL: SpecialtyCode[] = ['mental_health', 'psycho_trauma', 'perinatal', 'paediatrics', 'sexual_health', 'addiction', 'social'];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const MOST_INTERPRETERS = 16;

/** The demo of region `code`; undefined for a code that is no region. */
export function regionDemo(code: string): RegionDemo | undefined {
  const region = regionByCode(code);
  if (!region) return undefined;
  const slug = regionSlug(region);
  // The departments by their largest town, the region's capital's first.
  const departments = region.departments.map((d) => d.code).sort((a, b) => (communesOf(b)[0]?.population ?? 0) - (communesOf(a)[0]?.population ?? 0));
  const [capitalDepartment, secondDepartment = capitalDepartment!] = departments as [string, string?];
  const [capital, second = capital!, third = second] = townsOf(capitalDepartment!) as [string, string?, string?];
  const secondTown = secondDepartment === capitalDepartment ? third : townsOf(secondDepartment)[0]!;

  const structures: RegionDemo['structures'] = [];
  const add = (name: string, type: StructureType, department: string) => {
    const n = structures.length + 1;
    const email = n === 1 ? `pass.${slug}@demo.test` : type === 'GP_PRACTICE' && !structures.some((s) => s.type === 'GP_PRACTICE') ? `gp.${slug}@demo.test` : `equipe${String(n).padStart(2, '0')}.${slug}@demo.test`;
    structures.push({ name, type, department, email, referent: !email.startsWith('equipe') });
  };
  for (const department of departments) add(`PASS Centre hospitalier ${of(townsOf(department)[0]!)}`, 'PASS', department);
  // A region of one or two departments has several PASS in its towns (La Réunion has four).
  for (const town of townsOf(capitalDepartment!).slice(1, 5 - departments.length)) add(`PASS Centre hospitalier ${of(town)}`, 'PASS', capitalDepartment!);
  add(`Cabinet médical du centre, ${capital}`, 'GP_PRACTICE', capitalDepartment!);
  add(`Cabinet médical de la gare, ${secondTown}`, 'GP_PRACTICE', secondDepartment);
  add(`Maison de santé pluriprofessionnelle ${of(second)}`, 'MSP', capitalDepartment!);
  add(`Centre de santé municipal ${of(secondTown)}`, 'CDS', secondDepartment);
  add(`CPTS ${of(capital)}`, 'CPTS', capitalDepartment!);
  add(`Équipe mobile psychiatrie précarité ${of(capital)}`, 'EMPP', capitalDepartment!);
  add(`Équipe mobile psychiatrie précarité ${of(secondTown)}`, 'EMPP', secondDepartment);
  add(`Maternité, Centre hospitalier ${of(capital)}`, 'HOSPITAL_SERVICE', capitalDepartment!);
  add(`CADA ${of(capital)}`, 'SHELTER', capitalDepartment!);
  add(`Lits halte soins santé ${of(secondTown)}`, 'SHELTER', secondDepartment);
  add(`PMI ${of(third)}`, 'PMI', capitalDepartment!);
  add(`Centre d’accueil, de soins et d’orientation, ${capital}`, 'OTHER', capitalDepartment!);

  const phone = (n: number) => `+33 1 99 01 ${String(n).padStart(2, '0')} ${region.code.padStart(2, '0').slice(-2)}`;
  const agencies: RegionDemo['agencies'] = [
    { name: `Interprétariat santé ${region.name}`, email: `contact@interpretariat.${slug}.demo.test`, phone: phone(1), departments },
    { name: `Interprètes médicaux ${of(secondTown)}`, email: `contact@interpretes.${slug}.demo.test`, phone: phone(2), departments: [...new Set([secondDepartment, capitalDepartment!])] },
  ];

  const languages = regionLanguages(code);
  // Two per language at most, a woman and a man: their names are the language's pair.
  const interpreters = Array.from({ length: Math.min(MOST_INTERPRETERS, 2 * languages.length) }, (_, index): RegionDemo['interpreters'][number] => {
    const number = String(index + 1).padStart(2, '0');
    // Every language at least once, the most asked twice; sign language alone (it is never spoken by phone).
    const first = languages[index % languages.length]!;
    const also = languages[(index + 3) % languages.length]!;
    const spoken = first === 'fsl' ? ['fsl'] : [...new Set([first, also === 'fsl' ? languages[0]! : also])];
    const female = ((index % languages.length) + Math.floor(index / languages.length)) % 2 === 0;
    const agencyIndex: 0 | 1 = index % 4 === 3 ? 1 : 0;
    const modalities: Modality[] = first === 'fsl' ? ['video', 'onsite'] : index % 3 === 0 ? ['phone', 'video', 'onsite'] : ['phone', 'video'];
    return {
      email: `interp${number}.${slug}@demo.test`,
      number,
      name: INTERPRETER_NAMES[first]![female ? 0 : 1],
      gender: female ? 'female' : 'male',
      agencyIndex,
      languages: spoken,
      specialties: ['general', SPECIALTY_POOL[index % SPECIALTY_POOL.length]!],
      modalities,
      departments: modalities.includes('onsite') ? agencies[agencyIndex]!.departments.slice(0, 3) : [],
      travelBufferMinutes: 30,
      // The first is on duty around the clock (the demo call finds them at any hour); a third keep the phone line open late.
      ...(index === 0 ? { availability: EVERY_DAY.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) } : {}),
      ...(index % 3 === 1 ? { availability: EVERY_DAY.map((weekday) => ({ weekday, from: '07:00', to: '23:30' })) } : {}),
    };
  });

  return {
    region,
    slug,
    structures,
    agencies,
    interpreters,
    auditor: { email: demoAuditorEmail(region), name: `Auditeur ARS ${region.name}` },
    dispatchers: agencies.map((agency, agencyIndex) => ({ email: `dispatch${agencyIndex === 0 ? '' : '2'}.${slug}@demo.test`, name: `Régulation ${agency.name}`, agencyIndex: agencyIndex as 0 | 1 })),
  };
}
