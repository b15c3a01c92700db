import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { checkBudgetAlerts, currentYears } from '../../server/billing/budget-alerts';
import { budgetAlerts } from '../../server/billing/budget-alerts-store';
import { recordEntries } from '../../server/billing/ledger';
import { LEASE_MS } from '../../server/platform/jobs';
import { useTestApp } from '../support/app';
import { anEntry } from '../support/billing';
import { aStructure, aUser } from '../support/fixtures';
import { drainOutbox, senderTo, startSmtpSink, type SmtpSink } from '../notify/support';

const YEAR = 2025;
const ALLOCATION = 100_000;

describe('Budget alerts: one summary for the auditors, one mail per structure, each threshold once', () => {
  const t = useTestApp();
  let sink: SmtpSink;
  let auditors: Array<{ email: string }>;
  let auditorAuth: string;
  let entries = 0;
  before(async () => {
    sink = await startSmtpSink();
    auditors = [await aUser('auditor'), await aUser('auditor')];
    auditorAuth = `Bearer ${await t.login(auditors[0]!.email)}`;
  });
  after(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    await drainOutbox();
    sink.raw.length = 0;
  });

  /** A structure with one requester and an allocation of 1,000 EUR. */
  const aFundedStructure = async (name: string) => {
    const structure = await aStructure({ name });
    const user = await aUser('requester', { structureId: structure.id });
    await t.http().put(`/api/allocations/${YEAR}/${structure.id}`).set('Authorization', auditorAuth).send({ amountCents: ALLOCATION }).expect(200);
    return { ...structure, email: user.email };
  };
  /** Usage of the structure that brings its consumption `percent` % of the allocation higher. */
  const consume = (structureId: string, percent: number) =>
    recordEntries([anEntry(`usage-${(entries += 1)}`, { structureId, day: `${YEAR}-03-10`, costCents: (ALLOCATION * percent) / 100 })]);
  const delivered = async () => {
    await senderTo(sink.port).runDue();
    return sink.parsed();
  };
  const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);
  const to = (mails: ParsedMail[], email: string) => mails.filter((mail) => recipients(mail).includes(email));

  it('many structures past 80 % and 100 % at once: the auditors get exactly one mail listing them, each structure its own, however many checks run together', async function () {
    this.timeout(120_000);
    const near = [], over = [], under = [];
    for (let i = 0; i < 12; i += 1) near.push(await aFundedStructure(`CDS Près ${String(i).padStart(2, '0')}`));
    for (let i = 0; i < 12; i += 1) over.push(await aFundedStructure(`PASS Au-delà ${String(i).padStart(2, '0')}`));
    for (let i = 0; i < 6; i += 1) under.push(await aFundedStructure(`MSP Sous ${String(i).padStart(2, '0')}`));
    for (const s of near) await consume(s.id, 85);
    for (const s of over) await consume(s.id, 120);
    for (const s of under) await consume(s.id, 50);
    // The region: 89 % of its envelope.
    const consumed = 12 * 850 + 12 * 1200 + 6 * 500;
    await t.http().put(`/api/envelopes/${YEAR}`).set('Authorization', auditorAuth).send({ amountCents: Math.round((consumed * 100) / 0.89) }).expect(200);

    // Two processes' periodic checks and a completed session's check, at the same moment.
    const recorded = await Promise.all([checkBudgetAlerts(YEAR), checkBudgetAlerts(YEAR), checkBudgetAlerts(YEAR)]);
    expect(recorded.reduce((sum, n) => sum + n, 0), 'each threshold recorded by one check only').to.equal(12 + 12 + 1);
    const mails = await delivered();

    for (const auditor of auditors) expect(to(mails, auditor.email), auditor.email).to.have.length(1);
    const summary = to(mails, auditors[0]!.email)[0]!;
    expect(recipients(summary).sort()).to.deep.equal(auditors.map((a) => a.email).sort());
    expect(summary.subject).to.equal(`Budget d’interprétariat ${YEAR} : 25 seuils d’alerte atteints`);
    const lines = summary.text!.split('\n').filter((line) => line.startsWith('- '));
    expect(lines).to.have.length(25);
    expect(lines[0]).to.match(/^- PASS Au-delà 00 : 100 % de son allocation atteints \(1\u202f200,00 € sur 1\u202f000,00 €, 120 %\)$/);
    expect(lines.filter((l) => /^- La région : 80 % de l’enveloppe atteints \(27\u202f600,00 € sur .*, 89 %\)$/.test(l))).to.have.length(1);
    for (const s of near) expect(lines.filter((l) => l.startsWith(`- ${s.name} : 80 % de son allocation`)), s.name).to.have.length(1);
    for (const s of over) expect(lines.filter((l) => l.startsWith(`- ${s.name} : 100 % de son allocation`)), s.name).to.have.length(1);
    for (const s of under) expect(summary.text).not.to.include(s.name);

    // Each structure past a threshold: its own users, one mail, about itself only.
    for (const s of [...near, ...over]) {
      const own = to(mails, s.email);
      expect(own, s.name).to.have.length(1);
      expect(recipients(own[0]!)).to.deep.equal([s.email]);
      expect(own[0]!.subject).to.equal(`Budget d’interprétariat ${YEAR} : ${s.name} a atteint ${near.includes(s) ? 80 : 100} % de son allocation`);
    }
    for (const s of under) expect(to(mails, s.email), s.name).to.have.length(0);
    expect(mails).to.have.length(1 + 24);

    // Nothing passed since: the next checks mail nobody, and a check that read the state before the
    // others recorded it (a slow one) finds the threshold taken.
    sink.raw.length = 0;
    expect(await checkBudgetAlerts(YEAR)).to.equal(0);
    const stale = { subject: over[1]!.id, name: over[1]!.name, threshold: 100, consumedCents: 1200_00, limitCents: ALLOCATION };
    expect(await budgetAlerts.raise(YEAR, stale, true)).to.equal(false);
    expect(await checkBudgetAlerts(YEAR)).to.equal(0);
    expect(await delivered()).to.have.length(0);

    // One structure goes on past 100 %: the next summary lists it alone.
    await consume(near[3]!.id, 20);
    await consume(over[0]!.id, 30);
    await checkBudgetAlerts(YEAR);
    const next = await delivered();
    expect(to(next, auditors[0]!.email)).to.have.length(1);
    expect(to(next, auditors[0]!.email)[0]!.text).to.match(/^- CDS Près 03 : 100 % de son allocation atteints \(1\u202f050,00 € sur 1\u202f000,00 €, 105 %\)$/m);
    expect(to(next, auditors[0]!.email)[0]!.subject).to.equal(`Budget d’interprétariat ${YEAR} : un seuil d’alerte atteint`);
    expect(to(next, near[3]!.email).map((m) => m.subject)).to.deep.equal([`Budget d’interprétariat ${YEAR} : CDS Près 03 a atteint 100 % de son allocation`]);
    expect(next).to.have.length(2);
  });

  it('a summary whose writer died before mailing it is mailed by the next check, once', async () => {
    const structure = await aFundedStructure('CMP Interrompu');
    await consume(structure.id, 90);
    // A check that records the threshold and fills a summary, then dies before mailing it or releasing its lease.
    const now = new Date();
    await budgetAlerts.raise(YEAR, { subject: structure.id, name: structure.name, threshold: 80, consumedCents: 900, limitCents: ALLOCATION }, true);
    const taken = await budgetAlerts.takeSummary(YEAR, now, LEASE_MS);
    await budgetAlerts.fill(YEAR, taken!.number);

    // While its lease runs, another check leaves the summary to it.
    await checkBudgetAlerts(YEAR, now);
    expect(await delivered()).to.have.length(0);
    const later = new Date(now.getTime() + LEASE_MS + 1000);
    await checkBudgetAlerts(YEAR, later);
    await checkBudgetAlerts(YEAR, later);
    const mails = await delivered();
    expect(mails.map((m) => m.subject)).to.deep.equal([`Budget d’interprétariat ${YEAR} : un seuil d’alerte atteint`]);
    expect(mails[0]!.text).to.include('- CMP Interrompu : 80 % de son allocation atteints');
  });

  it('the periodic check watches the year it is in every region: around New Year, two of them', () => {
    // 22:00 on 31 December in Paris is already 2027 in La Réunion and Mayotte, still 2026 in Guyane.
    expect(currentYears(new Date('2026-12-31T21:00:00Z'))).to.deep.equal([2026, 2027]);
    expect(currentYears(new Date('2026-06-15T12:00:00Z'))).to.deep.equal([2026]);
    // 02:00 on 1 January in Paris: the Antilles and Guyane are still in 2026.
    expect(currentYears(new Date('2027-01-01T01:00:00Z'))).to.deep.equal([2026, 2027]);
  });

  it('each region’s budget is watched, and its thresholds reach its own auditors only', async () => {
    const occitanieAuditor = await aUser('auditor', { region: '76' });
    const auth = `Bearer ${await t.login(occitanieAuditor.email)}`;
    const structure = await aStructure({ name: 'PASS Toulouse', department: '31' });
    const user = await aUser('requester', { structureId: structure.id });
    await t.http().put(`/api/allocations/${YEAR}/${structure.id}`).set('Authorization', auth).send({ amountCents: ALLOCATION }).expect(200);
    await t.http().put(`/api/envelopes/${YEAR}`).set('Authorization', auth).send({ amountCents: ALLOCATION * 1.25 }).expect(200);
    await consume(structure.id, 110);
    expect(await checkBudgetAlerts(YEAR)).to.equal(2);
    const mails = await delivered();
    expect(to(mails, user.email).map((m) => m.subject)).to.deep.equal([`Budget d’interprétariat ${YEAR} : PASS Toulouse a atteint 100 % de son allocation`]);
    const summaries = to(mails, occitanieAuditor.email);
    expect(summaries).to.have.length(1);
    expect(summaries[0]!.text).to.include('- PASS Toulouse : 100 % de son allocation atteints').and.to.include('- La région : 80 % de l’enveloppe atteints');
    expect(to(mails, auditors[0]!.email)).to.deep.equal([]);
    expect(mails).to.have.length(2);
  });
});
