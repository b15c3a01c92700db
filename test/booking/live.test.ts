import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { announceUsage } from '../../server/billing/announce';
import { recordEntries } from '../../server/billing/ledger';
import { attachLive } from '../../server/notify/live';
import { createLogger } from '../../server/platform/logger';
import { useTestApp } from '../support/app';
import { anEntry } from '../support/billing';
import { bookingWorld, exported, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';

describe('Live updates over socket.io', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let server: http.Server;
  let live: ReturnType<typeof attachLive>;
  let url: string;
  const sockets: Socket[] = [];

  before(async () => {
    w = await bookingWorld(t, 3);
    server = http.createServer(t.app);
    live = attachLive(server, createLogger('silent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    sockets.forEach((s) => s.disconnect());
    await live.close();
  });

  const open = async (auth: string | undefined) => {
    const socket = connect(url, { auth: auth ? { token: auth.replace('Bearer ', '') } : {}, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const next = <T>(socket: Socket, event: string, timeoutMs = 5000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });

  it('refuses a connection without a valid session', async () => {
    const error = await open(undefined).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal('unauthenticated');
    const forged = await open('Bearer forged-token').then(() => undefined, (e: Error) => e);
    expect(forged?.message).to.equal('unauthenticated');
  });

  it('refuses a socket opened from another site’s page, even with a valid session cookie', async () => {
    const token = w.requester.auth.replace('Bearer ', '');
    const socket = connect(url, { extraHeaders: { cookie: `sid=${token}`, origin: 'https://evil.example.com' }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const outcome = await new Promise<string>((resolve) => {
      socket.once('ready', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    expect(outcome).to.equal('refused');
  });

  it('accepts the session cookie of a browser as well as the bearer token', async () => {
    const token = w.requester.auth.replace('Bearer ', '');
    const socket = connect(url, { extraHeaders: { cookie: `sid=${token}` }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const ready = await new Promise<{ role: string }>((resolve, reject) => {
      socket.once('ready', resolve);
      socket.once('connect_error', reject);
    });
    expect(ready.role).to.equal('requester');
  });

  it('interpreters receive offer:new, the requester request:updated on acceptance, the others offer:withdrawn', async () => {
    const requester = await open(w.requester.auth);
    const stranger = await open(w.otherRequester.auth);
    const interpreterSockets = await Promise.all(w.interpreters.map((i) => open(i.auth)));
    const newOffers = interpreterSockets.map((s) => next<{ id: string; requestId: string }>(s, 'offer:new'));
    const strangerHeard: unknown[] = [];
    stranger.on('request:updated', (p) => strangerHeard.push(p));

    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth)
      .send({ language: 'ara', modality: 'video', start: parisIn(2, '10:00'), durationMinutes: 60 });
    await jobRunner(new TestClock()).runDue();
    const offers = await Promise.all(newOffers);
    expect(offers.every((o) => o.requestId === res.body.id)).to.equal(true);

    const updated = next<{ id: string; status: string; interpreter: { name: string } }>(requester, 'request:updated');
    const withdrawn = [1, 2].map((k) => next<{ requestId: string }>(interpreterSockets[k]!, 'offer:withdrawn'));
    const started = Date.now();
    await t.http().post(`/api/offers/${offers[0]!.id}/accept`).set('Authorization', w.interpreters[0]!.auth).expect(200);
    const update = await updated;
    expect(update).to.include({ id: res.body.id, status: 'assigned' });
    expect(update.interpreter.name).to.equal(w.interpreters[0]!.name);
    expect(Date.now() - started).to.be.below(2000);
    expect((await Promise.all(withdrawn)).map((p) => p.requestId)).to.deep.equal([res.body.id, res.body.id]);
    expect(strangerHeard, 'another structure hears nothing').to.deep.equal([]);
    const { offers: stored } = await exported(t, res.body.id, w.requester.auth);
    expect(stored.filter((o: { status: string }) => o.status === 'withdrawn')).to.have.length(2);
    for (const k of [1, 2]) expect(await offerOf(t, w.interpreters[k]!, res.body.id), `gone from ${w.interpreters[k]!.name}'s offers`).to.equal(undefined);
  });

  it('auditors hear usage:recorded once for a burst of ledger entries; requesters and interpreters do not', async () => {
    const stop = announceUsage({ delayMs: 100 });
    try {
      const auditor = await open(w.auditor.auth);
      const others = await Promise.all([open(w.requester.auth), open(w.interpreters[0]!.auth)]);
      const heard: { years: number[]; structureIds: string[] }[] = [];
      auditor.on('usage:recorded', (p: (typeof heard)[number]) => heard.push(p));
      const othersHeard: unknown[] = [];
      others.forEach((s) => s.on('usage:recorded', (p) => othersHeard.push(p)));
      await recordEntries([anEntry('live-1', { structureId: w.structure.id })]);
      await recordEntries([anEntry('live-2', { structureId: w.structure.id, day: '2025-12-31' })]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(heard).to.deep.equal([{ years: [2025, 2026], structureIds: [w.structure.id] }]);
      expect(othersHeard).to.deep.equal([]);
    } finally {
      stop();
    }
  });
});
