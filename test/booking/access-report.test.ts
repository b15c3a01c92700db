import { expect } from 'chai';
import { DateTime } from 'luxon';
import { acceptOffer, listOffers, withdrawFromRequest } from '../../server/booking/offers';
import { cancelRequest, completeRequest, requestInterpreter } from '../../server/booking/requests';
import type { Actor } from '../../server/platform/actor';
import type { AccessReport } from '../../shared/reports';
import type { RequestCreateBody } from '../../shared/schemas/booking';
import { useTestApp } from '../support/app';
import { bookingWorld, exported, jobRunner, TestClock } from '../support/booking';
import { aStructure, aUser } from '../support/fixtures';

// Unmet demand for the funder. Requests are made, taken, withdrawn, cancelled and given up on a virtual
// calendar (each use case is given its `now`, the dispatch jobs run on a test clock), so that the times
// to assign are known to the second; the report is then read over HTTP as each role reads it.

const ZONE = 'Europe/Paris';
const paris = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
/** Monday 4 March 2030, 09:00 in Paris: the day the main scenario's requests are made. */
const D = paris('2030-03-04T09:00');
const at = (minutes: number, from = D) => new Date(from.getTime() + minutes * 60_000);
const day = (days: number, time: string) => DateTime.fromJSDate(D, { zone: ZONE }).plus({ days }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }).toISO()!;

describe('Access report: requests filled, unfilled and why, per year', () => {
  const t = useTestApp();
  const clock = new TestClock();
  const runner = jobRunner(clock);
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let requester: Actor;
  let other: Actor;
  let interpreters: Actor[];

  const actor = (user: { id: string; email: string; name: string }, role: Actor['role'], extra: Partial<Actor> = {}): Actor =>
    ({ userId: user.id, sessionId: 'test', role, name: user.name, email: user.email, ...extra });
  const book = async (who: Actor, body: RequestCreateBody, now: Date) => {
    const { request } = await requestInterpreter(who, body, undefined, now);
    clock.set(now);
    await runner.runDue();
    return request;
  };
  /** The first interpreter offered the request accepts it at `now`; returns who took it. */
  const take = async (requestId: string, now: Date, among = interpreters) => {
    for (const interpreter of among) {
      const offer = (await listOffers(interpreter, {}, now)).find((o) => o.requestId === requestId);
      if (offer) {
        await acceptOffer(interpreter, offer.id, now);
        return interpreter;
      }
    }
    throw new Error(`nobody was offered ${requestId}`);
  };
  const passTime = async (to: Date) => {
    clock.set(to);
    await runner.runDue();
  };
  const report = async (query: string, auth = w.auditor.auth) => {
    const res = await t.http().get(`/api/reports/access?${query}`).set('Authorization', auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as AccessReport;
  };
  const row = (r: AccessReport, key: string) => r.rows.find((x) => x.key === key)!;

  before(async function () {
    this.timeout(120_000);
    w = await bookingWorld(t, 2);
    requester = actor(w.requester, 'requester', { structureId: w.structure.id });
    other = actor(w.otherRequester, 'requester', { structureId: w.otherStructure.id });
    interpreters = w.interpreters.map((i) => actor(i, 'interpreter'));
    const video = (start: string): RequestCreateBody => ({ language: 'ara', modality: 'video', start, durationMinutes: 60 });

    // Filled, booked: taken 12, 30, 60 and 20 minutes after the request; completed, a no-show, a cancellation while assigned.
    const r1 = await book(requester, video(day(2, '10:00')), D);
    const r1By = await take(r1.id, at(12));
    const r2 = await book(requester, { language: 'ara', modality: 'phone', start: day(3, '10:00'), durationMinutes: 30 }, D);
    await take(r2.id, at(30));
    const r3 = await book(requester, { language: 'ara', modality: 'onsite', start: day(2, '15:00'), durationMinutes: 60, location: { address: '5 place d’Arsonval, Lyon', department: '69' } }, D);
    const r3By = await take(r3.id, at(60));
    const r4 = await book(requester, video(day(5, '10:00')), D);
    await take(r4.id, at(20));
    await cancelRequest(requester, r4.id, { reason: 'Rendez-vous déplacé' }, at(40));
    // Filled, "now": taken 42 and 18 seconds after the request.
    const n1 = await book(requester, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }, D);
    await take(n1.id, new Date(D.getTime() + 42_000));
    const n2 = await book(requester, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }, at(120));
    await take(n2.id, new Date(at(120).getTime() + 18_000));
    // Unfilled: nobody speaks Tigrinya (then the requester cancels it: still unfilled); nobody answers a call now; the interpreter withdraws.
    const u1 = await book(requester, { language: 'tir', modality: 'video', start: day(1, '10:00'), durationMinutes: 60 }, D);
    const u2 = await book(requester, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }, at(300));
    for (let i = 1; i <= 3; i += 1) await passTime(at(300 + 2 * i));
    const u3 = await book(requester, video(day(4, '10:00')), D);
    const u3By = await take(u3.id, at(5));
    await withdrawFromRequest(u3By, u3.id, { reason: 'Malade' }, at(30));
    // Cancelled before anyone was assigned; and still looking.
    const c1 = await book(requester, video(day(6, '10:00')), D);
    await cancelRequest(requester, c1.id, { reason: 'Patient reparti' }, at(1));
    await book(requester, video(day(20, '10:00')), D);
    // Another structure's request, taken 8 minutes after.
    const o1 = await book(other, { language: 'ara', modality: 'phone', start: day(2, '08:00'), durationMinutes: 30 }, D);
    await take(o1.id, at(8));

    await passTime(at(60, new Date(day(4, '10:00'))));
    await cancelRequest(requester, u1.id, { reason: 'Plus besoin' }, at(0, new Date(day(4, '12:00'))));
    await completeRequest(r1By, r1.id, { actualMinutes: 40, outcome: 'done', heldByCallback: true }, at(50, new Date(r1.start)));
    await completeRequest(r3By, r3.id, { actualMinutes: 0, outcome: 'patient_no_show' }, at(30, new Date(r3.start)));
  });

  it('counts the region’s year for auditors: 12 requests, 7 filled, 3 unfilled with their reasons, 1 cancelled before assignment, 1 pending', async () => {
    const { totals } = await report('year=2030');
    expect(totals).to.deep.equal({
      requests: 12, filled: 7, unfilled: 3, cancelledUnassigned: 1, pending: 1, fillRate: 0.7,
      // Billed: r1 completed, r3 the patient's no-show; to come: r2, n1, n2, o1; r4 cancelled early.
      filledAs: { session: 2, upcoming: 4, cancelledFree: 1 },
      unfilledByReason: { nobody_eligible: 1, nobody_answered: 1, too_late: 0, withdrawn: 1 },
      // Booked: 8, 12, 20, 30 and 60 minutes; now: 18 and 42 seconds.
      medianMinutesToAssign: 20, medianSecondsToAssignNow: 30,
    });
    expect((await report('year=2029')).totals).to.include({ requests: 0, fillRate: null, medianMinutesToAssign: null });
  });

  it('the fill rate equals a count made from the requests themselves', async () => {
    // The year's requests as an auditor lists them, each as its export shows it stored.
    const listed = await t.http().get('/api/requests').query({ from: paris('2030-01-01T00:00').toISOString(), to: paris('2031-01-01T00:00').toISOString(), limit: 1000 }).set('Authorization', w.auditor.auth);
    expect(listed.status).to.equal(200);
    type Stored = { status: string; cancellation?: { wasAssigned?: boolean }; unfilledReason?: string | null };
    const stored: Stored[] = await Promise.all((listed.body as { id: string }[]).map(async (r) => (await exported(t, r.id, w.auditor.auth)).request));
    expect(stored).to.have.length(12);
    const filled = stored.filter((r) => ['assigned', 'completed'].includes(r.status) || (r.status === 'cancelled' && r.cancellation?.wasAssigned === true)).length;
    const unfilled = stored.filter((r) => r.status === 'unfilled' || (r.status === 'cancelled' && r.cancellation?.wasAssigned === false && r.unfilledReason != null)).length;
    const { totals } = await report('year=2030');
    expect([totals.filled, totals.unfilled]).to.deep.equal([filled, unfilled]);
    expect(totals.fillRate).to.equal(filled / (filled + unfilled));
  });

  it('a requester sees their own structure only, and may not name another', async () => {
    const mine = await report('year=2030', w.requester.auth);
    expect(mine.totals).to.include({ requests: 11, filled: 6, unfilled: 3, cancelledUnassigned: 1, pending: 1, medianMinutesToAssign: 25, medianSecondsToAssignNow: 30 });
    expect(mine.totals.fillRate).to.equal(6 / 9);
    expect((await report('year=2030', w.otherRequester.auth)).totals).to.include({ requests: 1, filled: 1, fillRate: 1, medianMinutesToAssign: 8 });
    expect((await report(`year=2030&structureId=${w.otherStructure.id}`)).totals.requests, 'an auditor may pick one structure').to.equal(1);
    const res = await t.http().get(`/api/reports/access?year=2030&structureId=${w.structure.id}`).set('Authorization', w.otherRequester.auth);
    expect(res.status).to.equal(403);
  });

  it('groups by language and modality, most unfilled first, with French labels and their own medians', async () => {
    const byLanguage = await report('year=2030&groupBy=language');
    expect(byLanguage.rows.map((r) => [r.key, r.label, r.requests, r.filled, r.unfilled])).to.deep.equal([['ara', 'Arabe', 11, 7, 2], ['tir', 'Tigrigna', 1, 0, 1]]);
    expect(row(byLanguage, 'tir')).to.include({ fillRate: 0, medianMinutesToAssign: null });
    const byModality = await report('year=2030&groupBy=modality');
    expect(byModality.rows.map((r) => [r.key, r.label, r.requests, r.unfilled])).to.deep.equal([['video', 'Visioconférence', 6, 2], ['phone', 'Téléphone', 5, 1], ['onsite', 'Sur place', 1, 0]]);
    expect(row(byModality, 'phone')).to.include({ filled: 4, fillRate: 0.8, medianMinutesToAssign: 19, medianSecondsToAssignNow: 30 });
    expect(row(byModality, 'video').unfilledByReason).to.deep.equal({ nobody_eligible: 1, nobody_answered: 0, too_late: 0, withdrawn: 1 });
  });

  it('groups by the structure’s department and type, and by month', async () => {
    expect((await report('year=2030&groupBy=department')).rows.map((r) => [r.key, r.label, r.requests])).to.deep.equal([['69', '69 – Rhône', 11], ['38', '38 – Isère', 1]]);
    expect((await report('year=2030&groupBy=structureType')).rows.map((r) => [r.key, r.requests])).to.deep.equal([['PASS', 11], ['CDS', 1]]);
    expect((await report('year=2030&groupBy=month')).rows.map((r) => [r.key, r.label, r.requests])).to.deep.equal([['2030-03', 'mars 2030', 12]]);
  });

  it('puts a session in its Paris month and year, across daylight saving time and the new year', async () => {
    const structure = await aStructure({ name: 'CDS Clermont', type: 'CDS', department: '63' });
    const user = await aUser('requester', { structureId: structure.id });
    const who = actor(user, 'requester', { structureId: structure.id });
    const starts = ['2031-01-01T00:30', '2031-02-28T23:30', '2031-03-01T00:30', '2031-03-31T23:30', '2031-04-01T00:30', '2031-10-31T23:30', '2031-11-01T00:30', '2032-01-01T00:30'];
    for (const start of starts) await requestInterpreter(who, { language: 'tir', modality: 'video', start: DateTime.fromISO(start, { zone: ZONE }).toISO()!, durationMinutes: 60 }, undefined, paris('2030-12-15T10:00'));
    const months = await report(`year=2031&groupBy=month&structureId=${structure.id}`);
    expect(months.rows.map((r) => [r.key, r.requests])).to.deep.equal([['2031-01', 1], ['2031-02', 1], ['2031-03', 2], ['2031-04', 1], ['2031-10', 1], ['2031-11', 1]]);
    expect(months.totals).to.include({ requests: 7, pending: 7, fillRate: null });
    expect((await report(`year=2032&groupBy=month&structureId=${structure.id}`)).rows.map((r) => r.label)).to.deep.equal(['janvier 2032']);
  });

  it('puts a session in La Réunion in its month and year there, not Paris’s (issue 27, item 2)', async () => {
    const structure = await aStructure({ name: 'PASS Saint-Pierre', department: '974' });
    const user = await aUser('requester', { structureId: structure.id });
    const who = actor(user, 'requester', { structureId: structure.id });
    // 01:00 on 1 January and 00:30 on 1 April there are still 31 December and 31 March in Paris.
    for (const start of ['2031-01-01T01:00', '2031-04-01T00:30']) {
      await requestInterpreter(who, { language: 'tir', modality: 'video', start: DateTime.fromISO(start, { zone: 'Indian/Reunion' }).toISO()!, durationMinutes: 60 }, undefined, paris('2030-12-15T10:00'));
    }
    const auth = `Bearer ${await t.login(user.email)}`;
    expect((await report('year=2031&groupBy=month', auth)).rows.map((r) => [r.key, r.requests])).to.deep.equal([['2031-01', 1], ['2031-04', 1]]);
    expect((await report('year=2030&groupBy=month', auth)).rows).to.deep.equal([]);
  });

  it('exports CSV as the usage report does: BOM, commas or semicolons with decimal commas, a total line', async () => {
    const csv = await t.http().get('/api/reports/access?year=2030&groupBy=modality&format=csv').set('Authorization', w.auditor.auth);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).to.equal('attachment; filename="access-2030-modality.csv"');
    // Headers in the words people use, never codes.
    expect(csv.text).to.equal('\uFEFFCode,Libellé,Demandes,Pourvues,Non pourvues,Annulées avant attribution,En attente,Taux pourvu (%),'
      + 'Non pourvues : aucun·e interprète possible,Non pourvues : personne n’a accepté,Non pourvues : trop tard pour solliciter tout le monde,'
      + 'Non pourvues : désistement de l’interprète,"Délai médian d’attribution, réservées (min)","Délai médian d’attribution, immédiates (s)"\r\n'
      + 'video,Visioconférence,6,2,2,1,1,50,1,0,0,1,16,\r\nphone,Téléphone,5,4,1,0,0,80,0,1,0,0,19,30\r\nonsite,Sur place,1,1,0,0,0,100,0,0,0,0,60,\r\n'
      + 'total,Total,12,7,3,1,1,70,1,1,0,1,20,30\r\n');
    const mine = await t.http().get('/api/reports/access?year=2030&format=csv&separator=semicolon').set('Authorization', w.requester.auth);
    expect(mine.text.split('\r\n').at(-2)).to.equal('total;Total;11;6;3;1;1;66,7;1;1;0;1;25;30');
  });

  it('refuses interpreters and dispatchers, unknown groupings and parameters, and a missing year', async () => {
    const get = (query: string, auth = w.auditor.auth) => t.http().get(`/api/reports/access?${query}`).set('Authorization', auth);
    expect((await get('year=2030', w.interpreters[0]!.auth)).status).to.equal(403);
    expect((await get('year=2030', w.dispatcher.auth)).status).to.equal(403);
    expect((await get('year=2030&groupBy=structure')).status).to.equal(400);
    expect((await get('year=2030&sort=unfilled')).status).to.equal(400);
    expect((await get('groupBy=language')).status).to.equal(400);
    expect((await t.http().get('/api/reports/access?year=2030')).status).to.equal(401);
  });

  it('follows requests changed after a first report: a new request and a new assignment show at once', async () => {
    const before = (await report('year=2030', w.otherRequester.auth)).totals;
    const o2 = await book(other, { language: 'ara', modality: 'phone', start: day(9, '14:00'), durationMinutes: 30 }, D);
    expect((await report('year=2030', w.otherRequester.auth)).totals).to.include({ requests: before.requests + 1, pending: 1 });
    await take(o2.id, at(4));
    expect((await report('year=2030', w.otherRequester.auth)).totals).to.include({ requests: before.requests + 1, filled: before.filled + 1, pending: 0, medianMinutesToAssign: 6 });
  });
});
