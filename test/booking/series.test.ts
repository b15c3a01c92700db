import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, exported, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';

describe('Series of appointments', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    // Therapy in mental health: the interpreters hold the training it requires.
    w = await bookingWorld(t, 6, { qualifications: [{ code: 'mental_health', obtainedOn: '2024-01-15' }] });
  });
  const series = async (patientRef: string) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth)
      .send({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60, specialty: 'mental_health', patientRef, recurrence: { every: 'week', count: 4 } });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return (await t.http().get(`/api/requests?seriesId=${res.body.seriesId}`).set('Authorization', w.requester.auth)).body
      .sort((a: { occurrence: number }, b: { occurrence: number }) => a.occurrence - b.occurrence) as { id: string; occurrence: number; start: string; seriesId: string }[];
  };

  const statusOf = async (id: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth)).body.status as string;

  it('a weekly series creates linked occurrences one week apart at the same Paris time', async () => {
    const occurrences = await series('SER-1');
    expect(occurrences.map((o) => o.occurrence)).to.deep.equal([1, 2, 3, 4]);
    expect(new Set(occurrences.map((o) => o.seriesId)).size).to.equal(1);
    expect(occurrences[0]!.seriesId).to.equal(occurrences[0]!.id);
    const paris = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
    expect(occurrences.map((o) => paris(o.start))).to.deep.equal(['10:00', '10:00', '10:00', '10:00']);
  });

  it('cancelling one occurrence leaves the others', async () => {
    const occurrences = await series('SER-2');
    await t.http().post(`/api/requests/${occurrences[1]!.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Férié' }).expect(200);
    const statuses = await Promise.all(occurrences.map((o) => statusOf(o.id)));
    expect(statuses).to.deep.equal(['open', 'cancelled', 'open', 'open']);
  });

  it('"this and following" cancels the rest of the series only', async () => {
    const occurrences = await series('SER-3');
    await t.http().post(`/api/requests/${occurrences[2]!.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Fin du suivi', scope: 'following' }).expect(200);
    const statuses = await Promise.all(occurrences.map((o) => statusOf(o.id)));
    expect(statuses).to.deep.equal(['open', 'open', 'cancelled', 'cancelled']);
  });

  it('is offered first to the interpreter of its first occurrence', async () => {
    const clock = new TestClock();
    const occurrences = await series('SER-4');
    const runner = jobRunner(clock);
    await runner.runDue();
    const offered = await Promise.all(w.interpreters.map(async (i) => ({ interpreter: i, offerId: await offerOf(t, i, occurrences[0]!.id) })));
    const first = offered.find((o) => o.offerId !== undefined)!;
    expect(first, 'the first occurrence is offered').to.exist;
    const interpreter = first.interpreter;
    await t.http().post(`/api/offers/${first.offerId}/accept`).set('Authorization', interpreter.auth).expect(200);
    await runner.runDue();
    for (const later of occurrences.slice(1)) {
      // Every offer ever made of the occurrence, live or not, as its export lists them.
      const { offers } = await exported(t, later.id, w.requester.auth);
      expect(offers.map((o: { interpreterId: string }) => o.interpreterId), `occurrence ${later.occurrence}`).to.deep.equal([interpreter.id]);
      expect(await offerOf(t, interpreter, later.id), `${interpreter.name} sees occurrence ${later.occurrence} on their offers page`).to.exist;
    }
  });
});
