import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { runWave } from '../../server/booking/dispatch';
import { OfferModel, RequestModel } from '../../server/booking/store';
import { seedDemo } from '../../server/seed/demo-data';
import { seedHistory } from '../../server/seed/history';
import { api, cpuSecondsOf, stats, timed } from './harness';
import { manyInterpreters } from './world';

// Costs that must not grow with the history (issue 26): a dispatch wave, a booking (its coverage
// included), an interpreter's offers and a structure's list, measured in one database as it gains
// years: the demo alone, then this year's history as `npm start` seeds it, then three earlier years.

const ZONE = 'Europe/Paris';
/** GET /api/offers' default page (API.md). */
const OFFERS_PAGE = Number(process.env.BENCH_OFFERS_PAGE ?? 50);
const DEMO_PASSWORD = 'demo-demo-demo';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parisAt = (days: number, hour: number, minute = 0) =>
  DateTime.now().setZone(ZONE).plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;

/** Database operations mongoose sends while `work` runs, per collection. */
export async function countingOperations<T>(work: () => Promise<T>): Promise<{ result: T; operations: number }> {
  let operations = 0;
  mongoose.set('debug', () => {
    operations += 1;
  });
  try {
    return { result: await work(), operations };
  } finally {
    mongoose.set('debug', false);
  }
}

async function login(base: string, email: string): Promise<string> {
  const res = await api(base, 'POST', '/api/auth/login', undefined, { email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.token;
}

/** A call's cost, measured `samples` times in a row: its times, and per call the engine's CPU and the database operations. */
export interface CallCost {
  time: ReturnType<typeof stats>;
  engineMs: number;
  operations: number;
}
async function costOf(enginePid: number | undefined, samples: number, call: () => Promise<unknown>): Promise<CallCost> {
  const { operations } = await countingOperations(call);
  const engine0 = await cpuSecondsOf(enginePid);
  const time = await timed(samples, call);
  return { time, engineMs: ((await cpuSecondsOf(enginePid)) - engine0) * 1000 / (samples + 5), operations };
}

export interface HistoryWorld {
  base: string;
  enginePid: number | undefined;
  /** PASS Lyon's requester (the demo's busiest structure). */
  requester: string;
  /** An interpreter whose live offers stay the same five whatever the history holds. */
  interpreter: string;
}

let booked = 0;
/** A booking a demo interpreter can take: Arabic by video, over the next four weeks. */
const aBooking = () => {
  booked += 1;
  return { language: 'ara', modality: 'video', start: parisAt(3 + (booked % 28), 8 + (booked % 10), (booked % 4) * 15), durationMinutes: 30 + (booked % 3) * 30 };
};

async function book(world: HistoryWorld, body: object = aBooking()): Promise<string> {
  const res = await api(world.base, 'POST', '/api/requests', world.requester, body);
  if (res.status !== 201) throw new Error(`POST /api/requests answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** The demo with nothing booked yet, PASS Lyon's list filled to its first page, an interpreter with five offers. */
export async function demoWorld(base: string, enginePid: number | undefined): Promise<HistoryWorld> {
  await seedDemo();
  const lone = await manyInterpreters(1, 'smn');
  const world = { base, enginePid, requester: await login(base, 'pass.lyon@demo.test'), interpreter: lone.interpreters[0]!.token };
  for (let i = 0; i < 5; i += 1) await book(world, { language: 'smn', modality: 'video', start: parisAt(90 + i, 10), durationMinutes: 60 });
  for (let i = 0; i < 20; i += 1) await book(world);
  await runWaves(world, await RequestModel.find({ status: 'open', wave: 0 }).distinct('_id'));
  return world;
}

async function runWaves(world: HistoryWorld, ids: unknown[]) {
  for (const id of ids) await runWave({ requestId: String(id), wave: 1 }, new Date());
}

/** Adds `years` full years of history before the earliest one held (this year up to yesterday first, as `npm start` does). */
export async function addHistory(years: number, log: (line: string) => void) {
  const today = DateTime.now().setZone(ZONE);
  for (let k = 0; k < years; k += 1) {
    const held = await RequestModel.findOne({ status: 'completed' }, { start: 1 }).sort({ start: 1 }).lean();
    const year = held ? DateTime.fromJSDate(held.start, { zone: ZONE }).year - 1 : today.year;
    const until = year === today.year ? today.minus({ days: 1 }).toISODate()! : undefined;
    const summary = await seedHistory({ year, until });
    log(`history ${year}: ${summary.requests.requests.toLocaleString('en')} requests, ${summary.sessions.toLocaleString('en')} sessions, in ${summary.seconds.toFixed(0)} s`);
  }
}

export interface HistoryFigures {
  years: number;
  requests: number;
  /** Engine CPU and database operations per first wave, over `waves` booked requests. */
  wave: { engineMs: number; operations: number; wallMs: number; waves: number };
  create: ReturnType<typeof stats>;
  read: ReturnType<typeof stats>;
  /** Engine CPU and operations per booking, over the bookings measured. */
  booking: { engineMs: number; operations: number };
  offers: CallCost;
  list: CallCost;
}

/** One level: each call measured in turn, nothing else running (no job runners: waves are run here). */
export async function measureHistory(world: HistoryWorld, years: number, samples = 40): Promise<HistoryFigures> {
  const { base } = world;
  const created: number[] = [];
  const read: number[] = [];
  const ids: string[] = [];
  let bookingEngine = 0;
  let bookingOperations = 0;
  for (let i = 0; i < samples + 5; i += 1) {
    if (i === 4) bookingOperations = (await countingOperations(() => book(world))).operations;
    let t = performance.now();
    const engine1 = await cpuSecondsOf(world.enginePid);
    const id = await book(world);
    const createMs = performance.now() - t;
    if (i >= 5) bookingEngine += (await cpuSecondsOf(world.enginePid)) - engine1;
    t = performance.now();
    const one = await api(base, 'GET', `/api/requests/${id}`, world.requester);
    if (one.status !== 200) throw new Error(`GET /api/requests/:id answered ${one.status}`);
    if (i >= 5) {
      created.push(createMs);
      read.push(performance.now() - t);
    }
    ids.push(id);
  }
  await sleep(200);
  const engine0 = await cpuSecondsOf(world.enginePid);
  const t = performance.now();
  const { operations } = await countingOperations(() => runWaves(world, ids));
  const wallMs = performance.now() - t;
  const engineMs = ((await cpuSecondsOf(world.enginePid)) - engine0) * 1000;
  const offers = await costOf(world.enginePid, samples, async () => {
    const res = await api(base, 'GET', '/api/offers', world.interpreter);
    if (res.status !== 200 || res.body.length !== 5) throw new Error(`offers answered ${res.status} with ${res.body?.length} offers`);
  });
  const list = await costOf(world.enginePid, samples, async () => {
    const res = await api(base, 'GET', '/api/requests?limit=20', world.requester);
    if (res.status !== 200 || res.body.length !== 20) throw new Error(`list answered ${res.status} with ${res.body?.length} requests`);
  });
  return {
    years,
    requests: await RequestModel.estimatedDocumentCount(),
    wave: { engineMs: engineMs / ids.length, operations: operations / ids.length, wallMs: wallMs / ids.length, waves: ids.length },
    create: stats(created),
    read: stats(read),
    booking: { engineMs: bookingEngine * 1000 / created.length, operations: bookingOperations },
    offers,
    list,
  };
}

/** GET /api/offers for an interpreter holding no live offer, then `count` (a busy day's worth and more). */
export async function benchManyOffers(world: HistoryWorld, count = 150, samples = 30) {
  const [person] = (await manyInterpreters(1, 'smn')).interpreters;
  // The page a person's offers page asks for: the first, at the default size.
  const get = async (live: number) => {
    const res = await api(world.base, 'GET', '/api/offers', person!.token);
    if (res.status !== 200 || res.body.length !== Math.min(live, OFFERS_PAGE)) throw new Error(`offers answered ${res.status} with ${res.body?.length} offers for ${live} live`);
  };
  const empty = await costOf(world.enginePid, samples, () => get(0));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await book(world, { language: 'smn', modality: 'video', start: parisAt(100 + Math.floor(i / 8), 8 + (i % 8)), durationMinutes: 60 }));
  const expiresAt = new Date(Date.now() + 30 * 24 * 3600_000);
  await OfferModel.insertMany(ids.map((requestId) => ({ requestId, interpreterId: person!.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt })));
  const full = await costOf(world.enginePid, samples, () => get(count));
  return { count, empty, full, ratio: full.time.median / empty.time.median };
}
