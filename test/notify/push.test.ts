import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { createApp } from '../../server/app';
import { configurePush, offerPush, reconfirmPush, settlePushes, vapidKeys, type OfferToPush, type ReconfirmationToPush } from '../../server/notify/push';
import { createLogger } from '../../server/platform/logger';
import { testConfig, useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import supertest from 'supertest';
import { deviceKeys, startPushService, startSlowEndpoint, type PushService } from './push-service';
import { capturingLogger } from './support';

type World = Awaited<ReturnType<typeof bookingWorld>>;
type Device = { endpoint: string; lastSuccessAt: string | null; failures: number };

describe('Web Push: an interpreter reached with the page closed', () => {
  const t = useTestApp();
  let w: World;
  let pushService: PushService;
  const clock = new TestClock();
  const runner = jobRunner(clock);

  before(async function () {
    this.timeout(60_000);
    w = await bookingWorld(t, 6);
    pushService = await startPushService();
  });
  after(async () => {
    configurePush({});
    await settlePushes();
    await pushService?.close();
  });

  const as = (auth: string) => ({
    get: (url: string) => t.http().get(url).set('Authorization', auth),
    post: (url: string, body: object = {}) => t.http().post(url).set('Authorization', auth).send(body),
    delete: (url: string, body: object) => t.http().delete(url).set('Authorization', auth).send(body),
  });
  /** A browser of this interpreter subscribes at the local push service, and the page posts the subscription. */
  const subscribeAtPushService = async (auth: string) => {
    const { body: key } = await as(auth).get('/api/push/key').expect(200);
    const { subscription, clientHash } = await pushService.subscribe(key.publicKey);
    await as(auth).post('/api/push/subscriptions', { ...subscription, expirationTime: null }).expect(201);
    return { subscription, clientHash };
  };
  const devicesOf = async (auth: string) => (await as(auth).get('/api/push/subscriptions').expect(200)).body as Device[];
  /** Runs the due dispatch jobs, then waits for the pushes they started. */
  const dispatch = async () => {
    await runner.runDue();
    await settlePushes();
  };

  it('a "now" request reaches a subscribed interpreter with no page open: the payload decrypts to the offer, and accepting it assigns the request', async () => {
    const [subscribed, offline] = w.interpreters;
    const { clientHash } = await subscribeAtPushService(subscribed!.auth);
    const { body: request } = await as(w.requester.auth)
      .post('/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30, patientRef: 'AB-12', notes: 'Patient très anxieux' })
      .expect(201);
    await dispatch();

    const messages = await pushService.messages(clientHash);
    expect(messages).to.have.length(1);
    const message = JSON.parse(messages[0]!) as Record<string, unknown>;
    const { body: offers } = await as(subscribed!.auth).get('/api/offers').expect(200);
    expect(offers).to.have.length(1);
    expect(message).to.deep.equal({
      kind: 'offer',
      offerId: offers[0].id,
      expiresAt: offers[0].expiresAt,
      language: 'ara',
      languageName: 'Arabe',
      modality: 'phone',
      immediate: true,
      start: request.start,
      durationMinutes: 30,
      url: '/#/propositions',
    });
    expect(messages[0]).not.to.match(/AB-12|anxieux|patientRef|notes/);
    expect(messages[0], 'not even the request id').not.to.include(request.id);

    // The first wave went to those who can hear it at once: nobody else was offered it yet.
    expect((await as(offline!.auth).get('/api/offers').expect(200)).body).to.deep.equal([]);

    await as(subscribed!.auth).post(`/api/offers/${String(message.offerId)}/accept`).expect(200);
    const { body: assigned } = await as(w.requester.auth).get(`/api/requests/${request.id}`).expect(200);
    expect(assigned.status).to.equal('assigned');
    expect(assigned.interpreter.name).to.equal(subscribed!.name);
    const [device] = await devicesOf(subscribed!.auth);
    expect(device).to.include({ failures: 0 });
    expect(device!.lastSuccessAt).to.be.a('string');
  });

  it('a booked request is pushed too, as not urgent, to the interpreters of its wave', async () => {
    const interpreter = w.interpreters[1]!;
    const { clientHash } = await subscribeAtPushService(interpreter.auth);
    await as(w.requester.auth).post('/api/requests', { language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 }).expect(201);
    // Six interpreters and waves of three: the interpreter is offered it in the first wave or the next.
    for (let wave = 0; wave < 2 && (await pushService.messages(clientHash)).length === 0; wave += 1) {
      await dispatch();
      clock.advance(60);
    }
    const messages = (await pushService.messages(clientHash)).map((m) => JSON.parse(m) as { immediate: boolean; modality: string; durationMinutes: number });
    expect(messages).to.have.length(1);
    expect(messages[0]).to.include({ immediate: false, modality: 'video', durationMinutes: 60 });
  });

  it('a subscription the push service says is gone (410) is forgotten', async () => {
    const interpreter = w.interpreters[2]!;
    const { subscription, clientHash } = await subscribeAtPushService(interpreter.auth);
    await pushService.expire(clientHash);
    await as(w.requester.auth).post('/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }).expect(201);
    await dispatch();
    expect((await devicesOf(interpreter.auth)).map((d) => d.endpoint)).not.to.include(subscription.endpoint);
    expect(await devicesOf(interpreter.auth)).to.deep.equal([]);
  });

  it('a push service that does not answer holds neither the wave nor the others: each push times out and is counted as failed', async () => {
    const interpreter = w.interpreters[3]!;
    const hanging = await startSlowEndpoint('never');
    const { logger, lines } = capturingLogger();
    configurePush({ timeoutMs: 2000, logger });
    const device = async () => (await devicesOf(interpreter.auth)).find((d) => d.endpoint === hanging.endpoint('a'));
    try {
      await as(interpreter.auth).post('/api/push/subscriptions', { endpoint: hanging.endpoint('a'), keys: deviceKeys() }).expect(201);
      await as(w.requester.auth).post('/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15, patientRef: 'ZZ-99' }).expect(201);
      const started = Date.now();
      await runner.runDue();
      expect(hanging.state.inFlight, 'the wave is over while its push still waits for an answer').to.equal(1);
      expect(await device()).to.include({ failures: 0 });
      await settlePushes();
      expect(Date.now() - started, 'the push is given up after its timeout').to.be.within(2000, 6000);
      expect(await device()).to.include({ failures: 1, lastSuccessAt: null });
      const logged = lines.join('');
      expect(logged).to.include('push not delivered');
      expect(logged, 'the endpoint is a secret: its path never reaches the log').not.to.include('/push/a');
      expect(logged).not.to.match(/ZZ-99|Arabe|"ara"/);
    } finally {
      configurePush({});
      await as(interpreter.auth).delete('/api/push/subscriptions', { endpoint: hanging.endpoint('a') }).expect(204);
      await hanging.close();
    }
  });

  it('pushes go out a few at a time (bounded concurrency), every device of the interpreter receiving its own', async () => {
    const interpreter = w.interpreters[4]!;
    const slow = await startSlowEndpoint(100);
    configurePush({ concurrency: 3 });
    try {
      for (let i = 0; i < 10; i += 1) await as(interpreter.auth).post('/api/push/subscriptions', { endpoint: slow.endpoint(`d${i}`), keys: deviceKeys() }).expect(201);
      await as(w.requester.auth).post('/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }).expect(201);
      await dispatch();
      expect(slow.state.received).to.equal(10);
      expect(slow.state.maxInFlight).to.be.within(1, 3);
    } finally {
      configurePush({});
      for (const device of await devicesOf(interpreter.auth)) await as(interpreter.auth).delete('/api/push/subscriptions', { endpoint: device.endpoint });
      await slow.close();
    }
  });

  /** A booked request the dispatcher assigns to this interpreter (not reconfirmed), and a run of the jobs due the day before its start. */
  const assignedThenDayBefore = async (interpreter: World['interpreters'][number], start: string, beforeTheDay: (requestId: string) => Promise<unknown> = async () => undefined) => {
    const { body: request } = await as(w.requester.auth)
      .post('/api/requests', { language: 'ara', modality: 'video', start, durationMinutes: 60, patientRef: 'CD-34', notes: 'Patiente malentendante' })
      .expect(201);
    await jobRunner(new TestClock()).runDue(); // the first wave: the agency's dispatchers now see it
    await as(w.dispatcher.auth).post(`/api/requests/${request.id}/assign`, { interpreterId: interpreter.id }).expect(200);
    await beforeTheDay(request.id);
    const dayBefore = new TestClock();
    dayBefore.set(new Date(Date.parse(request.start) - 24 * 3600_000 + 60_000));
    await jobRunner(dayBefore).runDue();
    await settlePushes();
    return request as { id: string; start: string };
  };
  const asksIn = async (clientHash: string) => (await pushService.messages(clientHash)).filter((m) => (JSON.parse(m) as { kind: string }).kind === 'reconfirm');

  it('the day before, the assigned interpreter is asked by push to reconfirm: the payload names the request and the session, never the patient, and reconfirming with it works', async () => {
    const interpreter = w.interpreters[5]!;
    const { clientHash } = await subscribeAtPushService(interpreter.auth);
    const request = await assignedThenDayBefore(interpreter, parisIn(3, '10:00'));

    const asks = await asksIn(clientHash);
    expect(asks).to.have.length(1);
    const message = JSON.parse(asks[0]!) as { requestId: string };
    expect(message).to.deep.equal({ kind: 'reconfirm', requestId: request.id, languageName: 'Arabe', modality: 'video', start: request.start, durationMinutes: 60, url: '/#/agenda' });
    expect(asks[0]).not.to.match(/CD-34|malentendante|patientRef|notes|address|department/);

    await as(interpreter.auth).post(`/api/requests/${message.requestId}/reconfirm`).expect(200);
    expect((await as(interpreter.auth).get(`/api/requests/${request.id}`).expect(200)).body.reconfirmedAt).to.be.a('string');
  });

  it('an assignment already reconfirmed is not asked again: no push', async () => {
    const interpreter = w.interpreters[5]!;
    const { clientHash } = await subscribeAtPushService(interpreter.auth);
    const request = await assignedThenDayBefore(interpreter, parisIn(4, '11:00'), (id) => as(interpreter.auth).post(`/api/requests/${id}/reconfirm`).expect(200));
    expect(await asksIn(clientHash)).to.deep.equal([]);
    expect((await as(interpreter.auth).get(`/api/requests/${request.id}`).expect(200)).body.reconfirmedAt).to.be.a('string');
  });
});

describe('Web Push subscriptions', () => {
  const t = useTestApp();
  let w: World;
  before(async () => {
    w = await bookingWorld(t, 2);
  });
  const subscribe = (auth: string, body: object) => t.http().post('/api/push/subscriptions').set('Authorization', auth).send(body);
  const devicesOf = async (auth: string) => ((await t.http().get('/api/push/subscriptions').set('Authorization', auth).expect(200)).body as Device[]).map((d) => d.endpoint);
  const endpoint = (name: string) => `https://push.example.org/send/${name}`;

  it('the public key is given to any signed-in user, never to an anonymous caller', async () => {
    const { body } = await t.http().get('/api/push/key').set('Authorization', w.requester.auth).expect(200);
    expect(Buffer.from(body.publicKey, 'base64url')).to.have.length(65);
    await t.http().get('/api/push/key').expect(401);
  });

  it('subscribing is idempotent per endpoint, and an endpoint another interpreter held becomes the caller’s', async () => {
    const [a, b] = w.interpreters;
    const body = { endpoint: endpoint('shared-tablet'), keys: deviceKeys() };
    await subscribe(a!.auth, body).expect(201);
    await subscribe(a!.auth, body).expect(201);
    expect(await devicesOf(a!.auth)).to.deep.equal([body.endpoint]);
    await subscribe(b!.auth, { ...body, keys: deviceKeys() }).expect(201);
    expect(await devicesOf(a!.auth)).to.deep.equal([]);
    expect(await devicesOf(b!.auth)).to.deep.equal([body.endpoint]);
  });

  it('bad subscriptions are a 400 naming the field, and nothing is written', async () => {
    const interpreter = w.interpreters[0]!;
    const before = await devicesOf(interpreter.auth);
    const keys = deviceKeys();
    const cases: Array<[object, string]> = [
      [{ endpoint: 'http://push.example.org/send/x', keys }, 'endpoint'],
      [{ endpoint: 'ftp://push.example.org/x', keys }, 'endpoint'],
      [{ endpoint: 'not a url', keys }, 'endpoint'],
      [{ endpoint: 'https://user:secret@push.example.org/x', keys }, 'endpoint'],
      [{ endpoint: endpoint('x') }, 'keys'],
      [{ endpoint: endpoint('x'), keys: { p256dh: keys.p256dh } }, 'keys.auth'],
      [{ endpoint: endpoint('x'), keys: { ...keys, p256dh: 'A'.repeat(87) } }, 'keys.p256dh'],
      [{ endpoint: endpoint('x'), keys: { ...keys, auth: 'short' } }, 'keys.auth'],
      [{ endpoint: endpoint('x'), keys, owner: 'someone-else' }, 'owner'],
      [{ endpoint: endpoint('x'), keys, expirationTime: 'tomorrow' }, 'expirationTime'],
    ];
    for (const [body, field] of cases) {
      const res = await subscribe(interpreter.auth, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field), JSON.stringify(body)).to.include(field);
    }
    expect(await devicesOf(interpreter.auth)).to.deep.equal(before);
  });

  it('plain http is accepted only to localhost outside production', async () => {
    const interpreter = w.interpreters[0]!;
    await subscribe(interpreter.auth, { endpoint: 'http://localhost:8090/notify/dev', keys: deviceKeys() }).expect(201);
    await subscribe(interpreter.auth, { endpoint: 'http://127.0.0.1:8090/notify/dev', keys: deviceKeys() }).expect(201);
    await subscribe(interpreter.auth, { endpoint: 'http://10.0.0.8/notify/dev', keys: deviceKeys() }).expect(400);
  });

  it('an interpreter cannot remove another’s device (404), only their own (204)', async () => {
    const [a, b] = w.interpreters;
    const body = { endpoint: endpoint('own-phone'), keys: deviceKeys() };
    await subscribe(a!.auth, body).expect(201);
    await t.http().delete('/api/push/subscriptions').set('Authorization', b!.auth).send({ endpoint: body.endpoint }).expect(404);
    expect(await devicesOf(a!.auth)).to.include(body.endpoint);
    await t.http().delete('/api/push/subscriptions').set('Authorization', a!.auth).send({ endpoint: body.endpoint }).expect(204);
    expect(await devicesOf(a!.auth)).not.to.include(body.endpoint);
  });

  it('a requester cannot subscribe (403)', async () => {
    await subscribe(w.requester.auth, { endpoint: endpoint('desk'), keys: deviceKeys() }).expect(403);
  });

  it('one interpreter keeps at most ten devices: an eleventh replaces the oldest', async () => {
    const interpreter = w.interpreters[1]!;
    for (const device of await devicesOf(interpreter.auth)) await t.http().delete('/api/push/subscriptions').set('Authorization', interpreter.auth).send({ endpoint: device });
    for (let i = 0; i < 11; i += 1) await subscribe(interpreter.auth, { endpoint: endpoint(`device-${i}`), keys: deviceKeys() }).expect(201);
    const devices = await devicesOf(interpreter.auth);
    expect(devices).to.have.length(10);
    expect(devices).not.to.include(endpoint('device-0'));
    expect(devices).to.include(endpoint('device-10'));
  });
});

describe('Web Push in production', () => {
  const t = useTestApp({ NODE_ENV: 'production', SESSION_SECRET: 'a-production-secret-of-32-characters!' });

  it('refuses plain http even to localhost, and push services given by a bare address', async () => {
    const w = await bookingWorld(t, 1);
    const auth = w.interpreters[0]!.auth;
    for (const endpoint of ['http://localhost:8090/notify/x', 'https://localhost/notify/x', 'https://127.0.0.1/notify/x', 'https://10.1.2.3/send/x', 'https://[::1]/send/x']) {
      const res = await t.http().post('/api/push/subscriptions').set('Authorization', auth).send({ endpoint, keys: deviceKeys() });
      expect(res.status, endpoint).to.equal(400);
      expect(res.body.error.details[0]).to.include({ field: 'endpoint', code: 'endpoint_refused' });
    }
    await t.http().post('/api/push/subscriptions').set('Authorization', auth).send({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: deviceKeys() }).expect(201);
  });
});

describe('VAPID keys', () => {
  const t = useTestApp();

  it('are generated once, by whichever of several starting servers comes first, and kept across restarts', async function () {
    this.timeout(60_000);
    const workers = [1, 2, 3].map(() => spawn(process.execPath, ['--import', 'tsx', 'test/notify/vapid-worker.ts'], {
      env: { ...process.env, WORKER_URI: process.env.TEST_MONGODB_URI, WORKER_DB: t.dbName },
      stdio: ['pipe', 'pipe', 'inherit'],
    }));
    const output = workers.map((worker) => {
      let text = '';
      worker.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return { ready: () => text.includes('ready'), key: () => /key (\S+)/.exec(text)?.[1], exited: new Promise((resolve) => worker.on('exit', resolve)) };
    });
    while (!output.every((o) => o.ready())) await new Promise((resolve) => setTimeout(resolve, 20));
    // Three processes and this one ask at the same moment.
    workers.forEach((worker) => worker.stdin!.end('go\n'));
    const here = await Promise.all([vapidKeys(), vapidKeys()]);
    await Promise.all(output.map((o) => o.exited));
    const keys = new Set([...output.map((o) => o.key()), ...here.map((k) => k.publicKey)]);
    expect(keys.size, [...keys].join(', ')).to.equal(1);
    // A restarted server (a new app on the same database) gives the same key.
    const restarted = createApp(testConfig(), createLogger('silent'));
    const { body } = await supertest(restarted).get('/api/push/key').set('Authorization', `Bearer ${await t.login((await bookingWorld(t, 1)).requester.email)}`).expect(200);
    expect(body.publicKey).to.equal(here[0]!.publicKey);
  });

  it('configured keys are used as given', async () => {
    const config = testConfig({
      VAPID_PUBLIC_KEY: 'BKiTqZphT5WZVERpfEmaNPcMxuixloKB9JufhIvzoPOgMpUmQVW0smU8Y53Ayi7mOau0n1T2QhmDgu9EfJ9DCrM',
      VAPID_PRIVATE_KEY: '5kvmeAFQDnT8RZmcFkdx01uKsG1b74iHWSkYaTfqX5c',
    });
    configurePush(config.push);
    try {
      expect(await vapidKeys()).to.deep.equal(config.push.vapid);
    } finally {
      configurePush({});
    }
  });
});

describe('What a push carries and for how long (pure)', () => {
  const offer: OfferToPush = {
    id: 'a'.repeat(24),
    interpreterId: 'b'.repeat(24),
    madeAt: new Date('2026-03-02T10:00:00Z'),
    expiresAt: '2026-03-02T10:01:30.000Z',
    languageName: 'Arabe',
    request: { language: 'ara', modality: 'phone', immediate: true, start: '2026-03-02T10:00:00.000Z', durationMinutes: 30 },
  };

  it('an immediate offer is urgent and lives as long as the offer, less the time it waited its turn', () => {
    expect(offerPush(offer, 0)).to.deep.include({ ttlSeconds: 90, urgency: 'high', topic: offer.id });
    expect(offerPush(offer, 30_500)?.ttlSeconds).to.equal(59);
  });

  it('a booked offer is not urgent; an offer with no life left is not sent', () => {
    expect(offerPush({ ...offer, request: { ...offer.request, immediate: false } }, 0)?.urgency).to.equal('normal');
    expect(offerPush(offer, 89_500)).to.equal(undefined);
  });
});

describe('What a reconfirmation push carries and for how long (pure)', () => {
  const ask: ReconfirmationToPush = {
    requestId: 'c'.repeat(24),
    interpreterId: 'b'.repeat(24),
    askedAt: new Date('2026-03-02T09:00:00Z'),
    deadline: new Date('2026-03-02T17:00:00Z'),
    languageName: 'Arabe',
    modality: 'video',
    start: '2026-03-03T09:00:00.000Z',
    durationMinutes: 60,
  };

  it('is not urgent, lives until the deadline less the time it waited, and its topic is one a push service accepts (32 URL-safe characters at most)', () => {
    const push = reconfirmPush(ask, 1500)!;
    expect(push).to.deep.include({ ttlSeconds: 8 * 3600 - 2, urgency: 'normal' });
    expect(push.topic).to.match(/^[A-Za-z0-9_-]{1,32}$/).and.to.include(ask.requestId);
  });

  it('is not sent once the deadline is past', () => {
    expect(reconfirmPush({ ...ask, askedAt: ask.deadline }, 0)).to.equal(undefined);
  });
});

describe('The service worker', () => {
  const t = useTestApp();

  it('is served at the site’s root as JavaScript, never cached stale, allowed by the Content-Security-Policy', async () => {
    const res = await t.http().get('/sw.js').expect(200);
    expect(res.headers['content-type'], 'run `npm run build` first').to.match(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).to.equal('no-cache');
    // At the root, its default scope is the whole site: no Service-Worker-Allowed header is needed.
    expect(res.headers['service-worker-allowed']).to.equal(undefined);
    // Workers fall back to script-src, which allows our own origin.
    expect(res.headers['content-security-policy']).to.match(/script-src 'self'/);
    expect(res.headers['content-security-policy']).not.to.match(/worker-src/);
  });

  it('is one classic script: it imports nothing, handles push and clicks, and accepts through the API', async () => {
    const { text } = await t.http().get('/sw.js').expect(200);
    expect(text).not.to.match(/^\s*import[\s{*]|\bimport\(|^\s*export\s/m);
    for (const piece of ['"push"', '"notificationclick"', '/api/offers/', 'X-CSRF-Token', 'Accepter', 'Séance acceptée', 'Déjà prise', '/reconfirm', 'Je confirme ma venue', 'Venue confirmée']) expect(text).to.include(piece);
  });
});
