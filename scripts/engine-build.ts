import { ensureEngineBinary, EngineUnavailableError } from '../server/platform/embedded-engine';

// `npm run engine:build`: builds FerretDB once into the shared cache (used by .ci/run and newcomers).
const started = Date.now();
try {
  const binary = await ensureEngineBinary((message) => console.log(message));
  console.log(`FerretDB ready at ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  if (error instanceof EngineUnavailableError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
