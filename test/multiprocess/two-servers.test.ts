import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { io as connect, type Socket } from 'socket.io-client';
import { engineBinaryPath, startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';
import { startPlatform, type Platform } from '../e2e/support';
import { startRedis } from './support';

// Two server processes on one database, joined by Redis: what one process emits reaches the sockets the
// other holds, durable jobs run once between them, and rate limits are counted once for both.

const INTERPRETERS = Array.from({ length: 44 }, (_, i) => `interp${String(i + 1).padStart(2, '0')}@demo.test`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Two server processes behind one database and Redis', function () {
  this.timeout(180_000);
  let scratch: string;
  let engine: RunningEngine;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: Platform;
  let b: Platform;
  const sockets: Socket[] = [];

  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'two-servers-'));
    engine = await startEmbeddedEngine(engineBinaryPath(), scratch);
    redis = await startRedis();
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { env: { ...process.env, MONGODB_URI: engine.uri, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    expect(seeded.status, seeded.stderr).to.equal(0);
    const env = { MONGODB_URI: engine.uri, REDIS_URL: redis.url, BOOKING_MAX_PER_MINUTE: '30' };
    [a, b] = await Promise.all([
      startPlatform({ ...env, LOG_FILE: 'test-output/process-a.log' }, { dataDir: path.join(scratch, 'a') }),
      startPlatform({ ...env, LOG_FILE: 'test-output/process-b.log' }, { dataDir: path.join(scratch, 'b') }),
    ]);
  });
  after(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await engine?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  const open = async (platform: Platform, email: string) => {
    const socket = connect(platform.url, { auth: { token: await platform.token(email) }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  it('offers created while interpreters are connected to process B all reach them, whichever process dispatched; a booking through A is seen live by the requester on B, and the acceptance through B by the requester on A', async () => {
    const received = new Map<string, Set<string>>();
    for (const email of INTERPRETERS) {
      const socket = await open(b, email);
      socket.on('offer:new', (offer: { id: string }) => received.set(email, (received.get(email) ?? new Set()).add(offer.id)));
    }
    const requesterOnB = await open(b, 'pass.lyon@demo.test');
    const requesterOnA = await open(a, 'pass.lyon@demo.test');
    const seenOnB: { id: string; status: string }[] = [];
    const seenOnA: { id: string; status: string }[] = [];
    requesterOnB.on('request:updated', (r: { id: string; status: string }) => seenOnB.push(r));
    requesterOnA.on('request:updated', (r: { id: string; status: string }) => seenOnA.push(r));

    const token = await a.token('pass.lyon@demo.test');
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const start = DateTime.now().setZone('Europe/Paris').plus({ days: 3 + i }).set({ hour: 10, minute: 0 });
      const res = await a.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ara', modality: 'video', start: start.toISO(), durationMinutes: 45 });
      expect(res.status).to.equal(201);
      ids.push(res.body.id);
    }
    // Every offer that exists, as each interpreter reads theirs.
    let offers: { email: string; id: string; requestId: string }[] = [];
    for (let attempt = 0; attempt < 40; attempt += 1) {
      offers = [];
      for (const email of INTERPRETERS) {
        for (const o of (await b.api<{ id: string; requestId: string }[]>(await b.token(email), 'GET', '/api/offers')).body) offers.push({ email, ...o });
      }
      if (ids.every((id) => offers.filter((o) => o.requestId === id).length === 3)) break;
      await sleep(500);
    }
    for (const id of ids) expect(offers.filter((o) => o.requestId === id).length, `request ${id}: wave 1 offered to 3, once`).to.equal(3);
    await sleep(500);
    const missed = offers.filter((o) => !received.get(o.email)?.has(o.id));
    expect(missed, 'offers that never reached the socket on B').to.deep.equal([]);
    for (const id of ids) expect(seenOnB.some((r) => r.id === id && r.status === 'open'), `booking ${id} seen on B`).to.equal(true);

    const first = offers.find((o) => o.requestId === ids[0])!;
    expect((await b.api(await b.token(first.email), 'POST', `/api/offers/${first.id}/accept`)).status).to.equal(200);
    for (let i = 0; i < 40 && !seenOnA.some((r) => r.id === ids[0] && r.status === 'assigned'); i += 1) await sleep(100);
    expect(seenOnA.some((r) => r.id === ids[0] && r.status === 'assigned'), 'acceptance through B seen on A').to.equal(true);
  });

  it('durable jobs ran once between the two processes: nobody holds two offers for one request', async () => {
    // The waves of the first test were polled for by both processes; each request got exactly 3 offers
    // there (a wave run twice offers to 3 more). Here, read through the other process: no offer twice.
    const seen = new Map<string, number>();
    for (const email of INTERPRETERS) {
      for (const o of (await a.api<{ requestId: string }[]>(await a.token(email), 'GET', '/api/offers')).body) {
        const key = `${email}|${o.requestId}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    expect([...seen.values()].every((n) => n === 1)).to.equal(true);
  });

  it('the booking limit is counted once for both processes', async () => {
    const tokenA = await a.token('gp.vichy@demo.test');
    const tokenB = await b.token('gp.vichy@demo.test');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) {
      const platform = i % 2 === 0 ? a : b;
      const start = DateTime.now().setZone('Europe/Paris').plus({ days: 40, hours: i }).set({ minute: 0 });
      statuses.push((await platform.api(i % 2 === 0 ? tokenA : tokenB, 'POST', '/api/requests', { language: 'rus', modality: 'video', start: start.toISO(), durationMinutes: 30 })).status);
    }
    expect(statuses.filter((s) => s === 201).length, '30 a minute in all, not 30 per process').to.equal(30);
    expect(statuses.slice(30)).to.deep.equal([429, 429]);
  });
});
