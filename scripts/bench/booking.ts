import { DateTime } from 'luxon';
import { io as connect, type Socket } from 'socket.io-client';
import { dispatchHandlers } from '../../server/booking/dispatch';
import { OfferModel, RequestModel } from '../../server/booking/store';
import { subscribe } from '../../server/notify/events';
import { JobRunner } from '../../server/platform/jobs';
import { JobModel } from '../../server/platform/jobs-store';
import { api, ms, stats } from './harness';
import { aRequester, manyInterpreters } from './world';

const parisAt = (days: number, hour: number, minute = 0) =>
  DateTime.now().setZone('Europe/Paris').plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;

/** POST /api/requests end to end against the median of a one-document read, interleaved in one run. */
export async function benchCreateVersusRead(base: string, rounds = 300) {
  await manyInterpreters(20, 'ara');
  const requester = await aRequester(base);
  const created: number[] = [];
  const read: number[] = [];
  let lastId = '';
  for (let i = 0; i < rounds + 20; i += 1) {
    let t = performance.now();
    const res = await api(base, 'POST', '/api/requests', requester.token, { language: 'ara', modality: 'video', start: parisAt(3 + (i % 20), 8 + (i % 10), (i * 5) % 60), durationMinutes: 60 });
    const createMs = performance.now() - t;
    if (res.status !== 201) throw new Error(`POST /api/requests answered ${res.status}: ${JSON.stringify(res.body)}`);
    lastId = res.body.id;
    t = performance.now();
    const one = await api(base, 'GET', `/api/requests/${lastId}`, requester.token);
    const readMs = performance.now() - t;
    if (one.status !== 200) throw new Error(`GET answered ${one.status}`);
    if (i >= 20) {
      created.push(createMs);
      read.push(readMs);
    }
  }
  const c = stats(created);
  const r = stats(read);
  return { create: c, read: r, ratio: c.median / r.median };
}

/** 50 interpreters hold an offer for the same request and all accept at once; repeated `rounds` times. */
export async function benchAcceptRace(base: string, rounds = 100, contenders = 50) {
  const { interpreters } = await manyInterpreters(contenders, 'tir');
  const requester = await aRequester(base);
  const winnersPerRound: number[] = [];
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Each round at another hour, so that earlier winners stay free and only the race decides.
    const res = await api(base, 'POST', '/api/requests', requester.token, { language: 'tir', modality: 'video', start: parisAt(30 + Math.floor(round / 10), 8 + (round % 10)), durationMinutes: 45 });
    if (res.status !== 201) throw new Error(`booking failed: ${res.status}`);
    const doc = (await RequestModel.findById(res.body.id).lean())!;
    const offers = await OfferModel.insertMany(interpreters.map((i) => ({ requestId: doc._id, interpreterId: i.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt: doc.start })));
    const t = performance.now();
    const answers = await Promise.all(offers.map((offer, k) => api(base, 'POST', `/api/offers/${offer._id.toString()}/accept`, interpreters[k]!.token)));
    durations.push(performance.now() - t);
    const statuses = answers.map((a) => a.status);
    const unexpected = statuses.filter((s) => s !== 200 && s !== 409);
    if (unexpected.length > 0) throw new Error(`accept answered ${unexpected.join(',')}`);
    winnersPerRound.push(statuses.filter((s) => s === 200).length);
  }
  const exactlyOne = winnersPerRound.filter((n) => n === 1).length;
  return { rounds, contenders, exactlyOne, winnersPerRound: [...new Set(winnersPerRound)], race: stats(durations) };
}

/**
 * A "now" offer to 500 connected interpreters: from dispatch handing the offers to socket.io to
 * `offer:new` on each socket, and, as information, from the start of the wave (ranking and writing
 * the 500 offers included).
 */
export async function benchOfferFanOut(base: string, sockets = 500, rounds = 5) {
  const { interpreters } = await manyInterpreters(sockets, 'kat');
  const requester = await aRequester(base);
  const received = new Map<string, number>();
  const clients: Socket[] = [];
  let pending = 0;
  const latencies: number[] = [];
  const sincePublish: number[] = [];
  let t0 = 0;
  let published = 0;
  // When dispatch hands the first offer of a round to socket.io: the fan-out is measured from there.
  const unsubscribe = subscribe((event) => {
    if (event.name === 'offer:new' && published === 0) published = performance.now();
  });
  await Promise.all(
    interpreters.map(
      (person) =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(base, { auth: { token: person.token }, transports: ['websocket'], forceNew: true });
          clients.push(socket);
          socket.on('offer:new', () => {
            const at = performance.now();
            latencies.push(at - t0);
            sincePublish.push(at - published);
            pending -= 1;
          });
          socket.once('ready', () => resolve());
          socket.once('connect_error', reject);
        }),
    ),
  );
  // Earlier benchmarks leave their requests' waves due: only this benchmark's waves are to run here.
  await JobModel.deleteMany({});
  const runner = new JobRunner(dispatchHandlers(), { owner: 'bench', lane: 'immediate' });
  for (let round = 0; round < rounds; round += 1) {
    const res = await api(base, 'POST', '/api/requests', requester.token, { language: 'kat', modality: 'phone', start: 'now', durationMinutes: 15 });
    if (res.status !== 201) throw new Error(`booking failed: ${res.status}`);
    pending = sockets;
    published = 0;
    t0 = performance.now();
    await runner.runDue();
    const deadline = Date.now() + 10_000;
    while (pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    received.set(res.body.id, sockets - pending);
    await RequestModel.updateOne({ _id: res.body.id }, { $set: { status: 'cancelled' } });
    await OfferModel.updateMany({ requestId: res.body.id }, { $set: { status: 'withdrawn' } });
  }
  for (const socket of clients) socket.disconnect();
  unsubscribe();
  return { sockets, rounds, delivered: [...received.values()], fromWave: stats(latencies), fromPublish: stats(sincePublish) };
}

export const describeStats = (s: ReturnType<typeof stats>) => `median ${ms(s.median)}, p95 ${ms(s.p95)} (n=${s.n})`;
