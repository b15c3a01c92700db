import { expect } from 'chai';
import { priceCancellation, priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { configureDispatch, DEFAULT_DISPATCH_POLICY } from '../../server/booking/dispatch-policy';
import { markOnline } from '../../server/notify/presence';
import { useTestApp } from '../support/app';
import { bookingWorld, exported, jobRunner, parisIn, TestClock } from '../support/booking';

describe('Dispatch: from a request to exactly one interpreter', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let clock: TestClock;
  before(async () => {
    w = await bookingWorld(t, 8);
  });
  beforeEach(() => {
    clock = new TestClock();
  });

  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; start: string };
  };
  type Interpreter = (typeof w.interpreters)[number];
  const offersOf = async (auth: string) => (await t.http().get('/api/offers').set('Authorization', auth)).body as { id: string; requestId: string }[];
  const offerFor = async (interpreter: { auth: string }, requestId: string) => (await offersOf(interpreter.auth)).find((o) => o.requestId === requestId);
  /** The interpreters holding a live offer of the request, as each sees it on their offers page. */
  const holders = async (requestId: string) => {
    const held = await Promise.all(w.interpreters.map(async (i) => ((await offerFor(i, requestId)) ? i : null)));
    return held.filter((i): i is Interpreter => i !== null);
  };
  const view = async (requestId: string, auth = w.requester.auth) => (await t.http().get(`/api/requests/${requestId}`).set('Authorization', auth)).body;
  const accept = (interpreter: Interpreter, offerId: string) => t.http().post(`/api/offers/${offerId}/accept`).set('Authorization', interpreter.auth);
  /** The sessions in the interpreter's agenda (Mon agenda lists their assigned requests). */
  const agendaOf = async (interpreter: Interpreter) => ((await t.http().get('/api/requests?status=assigned&limit=1000').set('Authorization', interpreter.auth)).body as { id: string }[]).map((r) => r.id);
  /** Whether the dispatcher would be shown the interpreter as free for another session at that hour. */
  const freeAt = async (interpreter: Interpreter, start: string, durationMinutes: number) => {
    const probe = await book({ language: 'ara', modality: 'video', start, durationMinutes });
    // The dispatchers of the agencies whose interpreters can take it see it once its first wave ran.
    await jobRunner(clock).runDue();
    const answer = await t.http().get(`/api/requests/${probe.id}/candidates`).set('Authorization', w.dispatcher.auth);
    await t.http().post(`/api/requests/${probe.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'sonde' }).expect(200);
    return (answer.body.candidates as { interpreterId: string }[]).some((c) => c.interpreterId === interpreter.id);
  };
  /** Books requests and runs their first wave with waves wide enough to reach every eligible interpreter. */
  const offeredToEveryone = async (bodies: object[]) => {
    const made = [];
    for (const body of bodies) made.push(await book(body));
    configureDispatch({ waveSize: 100 });
    try {
      await jobRunner(clock).runDue();
    } finally {
      configureDispatch(DEFAULT_DISPATCH_POLICY);
    }
    return made;
  };
  const offerOf = async (interpreter: Interpreter, requestId: string) => {
    const offer = await offerFor(interpreter, requestId);
    expect(offer, `${interpreter.name} holds an offer of ${requestId}`).to.exist;
    return offer!.id;
  };

  it('a booked request is offered in waves of three, the next wave after the wave timeout', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(2, '10:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const firstWave = await holders(request.id);
    expect(firstWave).to.have.length(3);
    clock.advance(59);
    await runner.runDue();
    expect(await holders(request.id), 'the wave waits a thirtieth of the lead time (60 min at 2 days)').to.have.length(3);
    clock.advance(1);
    await runner.runDue();
    const secondWave = await holders(request.id);
    expect(secondWave).to.have.length(6);
    expect(secondWave.map((i) => i.id)).to.include.members(firstWave.map((i) => i.id));
  });

  it('an interpreter sees the offer without patient fields, accepts it, and the request shows who and how to connect', async () => {
    const request = await book({ language: 'ara', modality: 'phone', start: parisIn(2, '14:00'), durationMinutes: 30, patientRef: 'PR-77', notes: 'Suivi cardiologie' });
    await jobRunner(clock).runDue();
    let winner;
    let offer;
    for (const interpreter of w.interpreters) {
      offer = await offerFor(interpreter, request.id);
      if (offer) { winner = interpreter; break; }
    }
    expect(offer, 'someone got an offer').to.exist;
    expect(JSON.stringify(offer)).not.to.match(/PR-77|cardiologie/);
    const accepted = await t.http().post(`/api/offers/${offer!.id}/accept`).set('Authorization', winner!.auth);
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body.status).to.equal('assigned');
    const seen = await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.requester.auth);
    expect(seen.body.status).to.equal('assigned');
    expect(seen.body.interpreter.name).to.equal(winner!.name);
    // Held in the platform's call: the requester reads the call, never the interpreter's personal number.
    expect(seen.body.connection).to.deep.equal({ kind: 'phone' });
    expect(seen.body.call.joinPath).to.equal(`/#/appel?id=${request.id}`);
    expect(JSON.stringify(seen.body)).not.to.include(winner!.phone);
    expect(await holders(request.id), 'the other offers are withdrawn').to.deep.equal([]);
  });

  it('fifty concurrent accepts of one request: exactly one 200, every other a 409', async () => {
    const [request] = await offeredToEveryone([{ language: 'ara', modality: 'video', start: parisIn(4, '09:00'), durationMinutes: 45 }]);
    // Every interpreter holds a live offer, as after a widened wave; several accept more than once.
    const offerIds = new Map(await Promise.all(w.interpreters.map(async (i) => [i.id, await offerOf(i, request!.id)] as const)));
    const attempts = Array.from({ length: 50 }, (_, k) => {
      const interpreter = w.interpreters[k % w.interpreters.length]!;
      return accept(interpreter, offerIds.get(interpreter.id)!);
    });
    const answers = await Promise.all(attempts);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    const winner = (await view(request!.id)).interpreter.name as string;
    const holding = [];
    for (const interpreter of w.interpreters) if ((await agendaOf(interpreter)).includes(request!.id)) holding.push(interpreter.name);
    expect(holding, 'exactly one agenda holds the session').to.deep.equal([winner]);
  });

  it('one interpreter accepting twelve offers at different hours at the same instant gets all twelve', async () => {
    const interpreter = w.interpreters[2]!;
    const made = await offeredToEveryone(Array.from({ length: 12 }, (_, i) => ({ language: 'ara', modality: 'video', start: parisIn(20 + i, '09:00'), durationMinutes: 60 })));
    const offerIds = await Promise.all(made.map((r) => offerOf(interpreter, r.id)));
    const statuses = await Promise.all(offerIds.map(async (id) => (await accept(interpreter, id)).status));
    expect(statuses).to.deep.equal(Array(12).fill(200));
    const agenda = await agendaOf(interpreter);
    expect(made.filter((r) => agenda.includes(r.id))).to.have.length(12);
  });

  it('no double booking: one interpreter accepting two overlapping requests at once gets only one', async () => {
    const interpreter = w.interpreters[7]!;
    const [a, b] = await offeredToEveryone([
      { language: 'ara', modality: 'phone', start: parisIn(6, '10:00'), durationMinutes: 60 },
      { language: 'ara', modality: 'video', start: parisIn(6, '10:30'), durationMinutes: 60 },
    ]);
    const offerIds = await Promise.all([a!, b!].map((r) => offerOf(interpreter, r.id)));
    const answers = await Promise.all(offerIds.map((id) => accept(interpreter, id)));
    expect(answers.map((x) => x.status).sort()).to.deep.equal([200, 409]);
    expect(answers.find((x) => x.status === 409)!.body.error.code).to.equal('interpreter_busy');
    const agenda = await agendaOf(interpreter);
    expect([a!.id, b!.id].filter((id) => agenda.includes(id))).to.have.length(1);
  });

  it('with a 30-minute travel buffer, on site 09:00-10:30 blocks an on-site job at 10:45 elsewhere but not at 11:00', async () => {
    const interpreter = w.interpreters[6]!;
    const where = (address: string) => ({ address, department: '69' });
    const made = await offeredToEveryone([
      { language: 'ara', modality: 'onsite', start: parisIn(8, '09:00'), durationMinutes: 90, location: where('1 rue A, Lyon') },
      { language: 'ara', modality: 'onsite', start: parisIn(8, '10:45'), durationMinutes: 60, location: where('2 rue B, Villeurbanne') },
      { language: 'ara', modality: 'onsite', start: parisIn(8, '11:00'), durationMinutes: 60, location: where('3 rue C, Bron') },
      { language: 'ara', modality: 'phone', start: parisIn(8, '10:30'), durationMinutes: 15 },
    ]);
    const offerIds = await Promise.all(made.map((r) => offerOf(interpreter, r.id)));
    const take = (k: number) => accept(interpreter, offerIds[k]!);
    expect((await take(0)).status).to.equal(200);
    const refused = await take(1);
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('interpreter_busy');
    expect((await take(3)).status, 'a phone job right after an on-site one needs no buffer').to.equal(200);
    expect((await take(2)).status, '11:00 on site leaves the 30-minute buffer after 10:30').to.equal(200);
  });

  it('a "now" phone request goes to every eligible interpreter online at once, widens, then ends unfilled', async () => {
    const online = w.interpreters.slice(0, 2);
    for (const [k, i] of online.entries()) await markOnline(`socket-${k}`, i.id, clock.now());
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 20 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const firstWave = await holders(request.id);
    expect(firstWave.map((i) => i.id).sort()).to.deep.equal(online.map((i) => i.id).sort());
    clock.advance(2);
    await runner.runDue();
    const widened = await holders(request.id);
    const offline = w.interpreters.filter((i) => !online.includes(i));
    expect(widened.map((i) => i.id).sort(), 'the second wave reaches everyone else; the first wave’s offers expired').to.deep.equal(offline.map((i) => i.id).sort());
    clock.advance(2);
    await runner.runDue();
    expect((await view(request.id)).status).to.equal('unfilled');
    expect(await holders(request.id)).to.deep.equal([]);
  });

  it('a restart in the middle of a booked request’s waves: a new worker continues with the next wave', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(3, '16:00'), durationMinutes: 60 });
    await jobRunner(clock, 'process-before-restart').runDue();
    const firstWave = await holders(request.id);
    expect(firstWave).to.have.length(3);
    // The first process is gone; a fresh one, with nothing in memory, picks the timers up from the database.
    clock.advance(60);
    await jobRunner(clock, 'process-after-restart').runDue();
    const both = await holders(request.id);
    expect(both).to.have.length(6);
    expect(both.filter((i) => !firstWave.includes(i)), 'the second wave reaches three others').to.have.length(3);
  });

  it('a still-open request near its start is flagged at risk, then unfilled at its start', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(1, '11:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    clock.set(new Date(new Date(request.start).getTime() - 119 * 60_000));
    await runner.runDue();
    const dispatcherView = await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.dispatcher.auth);
    expect(dispatcherView.status).to.equal(200);
    expect(dispatcherView.body.atRisk).to.equal(true);
    clock.set(new Date(request.start));
    await runner.runDue();
    expect((await view(request.id)).status).to.equal('unfilled');
  });

  it('a dispatcher sees ranked candidates of their agency with reasons and assigns in one call', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(9, '10:00'), durationMinutes: 60, specialty: 'general' });
    await jobRunner(clock).runDue();
    const candidates = await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(candidates.status).to.equal(200);
    expect(candidates.body.candidates.length).to.be.at.least(1);
    expect(candidates.body.candidates[0].reasons).to.be.an('array');
    const pick = candidates.body.candidates[0].interpreterId as string;
    const assigned = await t.http().post(`/api/requests/${request.id}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: pick });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect(assigned.body.status).to.equal('assigned');
    const chosen = w.interpreters.find((i) => i.id === pick)!;
    expect((await view(request.id)).interpreter.name).to.equal(chosen.name);
    expect(await agendaOf(chosen)).to.include(request.id);
  });

  it('a dispatcher’s direct assignment passes the same eligibility as an offer: 422 with the reasons, nothing changed', async () => {
    // Nobody speaks Dari here: the request is uncovered at booking, so every dispatcher sees it.
    const request = await book({ language: 'prs', modality: 'video', start: parisIn(9, '15:00'), durationMinutes: 60 });
    const interpreter = w.interpreters[0]!;
    const refused = await t.http().post(`/api/requests/${request.id}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: interpreter.id });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(refused.body.error.code).to.equal('not_eligible');
    expect(refused.body.error.details).to.deep.include({ field: 'interpreterId', code: 'language', message: 'Ne parle pas cette langue' });
    expect((await view(request.id)).status).to.equal('open');
    expect(await agendaOf(interpreter)).not.to.include(request.id);
  });

  it('an interpreter who withdraws reopens the request, which is offered to others again', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(10, '10:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const [interpreter] = await holders(request.id);
    await accept(interpreter!, await offerOf(interpreter!, request.id)).expect(200);
    const withdrawn = await t.http().post(`/api/requests/${request.id}/withdraw`).set('Authorization', interpreter!.auth).send({ reason: 'Malade' });
    expect(withdrawn.status).to.equal(200);
    const reopened = await view(request.id);
    expect(reopened.status).to.equal('open');
    expect(reopened.interpreter ?? null).to.equal(null);
    expect(await agendaOf(interpreter!)).not.to.include(request.id);
    expect(await freeAt(interpreter!, request.start, 60), 'the slot is free again in their agenda').to.equal(true);
    await runner.runDue();
    const fresh = await holders(request.id);
    expect(fresh.length).to.be.greaterThan(0);
    expect(fresh.map((i) => i.id)).not.to.include(interpreter!.id);
  });

  it('after a withdrawal, those whose offer closed when it was accepted are asked again; those who declined are not', async () => {
    // The pilot's example: interp41 accepted then withdrew; interp42, offered it in the first wave, was never asked again.
    const [request] = await offeredToEveryone([{ language: 'ara', modality: 'video', start: parisIn(9, '15:00'), durationMinutes: 60 }]);
    const [accepting, declining, ...others] = w.interpreters;
    await t.http().post(`/api/offers/${await offerOf(declining!, request!.id)}/decline`).set('Authorization', declining!.auth).send({}).expect(200);
    await accept(accepting!, await offerOf(accepting!, request!.id)).expect(200);
    expect(await holders(request!.id), 'the other offers closed on acceptance').to.deep.equal([]);
    await t.http().post(`/api/requests/${request!.id}/withdraw`).set('Authorization', accepting!.auth).send({ reason: 'Empêchement' }).expect(200);
    configureDispatch({ waveSize: 100 });
    try {
      await jobRunner(clock).runDue();
    } finally {
      configureDispatch(DEFAULT_DISPATCH_POLICY);
    }
    expect((await holders(request!.id)).map((i) => i.name).sort()).to.deep.equal(others.map((i) => i.name).sort());
    expect((await view(request!.id, w.dispatcher.auth)).uncovered ?? false, 'not escalated as "nobody can take it"').to.equal(false);
    // A wave run twice (a restart) opens each offer once, and each is told once more by mail (the first wave's 8, then these 6).
    await jobRunner(clock).runDue();
    expect(await holders(request!.id)).to.have.length(others.length);
    const offerMails = (await exported(t, request!.id, w.requester.auth)).mails.filter((m: { kind: string }) => m.kind === 'offer');
    expect(offerMails).to.have.length(w.interpreters.length + others.length);
  });

  it('the assigned interpreter completes with actual minutes and gets the cost; nobody else can', async () => {
    const interpreter = w.interpreters[5]!;
    await markOnline('socket-5', interpreter.id, clock.now());
    const [request] = await offeredToEveryone([{ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 }]);
    await accept(interpreter, await offerOf(interpreter, request!.id)).expect(200);
    const stranger = w.interpreters[4]!;
    expect((await t.http().post(`/api/requests/${request!.id}/complete`).set('Authorization', stranger.auth).send({ actualMinutes: 20, outcome: 'done', heldByCallback: true })).status).to.equal(404);
    const done = await t.http().post(`/api/requests/${request!.id}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: 20, outcome: 'done', heldByCallback: true });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    // The figures themselves are pricing's tests; here, the completion carries the price of what was
    // worked at that hour (an evening run adds the night surcharge to the 2 blocks of 12.00 EUR).
    const price = priceSession(DEFAULT_TARIFF, { modality: 'phone', start: new Date(request!.start), minutes: 20, department: w.structure.department });
    expect(price.costCents).to.be.at.least(2400);
    expect(done.body).to.include({ status: 'completed', costCents: price.costCents });
    const cancel = await t.http().post(`/api/requests/${request!.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'trop tard' });
    expect(cancel.status).to.equal(409);
  });

  it('a late cancellation of an accepted request is billed the booked duration', async () => {
    const [request] = await offeredToEveryone([{ language: 'ara', modality: 'video', start: new Date(Date.now() + 3 * 3600_000).toISOString(), durationMinutes: 45 }]);
    const interpreter = w.interpreters[3]!;
    await accept(interpreter, await offerOf(interpreter, request!.id)).expect(200);
    const quote = await t.http().get(`/api/requests/${request!.id}/cancellation-quote`).set('Authorization', w.requester.auth);
    expect(quote.status).to.equal(200);
    expect((await view(request!.id)).status).to.equal('assigned');
    const res = await t.http().post(`/api/requests/${request!.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient parti' });
    expect(res.status).to.equal(200);
    // 45 booked minutes of video are 3 blocks of 12.50 EUR, plus any night surcharge at that hour.
    const fee = priceCancellation(DEFAULT_TARIFF, { modality: 'video', start: new Date(request!.start), durationMinutes: 45, department: w.structure.department, cancelledAt: new Date(), wasAssigned: true });
    expect(fee!.costCents).to.be.at.least(3750);
    expect(res.body.cancellationFeeCents).to.equal(fee!.costCents);
    expect(quote.body.feeCents, 'the fee shown before confirming is the fee billed').to.equal(fee!.costCents);
    expect(await agendaOf(interpreter)).not.to.include(request!.id);
    expect(await freeAt(interpreter, request!.start, 45), 'the slot is free again in their agenda').to.equal(true);
  });
});
