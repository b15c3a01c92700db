import { expect } from 'chai';
import { DateTime } from 'luxon';
import { erasePatientData } from '../../server/booking/retention';
import { reconcileUsage } from '../../server/booking/usage-reconcile';
import { ConfigError, loadConfig } from '../../server/platform/config';
import { useTestApp } from '../support/app';
import { everythingStored as everything } from '../support/db';
import { acceptedBy, bookingWorld, exported, jobRunner, parisIn, TestClock } from '../support/booking';

const DAY_MS = 86_400_000;
const daysOn = (days: number) => new Date(Date.now() + days * DAY_MS);

describe('Data protection: patient data erased after the retention period', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let turn = 0;
  const ids = {} as Record<'completed' | 'cancelled' | 'unfilled' | 'cancelledAhead' | 'open' | 'assigned', string>;

  const book = async (body: object, key?: string) => {
    const req = t.http().post('/api/requests').set('Authorization', w.requester.auth);
    const res = await (key ? req.set('Idempotency-Key', key) : req).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const now = (name: string) => ({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30, patientRef: `REF-${name}`, notes: `Note sur le patient ${name}` });
  const assign = async (id: string) => {
    const interpreter = w.interpreters[turn++ % w.interpreters.length]!;
    await acceptedBy(t, id, interpreter);
    return interpreter;
  };
  const cancel = (id: string, reason: string) => t.http().post(`/api/requests/${id}/cancel`).set('Authorization', w.requester.auth).send({ reason }).expect(200);
  const asStructure = async (id: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth)).body;
  /** The request as stored, as its structure's export shows it (patient fields included). */
  const stored = async (id: string) => (await exported(t, id, w.requester.auth)).request;
  /** Everything stored about every request of the test, as their structure exports it. */
  const exports = async () => Promise.all(Object.values(ids).map((id) => exported(t, id, w.requester.auth)));
  /** The usage ledger of every request of the test, as an auditor's exports show it. */
  const ledger = async () => Promise.all(Object.values(ids).map(async (id) => (await exported(t, id, w.auditor.auth)).ledger));
  const usage = async () => {
    const year = DateTime.now().setZone('Europe/Paris').year;
    const res = await t.http().get(`/api/reports/usage?year=${year}&groupBy=structure`).set('Authorization', w.auditor.auth);
    expect(res.status).to.equal(200);
    return res.body;
  };
  const budget = async () => {
    const year = DateTime.now().setZone('Europe/Paris').year;
    const res = await t.http().get(`/api/reports/budget?year=${year}`).set('Authorization', w.auditor.auth);
    expect(res.status).to.equal(200);
    return res.body;
  };


  let ledgerBefore: unknown;
  let budgetBefore: unknown;
  let usageBefore: unknown;

  before(async function () {
    this.timeout(60_000);
    w = await bookingWorld(t, 4);
    // First, while it is the only open request, a "now" request nobody takes: it ends unfilled.
    const clock = new TestClock();
    ids.unfilled = await book(now('UNFILLED'));
    const runner = jobRunner(clock);
    await runner.runDue();
    for (let i = 0; i < 3; i += 1) {
      clock.advance(2);
      await runner.runDue();
    }
    expect((await stored(ids.unfilled))!.status).to.equal('unfilled');

    ids.completed = await book(now('COMPLETED'), 'retention-key');
    const interpreter = await assign(ids.completed);
    await t.http().post(`/api/requests/${ids.completed}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: 25, outcome: 'done', heldByCallback: true }).expect(200);
    // After it, every free text a session collects: a dispute, its settlement, a rating, a problem.
    await t.http().post(`/api/requests/${ids.completed}/dispute`).set('Authorization', w.requester.auth).send({ reason: 'Contestation DISPUTE-TEXT' }).expect(200);
    await t.http().post(`/api/requests/${ids.completed}/resolve`).set('Authorization', w.auditor.auth).send({ decision: 'accept', reason: 'Arbitrage RESOLVE-TEXT' }).expect(200);
    await t.http().post(`/api/requests/${ids.completed}/feedback`).set('Authorization', w.requester.auth).send({ rating: 5, comment: 'Avis FEEDBACK-TEXT' }).expect(200);
    await t.http().post(`/api/requests/${ids.completed}/problem`).set('Authorization', interpreter.auth).send({ kind: 'other', comment: 'Signalement PROBLEM-TEXT' }).expect(200);

    // Assigned, withdrawn by the interpreter with a reason naming the patient, then cancelled late (billed).
    ids.cancelled = await book(now('CANCELLED'));
    const withdrawing = await assign(ids.cancelled);
    await t.http().post(`/api/requests/${ids.cancelled}/withdraw`).set('Authorization', withdrawing.auth).send({ reason: 'Retrait WITHDRAW-TEXT' }).expect(200);
    // Its new wave finds that everyone eligible already had it: the agency’s dispatcher assigns another interpreter.
    await jobRunner(new TestClock()).runDue();
    const replacing = w.interpreters[turn++ % w.interpreters.length]!;
    await t.http().post(`/api/requests/${ids.cancelled}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: replacing.id }).expect(200);
    await cancel(ids.cancelled, 'Annulation CANCEL-TEXT');

    ids.cancelledAhead = await book({ ...now('AHEAD'), modality: 'video', start: parisIn(3, '10:00') });
    await cancel(ids.cancelledAhead, 'Annulation AHEAD-TEXT');
    ids.open = await book(now('OPEN'));
    ids.assigned = await book(now('ASSIGNED'));
    await assign(ids.assigned);

    ledgerBefore = await ledger();
    budgetBefore = await budget();
    usageBefore = await usage();
  });

  it('RETENTION_DAYS sets the period: 365 days unless said otherwise, at least one', () => {
    expect(loadConfig({}).retentionDays).to.equal(365);
    expect(loadConfig({ RETENTION_DAYS: '30' }).retentionDays).to.equal(30);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).to.throw(ConfigError, /RETENTION_DAYS must be an integer from 1/);
  });

  it('nothing is erased before the period is over', async () => {
    const before = await exports();
    expect(await erasePatientData(daysOn(364), 365)).to.equal(0);
    expect(await exports()).to.deep.equal(before);
    expect((await asStructure(ids.completed)).patientRef).to.equal('REF-COMPLETED');
    expect((await exported(t, ids.completed, w.requester.auth)).idempotencyKeys.map((k: { key: string }) => k.key)).to.deep.equal(['retention-key']);
  });

  it('after the period, completed, cancelled and unfilled requests lose the patient reference, notes and cancellation reason', async () => {
    const at = daysOn(366);
    const versions = Object.fromEntries(await Promise.all(Object.values(ids).map(async (id) => [id, (await stored(id))!.version])));
    expect(await erasePatientData(at, 365)).to.equal(3);
    for (const id of [ids.completed, ids.cancelled, ids.unfilled]) {
      const doc = (await stored(id))!;
      expect(doc, id).not.to.have.any.keys('patientRef', 'notes');
      expect(doc.cancellation ?? {}).not.to.have.property('reason');
      expect(doc.erasedAt).to.equal(at.toISOString());
      expect(doc.version, 'no new version: ledger keys stay those of the billed change').to.equal(versions[id]);
    }
    const completed = await asStructure(ids.completed);
    expect(completed).to.include({ status: 'completed', language: 'ara', modality: 'phone' });
    expect(completed.costCents).to.be.greaterThan(0);
    expect(completed).not.to.have.any.keys('patientRef', 'notes');
    const cancelled = await asStructure(ids.cancelled);
    expect(cancelled.cancellation).to.include({ byRole: 'requester' });
    expect(cancelled.cancellation.reason).to.equal(undefined);
    expect(cancelled.cancellationFeeCents).to.be.greaterThan(0);
  });

  it('a request whose session is not a full period old yet is kept, even if cancelled long ago', async () => {
    const ahead = await asStructure(ids.cancelledAhead);
    expect(ahead).to.include({ patientRef: 'REF-AHEAD', notes: 'Note sur le patient AHEAD' });
    expect(ahead.cancellation.reason).to.equal('Annulation AHEAD-TEXT');
  });

  it('no collection keeps the words of an erased request: the history of its changes and old idempotency keys are cleaned too', async () => {
    const text = await everything();
    for (const secret of ['DISPUTE-TEXT', 'RESOLVE-TEXT', 'FEEDBACK-TEXT', 'PROBLEM-TEXT', 'REF-COMPLETED', 'patient COMPLETED', 'REF-CANCELLED', 'patient CANCELLED', 'CANCEL-TEXT', 'WITHDRAW-TEXT', 'REF-UNFILLED', 'patient UNFILLED']) {
      expect(text, secret).not.to.include(secret);
    }
    expect(text).to.include('REF-OPEN');
    expect((await exported(t, ids.completed, w.requester.auth)).idempotencyKeys, 'the Idempotency-Key that booked it').to.deep.equal([]);
    for (const id of [ids.completed, ids.cancelled, ids.unfilled]) {
      const { history } = await exported(t, id, w.requester.auth);
      expect(history.length, id).to.be.greaterThan(1);
      expect(history.filter((change: { reason?: string }) => change.reason !== undefined), `${id}: reasons in its history`).to.deep.equal([]);
    }
  });

  it('the usage ledger, its roll-ups and the usage report are unchanged, and the usage check finds nothing to record', async () => {
    expect(await ledger()).to.deep.equal(ledgerBefore);
    expect((ledgerBefore as unknown[][]).flat()).not.to.be.empty;
    expect(await budget()).to.deep.equal(budgetBefore);
    expect(await usage()).to.deep.equal(usageBefore);
    expect((usageBefore as { totals: { sessions: number } }).totals.sessions).to.equal(2);
    expect((await reconcileUsage({ fix: false })).missing).to.deep.equal([]);
  });

  it('a second run changes nothing', async () => {
    const before = await exports();
    expect(await erasePatientData(daysOn(366), 365)).to.equal(0);
    expect(await exports()).to.deep.equal(before);
  });

  it('an unfilled request cancelled after its erasure is erased again', async () => {
    await cancel(ids.unfilled, 'Annulation LATE-TEXT');
    expect(await erasePatientData(daysOn(366), 365)).to.equal(1);
    expect((await stored(ids.unfilled))!.cancellation).not.to.have.property('reason');
    expect(await everything()).not.to.include('LATE-TEXT');
  });

  it('open and assigned requests are never erased, however old; two processes erasing at once erase each request', async () => {
    const [first, second] = await Promise.all([erasePatientData(daysOn(3650), 365), erasePatientData(daysOn(3650), 365, { batchSize: 1 })]);
    expect(first + second).to.be.within(1, 2);
    expect((await stored(ids.cancelledAhead))!).not.to.have.any.keys('patientRef', 'notes');
    expect((await stored(ids.cancelledAhead))!.cancellation).not.to.have.property('reason');
    expect(await asStructure(ids.open)).to.include({ status: 'open', patientRef: 'REF-OPEN', notes: 'Note sur le patient OPEN' });
    expect(await asStructure(ids.assigned)).to.include({ status: 'assigned', patientRef: 'REF-ASSIGNED', notes: 'Note sur le patient ASSIGNED' });
    expect(await ledger()).to.deep.equal(ledgerBefore);
  });
});
