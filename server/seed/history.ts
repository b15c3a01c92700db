import { DateTime } from 'luxon';
import type { Modality, SpecialtyCode, StructureType } from '../../shared/enums';
import { setAllocation, setEnvelope } from '../billing/budget';
import { publicHoliday } from '../billing/holidays';
import { hasEntriesBetween, recordEntries, type NewEntry } from '../billing/ledger';
import { priceCancellation, priceNoShow, priceSession, type Price } from '../billing/pricing';
import { tariffFor, type Tariff } from '../billing/tariff';
import { tariffVersions } from '../billing/agency-tariffs';
import { activeInterpreterProfiles } from '../directory/interpreters';
import { createStructure, structureSummaries } from '../directory/structures';
import { allRequesters, countUsers, findUserByEmail } from '../directory/users';
import type { Actor } from '../platform/actor';
import { mulberry32, seedDemo } from './demo-data';
import { BIG_PASS, DAY_HOURS, DEPARTMENT_WEIGHT, LANGUAGES, MODALITY_MIX, MORE_STRUCTURES, SPECIALTY_MIX, TYPE_WEIGHT, UKRAINE_FROM } from './history-data';
import { requestMaker, writeRequests, type GeneratedSession, type RequestRow, type RequestTotals } from './history-requests';
import { normal, sample, triangular, weighted } from './random';

// A past year of completed sessions, steered onto the brief's 2022 figures (ARS Auvergne-Rhône-Alpes):
// 116 beneficiary structures, 12,031 hours, 632,800 EUR, PASS 53 % of the spend and about 30 % of the
// structures. Every session is priced by the live pricing code and lands through the ledger.

export const TARGETS = { structures: 116, hours: 12_031, costCents: 63_280_000, passCostShare: 0.53, envelopeCents: 65_000_000, allocatedShare: 0.95 };

const BATCH = 10_000;
const ZONE = 'Europe/Paris';

export class HistoryRefused extends Error {}

export interface HistoryOptions {
  year: number;
  /** Multiplies the number of sessions (benchmarks); the structures stay the same. */
  scale?: number;
  /** The last Paris date to generate ('YYYY-MM-DD'): the current year up to yesterday, for the demo. */
  until?: string;
  /** Whether to write the requests behind the sessions, and the unfilled and cancelled ones (default true; benchmarks of usage skip them). */
  requests?: boolean;
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
  /** Requests written (0 without them): filled, unfilled, cancelled before assignment. */
  requests: RequestTotals;
  /** filled / (filled + unfilled). */
  fillRate: number;
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
  const { year, scale = 1, until, requests = true, log = () => {} } = options;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HistoryRefused(`the year must be from 2000 to 2100, not ${year}`);
  if (!(scale > 0)) throw new HistoryRefused(`the scale must be a positive number, not ${scale}`);
  await ensureDemoData(log);
  if (await historyExists(year)) throw new HistoryRefused(`the ledger already holds the ${year} history, or other usage of ${year}: refusing to seed it twice`);
  const random = mulberry32(year);
  const structures = await beneficiaries(random, log);
  const interpreters = await demoInterpreters();
  const recorded = await recordYear({ year, scale, until, random, structures, interpreters, log, requests: requests ? requestMaker(year, await requestersOf()) : undefined });
  if (recorded.landed !== recorded.sessions) log(`warning: ${recorded.sessions - recorded.landed} entries were already in the ledger`);
  await setBudget(await demoAuditor(), year, scale, recorded.consumed, random);
  log(`budget ${year}: envelope and ${recorded.consumed.size} allocations set`);
  const summary = summarise(year, scale, structures, recorded, started);
  log(`history ${year} x${scale}: ${summary.structures} structures, ${summary.sessions} sessions, ${summary.hours.toFixed(1)} h, `
    + `${summary.euros.toFixed(2)} EUR, PASS ${(summary.passCostShare * 100).toFixed(1)} % of the spend and `
    + `${(summary.passStructureShare * 100).toFixed(1)} % of the structures; ${summary.requests.requests} requests, `
    + `${(summary.fillRate * 100).toFixed(1)} % filled; in ${summary.seconds.toFixed(1)} s`);
  return summary;
}

/** Same rule as seed:demo: seed an empty database, use a demo one, refuse one with other users. */
async function ensureDemoData(log: (message: string) => void): Promise<void> {
  if (await findUserByEmail('admin@demo.test')) return;
  if ((await countUsers()) > 0) throw new HistoryRefused('this database already holds non-demo users: refusing to add demo accounts and history to it');
  log('seeding the demo directory first');
  await seedDemo();
}

/** The ledger holds usage of that year already, history or not: one indexed read (entries are keyed by the requests they record). */
async function historyExists(year: number): Promise<boolean> {
  return hasEntriesBetween(`${year}-01`, `${year}-12`);
}

/** Each demo structure's requester account, by structure id. */
async function requestersOf(): Promise<Map<string, string>> {
  const users = await allRequesters();
  return new Map(users.filter((u) => u.structureId).map((u) => [u.structureId!, u.id]));
}

async function beneficiaries(random: () => number, log: (message: string) => void): Promise<Beneficiary[]> {
  const existing = await structureSummaries();
  // The demo's structures are those of its requester accounts, one `@demo.test` team each.
  const requesters = await allRequesters();
  const demoIds = new Set(requesters.filter((u) => u.email.endsWith('@demo.test') && u.structureId).map((u) => u.structureId!));
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
  const demo = (await activeInterpreterProfiles()).filter((profile) => profile.email.endsWith('@demo.test'));
  const tariffs = new Map<string, Tariff[]>();
  for (const agencyId of new Set(demo.map((profile) => profile.agencyId))) tariffs.set(agencyId, await tariffVersions(agencyId));
  return demo.map((profile) => ({
    id: profile.id,
    agencyId: profile.agencyId,
    languages: profile.languages,
    modalities: profile.modalities,
    departments: profile.departments,
    tariffs: tariffs.get(profile.agencyId)!,
  }));
}

async function demoAuditor(): Promise<Actor> {
  const user = await findUserByEmail('ars@demo.test');
  if (!user) throw new Error('the demo auditor ars@demo.test is missing');
  return { userId: user.id, sessionId: 'seed-history', role: 'auditor', name: user.name, email: user.email };
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
  requests: RequestTotals;
}

interface YearToRecord {
  year: number;
  scale: number;
  until: string | undefined;
  random: () => number;
  structures: Beneficiary[];
  interpreters: Interpreter[];
  log: (message: string) => void;
  /** Makes the requests behind the sessions; without it, none are written. */
  requests: ReturnType<typeof requestMaker> | undefined;
}

/**
 * Sessions day by day until the billed hours reach the target, steered as they go: each session's
 * structure group keeps the running PASS share of the spend at its target, and its modality keeps the
 * running cost per billed hour near the target's.
 */
async function recordYear({ year, scale, until, random, structures, interpreters, log, requests }: YearToRecord): Promise<YearRecorded> {
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

  function session(day: Day): GeneratedSession {
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
    let booked: number;
    let cancelledAt: Date | undefined;
    let price: Price;
    if (roll < 0.03) {
      kind = 'no_show';
      booked = bookedMinutes(modality, random);
      price = priceNoShow(tariff, { ...priced, durationMinutes: booked });
    } else if (roll < 0.05) {
      kind = 'late_cancellation';
      cancelledAt = new Date(start.getTime() - Math.round((1 + random() * 20) * 60) * 60_000);
      booked = bookedMinutes(modality, random);
      price = priceCancellation(tariff, { ...priced, durationMinutes: booked, cancelledAt, wasAssigned: true })!;
    } else {
      worked = workedMinutes(modality, random);
      price = priceSession(tariff, { ...priced, minutes: worked });
      // What was asked for: the quarter hours the session took.
      booked = Math.max(15, Math.ceil(worked / 15) * 15);
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
    return { entry, start, bookedMinutes: booked, cancelledAt, structure, dayHours: day.hours };
  }

  // One batch is written while the next one is generated.
  let writing: Promise<unknown> = Promise.resolve();
  let landed = 0;
  let batch: NewEntry[] = [];
  let requestBatch: RequestRow[] = [];
  const flush = async () => {
    await writing;
    // Requests first: a run stopped between the two leaves no usage without its request (their ids repeat on a rerun).
    const [entries, rows] = [batch, requestBatch];
    writing = writeRequests(rows).then(() => recordEntries(entries)).then((written) => (landed += written.length));
    batch = [];
    requestBatch = [];
  };
  const days = daysOf(year);
  const totalWeight = days.reduce((sum, day) => sum + day.weight, 0);
  let dayTarget = 0;
  for (const day of days) {
    if (until && day.date > until) break;
    dayTarget = day.index === days.length - 1 ? targetMinutes : dayTarget + (targetMinutes * day.weight) / totalWeight;
    groups.pass.openTo(day.index);
    groups.others.openTo(day.index);
    while (totals.minutes < dayTarget) {
      const made = session(day);
      // With requests, the entry is keyed by its request, as live usage is.
      if (requests) requestBatch.push(...requests.forSession(made));
      batch.push(made.entry);
      if (batch.length >= BATCH) await flush();
    }
    // Entries of one month go in one batch: each batch folds into one roll-up.
    if (day.date.slice(0, 7) !== days[day.index + 1]?.date.slice(0, 7)) {
      await flush();
      log(`${day.date.slice(0, 7)}: ${totals.sessions} sessions generated`);
    }
  }
  if (batch.length > 0) await flush();
  await writing;
  return { ...totals, landed, consumed, requests: requests?.totals ?? { requests: 0, filled: 0, unfilled: 0, cancelledUnassigned: 0 } };
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

/** The year as generated, from the generator's own totals (the test reads it back through the reports). */
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
    requests: recorded.requests,
    fillRate: recorded.requests.filled / Math.max(1, recorded.requests.filled + recorded.requests.unfilled),
    seconds: (performance.now() - started) / 1000,
  };
}
