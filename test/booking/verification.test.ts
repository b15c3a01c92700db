import { expect } from 'chai';
import { DateTime } from 'luxon';
import { priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, exported, jobRunner, TestClock } from '../support/booking';
import { aUser, anAgency } from '../support/fixtures';

interface View {
  id: string;
  status: string;
  costCents?: number;
  verification?: string;
  verificationDueAt?: string;
  dispute?: { actualMinutes?: number; reason?: string };
  resolution?: { decision: string };
}

// What the region pays for really happened: the structure confirms or disputes each session.
describe('Verification of service: the structure confirms or disputes, the agency or an auditor settles', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let otherDispatcher: string;
  const year = DateTime.now().setZone('Europe/Paris').year;
  before(async () => {
    w = await bookingWorld(t, 8);
    const other = await aUser('dispatcher', { agencyId: (await anAgency('Agence B')).id });
    otherDispatcher = `Bearer ${await t.login(other.email)}`;
  });

  let turn = 0;
  /** A phone session asked for now, accepted by the next interpreter and completed with `minutes`. */
  const completed = async (minutes: number) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const interpreter = w.interpreters[turn++ % w.interpreters.length]!;
    await acceptedBy(t, res.body.id, interpreter);
    const done = await t.http().post(`/api/requests/${res.body.id}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: minutes, outcome: 'done', heldByCallback: true });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    return { id: res.body.id as string, start: new Date(res.body.start as string), costCents: done.body.costCents as number };
  };
  const post = (path: string, auth: string, body: object = {}) => t.http().post(path).set('Authorization', auth).send(body);
  const read = async (id: string, auth = w.requester.auth) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).body as View;
  /** The usage ledger's entries of the request, as the structure's export lists them. */
  const ledgerOf = async (id: string) => (await exported(t, id, w.requester.auth)).ledger as { kind: string; costCents: number }[];
  const disputed = async () => (await t.http().get(`/api/reports/usage?year=${year}&groupBy=structure`).set('Authorization', w.auditor.auth)).body as {
    totals: { disputedSessions: number; disputedCostCents: number };
    rows: Array<{ key: string; disputedSessions: number; disputedCostCents: number }>;
  };

  it('a completed session waits 7 days for the structure; confirming twice answers the same; then it can no longer be disputed', async () => {
    const session = await completed(25);
    const pending = await read(session.id);
    expect(pending.verification).to.equal('pending');
    expect(new Date(pending.verificationDueAt!).getTime() - Date.now()).to.be.within(7 * 86_400_000 - 60_000, 7 * 86_400_000);
    const first = await post(`/api/requests/${session.id}/confirm`, w.requester.auth);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body.verification).to.equal('confirmed');
    expect((await post(`/api/requests/${session.id}/confirm`, w.requester.auth)).body.verification).to.equal('confirmed');
    const late = await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: 'Trop tard' });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('verification_closed');
    expect((await post(`/api/requests/${session.id}/confirm`, w.otherRequester.auth)).status).to.equal(404);
  });

  it('a completion sent again after the confirmation bills nothing more (the ledger key is the completion’s version)', async () => {
    const session = await completed(25);
    await post(`/api/requests/${session.id}/confirm`, w.requester.auth).expect(200);
    const interpreter = w.interpreters[(turn - 1) % w.interpreters.length]!;
    await post(`/api/requests/${session.id}/complete`, interpreter.auth, { actualMinutes: 25, outcome: 'done', heldByCallback: true }).expect(200);
    const kinds = (await ledgerOf(session.id)).map((e) => e.kind).sort();
    expect(kinds).to.deep.equal(['commitment', 'session']);
  });

  it('without an answer, the session is confirmed tacitly after 7 days (clock moved), and a dispute then is refused', async () => {
    const session = await completed(20);
    const clock = new TestClock();
    clock.advance(7 * 24 * 60 - 5);
    await jobRunner(clock).runDue();
    expect((await read(session.id)).verification).to.equal('pending');
    clock.advance(10);
    await jobRunner(clock).runDue();
    expect((await read(session.id)).verification).to.equal('tacit');
    expect((await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: 'Oubli' })).status).to.equal(409);
  });

  it('a dispute is reported with its cost until settled; a correction leaves the reversal and the new entry, and nothing disputed', async () => {
    const session = await completed(40);
    const before = await disputed();
    const res = await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { actualMinutes: 15, reason: 'La séance a duré un quart d’heure.' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.include({ verification: 'disputed', dispute: { at: res.body.dispute.at, actualMinutes: 15, reason: 'La séance a duré un quart d’heure.' } });
    const open = await disputed();
    expect(open.totals.disputedSessions).to.equal(before.totals.disputedSessions + 1);
    expect(open.totals.disputedCostCents).to.equal(before.totals.disputedCostCents + session.costCents);
    expect(open.rows.find((r) => r.key === w.structure.id)!.disputedCostCents).to.equal(before.rows.find((r) => r.key === w.structure.id)!.disputedCostCents + session.costCents);

    expect((await post(`/api/requests/${session.id}/resolve`, otherDispatcher, { decision: 'accept', reason: 'x' })).status, 'another agency').to.equal(404);
    expect((await post(`/api/requests/${session.id}/resolve`, w.dispatcher.auth, { decision: 'correct', reason: 'x' })).status, 'figures required').to.equal(400);
    const settled = await post(`/api/requests/${session.id}/resolve`, w.dispatcher.auth, { decision: 'correct', actualMinutes: 15, outcome: 'done', reason: 'Durée confirmée par l’interprète.' });
    expect(settled.status, JSON.stringify(settled.body)).to.equal(200);
    const corrected = priceSession(DEFAULT_TARIFF, { modality: 'phone', start: session.start, minutes: 15, department: '69' }).costCents;
    expect(settled.body).to.include({ verification: 'resolved', costCents: corrected });
    const entries = await ledgerOf(session.id);
    expect(entries.map((e) => [e.kind, e.costCents])).to.have.deep.members([['commitment', 0], ['session', session.costCents], ['reversal', -session.costCents], ['correction', corrected]]);
    expect((await disputed()).totals).to.deep.include({ disputedSessions: before.totals.disputedSessions, disputedCostCents: before.totals.disputedCostCents });
    expect((await post(`/api/requests/${session.id}/resolve`, w.dispatcher.auth, { decision: 'accept', reason: 'encore' })).status).to.equal(409);
  });

  it('an auditor may settle by accepting the interpreter’s figures: the ledger keeps the session as it was', async () => {
    const session = await completed(30);
    await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: 'Interprète en retard' }).expect(200);
    const settled = await post(`/api/requests/${session.id}/resolve`, w.auditor.auth, { decision: 'accept', reason: 'Retard sans effet sur la durée.' });
    expect(settled.status, JSON.stringify(settled.body)).to.equal(200);
    expect(settled.body).to.include({ verification: 'resolved', costCents: session.costCents });
    expect((await ledgerOf(session.id)).map((e) => e.kind).sort()).to.deep.equal(['commitment', 'session']);
  });

  it('only the structure confirms or disputes, and bad bodies change nothing', async () => {
    const session = await completed(10);
    expect((await post(`/api/requests/${session.id}/confirm`, w.dispatcher.auth)).status).to.equal(403);
    expect((await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: '' })).status).to.equal(400);
    expect((await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: 'ok', actualMinutes: -1 })).status).to.equal(400);
    expect((await post(`/api/requests/${session.id}/dispute`, w.requester.auth, { reason: 'ok', extra: 1 })).status).to.equal(400);
    expect((await read(session.id)).verification).to.equal('pending');
  });
});
