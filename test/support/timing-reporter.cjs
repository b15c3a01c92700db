// mocha's spec reporter, then the files that took longest, hooks included (a browser, a server or a
// first start paid in a before hook is most of some files' time). Written to test-output/durations.json
// too, so that a CI run says where its minutes went.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const spent = new Map();
    const runStart = Date.now();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root && suite.file) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const at = started.get(suite);
      if (at === undefined) return;
      const file = path.relative(process.cwd(), suite.file);
      spent.set(file, (spent.get(file) ?? 0) + (Date.now() - at));
    });
    runner.once(EVENT_RUN_END, () => {
      const rows = [...spent].sort((a, b) => b[1] - a[1]);
      const total = Date.now() - runStart;
      console.log(`  Slowest files (hooks included), of ${Math.round(total / 1000)} s in all:`);
      for (const [file, ms] of rows.slice(0, 20)) console.log(`  ${String(Math.round(ms / 1000)).padStart(5)} s  ${file}`);
      console.log();
      fs.mkdirSync('test-output', { recursive: true });
      fs.writeFileSync(`test-output/durations${process.env.TEST_LANE ? `-${process.env.TEST_LANE}` : ''}.json`, JSON.stringify({ totalMs: total, files: Object.fromEntries(rows) }, null, 2));
    });
  }
}

module.exports = TimingReporter;
