import { DateTime } from 'luxon';
import { OfferModel, RequestModel } from '../../server/booking/store';
import { JobModel, jobs } from '../../server/platform/jobs-store';
import { seedDemoIfEmpty } from '../../server/seed/demo-data';
import { api, cpuSecondsOf, stats, timed } from './harness';
import { aRequester, manyInterpreters } from './world';

// A region's years on the embedded engine (issue: a structure's list and an interpreter's offers grew
// with the database, a "now" request waited behind the backlog of booked work, the engine burnt a core
// at rest). The same calls are measured on an empty database, after a burst of 3,000 bookings, and with
// 20,000 and 40,000 requests (a region's year, and its doubling), in one run.

const LANGUAGES = ['ara', 'prs', 'pus', 'tir', 'sqi', 'rus', 'ron', 'tur', 'kat', 'ben', 'som', 'ful', 'urd', 'cmn', 'spa', 'ukr'];
const MODALITIES = ['phone', 'video'] as const;

type Token = string;
export interface World {
  requesters: Token[];
  /** An interpreter whose live offers stay the same five whatever the database holds. */
  interpreter: Token;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parisAt = (days: number, hour: number, minute: number) =>
  DateTime.now().setZone('Europe/Paris').plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;

let counter = 0;
function aBooking() {
  counter += 1;
  const n = counter;
  return {
    language: LANGUAGES[n % LANGUAGES.length],
    modality: MODALITIES[n % 2],
    start: parisAt(1 + (n % 60), 8 + (n % 10), (n * 7) % 4 * 15),
    durationMinutes: 30 + (n % 3) * 30,
  };
}

/** Posts `count` bookings from all requesters at once; returns how long it took. */
export async function burst(base: string, world: World, count: number): Promise<number> {
  const t = performance.now();
  let left = count;
  await Promise.all(world.requesters.map(async (token) => {
    while (left > 0) {
      left -= 1;
      const res = await api(base, 'POST', '/api/requests', token, aBooking());
      if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  }));
  return performance.now() - t;
}

export interface CallFigures {
  requests: number;
  list: ReturnType<typeof stats>;
  offers: ReturnType<typeof stats>;
  poll: ReturnType<typeof stats>;
  create: ReturnType<typeof stats>;
}

async function measureCalls(base: string, world: World, samples = 60): Promise<CallFigures> {
  const [requester] = world.requesters;
  const list = await timed(samples, async () => {
    const res = await api(base, 'GET', '/api/requests?limit=20', requester);
    if (res.status !== 200 || res.body.length !== 20) throw new Error(`list answered ${res.status} with ${res.body?.length} requests`);
  });
  const offers = await timed(samples, async () => {
    const res = await api(base, 'GET', '/api/offers', world.interpreter);
    if (res.status !== 200 || res.body.length !== 5) throw new Error(`offers answered ${res.status} with ${res.body?.length} offers`);
  });
  // One poll of each lane for due jobs, as the runners make it every 250/500 ms (nothing is due at rest).
  const poll = await timed(samples, async () => {
    await jobs.claim('bench-probe', 'default', new Date(0), 1);
  });
  const create = await timed(Math.floor(samples / 2), async () => {
    const res = await api(base, 'POST', '/api/requests', requester, aBooking());
    if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
  });
  return { requests: await countRequests(), list, offers, poll, create };
}

const countRequests = () => RequestModel.estimatedDocumentCount();

/** Waits until no job is due (the dispatch backlog is done); returns how long that took. */
export async function drain(timeoutMs = 3_600_000): Promise<number> {
  const t = performance.now();
  while (performance.now() - t < timeoutMs) {
    const due = await JobModel.exists({ $or: [{ status: 'pending', runAt: { $lte: new Date() } }, { status: 'running' }] });
    if (!due) return performance.now() - t;
    await sleep(1000);
  }
  throw new Error('the job backlog did not drain');
}

/**
 * The engine's CPU over a minute with no HTTP traffic, as % of one core: the pollers, and the dispatch
 * waves that come due meanwhile (counted by the offers they made, since nobody in the bench accepts).
 */
export async function cpuAtRest(enginePid: number, seconds = 60) {
  const engine0 = await cpuSecondsOf(enginePid);
  const offers0 = await OfferModel.estimatedDocumentCount();
  const node0 = process.cpuUsage();
  await sleep(seconds * 1000);
  const engine = ((await cpuSecondsOf(enginePid)) - engine0) / seconds * 100;
  const nodeUsage = process.cpuUsage(node0);
  return { engine, node: (nodeUsage.user + nodeUsage.system) / 1e6 / seconds * 100, offersMade: (await OfferModel.estimatedDocumentCount()) - offers0 };
}

/** The first offer of "now" Arabic phone requests posted one after another: seconds to the first offer row. */
async function nowRequests(base: string, world: World, count = 10): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    const res = await api(base, 'POST', '/api/requests', world.requesters[i % world.requesters.length], { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 });
    if (res.status !== 201) throw new Error(`"now" booking answered ${res.status}`);
    while (!(await OfferModel.exists({ requestId: res.body.id }))) {
      if (performance.now() - t > 120_000) break;
      await sleep(20);
    }
    seconds.push((performance.now() - t) / 1000);
  }
  return seconds;
}

type AtRest = Awaited<ReturnType<typeof cpuAtRest>>;
const noEngine: AtRest = { engine: NaN, node: NaN, offersMade: 0 };

export interface ScaleResult {
  empty: CallFigures;
  burst: { bookings: number; seconds: number; now: number[]; drainSeconds: number; atRest: AtRest };
  levels: Array<CallFigures & { postSeconds: number; drainSeconds: number; atRest: AtRest }>;
}

export async function benchScale(base: string, enginePid: number | undefined, levels = [20_000, 40_000], log: (line: string) => void = console.log): Promise<ScaleResult> {
  // After the history benchmark (npm run bench -- scale) the demo is there already.
  await seedDemoIfEmpty();
  // Around-the-clock Arabic phone interpreters, so that a "now" request finds someone at any hour.
  await manyInterpreters(10, 'ara');
  const requesters = await Promise.all(Array.from({ length: 10 }, () => aRequester(base)));
  const lone = await manyInterpreters(1, 'sjd');
  const world: World = { requesters: requesters.map((r) => r.token), interpreter: lone.interpreters[0]!.token };
  // The lone interpreter's five offers: five video requests in a language only they speak.
  for (let i = 0; i < 5; i += 1) {
    await api(base, 'POST', '/api/requests', world.requesters[0], { language: 'sjd', modality: 'video', start: parisAt(90 + i, 10, 0), durationMinutes: 60 });
  }
  await burst(base, world, 200); // each structure's list has its 20
  await drain();
  const empty = await measureCalls(base, world);
  log(`empty database (${empty.requests} requests): list ${empty.list.median.toFixed(1)} ms, offers ${empty.offers.median.toFixed(1)} ms, poll ${empty.poll.median.toFixed(2)} ms, create ${empty.create.median.toFixed(1)} ms`);

  const bookings = 3000;
  const burstMs = await burst(base, world, bookings);
  log(`burst: ${bookings} bookings in ${(burstMs / 1000).toFixed(1)} s`);
  const burstEnd = performance.now();
  const now = await nowRequests(base, world);
  log(`"now" requests right after the burst, seconds to the first offer: ${now.map((s) => s.toFixed(2)).join(', ')}`);
  await drain();
  const drainSeconds = (performance.now() - burstEnd) / 1000;
  log(`backlog drained ${drainSeconds.toFixed(0)} s later`);
  const burstRest = enginePid ? await cpuAtRest(enginePid) : noEngine;
  log(`at rest: engine ${burstRest.engine.toFixed(1)} % of a core, server ${burstRest.node.toFixed(1)} %`);

  const result: ScaleResult = { empty, burst: { bookings, seconds: burstMs / 1000, now, drainSeconds, atRest: burstRest }, levels: [] };
  for (const target of levels) {
    const have = await countRequests();
    const postMs = await burst(base, world, Math.max(0, target - have));
    const drained = (await drain()) / 1000;
    const atRest = enginePid ? await cpuAtRest(enginePid) : noEngine;
    const figures = await measureCalls(base, world);
    result.levels.push({ ...figures, postSeconds: postMs / 1000, drainSeconds: drained, atRest });
    log(`${figures.requests} requests (posted in ${(postMs / 1000).toFixed(0)} s, drained ${drained.toFixed(0)} s later): list ${figures.list.median.toFixed(1)} ms, offers ${figures.offers.median.toFixed(1)} ms, poll ${figures.poll.median.toFixed(2)} ms, create ${figures.create.median.toFixed(1)} ms; at rest engine ${atRest.engine.toFixed(1)} %`);
  }
  return result;
}
