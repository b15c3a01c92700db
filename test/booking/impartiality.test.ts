import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, jobRunner, offerOf, parisIn, runWideWaves, TestClock } from '../support/booking';

// Impartiality (HAS 2017): an interpreter who knows the patient steps back ("Je connais la personne"),
// which is never a late withdrawal, and is never offered that patient of that structure again.

describe('Impartiality: an interpreter who knows the patient steps back', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 7);
  });
  let day = 3;
  const book = async (body: object = {}, auth = w.requester.auth) => {
    const res = await t.http().post('/api/requests').set('Authorization', auth).send({ language: 'ara', modality: 'video', start: parisIn((day += 1), '10:00'), durationMinutes: 45, ...body });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  /** The interpreters holding a live offer of the request. */
  const offeredTo = async (requestId: string) => {
    const holders = [];
    for (const interpreter of w.interpreters) if (await offerOf(t, interpreter, requestId)) holders.push(interpreter);
    return holders;
  };
  const lateWithdrawals = async (interpreterId: string) =>
    ((await t.http().get('/api/ratings').set('Authorization', w.dispatcher.auth)).body as { interpreters: Array<{ interpreterId: string; lateWithdrawals: number }> })
      .interpreters.find((i) => i.interpreterId === interpreterId)!.lateWithdrawals;
  const reasonsFor = async (requestId: string, interpreterId: string) => {
    const res = await t.http().get(`/api/requests/${requestId}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body.unavailable as Array<{ interpreterId: string; reasons: string[] }>).find((u) => u.interpreterId === interpreterId)?.reasons ?? [];
  };

  it('“Je connais la personne” on an offer: the next wave goes out at once, and the structure’s later requests for that patient reference never reach them', async () => {
    const clock = new TestClock();
    const first = await book({ patientRef: 'KM-1' });
    await jobRunner(clock).runDue();
    const wave = await offeredTo(first);
    expect(wave.length, 'a wave of 3').to.equal(3);
    const knows = wave[0]!;
    const res = await t.http().post(`/api/offers/${await offerOf(t, knows, first)}/decline`).set('Authorization', knows.auth).send({ knowsPatient: true });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    await jobRunner(clock).runDue();
    expect((await offeredTo(first)).length, 'the next wave, without waiting for the others').to.equal(5);

    const samePatient = await book({ patientRef: 'km-1 ' });
    const otherPatient = await book({ patientRef: 'KM-2' });
    const otherStructure = await book({ patientRef: 'KM-1' }, w.otherRequester.auth);
    await runWideWaves(clock);
    expect(await offerOf(t, knows, samePatient), 'same structure, same reference (case and spaces aside)').to.equal(undefined);
    expect(await offerOf(t, knows, otherPatient), 'another patient').to.be.a('string');
    expect(await offerOf(t, knows, otherStructure), 'another structure’s KM-1 is another person').to.be.a('string');
    expect(await reasonsFor(samePatient, knows.id)).to.deep.equal(['Connaît la personne']);
  });

  it('stepping back from an assigned session the day before is never a late withdrawal, and the session is offered to others at once', async () => {
    const soon = parisIn(1, '10:00');
    const id = await book({ start: soon, patientRef: 'RB-7' });
    const knows = w.interpreters[5]!;
    await acceptedBy(t, id, knows);
    const res = await t.http().post(`/api/requests/${id}/withdraw`).set('Authorization', knows.auth).send({ reason: 'Je connais la personne', knowsPatient: true });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(await lateWithdrawals(knows.id)).to.equal(0);
    await jobRunner(new TestClock()).runDue();
    expect((await offeredTo(id)).length, 'offered again').to.be.greaterThan(0);
    const later = await book({ patientRef: 'RB-7' });
    await runWideWaves(new TestClock());
    expect(await offerOf(t, knows, later)).to.equal(undefined);
    const assign = await t.http().post(`/api/requests/${later}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: knows.id });
    expect(assign.status, JSON.stringify(assign.body)).to.equal(422);
    expect(assign.body.error.details).to.deep.include({ field: 'interpreterId', code: 'knows_patient', message: 'Connaît la personne' });
  });

  it('knowing the patient of one session, they leave that patient’s other sessions and offers there too, not another patient’s', async () => {
    const knows = w.interpreters[4]!;
    const first = await book({ patientRef: 'SR-3' });
    const second = await book({ patientRef: ' sr-3' });
    const another = await book({ patientRef: 'SR-4' });
    const elsewhere = await book({ patientRef: 'SR-3' }, w.otherRequester.auth);
    for (const id of [first, second, another, elsewhere]) await acceptedBy(t, id, knows);
    const offered = await book({ patientRef: 'Sr-3' });
    await runWideWaves(new TestClock());
    expect(await offerOf(t, knows, offered), 'offered before they said so').to.be.a('string');

    const res = await t.http().post(`/api/requests/${first}/withdraw`).set('Authorization', knows.auth).send({ reason: 'Je connais la personne', knowsPatient: true });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const status = async (id: string, auth = w.requester.auth) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).body.status;
    expect(await status(second), 'the same patient’s other session, reopened').to.equal('open');
    expect(await status(another), 'another patient’s session, kept').to.equal('assigned');
    expect(await status(elsewhere, w.otherRequester.auth), 'another structure’s SR-3 is another person').to.equal('assigned');
    expect(await offerOf(t, knows, offered), 'the same patient’s live offer, declined').to.equal(undefined);
    expect(await lateWithdrawals(knows.id)).to.equal(0);
    await runWideWaves(new TestClock());
    expect(await offerOf(t, knows, second), 'never offered that session again').to.equal(undefined);
    expect((await offeredTo(second)).length, 'offered to others').to.be.greaterThan(0);
  });

  it('the same withdrawal without knowsPatient, the day before, is late (the rule it is spared)', async () => {
    const id = await book({ start: parisIn(1, '15:00'), patientRef: 'RB-8' });
    const interpreter = w.interpreters[6]!;
    await acceptedBy(t, id, interpreter);
    const res = await t.http().post(`/api/requests/${id}/withdraw`).set('Authorization', interpreter.auth).send({ reason: 'Empêchement' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(await lateWithdrawals(interpreter.id)).to.equal(1);
  });

  it('refuses a knowsPatient that is not true or false, and an unknown field on decline, with a 400 that changes nothing', async () => {
    const id = await book({ patientRef: 'XY-1' });
    await runWideWaves(new TestClock());
    const interpreter = w.interpreters[0]!;
    const offer = await offerOf(t, interpreter, id);
    for (const body of [{ knowsPatient: 'oui' }, { reason: 'connu' }]) {
      const res = await t.http().post(`/api/offers/${offer}/decline`).set('Authorization', interpreter.auth).send(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
    }
    expect(await offerOf(t, interpreter, id), 'still live').to.equal(offer);
    const plain = await t.http().post(`/api/offers/${offer}/decline`).set('Authorization', interpreter.auth);
    expect(plain.status, 'a decline without a body, as before').to.equal(200);
  });
});
