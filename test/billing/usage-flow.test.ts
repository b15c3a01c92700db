import { expect } from 'chai';
import { DateTime } from 'luxon';
import { entriesOfRequest } from '../../server/billing/ledger';
import { priceNoShow, priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { newId, requests, toId } from '../../server/booking/store';
import { reconcileUsage } from '../../server/booking/usage-reconcile';
import { useTestApp } from '../support/app';
import { aTariffBody } from '../support/billing';
import { acceptedBy, bookingWorld, parisIn } from '../support/booking';

const TODAY = () => DateTime.now().setZone('Europe/Paris').toISODate()!;

describe('From sessions to the ledger: tariffs, completions, no-shows, late cancellations, corrections', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 16);
  });

  let turn = 0;
  const assigned = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const interpreter = w.interpreters[turn++ % w.interpreters.length]!;
    await acceptedBy(t, res.body.id, interpreter);
    return { id: res.body.id as string, start: new Date(res.body.start as string), interpreter };
  };
  const complete = async (session: { id: string; interpreter: { auth: string } }, body: object) => {
    const res = await t.http().post(`/api/requests/${session.id}/complete`).set('Authorization', session.interpreter.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { costCents: number };
  };
  const yearTotal = async () => {
    const res = await t.http().get(`/api/reports/usage?year=${DateTime.now().setZone('Europe/Paris').year}`).set('Authorization', w.auditor.auth);
    return res.body.totals as { sessions: number; costCents: number };
  };

  it('a completion writes one usage entry with the priced cost, and releases what the assignment committed', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    const done = await complete(session, { actualMinutes: 20, outcome: 'done', heldByCallback: true });
    const expected = priceSession(DEFAULT_TARIFF, { modality: 'phone', start: session.start, minutes: 20, department: '69' });
    expect(done.costCents).to.equal(expected.costCents);
    const [commitment, usage] = await entriesOfRequest(session.id);
    expect(commitment).to.include({ kind: 'commitment', sessions: 0, costCents: 0, structureId: w.structure.id });
    expect(commitment!.committedCents).to.be.greaterThan(0);
    expect(usage).to.include({
      kind: 'session', sessions: 1, workedMinutes: 20, billedMinutes: 30, costCents: expected.costCents, committedCents: -commitment!.committedCents,
      structureId: w.structure.id, agencyId: w.agency.id, interpreterId: session.interpreter.id, language: 'ara', modality: 'phone', tariffVersion: 'default-2022',
    });
    expect(usage!.day).to.equal(DateTime.fromJSDate(session.start, { zone: 'Europe/Paris' }).toISODate());
  });

  it('completing twice (a double click) bills once', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 });
    const [first, second] = await Promise.all([
      t.http().post(`/api/requests/${session.id}/complete`).set('Authorization', session.interpreter.auth).send({ actualMinutes: 12, outcome: 'done', heldByCallback: true }),
      t.http().post(`/api/requests/${session.id}/complete`).set('Authorization', session.interpreter.auth).send({ actualMinutes: 12, outcome: 'done', heldByCallback: true }),
    ]);
    expect([first.status, second.status].filter((s) => s === 200)).to.have.length.at.least(1);
    expect((await entriesOfRequest(session.id)).filter((e) => e.kind === 'session')).to.have.length(1);
  });

  it('a patient no-show bills the booked duration', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 45 });
    const done = await complete(session, { actualMinutes: 3, outcome: 'patient_no_show' });
    const expected = priceNoShow(DEFAULT_TARIFF, { modality: 'phone', start: session.start, durationMinutes: 45, department: '69' });
    expect(done.costCents).to.equal(expected.costCents);
    expect((await entriesOfRequest(session.id)).at(-1)).to.include({ kind: 'no_show', sessions: 1, billedMinutes: 45, costCents: expected.costCents });
  });

  it('a late cancellation of an accepted session bills it; an early one only releases the commitment', async () => {
    const late = await assigned({ language: 'ara', modality: 'video', start: new Date(Date.now() + 3 * 3600_000).toISOString(), durationMinutes: 30 });
    const res = await t.http().post(`/api/requests/${late.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient hospitalisé' });
    expect(res.body.cancellationFeeCents).to.be.greaterThan(0);
    const [commitment, fee] = await entriesOfRequest(late.id);
    expect(fee).to.include({ kind: 'late_cancellation', sessions: 1, costCents: res.body.cancellationFeeCents, committedCents: -commitment!.committedCents });

    const early = await assigned({ language: 'ara', modality: 'video', start: parisIn(5, '11:00'), durationMinutes: 30 });
    await t.http().post(`/api/requests/${early.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Reporté' }).expect(200);
    const entries = await entriesOfRequest(early.id);
    expect(entries.map((e) => [e.kind, e.costCents, Math.sign(e.committedCents)])).to.deep.equal([['commitment', 0, 1], ['commitment', 0, -1]]);
  });

  it('a correction is a reversal plus a new entry: the original entry is never edited', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    const done = await complete(session, { actualMinutes: 10, outcome: 'done', heldByCallback: true });
    const before = await yearTotal();
    const original = (await entriesOfRequest(session.id)).find((e) => e.kind === 'session')!;

    const forbidden = await t.http().post(`/api/requests/${session.id}/correction`).set('Authorization', w.requester.auth).send({ actualMinutes: 50, outcome: 'done', reason: 'Durée mal saisie' });
    expect(forbidden.status).to.equal(403);
    const res = await t.http().post(`/api/requests/${session.id}/correction`).set('Authorization', w.auditor.auth).send({ actualMinutes: 50, outcome: 'done', reason: 'Durée mal saisie' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const corrected = priceSession(DEFAULT_TARIFF, { modality: 'phone', start: session.start, minutes: 50, department: '69' });
    expect(res.body.costCents).to.equal(corrected.costCents);

    const entries = await entriesOfRequest(session.id);
    expect(entries.find((e) => e._id === original._id)).to.deep.equal(original);
    const reversal = entries.find((e) => e.kind === 'reversal')!;
    expect(reversal).to.include({ sessions: -1, billedMinutes: -original.billedMinutes, costCents: -done.costCents, reverses: original._id, reason: 'Durée mal saisie' });
    expect(entries.find((e) => e.kind === 'correction')).to.include({ sessions: 1, workedMinutes: 50, billedMinutes: 60, costCents: corrected.costCents });
    const after = await yearTotal();
    expect(after.sessions).to.equal(before.sessions);
    expect(after.costCents - before.costCents).to.equal(corrected.costCents - done.costCents);

    // A second correction reverses the first correction, not the original.
    await t.http().post(`/api/requests/${session.id}/correction`).set('Authorization', w.auditor.auth).send({ actualMinutes: 45, outcome: 'done', reason: 'Encore' }).expect(200);
    const reversals = (await entriesOfRequest(session.id)).filter((e) => e.kind === 'reversal');
    expect(reversals[1]!.reverses).to.equal(entries.find((e) => e.kind === 'correction')!._id);
    expect((await yearTotal()).sessions).to.equal(before.sessions);
  });

  it('only a completed session can be corrected', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: parisIn(4, '10:00'), durationMinutes: 30 });
    const res = await t.http().post(`/api/requests/${session.id}/correction`).set('Authorization', w.auditor.auth).send({ actualMinutes: 30, outcome: 'done', reason: 'x' });
    expect(res.status).to.equal(409);
  });

  it('a tariff added by an auditor applies from its date on, leaves recorded costs alone, and is audited', async () => {
    const first = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    const firstCost = (await complete(first, { actualMinutes: 30, outcome: 'done', heldByCallback: true })).costCents;

    const post = (body: object, auth = w.auditor.auth) => t.http().post('/api/tariffs').set('Authorization', auth).send(body);
    const yesterday = DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!;
    expect((await post(aTariffBody(w.agency.id, yesterday, 2000))).status).to.equal(422);
    expect((await post({ ...aTariffBody(w.agency.id, TODAY(), 2000), discount: 10 })).status).to.equal(400);
    expect((await post(aTariffBody(w.agency.id, TODAY(), 2000), w.requester.auth)).status).to.equal(403);
    expect((await post(aTariffBody(w.agency.id, TODAY(), 2000), w.dispatcher.auth)).status).to.equal(403);
    expect((await post(aTariffBody('f'.repeat(24), TODAY(), 2000))).status).to.equal(404);
    const created = await post(aTariffBody(w.agency.id, TODAY(), 2000));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.include({ version: `${w.agency.id}:1`, validFrom: TODAY() });

    const second = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    // 30 minutes: 2 blocks at the agency's 20.00 EUR, no surcharge in this tariff.
    expect((await complete(second, { actualMinutes: 30, outcome: 'done', heldByCallback: true })).costCents).to.equal(4000);
    expect((await entriesOfRequest(second.id)).at(-1)!.tariffVersion).to.equal(`${w.agency.id}:1`);
    expect((await t.http().get(`/api/requests/${first.id}`).set('Authorization', w.requester.auth)).body.costCents).to.equal(firstCost);
    expect((await entriesOfRequest(first.id)).at(-1)).to.include({ costCents: firstCost, tariffVersion: 'default-2022' });

    const mine = await t.http().get('/api/tariffs').set('Authorization', w.dispatcher.auth);
    expect(mine.status).to.equal(200);
    expect(mine.body.agencies[0].versions.map((v: { version: string }) => v.version)).to.deep.equal([`${w.agency.id}:1`]);
    expect((await t.http().get(`/api/tariffs?agencyId=${'f'.repeat(24)}`).set('Authorization', w.dispatcher.auth)).status).to.equal(403);
    const trail = await t.http().get('/api/audit?entity=tariff').set('Authorization', w.auditor.auth);
    expect(trail.body).to.have.length(1);
    expect(trail.body[0]).to.include({ entity: 'tariff', entityId: w.agency.id, byUserId: w.auditor.id, before: null });
    expect(trail.body[0].after.modalities.phone.unitCents).to.equal(2000);
  });

  it('a tariff from tomorrow does not price today’s sessions', async () => {
    const tomorrow = DateTime.now().setZone('Europe/Paris').plus({ days: 1 }).toISODate()!;
    await t.http().post('/api/tariffs').set('Authorization', w.auditor.auth).send(aTariffBody(w.agency.id, tomorrow, 9900)).expect(201);
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    expect((await complete(session, { actualMinutes: 30, outcome: 'done', heldByCallback: true })).costCents).to.equal(4000);
  });

  it('usage:check finds a completion whose ledger entry was lost to a crash, and records it once', async () => {
    const session = await assigned({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    await complete(session, { actualMinutes: 25, outcome: 'done', heldByCallback: true });
    expect((await reconcileUsage({ fix: false })).missing).to.deep.equal([]);
    // What a process killed between the request's transition and its ledger insert leaves behind.
    const done = (await requests.findOne({ _id: toId(session.id) }))!;
    const [orphan] = await requests.insertNew([{ ...done, _id: newId() }], false);
    const before = await yearTotal();
    const found = await reconcileUsage({ fix: true });
    expect(found.missing.map((e) => [e.kind, e.requestId, e.costCents])).to.deep.equal([['session', orphan!._id.toString(), done.costCents]]);
    expect((await reconcileUsage({ fix: true })).missing).to.deep.equal([]);
    const after = await yearTotal();
    expect(after.sessions - before.sessions).to.equal(1);
    expect(after.costCents - before.costCents).to.equal(done.costCents);
    expect(orphan!._id.toString()).not.to.equal(session.id);
  });
});
