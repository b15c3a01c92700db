import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { elapsedShare, forecast } from '../../server/billing/budget';
import { checkBudgetAlerts } from '../../server/billing/budget-alerts';
import { ledgerEntries, type LedgerEntry } from '../../server/billing/ledger-store';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, parisIn } from '../support/booking';
import { publicHoliday } from '../../server/billing/holidays';
import { DateTime } from 'luxon';
import { drainOutbox, senderTo, startSmtpSink, type SmtpSink } from '../notify/support';

describe('Budget: allocations, envelope, committed and consumed', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let sink: SmtpSink;
  const year = DateTime.now().setZone('Europe/Paris').year;
  before(async () => {
    w = await bookingWorld(t, 8);
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
  });

  const book = async (body: object, auth = w.requester.auth) => {
    const res = await t.http().post('/api/requests').set('Authorization', auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; start: string };
  };
  // Each session goes to the next interpreter: a "now" session keeps its interpreter's slot once done.
  let turn = 0;
  const accept = async (requestId: string) => {
    const interpreter = w.interpreters[turn++ % w.interpreters.length]!;
    await acceptedBy(t, requestId, interpreter);
    return interpreter;
  };
  /** A "now" phone session, accepted and completed: returns its cost. */
  const session = async (minutes: number, auth = w.requester.auth) => {
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 }, auth);
    const interpreter = await accept(request.id);
    const done = await t.http().post(`/api/requests/${request.id}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: minutes, outcome: 'done', heldByCallback: true });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    return done.body.costCents as number;
  };
  const budget = async () => {
    const res = await t.http().get(`/api/reports/budget?year=${year}`).set('Authorization', w.auditor.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { envelopeCents: number | null; region: Record<string, number | boolean | null>; rows: Array<Record<string, number | string | boolean | null>> };
  };
  /** Days from today to the next weekday that is not a public holiday in 69, at least 2 days ahead. */
  const workingDayAhead = () => {
    for (let days = 2; ; days += 1) {
      const day = DateTime.now().setZone('Europe/Paris').plus({ days });
      if (day.weekday <= 5 && !publicHoliday(day.toISODate()!, '69')) return days;
    }
  };
  const rowOf = async (structureId: string) => (await budget()).rows.find((r) => r.structureId === structureId);

  it('auditors set allocations and the envelope; every change is in the audit trail with who, before and after', async () => {
    await t.http().put(`/api/allocations/${year}/${w.structure.id}`).set('Authorization', w.auditor.auth).send({ amountCents: 500_000 }).expect(200);
    await t.http().put(`/api/allocations/${year}/${w.structure.id}`).set('Authorization', w.auditor.auth).send({ amountCents: 600_000 }).expect(200);
    const envelope = await t.http().put(`/api/envelopes/${year}`).set('Authorization', w.auditor.auth).send({ amountCents: 2_000_000 });
    expect(envelope.body).to.deep.equal({ year, amountCents: 2_000_000 });
    const trail = await t.http().get(`/api/audit?year=${year}`).set('Authorization', w.auditor.auth);
    expect(trail.status).to.equal(200);
    expect(trail.body.map((e: Record<string, unknown>) => [e.entity, e.before, e.after])).to.deep.equal([
      ['envelope', null, 2_000_000],
      ['allocation', 500_000, 600_000],
      ['allocation', null, 500_000],
    ]);
    expect(trail.body[0]).to.include({ byUserId: w.auditor.id, entityId: String(year) });
    expect(new Date(trail.body[0].at).getTime()).to.be.closeTo(Date.now(), 60_000);
    const row = await rowOf(w.structure.id);
    expect(row).to.include({ allocatedCents: 600_000, consumedCents: 0, committedCents: 0, remainingCents: 600_000 });
    expect((await budget()).envelopeCents).to.equal(2_000_000);
  });

  it('refuses bad amounts, unknown fields, unknown structures and other roles, changing nothing', async () => {
    const put = (path: string, body: object, auth = w.auditor.auth) => t.http().put(path).set('Authorization', auth).send(body);
    expect((await put(`/api/allocations/${year}/${w.structure.id}`, { amountCents: -1 })).status).to.equal(400);
    expect((await put(`/api/allocations/${year}/${w.structure.id}`, { amountCents: 12.5 })).status).to.equal(400);
    expect((await put(`/api/allocations/${year}/${w.structure.id}`, { amountCents: 1, note: 'x' })).status).to.equal(400);
    expect((await put(`/api/allocations/${year}/${w.structure.id}`, { amountCents: { $gt: 0 } })).status).to.equal(400);
    expect((await put(`/api/allocations/20x6/${w.structure.id}`, { amountCents: 1 })).status).to.equal(400);
    expect((await put(`/api/allocations/${year}/${'f'.repeat(24)}`, { amountCents: 1 })).status).to.equal(404);
    expect((await put(`/api/allocations/${year}/${w.structure.id}`, { amountCents: 1 }, w.requester.auth)).status).to.equal(403);
    expect((await put(`/api/envelopes/${year}`, { amountCents: 1 }, w.dispatcher.auth)).status).to.equal(403);
    expect((await t.http().get('/api/audit').set('Authorization', w.requester.auth)).status).to.equal(403);
    expect((await rowOf(w.structure.id))!.allocatedCents).to.equal(600_000);
    expect((await budget()).envelopeCents).to.equal(2_000_000);
  });

  it('an assignment commits the estimated cost; completion turns it into consumption', async () => {
    const request = await book({ language: 'ara', modality: 'onsite', start: parisIn(workingDayAhead(), '10:00'), durationMinutes: 60, location: { address: '1 rue de la Paix, Lyon', department: '69' } });
    await accept(request.id);
    const committed = (await rowOf(w.structure.id))!;
    // 60 minutes on site: 2 blocks of 29.00 EUR and 15.00 EUR of travel (a weekday morning, no surcharge).
    expect(committed).to.include({ committedCents: 2 * 2900 + 1500, consumedCents: 0, remainingCents: 600_000 - 7300 });
    const cancelled = await t.http().post(`/api/requests/${request.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Rendez-vous déplacé' });
    expect(cancelled.body.cancellationFeeCents).to.equal(0);
    expect((await rowOf(w.structure.id))!.committedCents).to.equal(0);

    const cost = await session(20);
    const row = (await rowOf(w.structure.id))!;
    expect(row).to.include({ committedCents: 0, consumedCents: cost, remainingCents: 600_000 - cost });
    const entries: LedgerEntry[] = [];
    for await (const entry of ledgerEntries.each()) if (entry.requestId !== undefined) entries.push(entry);
    expect(entries.filter((e) => e.kind === 'session')).to.have.length(1);
  });

  it('forecasts the year end from the run rate, never below consumed plus committed', () => {
    expect(forecast(100_000, 0, 0.5)).to.equal(200_000);
    expect(forecast(100_000, 150_000, 0.5)).to.equal(250_000);
    expect(forecast(100_000, 50_000, 1)).to.equal(100_000);
    expect(forecast(1_000, 5_000, 0.01)).to.equal(6_000);
  });

  it('counts the year’s elapsed share in the region’s zone: La Réunion’s year starts three hours before Paris’s', () => {
    // 2026-12-31 21:00 UTC is 22:00 on 31 December in Paris and 01:00 on 1 January 2027 in La Réunion (UTC+4).
    const at = new Date('2026-12-31T21:00:00Z');
    expect(elapsedShare(2027, at, 'Europe/Paris')).to.equal(0);
    expect(elapsedShare(2027, at, 'Indian/Reunion')).to.be.closeTo(1 / (365 * 24), 1e-9);
    expect(elapsedShare(2026, at, 'Indian/Reunion')).to.equal(1);
    // Guyane (UTC−3) is still at 18:00 on 31 December: six hours of its year remain.
    expect(elapsedShare(2026, at, 'America/Cayenne')).to.be.closeTo(1 - 6 / (365 * 24), 1e-9);
  });

  it('a structure past its allocation is still served and billed; its users and the auditors are told once per threshold', async function () {
    this.timeout(60_000);
    await drainOutbox();
    sink.raw.length = 0;
    const other = w.otherStructure;
    const first = await session(20, w.otherRequester.auth);
    // An allocation the first session fills to 90 %: the 80 % alert, not yet the 100 % one.
    await t.http().put(`/api/allocations/${year}/${other.id}`).set('Authorization', w.auditor.auth).send({ amountCents: Math.ceil(first / 0.9) }).expect(200);
    await checkBudgetAlerts(year);
    await checkBudgetAlerts(year);
    await senderTo(sink.port).runDue();
    const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);
    const own = (threshold: number) => (mail: ParsedMail) => mail.subject === `Budget d’interprétariat ${year} : CDS Grenoble a atteint ${threshold} % de son allocation`;
    const summaries = (mails: ParsedMail[]) => mails.filter((mail) => recipients(mail).includes(w.auditor.email)).map((mail) => mail.text);
    let mails = await sink.parsed();
    expect(mails.filter(own(80)).map(recipients)).to.deep.equal([[w.otherRequester.email]]);
    expect(summaries(mails)).to.have.length(1);
    expect(summaries(mails)[0]).to.include('- CDS Grenoble : 80 % de son allocation atteints');

    // Over the allocation: the session is still booked and billed, the row is flagged, 100 % told once.
    await session(20, w.otherRequester.auth);
    await checkBudgetAlerts(year);
    await checkBudgetAlerts(year);
    await senderTo(sink.port).runDue();
    mails = await sink.parsed();
    expect(mails.filter(own(80))).to.have.length(1);
    expect(mails.filter(own(100)).map(recipients)).to.deep.equal([[w.otherRequester.email]]);
    expect(summaries(mails)).to.have.length(2);
    expect(summaries(mails)[1]).to.include('- CDS Grenoble : 100 % de son allocation atteints');
    expect(mails.filter((mail) => recipients(mail).includes(w.requester.email))).to.have.length(0);
    expect((await rowOf(other.id))!.overAllocation).to.equal(true);
  });

  it('tells the auditors when the region reaches 80 % and 100 % of its envelope, once each', async () => {
    await drainOutbox();
    sink.raw.length = 0;
    const consumed = (await budget()).region.consumedCents as number;
    await t.http().put(`/api/envelopes/${year}`).set('Authorization', w.auditor.auth).send({ amountCents: Math.ceil(consumed / 0.85) }).expect(200);
    await checkBudgetAlerts(year);
    await t.http().put(`/api/envelopes/${year}`).set('Authorization', w.auditor.auth).send({ amountCents: consumed }).expect(200);
    await checkBudgetAlerts(year);
    await checkBudgetAlerts(year);
    await senderTo(sink.port).runDue();
    const lines = (await sink.parsed()).flatMap((m) => (m.text ?? '').split('\n')).filter((line) => line.startsWith('- La région'));
    expect(lines.map((line) => line.split(' atteints')[0])).to.deep.equal(['- La région : 80 % de l’enveloppe', '- La région : 100 % de l’enveloppe']);
  });

  it('a requester sees only their own structure’s line of the budget, never the region', async () => {
    const res = await t.http().get(`/api/reports/budget?year=${year}`).set('Authorization', w.requester.auth);
    expect(res.status).to.equal(200);
    expect(res.body.rows.map((r: { structureId: string }) => r.structureId)).to.deep.equal([w.structure.id]);
    expect(res.body.region).to.equal(undefined);
    expect((await t.http().get(`/api/reports/budget?year=${year}`).set('Authorization', w.interpreters[0]!.auth)).status).to.equal(403);
  });

  it('exports the budget as CSV for French Excel', async () => {
    const res = await t.http().get(`/api/reports/budget?year=${year}&format=csv&separator=semicolon`).set('Authorization', w.auditor.auth);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    expect(res.text.split('\r\n')[0]).to.equal('\uFEFFIdentifiant de la structure;Structure;Type;Département;Allocation (€);Engagé (€);Consommé (€);Reste (€);Prévision (€)');
    expect(res.text).to.include(`${w.structure.id};PASS Lyon;PASS (permanence d’accès aux soins de santé);69;6000,00;`);
  });
});
