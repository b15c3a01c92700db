import { CI_SETTINGS, runFuzz, summarize } from './fuzz';

// `npm run fuzz [-- --ci] [-- --max-examples N] [-- --seed S] [-- --only ROLE[,ROLE]] [-- --verbose]`: the OpenAPI document
// fuzzed by schemathesis, role by role, on a fresh platform. Exits non-zero on any 5xx or schemathesis
// error. Without --ci: every phase (examples, coverage, fuzzing, stateful), 100 cases per operation.
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const base = args.includes('--ci') ? CI_SETTINGS : { maxExamples: 100 };
const maxExamples = value('--max-examples');
const seed = value('--seed');
const only = value('--only')?.split(',');

const result = await runFuzz({
  ...base,
  ...(maxExamples ? { maxExamples: Number(maxExamples) } : {}),
  ...(seed ? { seed } : {}),
  ...(only ? { only } : {}),
  verbose: args.includes('--verbose'),
});
console.log(summarize(result));
process.exit(result.ok ? 0 : 1);
