import { expect } from 'chai';
import { runDifferential } from '../../scripts/engine/differential';
import { ENGINES, startEngine, type Started } from './engines';

describe('Engine patch: same answers as FerretDB v1.24.2 as published', function () {
  this.timeout(900_000);
  let patched: Started;
  let plain: Started;
  before(async () => {
    [patched, plain] = await Promise.all([startEngine(ENGINES.patched), startEngine(ENGINES.plain)]);
  });
  after(async () => {
    await Promise.all([patched?.stop(), plain?.stop()]);
  });

  it('10,000 random filters, sorts, limits and writes over documents of every stored type give the same answers', async () => {
    const seed = Number(process.env.ENGINE_DIFF_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`      seed ${seed} (replay: npm run engine:diff -- --seed ${seed})`);
    const result = await runDifferential(patched.db, plain.db, { seed, cases: Number(process.env.ENGINE_DIFF_CASES ?? 10_000) });
    console.log(`      pushed down, on a sample of ${result.pushed.sampled} finds: filter ${result.pushed.filter}, sort ${result.pushed.sort}, limit ${result.pushed.limit}`);
    expect(result.failures.slice(0, 3), `seed ${seed}`).to.deep.equal([]);
    // The patch must be doing something: many filters name an indexed path.
    expect(result.pushed.filter).to.be.greaterThan(result.pushed.sampled / 3);
    expect(result.pushed.sort).to.be.greaterThan(0);
    expect(result.pushed.limit).to.be.greaterThan(0);
  });
});
