import { benchCompletionWrites, benchUsageReport } from './billing';
import { benchAcceptRace, benchCreateVersusRead, benchOfferFanOut, describeStats } from './booking';
import { ms, startBenchServer } from './harness';
import { benchPricing } from './pricing';
import { benchRanking } from './ranking';

// `npm run bench`: every figure BENCHMARKS.md quotes, measured in one run on this machine, with the
// limit each one is held to. Exits non-zero when a limit is missed.
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const lines: string[] = [];
let failed = false;
const report = (name: string, figure: string, limit: string, ok: boolean) => {
  failed ||= !ok;
  const line = `| ${name} | ${figure} | ${limit} | ${ok ? 'met' : 'MISSED'} |`;
  lines.push(line);
  console.log(line);
};

console.log('| benchmark | measured | limit | |\n| --- | --- | --- | --- |');
if (wanted('ranking')) {
  const r = benchRanking('onsite');
  report(`Ranking ${r.count} interpreters for an on-site Arabic request (${r.eligible} eligible)`, describeStats(r.timing), 'median ≤ 2 ms', r.timing.median <= 2);
  const worst = benchRanking('everyone');
  console.log(`| (worst case, not a limit) ranking ${worst.count} interpreters who all speak the language, by phone (${worst.eligible} eligible) | ${describeStats(worst.timing)} | | |`);
}
if (wanted('pricing')) {
  const r = benchPricing();
  report(`${r.count.toLocaleString('en')} price computations (default tariff, all modalities, 2022-2026, holidays included)`, `${ms(r.totalMs)} (${r.perCallNs.toFixed(0)} ns a price)`, '≤ 2,000 ms', r.totalMs <= 2000);
}
const server = await startBenchServer();
try {
  // First: seed:history puts its demo directory only in a database without other users.
  if (wanted('report')) {
    const r = await benchUsageReport(server.base);
    report(
      `Yearly usage report by structure over ${r.seeded.sessions.toLocaleString('en')} sessions (${r.entries.toLocaleString('en')} ledger entries)`,
      `GET /api/reports/usage ${describeStats(r.report)} (the first, reading the roll-ups cold: ${ms(r.cold)}); summing the raw ledger ${describeStats(r.ledger)}; ratio of medians ${r.ratio.toFixed(0)}; same answer: ${r.same ? 'yes' : 'NO'}`,
      'median ≤ 200 ms, ≥ 20× faster, same answer',
      r.report.median <= 200 && r.ratio >= 20 && r.same,
    );
  }
  if (wanted('create')) {
    const r = await benchCreateVersusRead(server.base);
    report('POST /api/requests vs GET /api/requests/:id, interleaved', `create ${describeStats(r.create)}; read ${describeStats(r.read)}; ratio of medians ${r.ratio.toFixed(2)}`, 'ratio ≤ 5', r.ratio <= 5);
  }
  if (wanted('race')) {
    const r = await benchAcceptRace(server.base);
    report(`${r.contenders} interpreters accepting one request at the same instant, ${r.rounds} times`, `exactly one winner in ${r.exactlyOne}/${r.rounds} rounds (winners per round seen: ${r.winnersPerRound.join(', ')}); a round takes ${describeStats(r.race)}`, 'one winner every time', r.exactlyOne === r.rounds);
  }
  if (wanted('fanout')) {
    const r = await benchOfferFanOut(server.base);
    const all = r.delivered.every((n) => n === r.sockets);
    report(`A "now" offer reaching ${r.sockets} connected interpreter sockets (${r.rounds} offers)`, `offers published to offer:new received ${describeStats(r.fromPublish)}, max ${ms(r.fromPublish.max)}; delivered ${r.delivered.join('/')}`, 'p95 ≤ 150 ms, all delivered', r.fromPublish.p95 <= 150 && all);
    console.log(`| (information) the same, from the start of the wave: ranking from the database, writing ${r.sockets} offers, publishing | ${describeStats(r.fromWave)} | | |`);
  }
  if (wanted('completion')) {
    const r = await benchCompletionWrites(server.base);
    report(`Database operations a completion adds for the ledger and its roll-up (${r.rounds} completions)`, `at most ${r.billingMax} (median ${r.billingMedian}); the whole completion makes ${r.totalMedian} (median)`, '≤ 2', r.billingMax <= 2);
  }
} finally {
  await server.close();
}
process.exit(failed ? 1 : 0);
