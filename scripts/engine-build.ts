import { buildEngines, EngineBuildError } from './engine/build';

// `npm run engine:build`: builds the embedded engine (patched) and, for the tests, FerretDB as published.
const started = Date.now();
try {
  const engines = await buildEngines((message) => console.log(message));
  console.log(`FerretDB ready at ${engines.patched} (plain build for the tests: ${engines.plain}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (error instanceof EngineBuildError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
