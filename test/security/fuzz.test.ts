import { expect } from 'chai';
import { CI_SETTINGS, ROLES, runFuzz, summarize, type FuzzResult } from '../../scripts/fuzz/fuzz';

// The OpenAPI document fuzzed by schemathesis (PyPI), CI-sized: the platform on a fresh embedded
// database with the demo data, every operation each role may call, hostile and valid inputs alike; no
// answer may be a 5xx. The schemathesis venv is created on first use; if it cannot be (no python3, no
// venv module, no PyPI), this fails with the error; it never skips.
describe('Fuzzing the OpenAPI document with schemathesis', function () {
  this.timeout(600_000);
  let result: FuzzResult;

  before(async function () {
    this.timeout(600_000);
    result = await runFuzz({ ...CI_SETTINGS, log: (line) => console.log(`      ${line}`) });
    console.log(summarize(result).replace(/^/gm, '      '));
  });

  it('fuzzes every role, public operations and logout, with thousands of cases', () => {
    expect(result.runs.map((r) => r.name)).to.deep.equal(['anonymous', ...ROLES.map((r) => r.role), 'logout']);
    for (const run of result.runs) expect(run.cases, `${run.name}: no test case generated`).to.be.greaterThan(0);
    expect(result.cases).to.be.greaterThan(1000);
  });

  it('answers no 5xx, and the server logs no error', () => {
    expect(result.ok, summarize(result)).to.equal(true);
  });
});
