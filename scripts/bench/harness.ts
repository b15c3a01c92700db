import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createApp } from '../../server/app';
import { billingHandlers } from '../../server/billing/charges';
import { bookingHandlers } from '../../server/booking/handlers';
import { admitGuest, attachCalls } from '../../server/calls/signalling';
import { attachLive } from '../../server/notify/live';
import { loadConfig } from '../../server/platform/config';
import { connectMongoose } from '../../server/platform/db';
import { requireEngineBinary, startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';
import { JobRunner } from '../../server/platform/jobs';
import { LANES } from '../../server/platform/jobs-store';
import { createLogger } from '../../server/platform/logger';

/**
 * The server as `npm start` runs it (HTTP, socket.io, one database), on a loopback port, for measuring;
 * with `workers`, also its job runners (dispatch waves, deadlines), as in server/main.ts.
 */
export async function startBenchServer(options: { workers?: boolean } = {}) {
  let engine: RunningEngine | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sante-bench-'));
    engine = await startEmbeddedEngine(await requireEngineBinary(), dataDir);
    uri = engine.uri;
  }
  await connectMongoose(uri, `bench_${Date.now().toString(36)}`);
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', BOOKING_MAX_PER_MINUTE: '1000000' });
  const logger = createLogger('silent');
  const server = http.createServer(createApp(config, logger));
  const live = attachLive(server, logger, undefined, undefined, admitGuest);
  const calls = attachCalls(live.io, config.calls, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runners = options.workers
    ? LANES.map((lane) => new JobRunner({ ...bookingHandlers(), ...billingHandlers() }, { owner: 'bench', lane, pollMs: lane === 'immediate' ? 250 : 500, concurrency: 2 }))
    : [];
  for (const runner of runners) runner.start();
  return {
    base,
    enginePid: engine?.pid,
    async close() {
      await Promise.all(runners.map((runner) => runner.stop()));
      calls.close();
      await live.close();
      await new Promise((resolve) => server.close(resolve));
      await mongoose.connection.db?.dropDatabase();
      await mongoose.disconnect();
      await engine?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;

export async function api(base: string, method: string, url: string, token: string | undefined, body?: unknown) {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** `call` run `samples` times in a row, after five runs to warm up: its times. */
export async function timed(samples: number, call: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < samples + 5; i += 1) {
    const t = performance.now();
    await call();
    if (i >= 5) times.push(performance.now() - t);
  }
  return stats(times);
}

/** CPU seconds (user + system) the process `pid` has used; NaN without one (an outside MONGODB_URI). */
export async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
