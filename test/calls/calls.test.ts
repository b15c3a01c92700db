import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { CALL_EVENT, type ClientMessage, type ServerMessage } from '../../shared/call-protocol';
import { joinCall, reportMedia, sweepSilent } from '../../server/calls/rooms';
import { admitGuest, attachCalls } from '../../server/calls/signalling';
import { attachLive } from '../../server/notify/live';
import { createLogger } from '../../server/platform/logger';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, exported, parisIn, runWideWaves, TestClock } from '../support/booking';
import { nextClockChange } from '../support/clock-changes';

type Msg = ServerMessage;

describe('Calls held in the platform: who joins, signalling, the measured time', () => {
  const t = useTestApp({ TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 'test-static-auth-secret' });
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let server: http.Server;
  let live: ReturnType<typeof attachLive>;
  let calls: ReturnType<typeof attachCalls>;
  let url: string;
  const sockets: Socket[] = [];

  before(async () => {
    w = await bookingWorld(t, 16);
    server = http.createServer(t.app);
    live = attachLive(server, createLogger('silent'), undefined, undefined, admitGuest);
    calls = attachCalls(live.io, t.config.calls, createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  // Pages close between tests: an interpreter still connected would be "online" and alone in the next "now" wave.
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
  after(async () => {
    sockets.forEach((s) => s.disconnect());
    calls.close();
    await live.close();
  });

  /** A page's socket: a user's bearer token, or a guest's link token. */
  const page = async (auth: { token: string } | { callInvitation: string }) => {
    const socket = connect(url, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const received: Msg[] = [];
    socket.on(CALL_EVENT, (m: Msg) => received.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const send = (m: ClientMessage) => socket.emit(CALL_EVENT, m);
    /** The next message of this type (already received or still to come). */
    const next = async <T extends Msg['type']>(type: T, timeoutMs = 3000): Promise<Extract<Msg, { type: T }>> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = received.findIndex((m) => m.type === type);
        if (index >= 0) return received.splice(index, 1)[0] as Extract<Msg, { type: T }>;
        if (Date.now() > deadline) throw new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return { socket, send, next, received };
  };
  const userPage = (who: { auth: string }) => page({ token: who.auth.replace('Bearer ', '') });

  const book = async (body: Record<string, unknown>) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', durationMinutes: 30, ...body });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  let free = 0;
  /** A "now" phone session of the PASS, accepted by an interpreter still free (each stays busy for its 30 minutes). */
  const nowCall = async (extra: Record<string, unknown> = {}) => {
    const id = await book({ modality: 'phone', start: 'now', callbackPhone: '+33 4 72 11 22 33', ...extra });
    const interpreter = w.interpreters[(free += 1)]!;
    await acceptedBy(t, id, interpreter);
    return { id, interpreter };
  };
  const view = async (id: string, auth: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).body;

  it('the structure reads the call, never the interpreter’s personal number; the interpreter reads the callback number and who booked', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const seen = await view(id, w.requester.auth);
    expect(seen.call).to.deep.equal({ joinPath: `/#/appel?id=${id}`, measuredSeconds: 0, participants: 0 });
    expect(seen.connection).to.deep.equal({ kind: 'phone' });
    expect(JSON.stringify(seen)).not.to.include('+33 6 00 00 00 00');
    const theirs = await view(id, assigned.auth);
    expect(theirs.call.joinPath).to.equal(`/#/appel?id=${id}`);
    expect(theirs).to.include({ callbackPhone: '+33 4 72 11 22 33', structureName: 'PASS Lyon', requesterName: 'Test requester' });
    const video = await book({ modality: 'video', start: parisIn(3, '10:00') });
    await runWideWaves(new TestClock());
    // The offer names the structure and the professional who booked, as the agenda will.
    const offers = (await t.http().get('/api/offers').set('Authorization', w.interpreters[1]!.auth)).body as Array<{ requestId: string; request: object }>;
    expect(offers.find((o) => o.requestId === video)?.request).to.include({ structureName: 'PASS Lyon', requesterName: 'Test requester' });
    await acceptedBy(t, video, w.interpreters[1]!);
    expect(JSON.stringify(await view(video, w.requester.auth))).not.to.include('visio.test');
    const onsite = await book({ modality: 'onsite', start: parisIn(3, '14:00'), location: { address: '5 place d’Arsonval, Lyon', department: '69' } });
    await acceptedBy(t, onsite, assigned);
    expect((await view(onsite, w.requester.auth)).call).to.equal(undefined);
  });

  it('the requester and the interpreter join; offers and candidates go through, with the sender set by the server', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const interpreter = await userPage(assigned);
    interpreter.send({ type: 'join', requestId: id });
    const joined = await interpreter.next('joined');
    expect(joined).to.include({ id: `u${assigned.id}`, role: 'interpreter', modality: 'phone', resumed: false, iceTransportPolicy: 'all' });
    expect(joined.members).to.deep.equal([]);
    // TURN credentials computed for this member, never the secret.
    expect(joined.iceServers[0]!.username).to.match(new RegExp(`^\\d+:u${assigned.id}$`));
    expect(JSON.stringify(joined)).not.to.include('test-static-auth-secret');

    const requester = await userPage(w.requester);
    requester.send({ type: 'join', requestId: id });
    const second = await requester.next('joined');
    expect(second.members.map((m) => m.role)).to.deep.equal(['interpreter']);
    expect((await interpreter.next('user')).participant).to.include({ role: 'requester', id: `u${w.requester.id}` });

    requester.send({ type: 'offer', dest: joined.id, value: { type: 'offer', sdp: 'v=0 test' } });
    const offer = await interpreter.next('offer');
    expect(offer).to.deep.equal({ type: 'offer', source: second.id, value: { type: 'offer', sdp: 'v=0 test' } });
    // A message that claims its own source is refused whole (unknown field): nobody speaks for someone else.
    requester.socket.emit(CALL_EVENT, { type: 'ice', dest: joined.id, value: null, source: joined.id });
    expect((await requester.next('error')).error).to.equal('invalid_message');
    expect((await view(id, w.requester.auth)).call.participants).to.equal(2);
    // After hanging up, the answers to "Le son était-il bon ?" go with the session's view (the last answer of each person counts).
    requester.send({ type: 'leave' });
    requester.send({ type: 'quality', good: true });
    requester.send({ type: 'quality', good: false });
    interpreter.send({ type: 'quality', good: true });
    let sound: unknown;
    for (let i = 0; i < 40 && JSON.stringify(sound) !== '{"good":1,"bad":1}'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sound = (await view(id, w.requester.auth)).call.sound;
    }
    expect(sound).to.deep.equal({ good: 1, bad: 1 });
  });

  it('a page’s messages are handled in the order sent: an offer right behind its join goes through, the last of a burst of answers counts', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const interpreter = await userPage(assigned);
    interpreter.send({ type: 'join', requestId: id });
    const joined = await interpreter.next('joined');
    const requester = await userPage(w.requester);
    // No wait for "joined": the offer is sent while the join is still being written.
    requester.send({ type: 'join', requestId: id });
    requester.send({ type: 'offer', dest: joined.id, value: { type: 'offer', sdp: 'v=0 eager' } });
    expect(await interpreter.next('offer')).to.deep.include({ value: { type: 'offer', sdp: 'v=0 eager' } });
    expect(requester.received.filter((m) => m.type === 'error')).to.deep.equal([]);
    requester.send({ type: 'leave' });
    for (let i = 0; i < 6; i += 1) requester.send({ type: 'quality', good: i % 2 === 1 });
    requester.send({ type: 'quality', good: false });
    let sound: unknown;
    for (let i = 0; i < 40 && JSON.stringify(sound) !== '{"good":0,"bad":1}'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sound = (await view(id, w.requester.auth)).call.sound;
    }
    // Settled: a slower earlier answer does not land after the last one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await view(id, w.requester.auth)).call.sound).to.deep.equal({ good: 0, bad: 1 });
  });

  it('another structure, an interpreter not assigned, a dispatcher cannot join and hear nothing', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const inside = await userPage(w.requester);
    inside.send({ type: 'join', requestId: id });
    await inside.next('joined');
    for (const outsider of [w.otherRequester, w.interpreters[0]!, w.dispatcher]) {
      const p = await userPage(outsider);
      p.send({ type: 'join', requestId: id });
      expect((await p.next('error')).error, outsider.email).to.equal('forbidden');
      p.send({ type: 'offer', dest: `u${w.requester.id}`, value: { type: 'offer', sdp: 'x' } });
      expect((await p.next('error')).error).to.equal('not_joined');
      inside.send({ type: 'ice', dest: `u${outsider.id}`, value: null });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(p.received.filter((m) => m.type !== 'error'), 'no signalling reaches an outsider').to.deep.equal([]);
    }
    expect(inside.received.some((m) => m.type === 'user'), 'nobody was added').to.equal(false);
  });

  it('asked before any device opens, the server says who may join: the session’s modality to its participants, join’s refusal to the others', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const interpreter = await userPage(assigned);
    interpreter.send({ type: 'check', requestId: id });
    expect(await interpreter.next('allowed')).to.deep.equal({ type: 'allowed', requestId: id, modality: 'phone' });
    for (const outsider of [w.otherRequester, w.interpreters[0]!, w.dispatcher]) {
      const p = await userPage(outsider);
      p.send({ type: 'check', requestId: id });
      expect((await p.next('error')).error, outsider.email).to.equal('forbidden');
      expect(p.received.filter((m) => m.type !== 'error'), 'nothing else').to.deep.equal([]);
    }
    const link = await t.http().post(`/api/requests/${id}/guests`).set('Authorization', w.requester.auth).send({});
    const guest = await page({ callInvitation: new URL(link.body.joinUrl.replace('/#/', '/')).searchParams.get('invitation')! });
    guest.send({ type: 'check', requestId: id });
    expect((await guest.next('allowed')).modality).to.equal('phone');
    const other = await book({ modality: 'phone', start: parisIn(2, '10:00') });
    guest.send({ type: 'check', requestId: other });
    expect((await guest.next('error')).error, 'a link for another session').to.equal('forbidden');
    const done = await t.http().post(`/api/requests/${id}/complete`).set('Authorization', assigned.auth).send({ outcome: 'done', heldByCallback: true, actualMinutes: 5 });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    interpreter.send({ type: 'check', requestId: id });
    expect((await interpreter.next('error')).error, 'once completed').to.equal('closed');
  });

  it('a member’s microphone and camera, on or off, reach the session’s other members only, and a newcomer reads them in joined', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const interpreter = await userPage(assigned);
    interpreter.send({ type: 'join', requestId: id });
    const joined = await interpreter.next('joined');
    interpreter.send({ type: 'devices', microphone: true, camera: false });
    const requester = await userPage(w.requester);
    requester.send({ type: 'join', requestId: id });
    expect((await requester.next('joined')).members.find((m) => m.id === joined.id), 'read on joining').to.include({ microphone: true, camera: false });
    const outsider = await userPage(w.otherRequester);
    outsider.send({ type: 'join', requestId: id });
    await outsider.next('error');
    requester.send({ type: 'devices', microphone: false, camera: true });
    expect(await interpreter.next('devices')).to.deep.equal({ type: 'devices', source: `u${w.requester.id}`, microphone: false, camera: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outsider.received.filter((m) => m.type === 'devices'), 'nothing reaches an outsider').to.deep.equal([]);
    expect(requester.received.filter((m) => m.type === 'devices'), 'not sent back to its sender').to.deep.equal([]);
  });

  it('a booked session opens 10 minutes before its start', async () => {
    const id = await book({ modality: 'video', start: parisIn(2, '10:00') });
    await acceptedBy(t, id, w.interpreters[0]!);
    const p = await userPage(w.requester);
    p.send({ type: 'join', requestId: id });
    const refused = await p.next('error');
    expect(refused.error).to.equal('not_open_yet');
    expect(new Date(refused.opensAt!).getTime()).to.equal(new Date(parisIn(2, '09:50')).getTime());
  });

  it('a session with a briefing opens 10 minutes before the briefing; across the spring clock change, in real minutes', async () => {
    const day = nextClockChange('spring');
    // 03:10 summer time is 01:10 UTC; with 15 minutes of briefing the call opens at 00:45 UTC, 01:45 winter time.
    const id = await book({ modality: 'video', start: `${day}T03:10:00+02:00`, briefingMinutes: 15, debriefingMinutes: 10 });
    await acceptedBy(t, id, w.interpreters[0]!);
    const p = await userPage(w.requester);
    p.send({ type: 'join', requestId: id });
    const refused = await p.next('error');
    expect(refused.error).to.equal('not_open_yet');
    expect(refused.opensAt).to.equal(`${day}T00:45:00.000Z`);
  });

  it('measures only the time both browsers report each other connected, ending at the last sign of life of a page gone silent', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const t0 = new Date(Date.now() + 1000);
    const s = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const interp = await joinCall({ actor: { userId: assigned.id, role: 'interpreter', name: 'I', email: '', sessionId: '' } }, id, 'sock-i', false, s(0));
    const req = await joinCall({ actor: { userId: w.requester.id, role: 'requester', name: 'R', email: '', sessionId: '', structureId: w.structure.id } }, id, 'sock-r', false, s(1));
    await reportMedia(id, interp.self.id, 'sock-i', [req.self.id], s(5));
    expect((await reportMedia(id, req.self.id, 'sock-r', [interp.self.id], s(10)))!.state.together).to.equal(true);
    // A stale socket (the page was reloaded) speaks for nobody.
    expect(await reportMedia(id, req.self.id, 'sock-old', [], s(12))).to.equal(null);
    await reportMedia(id, req.self.id, 'sock-r', [], s(70));
    await reportMedia(id, req.self.id, 'sock-r', [interp.self.id], s(100));
    await reportMedia(id, req.self.id, 'sock-r', [interp.self.id], s(120));
    await reportMedia(id, interp.self.id, 'sock-i', [req.self.id], s(130));
    // Then both pages go silent: the sweep removes them and closes the span at the earlier last sign of life, s(120).
    await sweepSilent(s(200));
    const seen = await view(id, w.requester.auth);
    expect(seen.call.measuredSeconds).to.equal(60 + 20);
    expect(seen.call.participants).to.equal(0);
    const events = (await exported(t, id, w.requester.auth)).call.events.map((e: { kind: string }) => e.kind);
    expect(events).to.deep.equal(['join', 'join', 'together', 'apart', 'together', 'timeout', 'timeout', 'apart']);
  });

  it('completing uses the measured time: more is refused (422 exceeds_measured), nothing given bills the measure', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const t0 = new Date(Date.now() + 1000);
    const s = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const interp = await joinCall({ actor: { userId: assigned.id, role: 'interpreter', name: 'I', email: '', sessionId: '' } }, id, 'sock-i', false, s(0));
    const req = await joinCall({ actor: { userId: w.requester.id, role: 'requester', name: 'R', email: '', sessionId: '', structureId: w.structure.id } }, id, 'sock-r', false, s(0));
    await reportMedia(id, interp.self.id, 'sock-i', [req.self.id], s(0));
    await reportMedia(id, req.self.id, 'sock-r', [interp.self.id], s(0));
    await reportMedia(id, req.self.id, 'sock-r', [], s(17 * 60 + 5));
    const complete = (body: object) => t.http().post(`/api/requests/${id}/complete`).set('Authorization', assigned.auth).send(body);
    const tooMuch = await complete({ outcome: 'done', actualMinutes: 19 });
    expect(tooMuch.status).to.equal(422);
    expect(tooMuch.body.error.code).to.equal('exceeds_measured');
    const done = await complete({ outcome: 'done' });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body.completion.actualMinutes, '17 min 5 s, counted as 18 minutes begun').to.equal(18);
    expect(done.body.call.measuredSeconds).to.equal(17 * 60 + 5);
    // The call is over before its booked end: the interpreter can take the next "now" call at once.
    const next = await book({ modality: 'phone', start: 'now' });
    await acceptedBy(t, next, assigned);
  });

  it('a session its call measured can be recorded before its booked start (the call opens 10 minutes early); one it did not, only once started', async () => {
    const soon = new Date(Math.ceil((Date.now() + 8 * 60_000) / 60_000) * 60_000).toISOString();
    const early = await book({ modality: 'video', start: soon });
    const assigned = w.interpreters[(free += 1)]!;
    await acceptedBy(t, early, assigned);
    const complete = (id: string, body: object) => t.http().post(`/api/requests/${id}/complete`).set('Authorization', assigned.auth).send(body);
    const unmeasured = await complete(early, { outcome: 'done' });
    expect(unmeasured.status, JSON.stringify(unmeasured.body)).to.equal(422);
    expect(unmeasured.body.error.code).to.equal('not_started');
    expect((await complete(early, { outcome: 'done', actualMinutes: 5, heldByCallback: true })).body.error.code, 'declared minutes wait for the start').to.equal('not_started');
    const s = (seconds: number) => new Date(Date.now() + seconds * 1000);
    const interp = await joinCall({ actor: { userId: assigned.id, role: 'interpreter', name: 'I', email: '', sessionId: '' } }, early, 'sock-i', false, s(0));
    const req = await joinCall({ actor: { userId: w.requester.id, role: 'requester', name: 'R', email: '', sessionId: '', structureId: w.structure.id } }, early, 'sock-r', false, s(0));
    await reportMedia(early, interp.self.id, 'sock-i', [req.self.id], s(0));
    await reportMedia(early, req.self.id, 'sock-r', [interp.self.id], s(0));
    await reportMedia(early, req.self.id, 'sock-r', [], s(-1 + 3 * 60));
    const done = await complete(early, { outcome: 'done' });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body.completion.actualMinutes).to.equal(3);
  });

  it('a call that could not be held bills the minutes declared with heldByCallback; on site the minutes are required', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const declared = await t.http().post(`/api/requests/${id}/complete`).set('Authorization', assigned.auth).send({ outcome: 'done', actualMinutes: 20, heldByCallback: true });
    expect(declared.status, JSON.stringify(declared.body)).to.equal(200);
    expect(declared.body.completion.actualMinutes).to.equal(20);
    // The structure reads that these minutes are declared, beside what the call measured, to confirm or dispute them.
    const seen = await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth);
    expect(seen.body.completion).to.include({ actualMinutes: 20, heldByCallback: true });
    expect(seen.body.call.measuredSeconds).to.be.a('number');
    const onsite = await book({ modality: 'onsite', start: parisIn(3, '09:00'), location: { address: '5 place d’Arsonval, Lyon', department: '69' } });
    await acceptedBy(t, onsite, w.interpreters[0]!);
    const missing = await t.http().post(`/api/requests/${onsite}/complete`).set('Authorization', w.interpreters[0]!.auth).send({ outcome: 'done' });
    expect(missing.status).to.equal(400);
    expect(missing.body.error.details[0]).to.include({ field: 'actualMinutes', code: 'required' });
  });

  it('a guest link works for its session only, and not after the session ends', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const { id: other } = await nowCall();
    const link = await t.http().post(`/api/requests/${id}/guests`).set('Authorization', w.requester.auth).send({});
    expect(link.status, JSON.stringify(link.body)).to.equal(201);
    expect(link.body.joinUrl).to.match(new RegExp(`/#/appel\\?id=${id}&invitation=[A-Za-z0-9_-]{43}$`));
    const token = new URL(link.body.joinUrl.replace('/#/', '/')).searchParams.get('invitation')!;
    expect((await t.http().post(`/api/requests/${id}/guests`).set('Authorization', w.otherRequester.auth).send({})).status, 'another structure').to.equal(404);
    expect((await t.http().post(`/api/requests/${id}/guests`).set('Authorization', assigned.auth).send({})).status).to.equal(403);
    expect((await t.http().post(`/api/requests/${id}/guests`).set('Authorization', w.requester.auth).send({ x: 1 })).status).to.equal(400);

    const guest = await page({ callInvitation: token });
    guest.send({ type: 'join', requestId: other });
    expect((await guest.next('error')).error).to.equal('forbidden');
    guest.send({ type: 'join', requestId: id });
    expect((await guest.next('joined'))).to.include({ role: 'guest' });
    expect(await page({ callInvitation: 'x'.repeat(43) }).then(() => 'connected', (e: Error) => e.message)).to.equal('unauthenticated');

    const done = await t.http().post(`/api/requests/${id}/complete`).set('Authorization', assigned.auth).send({ outcome: 'done' });
    expect(done.status).to.equal(200);
    expect((await guest.next('ended')).reason).to.equal('completed');
    const later = await page({ callInvitation: token });
    later.send({ type: 'join', requestId: id });
    expect((await later.next('error')).error).to.equal('closed');
  });

  it('takes four people at most; a reloaded page takes its own place again', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const guestLink = async () => new URL((await t.http().post(`/api/requests/${id}/guests`).set('Authorization', w.requester.auth).send({})).body.joinUrl.replace('/#/', '/')).searchParams.get('invitation')!;
    const people = [await userPage(assigned), await userPage(w.requester), await page({ callInvitation: await guestLink() }), await page({ callInvitation: await guestLink() })];
    for (const p of people) {
      p.send({ type: 'join', requestId: id });
      await p.next('joined');
    }
    const fifth = await page({ callInvitation: await guestLink() });
    fifth.send({ type: 'join', requestId: id });
    expect((await fifth.next('error')).error).to.equal('room_full');
    const reloaded = await userPage(w.requester);
    reloaded.send({ type: 'join', requestId: id });
    expect((await reloaded.next('joined')).members).to.have.length(3);
    // The replaced page no longer hears the call.
    people[0]!.send({ type: 'ice', dest: `u${w.requester.id}`, value: null });
    await reloaded.next('ice');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(people[1]!.received.some((m) => m.type === 'ice')).to.equal(false);
  });

  it('a page back after a network drop resumes its place without telling the others', async () => {
    const { id, interpreter: assigned } = await nowCall();
    const interp = await userPage(assigned);
    interp.send({ type: 'join', requestId: id });
    await interp.next('joined');
    const first = await userPage(w.requester);
    first.send({ type: 'join', requestId: id });
    await first.next('joined');
    await interp.next('user');
    first.socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await view(id, w.requester.auth)).call.participants).to.equal(1);
    const back = await userPage(w.requester);
    back.send({ type: 'join', requestId: id, resume: true });
    expect((await back.next('joined')).resumed).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(interp.received.filter((m) => m.type === 'user'), 'no add nor delete').to.deep.equal([]);
    expect((await view(id, w.requester.auth)).call.participants).to.equal(2);
  });

  it('an interpreter who withdrew is out of the call at their next ping', async () => {
    // The last of the world: the "now" calls above take the others one by one.
    const withdrawing = w.interpreters[w.interpreters.length - 1]!;
    const id = await book({ modality: 'phone', start: new Date(Date.now() + 5 * 60_000).toISOString() });
    await acceptedBy(t, id, withdrawing);
    const p = await userPage(withdrawing);
    p.send({ type: 'join', requestId: id });
    await p.next('joined');
    const withdrawn = await t.http().post(`/api/requests/${id}/withdraw`).set('Authorization', withdrawing.auth).send({ reason: 'Empêchement' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(200);
    p.send({ type: 'ping', peers: [] });
    expect((await p.next('error')).error).to.equal('forbidden');
  });
});
