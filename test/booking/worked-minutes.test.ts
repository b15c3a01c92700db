import { expect } from 'chai';
import { RequestModel } from '../../server/booking/store';
import { bookedMinutes } from '../../shared/exchange';
import { monthOf, workedMinutes, WorkedMinutesModel } from '../../server/booking/worked-minutes-store';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, offerOf, parisIn, runWideWaves, TestClock } from '../support/booking';

// Ranking's fairness reads each interpreter's minutes per month from a small document kept as sessions
// change (worked-minutes-store.ts), not summed from the requests on every wave: it must always equal
// that sum.

/** Minutes per `interpreterId:YYYY-MM`, summed from the assigned and completed requests themselves. */
async function recounted(): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const doc of await RequestModel.find({ status: { $in: ['assigned', 'completed'] }, interpreterId: { $ne: null } }).lean()) {
    const key = `${doc.interpreterId!.toString()}:${monthOf(doc.start)}`;
    sums[key] = (sums[key] ?? 0) + bookedMinutes(doc);
  }
  return sums;
}

/** The kept minutes, months at zero left out (a month whose sessions all went elsewhere). */
async function kept(): Promise<Record<string, number>> {
  const docs = await WorkedMinutesModel.find({ minutes: { $ne: 0 } }).lean();
  return Object.fromEntries(docs.map((doc) => [doc._id, doc.minutes]));
}

describe('An interpreter’s minutes per month, kept as sessions change', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 6);
  });

  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };

  it('equal the sum recomputed from the requests after assign, withdraw, reassign, cancel and complete', async () => {
    const [a, b, c] = w.interpreters;
    const thisMonth = await book({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 });
    const nextMonth = await book({ language: 'ara', modality: 'video', start: parisIn(40, '10:00'), durationMinutes: 90 });
    const cancelled = await book({ language: 'ara', modality: 'video', start: parisIn(5, '14:00'), durationMinutes: 45 });
    const now = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });

    await acceptedBy(t, thisMonth, a!);
    await acceptedBy(t, nextMonth, a!);
    await acceptedBy(t, cancelled, b!);
    await acceptedBy(t, now, c!);
    expect(await kept()).to.deep.equal(await recounted());
    expect(Object.values(await kept()).reduce((sum, m) => sum + m, 0)).to.equal(60 + 90 + 45 + 30);

    // Withdrawn, then taken by someone else: the minutes move from one interpreter to the other.
    await t.http().post(`/api/requests/${nextMonth}/withdraw`).set('Authorization', a!.auth).send({ reason: 'Empêchement' }).expect(200);
    expect(await kept()).to.deep.equal(await recounted());
    await acceptedBy(t, nextMonth, b!);
    expect(await kept()).to.deep.equal(await recounted());

    await t.http().post(`/api/requests/${cancelled}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient transféré' }).expect(200);
    expect(await kept()).to.deep.equal(await recounted());

    const done = await t.http().post(`/api/requests/${now}/complete`).set('Authorization', c!.auth).send({ actualMinutes: 25, outcome: 'done', heldByCallback: true });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const expected = await recounted();
    expect(await kept()).to.deep.equal(expected);
    expect(expected[`${c!.id}:${monthOf(new Date())}`]).to.equal(30);
    expect(expected[`${a!.id}:${monthOf(new Date(parisIn(3, '10:00')))}`]).to.equal(60);
  });

  it('count one session once when every interpreter accepts it at the same instant', async () => {
    const id = await book({ language: 'ara', modality: 'video', start: parisIn(8, '09:00'), durationMinutes: 120 });
    await runWideWaves(new TestClock());
    const offers = await Promise.all(w.interpreters.map(async (i) => ({ i, offerId: await offerOf(t, i, id) })));
    const holding = offers.filter((o) => o.offerId);
    expect(holding.length).to.be.greaterThan(1);
    const answers = await Promise.all(holding.map((o) => t.http().post(`/api/offers/${o.offerId}/accept`).set('Authorization', o.i.auth)));
    expect(answers.filter((r) => r.status === 200)).to.have.length(1);
    const winner = holding[answers.findIndex((r) => r.status === 200)]!.i;
    const expected = await recounted();
    expect(await kept()).to.deep.equal(expected);
    expect(expected[`${winner.id}:${monthOf(new Date(parisIn(8, '09:00')))}`]).to.be.at.least(120);
  });

  it('apply a change once however often it is followed (a retried job, two processes)', async () => {
    const id = await book({ language: 'ara', modality: 'video', start: parisIn(12, '11:00'), durationMinutes: 75 });
    const before = (await RequestModel.findById(id).lean())!;
    await acceptedBy(t, id, w.interpreters[4]!);
    const after = (await RequestModel.findById(id).lean())!;
    await Promise.all([workedMinutes.follow(before, after), workedMinutes.follow(before, after)]);
    await workedMinutes.follow(before, after);
    expect(await kept()).to.deep.equal(await recounted());
  });

  it('count the exchanges before and after as the interpreter’s time: 60 minutes with 10 before and 10 after add 80 to their month', async () => {
    const interpreter = w.interpreters[5]!;
    const start = parisIn(12, '10:00');
    const key = `${interpreter.id}:${monthOf(new Date(start))}`;
    const before = (await kept())[key] ?? 0;
    const id = await book({ language: 'ara', modality: 'video', start, durationMinutes: 60, briefingMinutes: 10, debriefingMinutes: 10 });
    await acceptedBy(t, id, interpreter);
    expect(((await kept())[key] ?? 0) - before).to.equal(80);
  });
});
