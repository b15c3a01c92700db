import { readFileSync } from 'node:fs';
import { simulate } from '../server/simulation';
import { parsePoolCsv, PoolRefused } from '../server/simulation/pool';
import { AppError } from '../server/platform/errors';
import { validateBody } from '../server/platform/validation';
import { simulationScenario, type SimulationScenario } from '../shared/schemas/simulation';
import { HelpRequested, parseCommand, UsageError } from './simulate/args';
import { formatResult } from './simulate/table';

// npm run simulate -- --year 2022 [--demand 2] [--add "prs:onsite:38:3"] [--json]: a year replayed
// against an interpreter pool (server/simulation); tables on stdout, or one JSON document with --json.

function progressBar(): ((share: number) => void) | undefined {
  // Only for a person watching: never into a pipe or a log, never on stdout.
  if (!process.stderr.isTTY) return undefined;
  return (share) => {
    const width = 30;
    const done = Math.round(share * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(share * 100)} %`);
  };
}

function main(): void {
  const command = parseCommand(process.argv.slice(2));
  const scenario = validateBody<SimulationScenario>(simulationScenario, command.scenario);
  const pool = command.poolFile ? parsePoolCsv(readPool(command.poolFile)) : undefined;
  const started = performance.now();
  const onProgress = progressBar();
  const result = simulate({ ...scenario, pool, onProgress });
  if (onProgress) process.stderr.write('\r\x1b[K');
  process.stdout.write(command.json ? `${JSON.stringify(result)}\n` : `${formatResult(result)}\n`);
  process.stderr.write(`simulated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

function readPool(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--pool ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof HelpRequested) {
    process.stdout.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    process.stderr.write(`invalid scenario: ${(error.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ')}\n`);
  } else if (error instanceof UsageError || error instanceof PoolRefused || (error as Error).name === 'TypeError') {
    process.stderr.write(`${(error as Error).message}\n`);
  } else {
    throw error;
  }
  if (!(error instanceof HelpRequested)) process.exitCode = 2;
}
