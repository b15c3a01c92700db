// `npm test`'s last step: the suite in two mocha processes side by side, each on its own embedded engine.
// The browser lane (Chromium, real server processes, coturn, the load test's server) spends much of its
// time waiting on pages, timers and media; the server lane (in-process tests, the fuzzer, the engine
// comparison) is mostly computing. Side by side they fill each other's idle time on a two-core machine.
//
// The browser lane's spec output is shown as it runs; the server lane's is kept and shown once both
// are done, then one summary (what .ci/run reads) and the failures of each lane again. The exit status is
// non-zero when a lane failed.
// Arguments are passed to both lanes (e.g. `npm test -- --grep "Dispatch"`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Directories under test/ whose files go to the browser lane; every other test file is the server lane's.
 * The seeds (test/seed) are the server lane's since the lanes share one first start (at a98bbc1, with
 * them in the browser lane: browser 859 s, server 751 s, of which a first start of its own for the fuzzer).
 */
const BROWSER_DIRS = ['e2e', 'calls-client', 'calls', 'faults', 'multiprocess', 'load'];

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  }).sort();
}

const all = testFiles('test');
/**
 * A test that starts the platform as a process (test/e2e/support.ts) belongs with the others that do: the
 * run's first start, copied for each of them, is made once per mocha process, into one log file.
 */
const startsThePlatform = (file) => /\b(startPlatform|firstStartTemplate)\b/.test(readFileSync(file, 'utf8'));
const inBrowserLane = (file) => BROWSER_DIRS.some((dir) => file.startsWith(path.join('test', dir) + path.sep)) || startsThePlatform(file);
const lanes = [
  { name: 'browser', files: all.filter(inBrowserLane), live: true },
  { name: 'server', files: all.filter((file) => !inBrowserLane(file)), live: false },
];
const extra = process.argv.slice(2);
mkdirSync('test-output', { recursive: true });

// One first start for the run (test/e2e/first-start.ts): the lane that needs it first makes it into this
// directory, the other waits for it. In memory when the tests' scratch files are (test/support/scratch.ts).
const scratch = process.env.TMPDIR ?? (existsSync('/dev/shm') && statfsSync('/dev/shm').bavail * statfsSync('/dev/shm').bsize >= 2 * 1024 ** 3 ? '/dev/shm' : os.tmpdir());
const templateDir = path.join(scratch, `e2e-template-run-${process.pid}`);
const removeTemplate = () => [templateDir, `${templateDir}.ready`, `${templateDir}.failed`].forEach((p) => rmSync(p, { recursive: true, force: true }));
process.once('exit', removeTemplate);

const started = Date.now();
const results = await Promise.all(lanes.map((lane) => new Promise((resolve) => {
  const args = ['--no-config', '-n', 'import=tsx', '--require', 'test/support/hooks.ts', '--timeout', '20000', '--exit',
    '--reporter', './test/support/timing-reporter.cjs', ...extra, ...lane.files];
  const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', ...args], {
    env: { ...process.env, TEST_LANE: lane.name, E2E_TEMPLATE_DIR: templateDir, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk);
    if (lane.live) process.stdout.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('close', (code, signal) => resolve({ lane, code: code ?? 1, signal, text: Buffer.concat(output).toString('utf8') }));
})));

for (const result of results.filter((r) => !r.lane.live)) process.stdout.write(`\n----- the ${result.lane.name} lane -----\n${result.text}`);

/** The last "N passing" (or failing, pending) line of a lane's mocha summary; 0 when there is none. */
function count(text, word) {
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const last = lines.filter((line) => new RegExp(`^\\s*\\d+ ${word}\\b`).test(line)).at(-1);
  return last ? Number(/\d+/.exec(last)[0]) : 0;
}
/** A lane's mocha failure reports: from its last "N failing" line to the timing reporter's table. */
function failures(text) {
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const from = lines.findLastIndex((line) => /^\s*\d+ failing\b/.test(line));
  const to = lines.findIndex((line, i) => i > from && /^\s*Slowest files/.test(line));
  return lines.slice(from + 1, to === -1 ? undefined : to).join('\n').trimEnd();
}
const totals = { passing: 0, failing: 0, pending: 0 };
for (const result of results) for (const word of Object.keys(totals)) totals[word] += count(result.text, word);
const minutes = Math.round((Date.now() - started) / 60_000);
console.log(`\n  Both lanes (${results.map((r) => `${r.lane.name}: ${r.lane.files.length} files, exit ${r.signal ?? r.code}`).join('; ')}):`);
for (const result of results) {
  const durations = path.join('test-output', `durations-${result.lane.name}.json`);
  try {
    console.log(`  ${result.lane.name} lane: ${Math.round(JSON.parse(readFileSync(durations, 'utf8')).totalMs / 1000)} s`);
  } catch {
    console.log(`  ${result.lane.name} lane: no ${durations}`);
  }
}
console.log(`  ${totals.passing} passing (${minutes}m)`);
if (totals.failing > 0) console.log(`  ${totals.failing} failing`);
// Each failed lane's failures again, last: CI keeps the end of a long log, and the browser lane's were
// printed minutes before it (its spec output is shown as it runs).
for (const result of results.filter((r) => count(r.text, 'failing') > 0)) {
  console.log(`\n  ----- the ${result.lane.name} lane's failures -----`);
  console.log(failures(result.text));
}
if (totals.pending > 0) console.log(`  ${totals.pending} pending`);
// exitCode, not exit(): a pipe's pending writes (CI's log) are flushed before the process ends.
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
