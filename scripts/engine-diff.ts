import { parseArgs } from 'node:util';
import { runDifferential } from './engine/differential';
import { ENGINES, startEngine } from '../test/engine/engines';

// `npm run engine:diff -- [--cases N] [--seed S]`: the differential test of the engine patch, longer.
const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string' } } });
const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const cases = Number(values.cases);
const [patched, plain] = await Promise.all([startEngine(ENGINES.patched), startEngine(ENGINES.plain)]);
const started = Date.now();
try {
  console.log(`seed ${seed}, ${cases} cases`);
  const result = await runDifferential(patched.db, plain.db, {
    seed,
    cases,
    onProgress: (done) => process.stdout.write(`\r${done} / ${cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s`),
  });
  process.stdout.write('\n');
  console.log(`pushed down on a sample of ${result.pushed.sampled} finds: filter ${result.pushed.filter}, sort ${result.pushed.sort}, limit ${result.pushed.limit}`);
  for (const failure of result.failures.slice(0, 10)) console.log(JSON.stringify(failure));
  console.log(result.failures.length === 0 ? 'no difference' : `${result.failures.length} differences`);
  process.exitCode = result.failures.length === 0 ? 0 : 1;
} finally {
  await Promise.all([patched.stop(), plain.stop()]);
}
