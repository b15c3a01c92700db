import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld } from '../support/booking';
import { aUser } from '../support/fixtures';

// GET /api/reports/statements?year=: the year's agency statements against the envelope, for the auditor's
// dashboard: approved, submitted, and the rest of the year's cost still to come.

const now = DateTime.now().setZone('Europe/Paris');
const month = now.toFormat('yyyy-MM');
const year = now.year;
const payable = (t: { costCents: number; disputedCents: number; adjustmentsCents: number }) => t.costCents - t.disputedCents + t.adjustmentsCents;

describe('The year’s statements against the envelope', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 1);
  });

  it('moves a statement’s amount from still to come to submitted, then to approved; the three add up to the year’s cost', async () => {
    for (const minutes of [25, 40]) {
      const created = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 }).expect(201);
      await acceptedBy(t, created.body.id, w.interpreters[0]!);
      await t.http().post(`/api/requests/${created.body.id}/complete`).set('Authorization', w.interpreters[0]!.auth).send({ actualMinutes: minutes, outcome: 'done', heldByCallback: true }).expect(200);
    }
    const summary = async () => {
      const res = await t.http().get(`/api/reports/statements?year=${year}`).set('Authorization', w.auditor.auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body as { approvedCents: number; submittedCents: number; toComeCents: number };
    };
    const usage = (await t.http().get(`/api/reports/usage?year=${year}`).set('Authorization', w.auditor.auth).expect(200)).body.totals.costCents as number;
    expect(usage, 'the sessions cost something').to.be.greaterThan(0);
    expect(await summary()).to.deep.include({ approvedCents: 0, submittedCents: 0, toComeCents: usage });

    const listed = await t.http().get(`/api/statements?agencyId=${w.agency.id}&month=${month}`).set('Authorization', w.auditor.auth).expect(200);
    const statement = listed.body[0] as { id: string; totals: { costCents: number; disputedCents: number; adjustmentsCents: number } };
    await t.http().post(`/api/statements/${statement.id}/submit`).set('Authorization', w.dispatcher.auth).expect(200);
    expect(await summary()).to.deep.include({ approvedCents: 0, submittedCents: payable(statement.totals), toComeCents: usage - payable(statement.totals) });

    await t.http().post(`/api/statements/${statement.id}/approve`).set('Authorization', w.auditor.auth).expect(200);
    expect(await summary()).to.deep.include({ approvedCents: payable(statement.totals), submittedCents: 0, toComeCents: usage - payable(statement.totals) });
  });

  it('an auditor reads their own region only; dispatchers and requesters may not; no unknown parameter', async () => {
    const otherRegion = `Bearer ${await t.login((await aUser('auditor', { region: '11' })).email)}`;
    expect((await t.http().get(`/api/reports/statements?year=${year}&region=84`).set('Authorization', otherRegion)).status, 'another region’s').to.equal(404);
    const own = await t.http().get(`/api/reports/statements?year=${year}`).set('Authorization', otherRegion).expect(200);
    expect(own.body).to.deep.include({ region: '11', approvedCents: 0, submittedCents: 0 });
    expect((await t.http().get(`/api/reports/statements?year=${year}`).set('Authorization', w.dispatcher.auth)).status).to.equal(403);
    expect((await t.http().get(`/api/reports/statements?year=${year}`).set('Authorization', w.requester.auth)).status).to.equal(403);
    expect((await t.http().get(`/api/reports/statements?year=${year}&agencyId=${w.agency.id}`).set('Authorization', w.auditor.auth)).status).to.equal(400);
  });
});
