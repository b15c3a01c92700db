import { DateTime } from 'luxon';
import { DEFAULT_REGION_CODE, type Modality } from '../../shared/enums';
import { regionByCode } from '../../shared/regions';
import { setAllocation, setEnvelope } from '../billing/budget';
import { recordPassedThresholds } from '../billing/budget-alerts';
import { hasEntriesBetween, recordEntries, type NewEntry } from '../billing/ledger';
import { tariffVersions } from '../billing/agency-tariffs';
import type { Tariff } from '../billing/tariff';
import { createStructure, structureSummaries } from '../directory/structures';
import { regionAgencyIds } from '../directory/agencies';
import { activeInterpreterProfiles } from '../directory/interpreters';
import { allRequesters, findUserByEmail } from '../directory/users';
import type { Actor } from '../platform/actor';
import { DEMO_DOMAIN, hasDemo, holdsNonDemoUsers, seedDemo } from './demo-data';
import { MORE_STRUCTURES } from './history-data';
import { requestMaker, writeRequests, type RequestRow, type RequestTotals } from './history-requests';
import { beneficiariesOf, TARGETS, yearOfSessions, type Beneficiary, type HistoryInterpreter, type YearToGenerate } from './history-year';
import { regionLanguages } from './region-languages';
import { mulberry32, triangular } from './random';

// A past year of completed sessions (history-year.ts), written through the ledger with the requests
// behind them (history-requests.ts) and that year's budget.

export { TARGETS };

const BATCH = 10_000;

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
  const interpreters = await demoInterpreters(DEFAULT_REGION_CODE);
  const recorded = await recordYear({ year, scale, until, random, structures, interpreters, log, requests: requests ? requestMaker(year, await requestersOf()) : undefined });
  if (recorded.landed !== recorded.sessions) log(`warning: ${recorded.sessions - recorded.landed} entries were already in the ledger`);
  await setBudget(await demoAuditor('ars@demo.test'), year, scale, recorded.consumed, random);
  // The thresholds the history passed are the past: the budget alerts announce only what comes after.
  await recordPassedThresholds(year);
  log(`budget ${year}: envelope and ${recorded.consumed.size} allocations set`);
  const summary = summarise(year, scale, structures, recorded, started);
  log(`history ${year} x${scale}: ${summary.structures} structures, ${summary.sessions} sessions, ${summary.hours.toFixed(1)} h, `
    + `${summary.euros.toFixed(2)} EUR, PASS ${(summary.passCostShare * 100).toFixed(1)} % of the spend and `
    + `${(summary.passStructureShare * 100).toFixed(1)} % of the structures; ${summary.requests.requests} requests, `
    + `${(summary.fillRate * 100).toFixed(1)} % filled; in ${summary.seconds.toFixed(1)} s`);
  return summary;
}

export interface RegionHistoryOptions {
  /** A region code other than Auvergne-Rhône-Alpes's ('76'), whose demo (region-demo.ts) is in the database. */
  region: string;
  auditorEmail: string;
  year: number;
  /** The last local date to generate ('YYYY-MM-DD'); the budget is set even when that is before the year starts. */
  until?: string;
  log?: (message: string) => void;
}

/**
 * A region's demo year as the default demo's: its demo structures and interpreters, on the brief's
 * figures scaled to its number of structures, its languages, days in its time zone and calendar, and
 * that year's budget. Keys and request ids carry the region, so that regions' years sit side by side.
 */
export async function seedRegionHistory({ region, auditorEmail, year, until, log = () => {} }: RegionHistoryOptions): Promise<HistorySummary> {
  const started = performance.now();
  const { timeZone, departments } = regionByCode(region)!;
  const random = mulberry32(year * 100 + Number.parseInt(region, 10));
  const demoIds = await demoStructureIds();
  const own = (await structureSummaries()).filter((s) => s.region === region && demoIds.has(s.id));
  const scale = own.length / TARGETS.structures;
  const languages = regionLanguages(region).map((code, index, all): [string, number] => [code, all.length - index]);
  const structures = beneficiariesOf(own, own.length, random);
  const recorded = await recordYear({
    year, scale, until, random, log, languages, structures,
    interpreters: await demoInterpreters(region),
    place: { zone: timeZone, department: departments[0]!.code },
    keyPrefix: `history:${year}:${region}`,
    requests: requestMaker(year, await requestersOf(), region),
  });
  // Every structure of the demo gets an allocation, those without sessions yet too.
  const consumed = new Map([...own.map((s): [string, number] => [s.id, 0]), ...recorded.consumed]);
  await setBudget(await demoAuditor(auditorEmail), year, scale, consumed, random);
  await recordPassedThresholds(year);
  return summarise(year, scale, structures, recorded, started);
}

/** Same rule as seed:demo: use the demo of Auvergne-Rhône-Alpes, add it to an empty or demo database, refuse one with other users. */
async function ensureDemoData(log: (message: string) => void): Promise<void> {
  if (await hasDemo(DEFAULT_REGION_CODE)) return;
  if (await holdsNonDemoUsers()) throw new HistoryRefused('this database already holds non-demo users: refusing to add demo accounts and history to it');
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
  const demoIds = await demoStructureIds();
  // Another region's demo may share the database: only this region's structures.
  const demo = existing.filter((s) => demoIds.has(s.id) && s.region === DEFAULT_REGION_CODE);
  const byName = new Map(existing.map((s) => [s.name, s]));
  const more = [];
  for (const [name, type, department] of MORE_STRUCTURES) more.push(byName.get(name) ?? (await createStructure({ name, type, department })));
  log(`beneficiary structures: ${demo.length} of the demo, ${MORE_STRUCTURES.length} more (${MORE_STRUCTURES.filter(([name]) => !byName.has(name)).length} created)`);
  const all = [...demo, ...more];
  if (new Set(all.map((s) => s.id)).size !== TARGETS.structures) throw new Error(`expected ${TARGETS.structures} beneficiary structures, found ${all.length}`);
  return beneficiariesOf(all, demo.length, random);
}

/** The demo's structures: those of its requester accounts, one `@demo.test` team each. */
async function demoStructureIds(): Promise<Set<string>> {
  const requesters = await allRequesters();
  return new Set(requesters.filter((u) => u.email.endsWith(DEMO_DOMAIN) && u.structureId).map((u) => u.structureId!));
}

/** The demo interpreters of a region's agencies. */
async function demoInterpreters(region: string): Promise<HistoryInterpreter[]> {
  const agencies = await regionAgencyIds(region);
  const demo = (await activeInterpreterProfiles()).filter((profile) => profile.email.endsWith(DEMO_DOMAIN) && agencies.has(profile.agencyId));
  const tariffs = new Map<string, Tariff[]>();
  for (const agencyId of new Set(demo.map((profile) => profile.agencyId))) tariffs.set(agencyId, await tariffVersions(agencyId));
  return demo.map((profile) => ({
    id: profile.id,
    agencyId: profile.agencyId,
    languages: profile.languages,
    modalities: profile.modalities as Modality[],
    departments: profile.departments,
    tariffs: tariffs.get(profile.agencyId)!,
  }));
}

async function demoAuditor(email: string): Promise<Actor> {
  const user = await findUserByEmail(email);
  if (!user) throw new Error(`the demo auditor ${email} is missing`);
  return { userId: user.id, sessionId: 'seed-history', role: 'auditor', name: user.name, email: user.email, region: user.region ?? DEFAULT_REGION_CODE };
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

interface YearToRecord extends YearToGenerate {
  log: (message: string) => void;
  /** Makes the requests behind the sessions; without it, none are written. */
  requests: ReturnType<typeof requestMaker> | undefined;
}

/** The year's sessions (history-year.ts) through the ledger, with the requests behind them, a batch at a time. */
async function recordYear({ requests, log, ...toGenerate }: YearToRecord): Promise<YearRecorded> {
  const { totals, steps } = yearOfSessions(toGenerate);
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
  for (const step of steps) {
    if ('monthDone' in step) {
      // Entries of one month go in one batch: each batch folds into one roll-up.
      await flush();
      log(`${step.monthDone}: ${totals.sessions} sessions generated`);
      continue;
    }
    // With requests, the entry is keyed by its request, as live usage is.
    if (requests) requestBatch.push(...requests.forSession(step.session));
    batch.push(step.session.entry);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await writing;
  return { ...totals, landed, requests: requests?.totals ?? { requests: 0, filled: 0, unfilled: 0, cancelledUnassigned: 0 } };
}

/**
 * The envelope, and allocations summing to 95 % of it in proportion to each structure's consumption
 * with some spread, so that some structures end the year over their allocation and some well under.
 */
async function setBudget(auditor: Actor, year: number, scale: number, consumed: Map<string, number>, random: () => number): Promise<void> {
  const zone = regionByCode(auditor.region!)!.timeZone;
  const at = DateTime.fromObject({ year, month: 1, day: 10, hour: 10 }, { zone }).toJSDate();
  const envelope = Math.round(TARGETS.envelopeCents * scale);
  await setEnvelope(auditor, year, envelope, at);
  const wanted = [...consumed].map(([id, cents]) => [id, cents / triangular(random, 0.62, 0.95, 1.3)] as const);
  const wantedCents = wanted.reduce((sum, [, cents]) => sum + cents, 0);
  const factor = wantedCents > 0 ? (TARGETS.allocatedShare * envelope) / wantedCents : 0;
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
