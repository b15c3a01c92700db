import { expect } from 'chai';
import { priceCancellation, priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { AgendaModel, OfferModel, RequestModel } from '../../server/booking/store';
import { markOnline } from '../../server/notify/presence';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';

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
  const offersOf = async (auth: string) => (await t.http().get('/api/offers').set('Authorization', auth)).body as { id: string; requestId: string }[];
  const offerFor = async (interpreter: { auth: string }, requestId: string) => (await offersOf(interpreter.auth)).find((o) => o.requestId === requestId);

  it('a booked request is offered in waves of three, the next wave after the wave timeout', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(2, '10:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    await runner.runDue();
    expect(await OfferModel.countDocuments({ requestId: request.id })).to.equal(3);
    clock.advance(60);
    await runner.runDue();
    expect(await OfferModel.countDocuments({ requestId: request.id })).to.be.greaterThan(3);
    const doc = await RequestModel.findById(request.id).lean();
    expect(doc!.wave).to.equal(2);
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
    expect(seen.body.connection).to.deep.equal({ kind: 'phone', phone: winner!.phone });
    const others = await OfferModel.find({ requestId: request.id, interpreterId: { $ne: winner!.id } }).lean();
    expect(others.every((o) => o.status === 'withdrawn')).to.equal(true);
  });

  it('fifty concurrent accepts of one request: exactly one 200, every other a 409', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(4, '09:00'), durationMinutes: 45 });
    const doc = await RequestModel.findById(request.id).lean();
    const now = new Date();
    // Every interpreter holds a live offer, as after a widened wave; several accept more than once.
    await OfferModel.insertMany(w.interpreters.map((i) => ({ requestId: doc!._id, interpreterId: i.id, wave: 1, status: 'live', createdAt: now, expiresAt: doc!.start })));
    const offers = await OfferModel.find({ requestId: doc!._id }).lean();
    const attempts = Array.from({ length: 50 }, (_, k) => {
      const interpreter = w.interpreters[k % w.interpreters.length]!;
      const offer = offers.find((o) => o.interpreterId.toString() === interpreter.id)!;
      return t.http().post(`/api/offers/${offer._id.toString()}/accept`).set('Authorization', interpreter.auth);
    });
    const answers = await Promise.all(attempts);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    const final = await RequestModel.findById(request.id).lean();
    const agendas = await AgendaModel.find({ 'bookings.requestId': doc!._id }).lean();
    expect(agendas, 'exactly one agenda holds the slot').to.have.length(1);
    expect(agendas[0]!._id.toString()).to.equal(final!.interpreterId!.toString());
  });

  it('one interpreter accepting twelve offers at different hours at the same instant gets all twelve', async () => {
    const interpreter = w.interpreters[2]!;
    const made: Awaited<ReturnType<typeof book>>[] = [];
    for (let i = 0; i < 12; i += 1) made.push(await book({ language: 'ara', modality: 'video', start: parisIn(20 + i, '09:00'), durationMinutes: 60 }));
    const offers = await OfferModel.insertMany(made.map((r) => ({ requestId: r.id, interpreterId: interpreter.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt: new Date(Date.now() + 600_000) })));
    const statuses = await Promise.all(offers.map(async (o) => (await t.http().post(`/api/offers/${o._id.toString()}/accept`).set('Authorization', interpreter.auth)).status));
    expect(statuses).to.deep.equal(Array(12).fill(200));
    const agenda = await AgendaModel.findById(interpreter.id).lean<{ bookings: unknown[] }>();
    expect(agenda!.bookings.filter((b) => made.some((r) => String((b as { requestId: unknown }).requestId) === r.id))).to.have.length(12);
  });

  it('no double booking: one interpreter accepting two overlapping requests at once gets only one', async () => {
    const interpreter = w.interpreters[7]!;
    const a = await book({ language: 'ara', modality: 'phone', start: parisIn(6, '10:00'), durationMinutes: 60 });
    const b = await book({ language: 'ara', modality: 'video', start: parisIn(6, '10:30'), durationMinutes: 60 });
    const now = new Date();
    const [offerA, offerB] = await OfferModel.insertMany([a, b].map((r) => ({ requestId: r.id, interpreterId: interpreter.id, wave: 1, status: 'live', createdAt: now, expiresAt: new Date(r.start) })));
    const answers = await Promise.all([offerA, offerB].map((o) => t.http().post(`/api/offers/${o!._id.toString()}/accept`).set('Authorization', interpreter.auth)));
    expect(answers.map((x) => x.status).sort()).to.deep.equal([200, 409]);
    expect(answers.find((x) => x.status === 409)!.body.error.code).to.equal('interpreter_busy');
    const agenda = await AgendaModel.findById(interpreter.id).lean();
    expect(agenda!.bookings.filter((bk) => [a.id, b.id].includes(bk.requestId!.toString()))).to.have.length(1);
  });

  it('with a 30-minute travel buffer, on site 09:00-10:30 blocks an on-site job at 10:45 elsewhere but not at 11:00', async () => {
    const interpreter = w.interpreters[6]!;
    const where = (address: string) => ({ address, department: '69' });
    const first = await book({ language: 'ara', modality: 'onsite', start: parisIn(8, '09:00'), durationMinutes: 90, location: where('1 rue A, Lyon') });
    const tooClose = await book({ language: 'ara', modality: 'onsite', start: parisIn(8, '10:45'), durationMinutes: 60, location: where('2 rue B, Villeurbanne') });
    const fine = await book({ language: 'ara', modality: 'onsite', start: parisIn(8, '11:00'), durationMinutes: 60, location: where('3 rue C, Bron') });
    const phoneRightAfter = await book({ language: 'ara', modality: 'phone', start: parisIn(8, '10:30'), durationMinutes: 15 });
    const now = new Date();
    const offers = await OfferModel.insertMany([first, tooClose, fine, phoneRightAfter].map((r) => ({ requestId: r.id, interpreterId: interpreter.id, wave: 1, status: 'live', createdAt: now, expiresAt: new Date(r.start) })));
    const accept = (k: number) => t.http().post(`/api/offers/${offers[k]!._id.toString()}/accept`).set('Authorization', interpreter.auth);
    expect((await accept(0)).status).to.equal(200);
    const refused = await accept(1);
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('interpreter_busy');
    expect((await accept(3)).status, 'a phone job right after an on-site one needs no buffer').to.equal(200);
    expect((await accept(2)).status, '11:00 on site leaves the 30-minute buffer after 10:30').to.equal(200);
  });

  it('a "now" phone request goes to every eligible interpreter online at once, widens, then ends unfilled', async () => {
    const online = w.interpreters.slice(0, 2);
    for (const [k, i] of online.entries()) await markOnline(`socket-${k}`, i.id, clock.now());
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 20 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const firstWave = await OfferModel.find({ requestId: request.id }).lean();
    expect(firstWave.map((o) => o.interpreterId.toString()).sort()).to.deep.equal(online.map((i) => i.id).sort());
    clock.advance(2);
    await runner.runDue();
    const widened = await OfferModel.find({ requestId: request.id }).lean();
    expect(widened.length).to.be.greaterThan(2);
    expect(widened.filter((o) => o.wave === 1).every((o) => o.status === 'expired')).to.equal(true);
    clock.advance(2);
    await runner.runDue();
    const doc = await RequestModel.findById(request.id).lean();
    expect(doc!.status).to.equal('unfilled');
    expect(await OfferModel.countDocuments({ requestId: request.id, status: 'live' })).to.equal(0);
  });

  it('a restart in the middle of a booked request’s waves: a new worker continues with the next wave', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(3, '16:00'), durationMinutes: 60 });
    await jobRunner(clock, 'process-before-restart').runDue();
    expect(await OfferModel.countDocuments({ requestId: request.id })).to.equal(3);
    // The first process is gone; a fresh one, with nothing in memory, picks the timers up from the database.
    clock.advance(60);
    await jobRunner(clock, 'process-after-restart').runDue();
    expect(await OfferModel.countDocuments({ requestId: request.id })).to.equal(6);
    expect(await OfferModel.countDocuments({ requestId: request.id, wave: 2 })).to.equal(3);
  });

  it('a still-open request near its start is flagged at risk, then unfilled at its start', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(1, '11:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    clock.set(new Date(new Date(request.start).getTime() - 119 * 60_000));
    await runner.runDue();
    let doc = await RequestModel.findById(request.id).lean();
    expect(doc!.atRiskSince).to.be.instanceOf(Date);
    const dispatcherView = await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.dispatcher.auth);
    expect(dispatcherView.status).to.equal(200);
    expect(dispatcherView.body.atRisk).to.equal(true);
    clock.set(new Date(request.start));
    await runner.runDue();
    doc = await RequestModel.findById(request.id).lean();
    expect(doc!.status).to.equal('unfilled');
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
    expect((await RequestModel.findById(request.id).lean())!.interpreterId!.toString()).to.equal(pick);
  });

  it('an interpreter who withdraws reopens the request, which is offered to others again', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(10, '10:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const offer = await OfferModel.findOne({ requestId: request.id }).lean();
    const interpreter = w.interpreters.find((i) => i.id === offer!.interpreterId.toString())!;
    await t.http().post(`/api/offers/${offer!._id.toString()}/accept`).set('Authorization', interpreter.auth).expect(200);
    const withdrawn = await t.http().post(`/api/requests/${request.id}/withdraw`).set('Authorization', interpreter.auth).send({ reason: 'Malade' });
    expect(withdrawn.status).to.equal(200);
    const doc = await RequestModel.findById(request.id).lean();
    expect(doc!.status).to.equal('open');
    expect(doc!.interpreterId ?? null).to.equal(null);
    expect(await AgendaModel.countDocuments({ _id: interpreter.id, 'bookings.requestId': doc!._id })).to.equal(0);
    await runner.runDue();
    const fresh = await OfferModel.find({ requestId: request.id, status: 'live' }).lean();
    expect(fresh.length).to.be.greaterThan(0);
    expect(fresh.map((o) => o.interpreterId.toString())).not.to.include(interpreter.id);
  });

  it('the assigned interpreter completes with actual minutes and gets the cost; nobody else can', async () => {
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    const interpreter = w.interpreters[5]!;
    const [offer] = await OfferModel.insertMany([{ requestId: request.id, interpreterId: interpreter.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000) }]);
    await t.http().post(`/api/offers/${offer!._id.toString()}/accept`).set('Authorization', interpreter.auth).expect(200);
    const stranger = w.interpreters[4]!;
    expect((await t.http().post(`/api/requests/${request.id}/complete`).set('Authorization', stranger.auth).send({ actualMinutes: 20, outcome: 'done' })).status).to.equal(404);
    const done = await t.http().post(`/api/requests/${request.id}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: 20, outcome: 'done' });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    // The figures themselves are pricing's tests; here, the completion carries the price of what was
    // worked at that hour (an evening run adds the night surcharge to the 2 blocks of 12.00 EUR).
    const price = priceSession(DEFAULT_TARIFF, { modality: 'phone', start: new Date(request.start), minutes: 20, department: w.structure.department });
    expect(price.costCents).to.be.at.least(2400);
    expect(done.body).to.include({ status: 'completed', costCents: price.costCents });
    const cancel = await t.http().post(`/api/requests/${request.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'trop tard' });
    expect(cancel.status).to.equal(409);
  });

  it('a late cancellation of an accepted request is billed the booked duration', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: new Date(Date.now() + 3 * 3600_000).toISOString(), durationMinutes: 45 });
    const interpreter = w.interpreters[3]!;
    const [offer] = await OfferModel.insertMany([{ requestId: request.id, interpreterId: interpreter.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt: new Date(request.start) }]);
    await t.http().post(`/api/offers/${offer!._id.toString()}/accept`).set('Authorization', interpreter.auth).expect(200);
    const quote = await t.http().get(`/api/requests/${request.id}/cancellation-quote`).set('Authorization', w.requester.auth);
    expect(quote.status).to.equal(200);
    expect(await RequestModel.findById(request.id).lean()).to.include({ status: 'assigned' });
    const res = await t.http().post(`/api/requests/${request.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient parti' });
    expect(res.status).to.equal(200);
    // 45 booked minutes of video are 3 blocks of 12.50 EUR, plus any night surcharge at that hour.
    const fee = priceCancellation(DEFAULT_TARIFF, { modality: 'video', start: new Date(request.start), durationMinutes: 45, department: w.structure.department, cancelledAt: new Date(), wasAssigned: true });
    expect(fee!.costCents).to.be.at.least(3750);
    expect(res.body.cancellationFeeCents).to.equal(fee!.costCents);
    expect(quote.body.feeCents, 'the fee shown before confirming is the fee billed').to.equal(fee!.costCents);
    expect(await AgendaModel.countDocuments({ _id: interpreter.id, 'bookings.requestId': request.id })).to.equal(0);
  });
});
