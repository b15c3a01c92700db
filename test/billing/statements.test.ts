import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { aTariffBody } from '../support/billing';
import { acceptedBy, bookingWorld } from '../support/booking';
import { aUser, anAgency, anInterpreter } from '../support/fixtures';

/** What the agency's tariff says, in cents and minutes: every figure below is worked from these by hand. */
const PHONE_UNIT_CENTS = 1000;
const LATE_PERCENT = 50;
const NO_SHOW_PERCENT = 70;

/** Phone per started 15 minutes, 15 at least, no surcharges (aTariffBody). */
const tariffBody = (agencyId: string) =>
  aTariffBody(agencyId, DateTime.now().setZone('Europe/Paris').toISODate()!, PHONE_UNIT_CENTS, { lateBilledPercent: LATE_PERCENT, noShowBilledPercent: NO_SHOW_PERCENT });

interface Totals {
  sessions: number;
  minutes: number;
  costCents: number;
  adjustmentsCents: number;
  disputedCents: number;
}
interface Statement {
  id: string;
  agencyId: string;
  month: string;
  status: string;
  totals: Totals;
  lines: Array<{ requestId: string; structureId: string; date: string; language: string; modality: string; billedMinutes: number; costCents: number; verification: string | null }>;
  adjustments: Array<{ requestId: string; corrects: string; reason: string; costCents: number; billedMinutes: number }>;
}

const month = () => DateTime.now().setZone('Europe/Paris').toFormat('yyyy-MM');
const nextMonth = () => DateTime.now().setZone('Europe/Paris').plus({ months: 1 }).toFormat('yyyy-MM');

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

describe('Statements: what the region pays an agency for a month', () => {
  const t = useTestApp();
  let base: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    base = await bookingWorld(t, 1);
  });

  let agencies = 0;
  /** A fresh agency with its own tariff, two interpreters and its dispatcher; the requester at a PASS in 69 and the region's auditor are shared. */
  async function agencyWorld() {
    agencies += 1;
    const agency = await anAgency(`Agence ${agencies}`);
    const login = async <U extends { email: string }>(user: U) => ({ ...user, auth: `Bearer ${await t.login(user.email)}` });
    const interpreters = await Promise.all([0, 1].map(async (i) => login(await anInterpreter(agency.id, { phone: `+33 6 00 00 ${String(agencies).padStart(2, '0')} ${String(i).padStart(2, '0')}`, availability: AROUND_THE_CLOCK }))));
    const w = { ...base, agency, interpreters, dispatcher: await login(await aUser('dispatcher', { agencyId: agency.id })) };
    await t.http().post('/api/tariffs').set('Authorization', w.auditor.auth).send(tariffBody(w.agency.id)).expect(201);
    let turn = 0;
    const post = (path: string, auth: string, body: object = {}) => t.http().post(path).set('Authorization', auth).send(body);
    const get = (path: string, auth = w.auditor.auth) => t.http().get(path).set('Authorization', auth);
    /** A phone session asked for now, accepted by the agency's next interpreter. */
    const assigned = async () => {
      const res = await post('/api/requests', w.requester.auth, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const interpreter = w.interpreters[turn++ % w.interpreters.length]!;
      await acceptedBy(t, res.body.id, interpreter);
      return { id: res.body.id as string, interpreter };
    };
    const completed = async (minutes: number, outcome: 'done' | 'patient_no_show' = 'done') => {
      const session = await assigned();
      const done = await post(`/api/requests/${session.id}/complete`, session.interpreter.auth, { actualMinutes: minutes, outcome, heldByCallback: true });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      return session.id;
    };
    const lateCancelled = async () => {
      const session = await assigned();
      const res = await post(`/api/requests/${session.id}/cancel`, w.requester.auth, { reason: 'Le patient est reparti.' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return session.id;
    };
    /** The agency's statement of a month, as the auditor lists it, then reads it. */
    const statementOf = async (of = month(), auth = w.auditor.auth) => {
      const list = await get(`/api/statements?agencyId=${w.agency.id}&month=${of}`, auth);
      expect(list.status, JSON.stringify(list.body)).to.equal(200);
      expect(list.body, 'one region: Auvergne-Rhône-Alpes').to.have.length(1);
      const one = await get(`/api/statements/${list.body[0].id}`, auth);
      expect(one.status, JSON.stringify(one.body)).to.equal(200);
      return one.body as Statement;
    };
    return { w, post, get, completed, lateCancelled, statementOf };
  }

  it('a statement has a line per session, no-show and late cancellation of the month, and totals worked by hand from the tariff', async () => {
    const { completed, lateCancelled, statementOf } = await agencyWorld();
    const long = await completed(25);
    const short = await completed(10);
    const noShow = await completed(0, 'patient_no_show');
    const cancelled = await lateCancelled();
    const s = await statementOf();
    expect(s).to.include({ month: month(), status: 'draft' });
    const byId = new Map(s.lines.map((line) => [line.requestId, line]));
    // 25 minutes: 2 started units of 15 = 30 minutes, 2 x 10.00 EUR.
    expect(byId.get(long)).to.include({ billedMinutes: 30, costCents: 2 * PHONE_UNIT_CENTS, verification: 'pending', language: 'ara', modality: 'phone' });
    // 10 minutes: the 15-minute minimum, 1 unit.
    expect(byId.get(short)).to.include({ billedMinutes: 15, costCents: PHONE_UNIT_CENTS });
    // No-show: the 30 minutes booked, 2 units, at 70 %: 14.00 EUR.
    expect(byId.get(noShow)).to.include({ billedMinutes: 30, costCents: (2 * PHONE_UNIT_CENTS * NO_SHOW_PERCENT) / 100 });
    // Late cancellation (start within the free 24 h): the 30 minutes booked at 50 %: 10.00 EUR; no verification.
    expect(byId.get(cancelled)).to.include({ billedMinutes: 30, costCents: (2 * PHONE_UNIT_CENTS * LATE_PERCENT) / 100, verification: null });
    expect(s.lines).to.have.length(4);
    // 20.00 + 10.00 + 14.00 + 10.00 EUR, 30 + 15 + 30 + 30 minutes.
    expect(s.totals).to.deep.equal({ sessions: 4, minutes: 105, costCents: 5400, adjustmentsCents: 0, disputedCents: 0 });
    expect(s.lines.every((line) => line.date.startsWith(month()))).to.equal(true);
  });

  it('the month’s cost equals the usage report for that agency and month, which leaves the other agencies out', async () => {
    const a = await agencyWorld();
    const b = await agencyWorld();
    await a.completed(40);
    await b.completed(20);
    const s = await a.statementOf();
    const usage = async (agencyId?: string) => {
      const res = await a.get(`/api/reports/usage?year=${month().slice(0, 4)}&groupBy=month${agencyId ? `&agencyId=${agencyId}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return (res.body.rows as Array<{ key: string; sessions: number; minutes: number; costCents: number }>).find((row) => row.key === month())!;
    };
    const ofA = await usage(a.w.agency.id);
    expect(ofA).to.include({ sessions: s.totals.sessions, minutes: s.totals.minutes, costCents: s.totals.costCents });
    expect(s.totals.costCents).to.equal(s.lines.reduce((sum, line) => sum + line.costCents, 0));
    // 40 minutes: 3 units; B's 20 minutes (2 units) are in the region's report, not in A's.
    expect(ofA.costCents).to.equal(3 * PHONE_UNIT_CENTS);
    expect((await usage(b.w.agency.id)).costCents).to.equal(2 * PHONE_UNIT_CENTS);
    expect((await usage()).costCents).to.be.at.least(5 * PHONE_UNIT_CENTS);
  });

  it('a disputed session is held apart until settled', async () => {
    const { w, post, completed, statementOf } = await agencyWorld();
    const kept = await completed(25);
    const disputed = await completed(40);
    await post(`/api/requests/${disputed}/dispute`, w.requester.auth, { actualMinutes: 20, reason: 'Appel plus court.' }).expect(200);
    const s = await statementOf();
    expect(s.lines.find((line) => line.requestId === disputed)).to.include({ verification: 'disputed', costCents: 3 * PHONE_UNIT_CENTS });
    expect(s.lines.find((line) => line.requestId === kept)).to.include({ verification: 'pending' });
    expect(s.totals).to.include({ costCents: 5 * PHONE_UNIT_CENTS, disputedCents: 3 * PHONE_UNIT_CENTS });
    await post(`/api/requests/${disputed}/resolve`, w.dispatcher.auth, { decision: 'correct', actualMinutes: 20, outcome: 'done', reason: 'Durée mesurée.' }).expect(200);
    // Still a draft: recomputed, one line at the corrected figures (20 minutes: 2 units), nothing held.
    const settled = await statementOf();
    expect(settled.lines.find((line) => line.requestId === disputed)).to.include({ verification: 'resolved', billedMinutes: 30, costCents: 2 * PHONE_UNIT_CENTS });
    expect(settled.totals).to.include({ sessions: 2, costCents: 4 * PHONE_UNIT_CENTS, disputedCents: 0 });
  });

  it('submit (the agency), then approve (the region): each status change is conditional, and in the audit trail', async () => {
    const { w, post, get, completed, statementOf } = await agencyWorld();
    await completed(25);
    const draft = await statementOf();
    const otherRegion = `Bearer ${await t.login((await aUser('auditor', { region: '11' })).email)}`;
    expect((await get(`/api/statements/${draft.id}`, otherRegion)).status, 'another region’s auditor').to.equal(404);
    expect((await get(`/api/statements?agencyId=${w.agency.id}&month=${month()}`, otherRegion)).body, 'nothing of the agency in Occitanie').to.deep.equal([]);
    expect((await post(`/api/statements/${draft.id}/approve`, w.auditor.auth)).body.error.code, 'a draft is not approved').to.equal('wrong_status');
    const submitted = await post(`/api/statements/${draft.id}/submit`, w.dispatcher.auth);
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
    expect(submitted.body).to.include({ status: 'submitted' });
    expect((await post(`/api/statements/${draft.id}/submit`, w.dispatcher.auth)).status, 'submitted twice').to.equal(409);
    expect((await post(`/api/statements/${draft.id}/approve`, otherRegion)).status).to.equal(404);
    const approved = await post(`/api/statements/${draft.id}/approve`, w.auditor.auth);
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    expect(approved.body).to.include({ status: 'approved' });
    const trail = await get('/api/audit?entity=statement');
    const mine = (trail.body as Array<{ entityId: string; before: { status: string }; after: { status: string } }>).filter((e) => e.entityId === draft.id);
    expect(mine.map((e) => [e.before.status, e.after.status])).to.deep.equal([['submitted', 'approved'], ['draft', 'submitted']]);
  });

  it('two submissions, then two approvals and a rejection, at once: exactly one of each wins, the others are told the statement changed', async () => {
    const { w, post, completed, statementOf } = await agencyWorld();
    await completed(25);
    const s = await statementOf();
    expect((await Promise.all([post(`/api/statements/${s.id}/submit`, w.dispatcher.auth), post(`/api/statements/${s.id}/submit`, w.dispatcher.auth)])).map((a) => a.status).sort(), 'two submissions at once').to.deep.equal([200, 409]);
    const answers = await Promise.all([post(`/api/statements/${s.id}/approve`, w.auditor.auth), post(`/api/statements/${s.id}/approve`, w.auditor.auth), post(`/api/statements/${s.id}/reject`, w.auditor.auth, { reason: 'Erreur' })]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409, 409]);
    const trail = await t.http().get('/api/audit?entity=statement').set('Authorization', w.auditor.auth);
    expect((trail.body as Array<{ entityId: string }>).filter((e) => e.entityId === s.id), 'submitted, then one decision').to.have.length(2);
  });

  it('a rejected statement is open again: recomputed, and submitted again', async () => {
    const { w, post, completed, statementOf } = await agencyWorld();
    await completed(25);
    const s = await statementOf();
    await post(`/api/statements/${s.id}/submit`, w.dispatcher.auth).expect(200);
    expect((await post(`/api/statements/${s.id}/reject`, w.auditor.auth, { reason: 'Manque une séance', extra: 1 })).status, 'unknown field').to.equal(400);
    expect((await post(`/api/statements/${s.id}/reject`, w.auditor.auth, {})).status, 'no reason').to.equal(400);
    const rejected = await post(`/api/statements/${s.id}/reject`, w.auditor.auth, { reason: 'Manque une séance.' });
    expect(rejected.body).to.include({ status: 'rejected' });
    expect(rejected.body.rejection).to.deep.equal({ reason: 'Manque une séance.' });
    await completed(10);
    const again = await statementOf();
    expect(again).to.include({ id: s.id, status: 'rejected' });
    expect(again.totals.costCents).to.equal(3 * PHONE_UNIT_CENTS);
    expect((await post(`/api/statements/${s.id}/submit`, w.dispatcher.auth)).body).to.include({ status: 'submitted' });
  });

  it('an approved month never changes: a correction lands as an adjustment on the next open statement, naming the month it corrects', async () => {
    const { w, post, completed, statementOf } = await agencyWorld();
    const corrected = await completed(25);
    const s = await statementOf();
    await post(`/api/statements/${s.id}/submit`, w.dispatcher.auth).expect(200);
    const approved = (await post(`/api/statements/${s.id}/approve`, w.auditor.auth).expect(200)).body as Statement;
    // 25 -> 50 minutes: from 2 units to 4.
    await post(`/api/requests/${corrected}/correction`, w.auditor.auth, { actualMinutes: 50, outcome: 'done', reason: 'Durée mal saisie.' }).expect(200);
    expect(await statementOf()).to.deep.equal(approved);
    const next = await statementOf(nextMonth());
    expect(next).to.include({ status: 'draft', month: nextMonth() });
    expect(next.lines).to.deep.equal([]);
    expect(next.adjustments).to.have.length(1);
    expect(next.adjustments[0]).to.include({ requestId: corrected, corrects: month(), reason: 'correction', billedMinutes: 30, costCents: 2 * PHONE_UNIT_CENTS });
    expect(next.totals).to.include({ costCents: 0, adjustmentsCents: 2 * PHONE_UNIT_CENTS });
  });

  it('a dispute held apart in an approved month is paid, once settled, on the next open statement', async () => {
    const { w, post, get, completed, statementOf } = await agencyWorld();
    const disputed = await completed(25);
    await post(`/api/requests/${disputed}/dispute`, w.requester.auth, { reason: 'Pas eu lieu ?' }).expect(200);
    const s = await statementOf();
    expect(s.totals).to.include({ costCents: 2 * PHONE_UNIT_CENTS, disputedCents: 2 * PHONE_UNIT_CENTS });
    await post(`/api/statements/${s.id}/submit`, w.dispatcher.auth).expect(200);
    await post(`/api/statements/${s.id}/approve`, w.auditor.auth).expect(200);
    expect((await get(`/api/statements/${s.id}/invoice.xml`)).body.error.code, 'its one line held apart').to.equal('nothing_to_invoice');
    const carried = await get(`/api/statements?agencyId=${w.agency.id}&month=${nextMonth()}`);
    expect(carried.body, 'still disputed: nothing to carry to the next month yet').to.deep.equal([]);
    await post(`/api/requests/${disputed}/resolve`, w.auditor.auth, { decision: 'accept', reason: 'Séance confirmée par l’interprète.' }).expect(200);
    const next = await statementOf(nextMonth());
    expect(next.adjustments.map((a) => [a.requestId, a.corrects, a.reason, a.costCents])).to.deep.equal([[disputed, month(), 'settled_dispute', 2 * PHONE_UNIT_CENTS]]);
    const approved = await statementOf();
    expect(approved.totals).to.deep.equal(s.totals);
  });

  it('an approved statement is invoiced in EN 16931 XML: the agency sells, the region’s ARS buys, held disputes are left out', async () => {
    const { w, post, get, completed, statementOf } = await agencyWorld();
    await completed(25);
    const disputed = await completed(40);
    await post(`/api/requests/${disputed}/dispute`, w.requester.auth, { reason: 'Appel plus court.' }).expect(200);
    const s = await statementOf();
    expect((await get(`/api/statements/${s.id}/invoice.xml`)).body.error.code, 'a draft').to.equal('not_approved');
    await post(`/api/statements/${s.id}/submit`, w.dispatcher.auth).expect(200);
    expect((await get(`/api/statements/${s.id}/invoice.xml`)).body.error.code, 'submitted, not approved yet').to.equal('not_approved');
    await post(`/api/statements/${s.id}/approve`, w.auditor.auth).expect(200);
    const lacking = await get(`/api/statements/${s.id}/invoice.xml`);
    expect(lacking.status).to.equal(422);
    expect(lacking.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['agency.siret', 'agency.vatId', 'agency.vatExemptionReason', 'envelope.buyer']);
    const admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    await t.http().patch(`/api/agencies/${w.agency.id}`).set('Authorization', admin).send({ siret: '12345678900011', vatId: 'FR32123456789', vatExemptionReason: 'Exonération de TVA, article 261-4-1° du CGI' }).expect(200);
    const buyer = { name: 'ARS Auvergne-Rhône-Alpes', siret: '13000000000010', serviceCode: 'ARS-ARA-DPS', engagementNumber: 'EJ-2026-0042' };
    await t.http().put(`/api/envelopes/${month().slice(0, 4)}`).set('Authorization', w.auditor.auth).send({ amountCents: 80_000_000, buyer }).expect(200);
    const res = await get(`/api/statements/${s.id}/invoice.xml`);
    expect(res.status, res.text).to.equal(200);
    expect(res.type).to.equal('application/xml');
    const xml = res.text;
    const all = (tag: string) => [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
    expect(all('ram:ID').slice(0, 2), 'EN 16931').to.include('urn:cen.eu:en16931:2017');
    // Payable: the 25-minute session only (2 units); the disputed 40 minutes are held apart.
    expect(s.totals.costCents - s.totals.disputedCents + s.totals.adjustmentsCents).to.equal(2 * PHONE_UNIT_CENTS);
    expect(all('ram:DuePayableAmount')).to.deep.equal(['20.00']);
    expect(all('ram:GrandTotalAmount')).to.deep.equal(['20.00']);
    expect(all('ram:BuyerReference')).to.deep.equal([buyer.serviceCode]);
    expect(xml).to.include(`<ram:IssuerAssignedID>${buyer.engagementNumber}</ram:IssuerAssignedID>`);
    expect(xml).to.include('<ram:ID schemeID="0009">12345678900011</ram:ID>');
    expect(xml).to.include(buyer.siret);
    expect(all('ram:Name')).to.include.members(['Interprétariat : Téléphone']);
    const byStructure = await get(`/api/statements/${s.id}/invoice.xml?lines=structure`);
    expect([...byStructure.text.matchAll(/<ram:Name>([^<]*)<\/ram:Name>/g)].map((m) => m[1])).to.include('Interprétariat : PASS Lyon');
  });

  it('dispatchers read their own agency’s statements only; requesters may not', async () => {
    const a = await agencyWorld();
    const b = await agencyWorld();
    await a.completed(25);
    const s = await a.statementOf(month(), a.w.dispatcher.auth);
    expect((await a.get(`/api/statements/${s.id}`, b.w.dispatcher.auth)).status).to.equal(404);
    expect((await a.get(`/api/statements?agencyId=${a.w.agency.id}&month=${month()}`, b.w.dispatcher.auth)).status).to.equal(404);
    expect((await a.post(`/api/statements/${s.id}/submit`, b.w.dispatcher.auth)).status).to.equal(404);
    expect((await a.get(`/api/statements?month=${month()}`, a.w.requester.auth)).status).to.equal(403);
    expect((await a.get(`/api/statements?agencyId=${a.w.agency.id}&month=2026-13`)).status).to.equal(400);
  });
});
