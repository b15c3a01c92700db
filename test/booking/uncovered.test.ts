import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { io as connect, type Socket } from 'socket.io-client';
import { coverageAdvice } from '../../shared/coverage-advice';
import { attachLive } from '../../server/notify/live';
import { markOffline, markOnline } from '../../server/notify/presence';
import { createLogger } from '../../server/platform/logger';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { aUser, anAgency, anInterpreter } from '../support/fixtures';
import { recipients as to, useInbox } from '../support/mail';

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

interface View {
  id: string;
  status: string;
  uncovered?: boolean;
  unfilledReason?: string;
  alternatives?: { offeredTo?: number; byModality: Record<string, number | null>; times: Array<{ start: string; eligible: number }> };
}

// Nobody left without an interpreter: a request nobody can take is escalated when that is known, never at its start.
describe('A request nobody can take is escalated at once', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let otherDispatcher: { id: string; email: string; auth: string };
  let tigrinya: { id: string; name: string };
  let server: http.Server;
  let live: ReturnType<typeof attachLive>;
  let url: string;
  const sockets: Socket[] = [];
  const inbox = useInbox(t);

  before(async () => {
    // Agency A: two Arabic interpreters. Agency B: one Tigrinya interpreter, by video only.
    w = await bookingWorld(t, 2);
    const agencyB = await anAgency('Agence B');
    const dispatcherB = await aUser('dispatcher', { agencyId: agencyB.id });
    otherDispatcher = { ...dispatcherB, auth: `Bearer ${await t.login(dispatcherB.email)}` };
    tigrinya = await anInterpreter(agencyB.id, { name: 'Interprète tigrinya', languages: ['tir'], modalities: ['video'], availability: AROUND_THE_CLOCK });
    server = http.createServer(t.app);
    live = attachLive(server, createLogger('silent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    sockets.forEach((s) => s.disconnect());
    await live.close();
  });

  const mailsAbout = (requestId: string, kind?: string) => inbox.about(requestId, w.auditor.auth, { kind });

  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as View & { start: string; coverage: { eligible: number; occurrences?: Array<{ occurrence: number; eligible: number }>; uncoveredOccurrences?: number[] } };
  };
  const listed = async (auth: string) => (await t.http().get('/api/requests').set('Authorization', auth)).body as View[];
  /** The dispatcher's list of requests to assign (Demandes à pourvoir reads the open ones). */
  const toAssign = async (auth: string) => ((await t.http().get('/api/requests?status=open&limit=500').set('Authorization', auth)).body as View[]).map((v) => v.id);
  const read = async (id: string, auth = w.requester.auth) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).body as View;
  const listen = async (auth: string, event: string) => {
    const socket = connect(url, { auth: { token: auth.replace('Bearer ', '') }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    const received: View[] = [];
    socket.on(event, (payload: View) => received.push(payload));
    return received;
  };
  const eventually = async (check: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };

  it('on site where nobody goes: the 201 says nobody, every agency’s dispatchers and the auditors see it live, with one e-mail', async () => {
    const dispatcherA = await listen(w.dispatcher.auth, 'request:uncovered');
    const dispatcherB = await listen(otherDispatcher.auth, 'request:uncovered');
    const auditor = await listen(w.auditor.auth, 'request:uncovered');
    const request = await book({ language: 'tir', modality: 'onsite', start: parisIn(3, '10:00'), durationMinutes: 60, location: { address: '1 rue de la Paix, Lyon', department: '69' } });

    expect(request.coverage).to.deep.equal({ eligible: 0 });
    expect(request.uncovered).to.equal(true);
    expect(request.alternatives!.byModality).to.deep.equal({ phone: 0, video: 1, onsite: 0 });
    expect(coverageAdvice('onsite', request.alternatives)).to.contain('en visioconférence (1 interprète)');

    expect(await eventually(() => [dispatcherA, dispatcherB, auditor].every((got) => got.some((v) => v.id === request.id)))).to.equal(true);
    for (const auth of [w.dispatcher.auth, otherDispatcher.auth, w.auditor.auth]) {
      expect((await listed(auth)).find((v) => v.id === request.id)?.uncovered, 'listed as uncovered').to.equal(true);
    }
    const mails = await mailsAbout(request.id, 'uncovered');
    expect(mails).to.have.length(1);
    expect(to(mails[0]!)).to.include.members([w.dispatcher.email, otherDispatcher.email, w.auditor.email]);
    expect(mails[0]!.text).not.to.contain('rue de la Paix');
  });

  it('the dispatcher’s candidates: an empty list and, for each interpreter of the language, why not (not a 404)', async () => {
    const request = await book({ language: 'tir', modality: 'onsite', start: parisIn(4, '10:00'), durationMinutes: 60, location: { address: 'Hôpital', department: '69' } });
    const res = await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', otherDispatcher.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ candidates: [], unavailable: [{ interpreterId: tigrinya.id, name: 'Interprète tigrinya', reasons: ['Ne travaille pas sur place'] }] });
    const fromA = await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(fromA.body).to.deep.equal({ candidates: [], unavailable: [] });
  });

  it('a series says which occurrences have nobody, and only those are escalated', async () => {
    const start = DateTime.fromISO(parisIn(7, '10:00'), { setZone: true });
    const second = start.plus({ weeks: 1 }).toFormat('yyyy-LL-dd');
    await t.http().patch(`/api/interpreters/${tigrinya.id}`).set('Authorization', `Bearer ${await t.login((await aUser('admin')).email)}`)
      .send({ exceptions: [{ date: second, slots: [] }] }).expect(200);
    const request = await book({ language: 'tir', modality: 'video', start: start.toISO(), durationMinutes: 60, recurrence: { every: 'week', count: 3 } });
    expect(request.coverage).to.deep.equal({
      eligible: 1,
      occurrences: [1, 2, 3].map((occurrence) => ({ occurrence, start: start.plus({ weeks: occurrence - 1 }).toUTC().toISO(), eligible: occurrence === 2 ? 0 : 1 })),
      uncoveredOccurrences: [2],
    });
    const inSeries = async () => (await t.http().get('/api/requests').query({ seriesId: request.id }).set('Authorization', w.auditor.auth)).body as Array<View & { occurrence: number }>;
    expect((await inSeries()).filter((v) => v.uncovered).map((v) => v.occurrence)).to.deep.equal([2]);

    // The interpreter takes the day back before the later occurrences are offered: the second is offered and leaves the uncovered queue.
    await t.http().patch(`/api/interpreters/${tigrinya.id}`).set('Authorization', `Bearer ${await t.login((await aUser('admin')).email)}`).send({ exceptions: [] }).expect(200);
    const clock = new TestClock();
    clock.advance(31);
    await jobRunner(clock).runDue();
    expect((await inSeries()).filter((v) => v.uncovered)).to.deep.equal([]);
  });

  it('an interpreter who takes back a day off is offered at once the request nobody could take, which leaves the other agencies’ queues', async () => {
    const start = DateTime.fromISO(parisIn(12, '14:00'), { setZone: true });
    const interpreter = `Bearer ${await t.login((await t.http().get(`/api/interpreters/${tigrinya.id}`).set('Authorization', otherDispatcher.auth)).body.email)}`;
    await t.http().patch('/api/interpreters/me').set('Authorization', interpreter).send({ exceptions: [{ date: start.toFormat('yyyy-LL-dd'), slots: [] }] }).expect(200);
    const clock = new TestClock();
    await jobRunner(clock).runDue();
    const request = await book({ language: 'tir', modality: 'video', start: start.toISO(), durationMinutes: 60 });
    await jobRunner(clock).runDue();
    expect((await read(request.id)).uncovered).to.equal(true);
    expect((await listed(w.dispatcher.auth)).some((v) => v.id === request.id), 'agency A sees it while nobody can take it').to.equal(true);

    await t.http().patch('/api/interpreters/me').set('Authorization', interpreter).send({ exceptions: [] }).expect(200);
    // No clock move: the change itself brings the wave.
    await jobRunner(clock).runDue();
    const offers = (await t.http().get('/api/offers').set('Authorization', interpreter)).body as Array<{ requestId: string }>;
    expect(offers.map((o) => o.requestId)).to.include(request.id);
    expect((await read(request.id)).uncovered ?? false).to.equal(false);
    expect((await listed(w.dispatcher.auth)).some((v) => v.id === request.id), 'agency A no longer sees it').to.equal(false);
  });

  it('every eligible interpreter offered and none answered yet: not "sans interprète possible" while their offers are open; one accepts', async () => {
    // The pilot's example: Tigrinya by phone at 18:00 booked at 14:47, both interpreters offered; six minutes later
    // everyone was told nobody could take it, and at 14:56 one of them accepted.
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'ara', modality: 'phone', start: new Date(clock.now().getTime() + 3 * 3600_000).toISOString(), durationMinutes: 30 });
    await runner.runDue();
    clock.advance(7); // past the wave timeout (a thirtieth of 3 h: 6 minutes): the next wave finds nobody new
    await runner.runDue();
    expect((await read(request.id)).uncovered, 'not escalated').to.equal(undefined);
    expect((await listed(otherDispatcher.auth)).some((v) => v.id === request.id), 'other agencies do not see it').to.equal(false);
    const offer = ((await t.http().get('/api/offers').set('Authorization', w.interpreters[1]!.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === request.id)!;
    expect((await t.http().post(`/api/offers/${offer.id}/accept`).set('Authorization', w.interpreters[1]!.auth)).status).to.equal(200);
  });

  it('every eligible interpreter declined: uncovered at once, the requester told what would work, and an assignment clears it', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(5, '15:00'), durationMinutes: 45 });
    expect(request.coverage).to.deep.equal({ eligible: 2 });
    await runner.runDue();
    expect((await listed(otherDispatcher.auth)).some((v) => v.id === request.id)).to.equal(false);
    for (const interpreter of w.interpreters) {
      const offer = ((await t.http().get('/api/offers').set('Authorization', interpreter.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === request.id)!;
      expect((await t.http().post(`/api/offers/${offer.id}/decline`).set('Authorization', interpreter.auth)).status).to.equal(200);
    }
    await runner.runDue(); // the next wave was brought forward by the last decline: no clock jump
    const view = await read(request.id);
    expect(view).to.include({ status: 'open', uncovered: true });
    expect((await listed(otherDispatcher.auth)).find((v) => v.id === request.id)?.uncovered).to.equal(true);
    const told = (await mailsAbout(request.id, 'uncovered')).filter((m) => to(m).includes(w.requester.email));
    expect(told).to.have.length(1);
    expect(told[0]!.text).to.contain(coverageAdvice('video', view.alternatives));

    const pick = ((await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', w.dispatcher.auth)).body as { candidates: Array<{ interpreterId: string }> }).candidates[0]!.interpreterId;
    expect((await t.http().post(`/api/requests/${request.id}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: pick })).status).to.equal(200);
    expect((await read(request.id)).uncovered).to.equal(undefined);
    expect((await listed(otherDispatcher.auth)).some((v) => v.id === request.id)).to.equal(false);
  });

  it('a "now" request nobody can take is given up within the minute as nobody_eligible, the requester told once; it leaves the list of requests to assign', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'tir', modality: 'phone', start: 'now', durationMinutes: 20 });
    expect(request).to.include({ uncovered: true });
    await runner.runDue();
    await runner.runDue();
    await runner.runDue();
    expect(await read(request.id)).to.include({ status: 'unfilled', unfilledReason: 'nobody_eligible', uncovered: true });
    expect(await toAssign(otherDispatcher.auth)).not.to.include(request.id);
    const toRequester = (await mailsAbout(request.id)).filter((m) => to(m).includes(w.requester.email));
    expect(toRequester.map((m) => m.subject)).to.have.length(1);
  });

  it('a "now" request offered to everyone who did not answer says so, and suggests only what differs (not the same people by video)', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    for (const [n, interpreter] of w.interpreters.entries()) await markOnline(`socket-now-${n}`, interpreter.id, clock.now());
    const dispatcherA = await listen(w.dispatcher.auth, 'request:uncovered');
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 20 });
    await runner.runDue();
    expect((await Promise.all(w.interpreters.map(async (i) => ((await t.http().get('/api/offers').set('Authorization', i.auth)).body as Array<{ requestId: string }>).some((o) => o.requestId === request.id)))).every(Boolean)).to.equal(true);
    // Nobody answers: the waves pass, then it is given up.
    for (let i = 0; i < 3; i += 1) {
      clock.advance(5);
      await runner.runDue();
    }
    const view = await read(request.id);
    expect(view).to.include({ status: 'unfilled', unfilledReason: 'nobody_answered', uncovered: true });
    expect(view.alternatives?.offeredTo).to.equal(2);
    // Both do video too: at the same time, that would be the same two people.
    expect(view.alternatives?.byModality.video).to.equal(0);
    const advice = coverageAdvice('phone', view.alternatives, true);
    expect(advice).to.match(/^Cette demande par téléphone a été proposée à 2 interprètes : aucun·e n’a pu l’accepter à temps\./);
    expect(advice).not.to.contain('en visioconférence');
    expect(advice).not.to.contain('agences sont prévenues');
    const toRequester = (await mailsAbout(request.id)).filter((m) => to(m).includes(w.requester.email));
    expect(toRequester.at(-1)!.text).to.contain(advice);
    expect(await toAssign(w.dispatcher.auth)).not.to.include(request.id);
    // The dispatchers were alerted while it could still be assigned (everyone offered, nobody yet), not once more when it was given up.
    expect(dispatcherA.filter((v) => v.id === request.id)).to.have.length(1);
    for (const [n] of w.interpreters.entries()) await markOffline(`socket-now-${n}`);
  });

  it('a request some can take is not escalated, and other agencies never see it', async () => {
    const request = await book({ language: 'ara', modality: 'phone', start: parisIn(6, '09:00'), durationMinutes: 30 });
    expect(request.coverage).to.deep.equal({ eligible: 2 });
    expect(request.uncovered).to.equal(undefined);
    expect((await listed(otherDispatcher.auth)).some((v) => v.id === request.id)).to.equal(false);
    expect((await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', otherDispatcher.auth)).status).to.equal(404);
  });
});
