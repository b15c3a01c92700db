import { DateTime } from 'luxon';
import type { Modality, SpecialtyCode, StructureType } from '../shared/enums';
import { setAllocation, setEnvelope } from '../server/billing/budget';
import { publicHoliday } from '../server/billing/holidays';
import { recordEntries, type NewEntry } from '../server/billing/ledger';
import { LedgerModel } from '../server/billing/ledger-store';
import { priceCancellation, priceNoShow, priceSession, type Price } from '../server/billing/pricing';
import { tariffFor, type Tariff } from '../server/billing/tariff';
import { tariffVersions } from '../server/billing/agency-tariffs';
import { createStructure, structureSummaries } from '../server/directory/structures';
import { UserModel } from '../server/directory/store';
import { countUsers } from '../server/directory/users';
import type { Actor } from '../server/platform/actor';
import { seedDemo } from './demo-data';

// A past year of completed sessions, steered onto the brief's 2022 figures (ARS Auvergne-Rhône-Alpes):
// 116 beneficiary structures, 12,031 hours, 632,800 EUR, PASS 53 % of the spend and about 30 % of the
// structures. Every session is priced by the live pricing code and lands through the ledger.

export const TARGETS = { structures: 116, hours: 12_031, costCents: 63_280_000, passCostShare: 0.53, envelopeCents: 65_000_000, allocatedShare: 0.95 };

/** The beneficiaries besides the demo's 28 (12 PASS): with them, 35 PASS out of 116. */
const MORE_STRUCTURES: Array<[name: string, type: StructureType, department: string]> = [
  ['PASS Hôpital de la Croix-Rousse (HCL)', 'PASS', '69'], ['PASS Centre hospitalier Lyon-Sud (HCL)', 'PASS', '69'],
  ['PASS Hôpital Femme Mère Enfant (HCL), Bron', 'PASS', '69'], ['PASS Hôpital Saint-Joseph Saint-Luc, Lyon', 'PASS', '69'],
  ['PASS Hôpital Nord-Ouest, Villefranche-sur-Saône', 'PASS', '69'], ['PASS psychiatrique, CH Le Vinatier, Bron', 'PASS', '69'],
  ['PASS Centre hospitalier Lucien-Hussel, Vienne', 'PASS', '38'], ['PASS Centre hospitalier Pierre-Oudot, Bourgoin-Jallieu', 'PASS', '38'],
  ['PASS Centre hospitalier de Roanne', 'PASS', '42'], ['PASS Hôpital du Gier, Saint-Chamond', 'PASS', '42'],
  ['PASS Centre hospitalier du Forez, Montbrison', 'PASS', '42'], ['PASS Centre hospitalier de Thiers', 'PASS', '63'],
  ['PASS Groupement hospitalier Portes de Provence, Montélimar', 'PASS', '26'], ['PASS Hôpitaux Drôme Nord, Romans-sur-Isère', 'PASS', '26'],
  ['PASS Centre hospitalier Alpes-Léman, Contamine-sur-Arve', 'PASS', '74'], ['PASS Hôpitaux du Léman, Thonon-les-Bains', 'PASS', '74'],
  ['PASS Centre hospitalier Albertville-Moûtiers', 'PASS', '73'], ['PASS Centre hospitalier du Haut-Bugey, Oyonnax', 'PASS', '01'],
  ['PASS Centre hospitalier Jacques-Lacarin, Vichy', 'PASS', '03'], ['PASS Centre hospitalier de Montluçon', 'PASS', '03'],
  ['PASS Centre hospitalier d’Ardèche méridionale, Aubenas', 'PASS', '07'], ['PASS Centre hospitalier de Saint-Flour', 'PASS', '15'],
  ['PASS Centre hospitalier de Brioude', 'PASS', '43'],
  ['Cabinet médical de la Guillotière, Lyon 7e', 'GP_PRACTICE', '69'], ['Cabinet médical Monplaisir, Lyon 8e', 'GP_PRACTICE', '69'],
  ['Cabinet médical du Mas-du-Taureau, Vaulx-en-Velin', 'GP_PRACTICE', '69'], ['Cabinet médical des Minguettes, Vénissieux', 'GP_PRACTICE', '69'],
  ['Cabinet médical Teisseire, Grenoble', 'GP_PRACTICE', '38'], ['Cabinet médical de l’Abbaye, Grenoble', 'GP_PRACTICE', '38'],
  ['Cabinet médical de Tarentaize, Saint-Étienne', 'GP_PRACTICE', '42'], ['Cabinet médical Saint-Jacques, Clermont-Ferrand', 'GP_PRACTICE', '63'],
  ['Cabinet médical du Polygone, Valence', 'GP_PRACTICE', '26'], ['Cabinet médical des Romains, Annecy', 'GP_PRACTICE', '74'],
  ['Cabinet médical du Biollay, Chambéry', 'GP_PRACTICE', '73'], ['Cabinet médical de la Reyssouze, Bourg-en-Bresse', 'GP_PRACTICE', '01'],
  ['Cabinet médical des Fours-à-Chaux, Montluçon', 'GP_PRACTICE', '03'], ['Cabinet médical du Val-Vert, Le Puy-en-Velay', 'GP_PRACTICE', '43'],
  ['MSP de Saint-Fons', 'MSP', '69'], ['MSP États-Unis, Lyon 8e', 'MSP', '69'], ['MSP Villeneuve, Grenoble', 'MSP', '38'],
  ['MSP de Fontaine', 'MSP', '38'], ['MSP de Firminy', 'MSP', '42'], ['MSP de Riom', 'MSP', '63'], ['MSP du Pays de Mauriac', 'MSP', '15'],
  ['MSP d’Annonay', 'MSP', '07'], ['MSP de Cluses', 'MSP', '74'], ['MSP d’Ambérieu-en-Bugey', 'MSP', '01'],
  ['Centre de santé de la Duchère, Lyon 9e', 'CDS', '69'], ['Centre de santé municipal de Vaulx-en-Velin', 'CDS', '69'],
  ['Centre de santé Mistral, Grenoble', 'CDS', '38'], ['Centre de santé Abbaye-Jouhaux, Grenoble', 'CDS', '38'],
  ['Centre de santé de Beaubrun, Saint-Étienne', 'CDS', '42'], ['Centre de santé des Vergnes, Clermont-Ferrand', 'CDS', '63'],
  ['Centre de santé de Fontbarlettes, Valence', 'CDS', '26'], ['Centre de santé des Hauts-de-Chambéry', 'CDS', '73'],
  ['CPTS Lyon 7e', 'CPTS', '69'], ['CPTS de Villeurbanne', 'CPTS', '69'], ['CPTS Grenoble Sud', 'CPTS', '38'],
  ['CPTS du Grand Clermont', 'CPTS', '63'], ['CPTS Saint-Étienne Sud', 'CPTS', '42'], ['CPTS du Bassin annécien', 'CPTS', '74'],
  ['EMPP de l’Isère (CHU Grenoble Alpes)', 'EMPP', '38'], ['EMPP de la Loire (CHU de Saint-Étienne)', 'EMPP', '42'],
  ['EMPP de la Drôme (CH Drôme Vivarais)', 'EMPP', '26'], ['EMPP de Savoie (CHS de la Savoie)', 'EMPP', '73'],
  ['EMPP de l’Ain (CPA de Bourg-en-Bresse)', 'EMPP', '01'],
  ['Maternité, Hôpital de la Croix-Rousse (HCL)', 'HOSPITAL_SERVICE', '69'], ['Urgences pédiatriques, Hôpital Femme Mère Enfant (HCL)', 'HOSPITAL_SERVICE', '69'],
  ['Centre régional du psychotraumatisme, CH Le Vinatier', 'HOSPITAL_SERVICE', '69'], ['Maladies infectieuses, CHU de Saint-Étienne', 'HOSPITAL_SERVICE', '42'],
  ['Maternité Estaing, CHU Clermont-Ferrand', 'HOSPITAL_SERVICE', '63'], ['Gynécologie-obstétrique, CH Annecy Genevois', 'HOSPITAL_SERVICE', '74'],
  ['Psychiatrie adulte, CH Alpes-Isère, Saint-Égrève', 'HOSPITAL_SERVICE', '38'], ['Pédiatrie, Centre hospitalier de Valence', 'HOSPITAL_SERVICE', '26'],
  ['CADA Forum Réfugiés, Villeurbanne', 'SHELTER', '69'], ['LHSS de Lyon (Fondation de l’Armée du Salut)', 'SHELTER', '69'],
  ['CADA de Grenoble', 'SHELTER', '38'], ['ACT de Grenoble', 'SHELTER', '38'], ['CADA de Saint-Étienne', 'SHELTER', '42'],
  ['HUDA de Clermont-Ferrand', 'SHELTER', '63'], ['CADA d’Aurillac', 'SHELTER', '15'], ['CADA de Privas', 'SHELTER', '07'],
  ['PMI de la Métropole de Lyon, Vénissieux', 'PMI', '69'], ['PMI de la Métropole de Lyon, Lyon 3e', 'PMI', '69'],
  ['PMI de la Loire, Saint-Étienne', 'PMI', '42'], ['PMI du Puy-de-Dôme, Clermont-Ferrand', 'PMI', '63'],
  ['PMI de la Savoie, Chambéry', 'PMI', '73'], ['PMI de l’Allier, Moulins', 'PMI', '03'],
];

/** Share of sessions by modality before steering: psychiatry and long consultations go on site. */
const MODALITY_MIX: Record<StructureType, [number, number, number]> = {
  PASS: [0.55, 0.25, 0.2], GP_PRACTICE: [0.8, 0.15, 0.05], MSP: [0.7, 0.2, 0.1], CDS: [0.65, 0.25, 0.1], CPTS: [0.7, 0.22, 0.08],
  EMPP: [0.35, 0.25, 0.4], HOSPITAL_SERVICE: [0.5, 0.25, 0.25], SHELTER: [0.6, 0.25, 0.15], PMI: [0.55, 0.25, 0.2], OTHER: [0.6, 0.25, 0.15],
};

/** Relative use by a structure of each type, before the PASS / others split is steered. */
const TYPE_WEIGHT: Record<StructureType, number> = {
  PASS: 1, GP_PRACTICE: 0.5, MSP: 0.9, CDS: 1.2, CPTS: 0.8, EMPP: 1.6, HOSPITAL_SERVICE: 1.3, SHELTER: 1.2, PMI: 1, OTHER: 1.2,
};
const DEPARTMENT_WEIGHT: Record<string, number> = { '69': 1.6, '38': 1.3, '42': 1.2, '63': 1.2, '15': 0.6, '43': 0.6, '07': 0.7 };
const BIG_PASS = ['Édouard-Herriot', 'CHU Grenoble', 'CHU Clermont', 'CHU de Saint-Étienne'];

const GENERAL: Array<[SpecialtyCode, number]> = [['general', 0.75], ['mental_health', 0.1], ['paediatrics', 0.08], ['perinatal', 0.07]];
const SPECIALTY_MIX: Record<StructureType, Array<[SpecialtyCode, number]>> = {
  PASS: [['general', 0.7], ['sexual_health', 0.1], ['mental_health', 0.1], ['perinatal', 0.05], ['addiction', 0.05]],
  EMPP: [['mental_health', 0.6], ['psycho_trauma', 0.3], ['addiction', 0.1]],
  PMI: [['perinatal', 0.6], ['paediatrics', 0.4]],
  SHELTER: [['general', 0.5], ['psycho_trauma', 0.25], ['social', 0.25]],
  HOSPITAL_SERVICE: [['general', 0.4], ['perinatal', 0.2], ['paediatrics', 0.15], ['mental_health', 0.15], ['psycho_trauma', 0.1]],
  GP_PRACTICE: GENERAL, MSP: GENERAL, CDS: GENERAL, CPTS: GENERAL, OTHER: GENERAL,
};

/** Asylum and migrant demand in the region; Ukrainian rises from March 2022. Codes the demo interpreters speak. */
const LANGUAGES: Array<[string, number]> = [
  ['ara', 14], ['prs', 10], ['pus', 7], ['sqi', 7], ['tir', 6], ['kat', 6], ['rus', 6], ['eng', 5], ['ron', 4], ['ben', 4], ['tur', 3],
  ['hye', 3], ['fsl', 2], ['som', 2.5], ['ful', 2.5], ['lin', 2.5], ['amh', 2], ['kmr', 2], ['ckb', 1.5], ['bam', 1.5], ['sus', 1.5],
  ['urd', 1.5], ['spa', 1.5], ['mon', 1.5], ['che', 1.5], ['aze', 1.5], ['ary', 1.5], ['wol', 1], ['por', 1], ['cmn', 1], ['srp', 1],
  ['apc', 1], ['kab', 1], ['fas', 1], ['ukr', 1], ['pan', 0.5], ['vie', 0.5], ['tam', 0.5], ['bul', 0.5], ['swh', 0.5], ['rmy', 0.5],
  ['snk', 0.5], ['orm', 0.5], ['mkd', 0.3], ['hin', 0.3], ['yue', 0.3], ['lub', 0.3], ['dyu', 0.3], ['apd', 0.3], ['ita', 0.2],
];
const UKRAINE_FROM = '2022-03-01';

const DAY_HOURS: Array<[number, number]> = [[8, 1], [9, 3], [10, 3], [11, 3], [12, 1], [13, 1.5], [14, 3], [15, 3], [16, 2.5], [17, 1.5], [18, 0.7]];
const BATCH = 10_000;
const ZONE = 'Europe/Paris';

export class HistoryRefused extends Error {}

export interface HistoryOptions {
  year: number;
  /** Multiplies the number of sessions (benchmarks); the structures stay the same. */
  scale?: number;
  log?: (message: string) => void;
}

export interface HistorySummary {
  year: number;
  scale: number;
  structures: number;
  sessions: number;
  hours: number;
  euros: number;
  passCostShare: number;
  passStructureShare: number;
  seconds: number;
}

interface Beneficiary {
  id: string;
  name: string;
  type: StructureType;
  department: string;
  weight: number;
  /** Day of the year of its first session: a few structures join during the year. */
  debut: number;
}

interface Interpreter {
  id: string;
  agencyId: string;
  languages: string[];
  modalities: Modality[];
  departments: string[];
  tariffs: Tariff[];
}

/** The demo directory, a year of priced sessions through the ledger, and that year's budget. */
export async function seedHistory(options: HistoryOptions): Promise<HistorySummary> {
  const started = performance.now();
  const { year, scale = 1, log = () => {} } = options;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HistoryRefused(`the year must be from 2000 to 2100, not ${year}`);
  if (!(scale > 0)) throw new HistoryRefused(`the scale must be a positive number, not ${scale}`);
  await ensureDemoData(log);
  if (await historyExists(year)) throw new HistoryRefused(`the ledger already holds the ${year} history: refusing to seed it twice`);
  const random = mulberry32(year);
  const structures = await beneficiaries(random, log);
  const interpreters = await demoInterpreters();
  const recorded = await recordYear({ year, scale, random, structures, interpreters, log });
  if (recorded.landed !== recorded.sessions) log(`warning: ${recorded.sessions - recorded.landed} entries were already in the ledger`);
  await setBudget(await demoAuditor(), year, scale, recorded.consumed, random);
  log(`budget ${year}: envelope and ${recorded.consumed.size} allocations set`);
  const summary = summarise(year, scale, structures, recorded, started);
  log(`history ${year} x${scale}: ${summary.structures} structures, ${summary.sessions} sessions, ${summary.hours.toFixed(1)} h, `
    + `${summary.euros.toFixed(2)} EUR, PASS ${(summary.passCostShare * 100).toFixed(1)} % of the spend and `
    + `${(summary.passStructureShare * 100).toFixed(1)} % of the structures, in ${summary.seconds.toFixed(1)} s`);
  return summary;
}

/** Same rule as seed:demo: seed an empty database, use a demo one, refuse one with other users. */
async function ensureDemoData(log: (message: string) => void): Promise<void> {
  if (await UserModel.exists({ email: 'admin@demo.test' })) return;
  if ((await countUsers()) > 0) throw new HistoryRefused('this database already holds non-demo users: refusing to add demo accounts and history to it');
  log('seeding the demo directory first');
  await seedDemo();
}

/** One read by _id in the common case: the year's first chain position holds the first history entry. */
async function historyExists(year: number): Promise<boolean> {
  const first = await LedgerModel.findById(`${year}-01:1`).select('key').lean<{ key: string }>();
  if (!first) return false;
  if (first.key.startsWith(`history:${year}:`)) return true;
  return (await LedgerModel.exists({ key: `history:${year}:0` })) !== null;
}

async function beneficiaries(random: () => number, log: (message: string) => void): Promise<Beneficiary[]> {
  const existing = await structureSummaries();
  // The demo's structures are those of its requester accounts, one `@demo.test` team each.
  const requesters = await UserModel.find({ role: 'requester' }).select('email structureId').lean();
  const demoIds = new Set(requesters.filter((u) => u.email.endsWith('@demo.test') && u.structureId).map((u) => u.structureId!.toString()));
  const demo = existing.filter((s) => demoIds.has(s.id));
  const byName = new Map(existing.map((s) => [s.name, s]));
  const more = [];
  for (const [name, type, department] of MORE_STRUCTURES) more.push(byName.get(name) ?? (await createStructure({ name, type, department })));
  log(`beneficiary structures: ${demo.length} of the demo, ${MORE_STRUCTURES.length} more (${MORE_STRUCTURES.filter(([name]) => !byName.has(name)).length} created)`);
  const all = [...demo, ...more];
  if (new Set(all.map((s) => s.id)).size !== TARGETS.structures) throw new Error(`expected ${TARGETS.structures} beneficiary structures, found ${all.length}`);
  return all.map((s, index) => {
    const type = s.type as StructureType;
    const big = type === 'PASS' && BIG_PASS.some((part) => s.name.includes(part)) ? 3 : 1;
    const weight = TYPE_WEIGHT[type] * (DEPARTMENT_WEIGHT[s.department] ?? 1) * big * Math.exp(0.5 * normal(random));
    const debut = index >= demo.length && random() < 0.15 ? 30 + Math.floor(random() * 250) : 0;
    return { id: s.id, name: s.name, type, department: s.department, weight, debut };
  });
}

async function demoInterpreters(): Promise<Interpreter[]> {
  const docs = await UserModel.find({ role: 'interpreter', active: true }).lean();
  const demo = docs.filter((doc) => doc.email.endsWith('@demo.test') && doc.interpreter && doc.agencyId);
  const tariffs = new Map<string, Tariff[]>();
  for (const agencyId of new Set(demo.map((doc) => doc.agencyId!.toString()))) tariffs.set(agencyId, await tariffVersions(agencyId));
  return demo.map((doc) => ({
    id: doc._id.toString(),
    agencyId: doc.agencyId!.toString(),
    languages: doc.interpreter!.languages,
    modalities: doc.interpreter!.modalities as Modality[],
    departments: doc.interpreter!.departments,
    tariffs: tariffs.get(doc.agencyId!.toString())!,
  }));
}

async function demoAuditor(): Promise<Actor> {
  const user = await UserModel.findOne({ email: 'ars@demo.test' }).lean();
  if (!user) throw new Error('the demo auditor ars@demo.test is missing');
  return { userId: user._id.toString(), sessionId: 'seed-history', role: 'auditor', name: user.name, email: user.email };
}

interface Day {
  index: number;
  date: string;
  weight: number;
  workday: boolean;
  /** Start of each local hour, in UTC milliseconds. */
  hours: number[];
}

/** The year's Paris days, weighted: weekdays, a trickle on weekends and holidays, August and Christmas lower, slow growth. */
function daysOf(year: number): Day[] {
  const days: Day[] = [];
  for (let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: ZONE }), index = 0; day.year === year; day = day.plus({ days: 1 }), index += 1) {
    const date = day.toISODate()!;
    // The twelve departments follow the national calendar.
    const holiday = publicHoliday(date, '69') !== undefined;
    let weight = holiday ? 0.04 : day.weekday === 7 ? 0.025 : day.weekday === 6 ? 0.08 : 1;
    if (day.month === 8) weight *= 0.75;
    if (day.month === 12 && day.day >= 24) weight *= 0.6;
    weight *= 0.92 + (0.16 * index) / 365;
    const hours = Array.from({ length: 24 }, (_, hour) => day.set({ hour }).toMillis());
    days.push({ index, date, weight, workday: !holiday && day.weekday <= 5, hours });
  }
  return days;
}

interface YearRecorded {
  sessions: number;
  /** Billed minutes. */
  minutes: number;
  cents: number;
  passCents: number;
  /** Entries that landed now (a key recorded before does not land again). */
  landed: number;
  /** Cost per structure. */
  consumed: Map<string, number>;
}

interface YearToRecord {
  year: number;
  scale: number;
  random: () => number;
  structures: Beneficiary[];
  interpreters: Interpreter[];
  log: (message: string) => void;
}

/**
 * Sessions day by day until the billed hours reach the target, steered as they go: each session's
 * structure group keeps the running PASS share of the spend at its target, and its modality keeps the
 * running cost per billed hour near the target's.
 */
async function recordYear({ year, scale, random, structures, interpreters, log }: YearToRecord): Promise<YearRecorded> {
  const targetMinutes = TARGETS.hours * 60 * scale;
  const centsPerMinute = TARGETS.costCents / (TARGETS.hours * 60);
  const totals = { sessions: 0, minutes: 0, cents: 0, passCents: 0 };
  const consumed = new Map<string, number>();
  const groups = { pass: structurePicker(structures.filter((s) => s.type === 'PASS'), random), others: structurePicker(structures.filter((s) => s.type !== 'PASS'), random) };
  const spoken = new Set(interpreters.flatMap((i) => i.languages));
  const languages = LANGUAGES.filter(([code]) => spoken.has(code));
  const fromMarch = languages.map(([code, w]) => [code, code === 'ukr' ? 7 : w] as [string, number]);
  // Each structure sees its own population: a handful of languages at a small practice, dozens at a big PASS.
  const heaviest = Math.max(...structures.map((s) => s.weight));
  const languagesOf = new Map(structures.map((s) => {
    const own = new Set(sample(fromMarch, Math.round(6 + 24 * Math.sqrt(s.weight / heaviest)), random));
    const pick = (mix: Array<[string, number]>) => weighted(mix.filter(([code]) => own.has(code)), random);
    return [s.id, { beforeMarch: pick(languages), fromMarch: pick(fromMarch) }];
  }));
  const pickHour = weighted(DAY_HOURS, random);
  const specialties = Object.fromEntries(Object.entries(SPECIALTY_MIX).map(([type, mix]) => [type, weighted(mix, random)])) as Record<StructureType, () => SpecialtyCode>;
  const findInterpreter = interpreterFinder(interpreters, random);

  function session(day: Day): NewEntry {
    const passShort = totals.passCents < TARGETS.passCostShare * totals.cents;
    const structure = (random() < (passShort ? 0.8 : 0.2) ? groups.pass : groups.others).pick();
    const evening = random() < (day.workday ? 0.03 : 0.12);
    const ownLanguages = languagesOf.get(structure.id)!;
    const language = (day.date >= UKRAINE_FROM ? ownLanguages.fromMarch : ownLanguages.beforeMarch)();
    let modality = evening ? 'phone' : modalityFor(structure.type, totals.cents > centsPerMinute * totals.minutes, random);
    // Sign language cannot be done by phone.
    if (language === 'fsl' && modality === 'phone') modality = 'video';
    let interpreter = findInterpreter(language, modality, structure.department);
    if (!interpreter) {
      modality = 'video';
      interpreter = findInterpreter(language, modality, structure.department)!;
    }
    const step = modality === 'phone' ? 5 : 15;
    const hour = evening ? (random() < 0.7 ? 20 : 21) : pickHour();
    const start = new Date(day.hours[hour]! + Math.floor(random() * (60 / step)) * step * 60_000);
    const tariff = tariffFor(interpreter.tariffs, start);
    const priced = { modality, start, department: structure.department };
    const roll = evening ? 1 : random();
    let kind: NewEntry['kind'] = 'session';
    let worked = 0;
    let price: Price;
    if (roll < 0.03) {
      kind = 'no_show';
      price = priceNoShow(tariff, { ...priced, durationMinutes: bookedMinutes(modality, random) });
    } else if (roll < 0.05) {
      kind = 'late_cancellation';
      const cancelledAt = new Date(start.getTime() - Math.round((1 + random() * 20) * 60) * 60_000);
      price = priceCancellation(tariff, { ...priced, durationMinutes: bookedMinutes(modality, random), cancelledAt, wasAssigned: true })!;
    } else {
      worked = workedMinutes(modality, random);
      price = priceSession(tariff, { ...priced, minutes: worked });
    }
    const entry: NewEntry = {
      key: `history:${year}:${totals.sessions}`,
      kind,
      at: new Date(start.getTime() + worked * 60_000),
      structureId: structure.id,
      agencyId: interpreter.agencyId,
      interpreterId: interpreter.id,
      language,
      modality,
      specialty: specialties[structure.type](),
      day: day.date,
      sessions: 1,
      workedMinutes: worked,
      billedMinutes: price.billedMinutes,
      costCents: price.costCents,
      committedCents: 0,
      tariffVersion: tariff.version,
    };
    totals.sessions += 1;
    totals.minutes += price.billedMinutes;
    totals.cents += price.costCents;
    if (structure.type === 'PASS') totals.passCents += price.costCents;
    consumed.set(structure.id, (consumed.get(structure.id) ?? 0) + price.costCents);
    return entry;
  }

  // One batch is written while the next one is generated.
  let writing: Promise<unknown> = Promise.resolve();
  let landed = 0;
  let batch: NewEntry[] = [];
  const flush = async () => {
    await writing;
    writing = recordEntries(batch).then((entries) => (landed += entries.length));
    batch = [];
  };
  const days = daysOf(year);
  const totalWeight = days.reduce((sum, day) => sum + day.weight, 0);
  let dayTarget = 0;
  for (const day of days) {
    dayTarget = day.index === days.length - 1 ? targetMinutes : dayTarget + (targetMinutes * day.weight) / totalWeight;
    groups.pass.openTo(day.index);
    groups.others.openTo(day.index);
    while (totals.minutes < dayTarget) {
      batch.push(session(day));
      if (batch.length >= BATCH) await flush();
    }
    // Entries of one month go in one chain: never mix two in a batch.
    if (day.date.slice(0, 7) !== days[day.index + 1]?.date.slice(0, 7)) {
      await flush();
      log(`${day.date.slice(0, 7)}: ${totals.sessions} sessions generated`);
    }
  }
  await writing;
  return { ...totals, landed, consumed };
}

function modalityFor(type: StructureType, tooDear: boolean, random: () => number): Modality {
  const [phone, video, onsite] = MODALITY_MIX[type];
  // Phone is the cheapest hour, on site the dearest: lean one way or the other to hold the average.
  const p = phone * (tooDear ? 2 : 0.5);
  const o = onsite * (tooDear ? 0.5 : 2);
  const r = random() * (p + video + o);
  return r < p ? 'phone' : r < p + video ? 'video' : 'onsite';
}

/** Minutes really worked: phone short, on site long, video between. */
function workedMinutes(modality: Modality, random: () => number): number {
  if (modality === 'phone') return Math.round(triangular(random, 5, 15, 50));
  if (modality === 'video') return Math.round(triangular(random, 20, 40, 80));
  return Math.round(triangular(random, 40, 70, 150));
}

function bookedMinutes(modality: Modality, random: () => number): number {
  if (modality === 'phone') return 30;
  if (modality === 'video') return 45;
  return [60, 90, 120][Math.floor(random() * 3)]!;
}

/** Picks within a group by weight, each structure's first session on its debut day or the first day after. */
function structurePicker(members: Beneficiary[], random: () => number) {
  const waiting = [...members].sort((a, b) => a.debut - b.debut);
  const open: Beneficiary[] = [];
  const unused: Beneficiary[] = [];
  let pickOpen = () => open[0]!;
  return {
    openTo(dayIndex: number) {
      if (!(waiting[0] && waiting[0].debut <= dayIndex)) return;
      while (waiting[0] && waiting[0].debut <= dayIndex) {
        open.push(waiting[0]);
        unused.push(waiting.shift()!);
      }
      pickOpen = weighted(open.map((s) => [s, s.weight] as [Beneficiary, number]), random);
    },
    pick(): Beneficiary {
      if (unused.length > 0) return unused.splice(Math.floor(random() * unused.length), 1)[0]!;
      return pickOpen();
    },
  };
}

/** A demo interpreter who speaks the language and works in the modality; on site, one covering the department when there is one. */
function interpreterFinder(interpreters: Interpreter[], random: () => number) {
  const cache = new Map<string, Interpreter[]>();
  return (language: string, modality: Modality, department: string): Interpreter | undefined => {
    const key = `${language}|${modality}|${department}`;
    let candidates = cache.get(key);
    if (!candidates) {
      candidates = interpreters.filter((i) => i.languages.includes(language) && i.modalities.includes(modality));
      const near = candidates.filter((i) => i.departments.includes(department));
      if (modality === 'onsite' && near.length > 0) candidates = near;
      cache.set(key, candidates);
    }
    return candidates.length > 0 ? candidates[Math.floor(random() * candidates.length)] : undefined;
  };
}

/**
 * The envelope, and allocations summing to 95 % of it in proportion to each structure's consumption
 * with some spread, so that some structures end the year over their allocation and some well under.
 */
async function setBudget(auditor: Actor, year: number, scale: number, consumed: Map<string, number>, random: () => number): Promise<void> {
  const at = DateTime.fromObject({ year, month: 1, day: 10, hour: 10 }, { zone: ZONE }).toJSDate();
  const envelope = Math.round(TARGETS.envelopeCents * scale);
  await setEnvelope(auditor, year, envelope, at);
  const wanted = [...consumed].map(([id, cents]) => [id, cents / triangular(random, 0.62, 0.95, 1.3)] as const);
  const factor = (TARGETS.allocatedShare * envelope) / wanted.reduce((sum, [, cents]) => sum + cents, 0);
  // Round hundreds of euros, as allocations are voted.
  for (const [id, cents] of wanted) await setAllocation(auditor, year, id, Math.max(10_000, Math.round((cents * factor) / 10_000) * 10_000), at);
}

/**
 * The year as recorded. Not read back through the reports: on FerretDB v1 over SQLite each roll-up
 * read scans the whole ledger (see the report), which is minutes at benchmark scales.
 */
function summarise(year: number, scale: number, structures: Beneficiary[], recorded: YearRecorded, started: number): HistorySummary {
  const pass = structures.filter((s) => s.type === 'PASS' && recorded.consumed.has(s.id));
  return {
    year,
    scale,
    structures: recorded.consumed.size,
    sessions: recorded.sessions,
    hours: recorded.minutes / 60,
    euros: recorded.cents / 100,
    passCostShare: recorded.passCents / recorded.cents,
    passStructureShare: pass.length / recorded.consumed.size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A tiny deterministic generator (mulberry32), so that every history of a year is the same. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function triangular(random: () => number, min: number, mode: number, max: number): number {
  const u = random();
  const split = (mode - min) / (max - min);
  return u < split ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

/** `count` distinct items drawn with probability proportional to their weight (Efraimidis-Spirakis). */
function sample<T>(items: ReadonlyArray<readonly [T, number]>, count: number, random: () => number): T[] {
  const keyed = items.map(([item, weight]) => [item, random() ** (1 / weight)] as const);
  return keyed.sort((a, b) => b[1] - a[1]).slice(0, count).map(([item]) => item);
}

function weighted<T>(items: ReadonlyArray<readonly [T, number]>, random: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of items) cumulative.push((total += weight));
  return () => {
    const r = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > r) high = mid;
      else low = mid + 1;
    }
    return items[low]![0];
  };
}
