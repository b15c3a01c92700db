import { expect } from 'chai';
import { budgetReport } from '../../server/billing/budget';
import { checkBudgetAlerts } from '../../server/billing/budget-alerts';
import { rebuildRollups } from '../../server/billing/ledger';
import { usageReport } from '../../server/billing/reports';
import { reconcileUsage } from '../../server/booking/usage-reconcile';
import { structureSummaries } from '../../server/directory/structures';
import type { Actor } from '../../server/platform/actor';
import { DEMO_PASSWORD } from '../../server/seed/demo-data';
import { HistoryRefused, seedHistory, type HistorySummary } from '../../server/seed/history';
import type { AccessReport } from '../../shared/reports';
import { useTestApp } from '../support/app';
import { drainOutbox, senderTo, startSmtpSink } from '../notify/support';

const auditor: Actor = { userId: 'x', sessionId: 'x', role: 'auditor', name: 't', email: 't@t', region: '84' };

/** |actual - expected| / expected, in percent. */
const gap = (actual: number, expected: number) => (Math.abs(actual - expected) / expected) * 100;

describe('History of a year (seed:history)', function () {
  // The embedded engine takes a while over a year of sessions.
  this.timeout(180_000);
  const t = useTestApp();
  let summary: HistorySummary;
  before(async function () {
    this.timeout(180_000);
    summary = await seedHistory({ year: 2022, scale: 1 });
  });

  it('gives sessions to 116 structures, about 30 % of them PASS', async () => {
    const report = await usageReport(auditor, { year: 2022, groupBy: 'structure' });
    expect(report.totals.structures).to.equal(116);
    const types = new Map((await structureSummaries()).map((s) => [s.id, s.type]));
    const pass = report.rows.filter((row) => row.sessions > 0 && types.get(row.key) === 'PASS').length;
    expect((pass / 116) * 100).to.be.within(28, 32);
    expect(summary.structures).to.equal(116);
  });

  it('bills 12,031 hours and 632,800 EUR in 2022, each within 0.5 %', async () => {
    const { totals } = await usageReport(auditor, { year: 2022, groupBy: 'month' });
    expect(gap(totals.minutes / 60, 12_031)).to.be.at.most(0.5);
    expect(gap(totals.costCents / 100, 632_800)).to.be.at.most(0.5);
    expect(totals.sessions).to.equal(summary.sessions);
  });

  it('spends 53 % at PASS within one point, as the usage report by structure type says over HTTP', async () => {
    const token = await t.login('ars@demo.test', DEMO_PASSWORD);
    const res = await t.http().get('/api/reports/usage?year=2022&groupBy=structureType').set('Authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    const pass = (res.body.rows as Array<{ key: string; costCents: number }>).find((row) => row.key === 'PASS')!;
    expect(Math.abs((pass.costCents / res.body.totals.costCents) * 100 - 53)).to.be.at.most(1);
  });

  it('leaves the roll-ups equal to the ledger', async () => {
    const check = await rebuildRollups({ fix: false });
    expect(check.mismatches).to.deep.equal([]);
    expect(check.months).to.equal(12);
    expect(check.entries).to.equal(summary.sessions);
  });

  it('sets the 2022 envelope and allocations of about 95 % of it, some overspent and some well under', async () => {
    const report = await budgetReport('84', 2022, new Date('2023-06-01T00:00:00Z'));
    expect(report.envelopeCents).to.equal(65_000_000);
    expect(gap(report.region!.allocatedCents, 0.95 * 65_000_000)).to.be.at.most(1);
    expect(report.rows.filter((row) => row.allocatedCents > 0)).to.have.length(116);
    expect(report.rows.some((row) => row.consumedPercent! > 100)).to.equal(true);
    expect(report.rows.some((row) => row.consumedPercent! < 80)).to.equal(true);
  });

  it('writes the requests behind the sessions and the unmet demand: 92 to 96 % filled, the scarce languages and on site less', async () => {
    const token = await t.login('ars@demo.test', DEMO_PASSWORD);
    const access = async (groupBy: string) => {
      const res = await t.http().get(`/api/reports/access?year=2022&groupBy=${groupBy}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      return res.body as AccessReport;
    };
    const byLanguage = await access('language');
    const { totals } = byLanguage;
    expect(totals).to.include({ requests: summary.requests.requests, filled: summary.sessions, unfilled: summary.requests.unfilled, pending: 0 });
    expect(totals.fillRate).to.equal(summary.fillRate).and.to.be.within(0.92, 0.96);
    expect(totals.cancelledUnassigned / totals.requests).to.be.within(0.02, 0.06);
    const { nobody_answered, nobody_eligible } = totals.unfilledByReason;
    expect(nobody_answered + nobody_eligible, 'mostly nobody answered or nobody could').to.be.greaterThan(0.6 * totals.unfilled);
    const rate = (report: AccessReport, key: string) => report.rows.find((row) => row.key === key)!.fillRate!;
    for (const scarce of ['tir', 'pus', 'prs', 'kat']) expect(rate(byLanguage, scarce), scarce).to.be.below(rate(byLanguage, 'ara'));
    const byModality = await access('modality');
    expect(rate(byModality, 'onsite')).to.be.below(rate(byModality, 'phone'));
    expect(totals.medianMinutesToAssign).to.be.within(5, 120);
    expect(totals.medianSecondsToAssignNow).to.be.within(10, 120);
  });

  it('leaves no finished request without its usage in the ledger (what usage:check looks for)', async () => {
    const { checked, missing } = await reconcileUsage({ fix: false });
    expect(checked).to.equal(summary.sessions + summary.requests.cancelledUnassigned);
    expect(missing).to.deep.equal([]);
  });

  it('refuses to seed a year twice', async () => {
    let refused: unknown;
    await seedHistory({ year: 2022, scale: 1 }).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(HistoryRefused);
    expect((refused as Error).message).to.match(/already holds the 2022 history/);
    expect((await rebuildRollups({ fix: false })).entries).to.equal(summary.sessions);
  });

  it('stops at `until` for the current year of the demo: nothing after that day', async () => {
    await seedHistory({ year: 2023, until: '2023-03-15' });
    const { rows } = await usageReport(auditor, { year: 2023, groupBy: 'month' });
    expect(rows.map((row) => row.key)).to.deep.equal(['2023-01', '2023-02', '2023-03']);
    const march = rows[2]!.minutes;
    expect(march).to.be.greaterThan(0).and.lessThan(rows[0]!.minutes);
  });

  it('mails nobody about the thresholds its history passed: a fresh start on a year of history is no flood', async function () {
    this.timeout(60_000);
    const past = (await budgetReport('84', 2022, new Date())).rows.filter((row) => row.consumedPercent !== null && row.consumedPercent >= 80);
    expect(past.length, 'structures of the history past 80 %').to.be.greaterThan(50);
    await drainOutbox();
    const sink = await startSmtpSink();
    try {
      expect(await checkBudgetAlerts(2022)).to.equal(0);
      await senderTo(sink.port).runDue();
      expect(sink.raw).to.have.length(0);
    } finally {
      await sink.close();
    }
  });
});
