import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { AccessReport, UsageReport } from '../../shared/reports';
import { markOffline, markOnline } from '../../server/notify/presence';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, parisIn } from '../support/booking';

// The dashboard shows the usage report's sessions beside the access report's filled requests: they count
// different things, and the access report says how one becomes the other.
describe('Filled requests and billed sessions: how the two reports relate', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const starts: string[] = [];

  const book = async (start: string) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start, durationMinutes: 30 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    starts.push(res.body.start as string);
    return res.body.id as string;
  };
  const assigned = async (start: string, interpreter: number) => {
    // Online alone, the interpreter is the only one the first wave of a "now" request reaches.
    await markOnline('access-usage-socket', w.interpreters[interpreter]!.id);
    const id = await book(start);
    await acceptedBy(t, id, w.interpreters[interpreter]!);
    await markOffline('access-usage-socket');
    return id;
  };
  const complete = (id: string, interpreter: number, outcome: 'done' | 'patient_no_show') =>
    t.http().post(`/api/requests/${id}/complete`).set('Authorization', w.interpreters[interpreter]!.auth).send({ actualMinutes: outcome === 'done' ? 20 : 0, outcome, heldByCallback: true }).expect(200);
  const cancel = async (id: string) => (await t.http().post(`/api/requests/${id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Plus nécessaire' }).expect(200)).body as { cancellationFeeCents: number };

  before(async () => {
    w = await bookingWorld(t, 3);
    await complete(await assigned('now', 0), 0, 'done');
    await complete(await assigned('now', 1), 1, 'patient_no_show');
    // Three hours ahead, whatever the hour the suite runs at (read as today's wall clock it fell in the past after 21:00 Paris).
    const inThreeHours = DateTime.now().plus({ hours: 3 }).startOf('minute').toISO()!;
    expect((await cancel(await assigned(inThreeHours, 2))).cancellationFeeCents, 'a late cancellation').to.be.above(0);
    expect((await cancel(await assigned(parisIn(4, '10:00'), 0))).cancellationFeeCents, 'an early cancellation').to.equal(0);
    await assigned(parisIn(2, '10:00'), 1);
    await cancel(await book(parisIn(3, '10:00')));
  });

  /** Both reports over every Paris year the sessions fall in (a test run near the new year spans two). */
  const reports = async () => {
    const years = [...new Set(starts.map((start) => DateTime.fromISO(start).setZone('Europe/Paris').year))];
    const usage = await Promise.all(years.map(async (year) => (await t.http().get(`/api/reports/usage?year=${year}`).set('Authorization', w.auditor.auth).expect(200)).body as UsageReport));
    const access = await Promise.all(years.map(async (year) => (await t.http().get(`/api/reports/access?year=${year}`).set('Authorization', w.auditor.auth).expect(200)).body as AccessReport));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      sessions: sum(usage.map((u) => u.totals.sessions)),
      filled: sum(access.map((a) => a.totals.filled)),
      filledAs: {
        session: sum(access.map((a) => a.totals.filledAs.session)),
        upcoming: sum(access.map((a) => a.totals.filledAs.upcoming)),
        cancelledFree: sum(access.map((a) => a.totals.filledAs.cancelledFree)),
      },
    };
  };

  it('the filled requests billed as a session are the usage report’s sessions: completed, the patient’s no-show, a late cancellation', async () => {
    const { sessions, filledAs } = await reports();
    expect(sessions).to.equal(3);
    expect(filledAs.session).to.equal(sessions);
  });

  it('filled = billed sessions + sessions still to come + cancellations without a fee after the assignment', async () => {
    const { filled, filledAs } = await reports();
    expect(filledAs).to.deep.equal({ session: 3, upcoming: 1, cancelledFree: 1 });
    expect(filled).to.equal(filledAs.session + filledAs.upcoming + filledAs.cancelledFree);
  });
});
