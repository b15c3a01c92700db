import { benchAcceptRace, benchCreateVersusRead, benchOfferFanOut, describeStats } from './booking';
import { ms, startBenchServer } from './harness';
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
const server = await startBenchServer();
try {
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
} finally {
  await server.close();
}
process.exit(failed ? 1 : 0);
