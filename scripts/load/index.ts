import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startPlatform, type Platform } from '../../test/e2e/support';
import { LOAD_ENV, runLoad } from './run';
import { summarize } from './summary';

// `npm run load`: 200 connections for 60 s against a platform this script starts (fresh embedded
// database, demo data and this year's history, as `npm start` makes them), or against `--url` on this
// machine. Exits non-zero on any 5xx or lost booking, or when a goal of the bookings is missed.
// Flags: --duration S --connections N --warmup S --timeout S --mix BOOKINGS/READS/REPORTS --url URL
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '5' },
    timeout: { type: 'string', default: '30' },
    mix: { type: 'string', default: '30/50/20' },
    url: { type: 'string' },
  },
});
const positive = (name: string, value: string, zero = false) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zero ? 0 : 1)) throw new Error(`--${name} takes a whole number of ${name === 'connections' ? 'connections' : 'seconds'}`);
  return n;
};
const durationSeconds = positive('duration', values.duration!);
const connections = positive('connections', values.connections!);
const warmupSeconds = positive('warmup', values.warmup!, true);
const timeoutSeconds = positive('timeout', values.timeout!);
// `--mix B/R/P`: the shares of bookings, reads and reports; a zero leaves that kind out.
const shares = values.mix!.split('/').map(Number);
if (shares.length !== 3 || !shares.every((n) => Number.isInteger(n) && n >= 0) || shares.every((n) => n === 0)) throw new Error('--mix takes three whole shares, e.g. 30/50/20');
const mix = { booking: shares[0]!, read: shares[1]!, report: shares[2]! };

let platform: Platform | undefined;
let failed = true;
try {
  let url = values.url;
  if (!url) {
    console.log('starting the platform on a fresh embedded database (demo data and this year’s history are seeded first)');
    platform = await startPlatform(LOAD_ENV);
    url = platform.url;
  }
  const report = await runLoad({ url, durationSeconds, connections, warmupSeconds, timeoutSeconds, mix, log: (line) => console.log(line) });
  await mkdir('test-output', { recursive: true });
  const file = `test-output/load-${report.startedAt.replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${summarize(report)}\nfull figures: ${file}`);
  // Like npm run bench, a missed goal fails the run.
  failed = report.failures.length > 0 || report.goals.some((g) => !g.met);
} catch (error) {
  console.error(error);
} finally {
  await platform?.stop();
}
process.exit(failed ? 1 : 0);
