import { expect } from 'chai';
import { startPlatform, type Platform } from '../e2e/support';
import { LOAD_ENV, runLoad, type LoadReport } from '../../scripts/load/run';
import { summarize } from '../../scripts/load/summary';

// The short version of `npm run load` (issue 6): 50 connections for 10 s against a platform started
// as `npm start` would, with the load generator in this process.
describe('load: bookings, reads and reports from 50 clients for 10 s', function () {
  this.timeout(300_000);
  let platform: Platform;
  let report: LoadReport;

  before(async () => {
    platform = await startPlatform(LOAD_ENV);
    report = await runLoad({ url: platform.url, durationSeconds: 10, connections: 50, warmupSeconds: 2 });
    console.log(summarize(report));
  });
  after(async () => {
    await platform?.stop();
  });

  it('answers no request with a 5xx', () => {
    expect(report.errors.fiveXx).to.equal(0);
    expect(report.errors.samples.filter((s) => s.status >= 500)).to.deep.equal([]);
  });

  it('has every booking it answered 201 in the database, once', () => {
    expect(report.bookings.missing).to.equal(0, `missing: ${report.bookings.missingIds.join(', ')}`);
    expect(report.bookings.duplicates).to.equal(0);
    expect(report.bookings.verified).to.equal(report.bookings.created + report.bookings.warmup);
  });

  it('makes bookings, reads and reports', () => {
    expect(report.bookings.created).to.be.greaterThan(0);
    expect(report.byKind.read.requests).to.be.greaterThan(0);
    expect(report.byKind.report.requests).to.be.greaterThan(0);
  });

  it('is refused nothing by design (no 4xx: limits raised, valid bodies, own requests only)', () => {
    const refused = Object.keys(report.overall.statuses).filter((status) => Number(status) >= 400);
    expect(refused, JSON.stringify(report.errors.samples)).to.deep.equal([]);
  });
});
