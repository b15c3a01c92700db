import { parentPort, workerData } from 'node:worker_threads';
import { simulate, type SimulationOptions } from '.';

// One simulation in a worker thread (runs.ts starts it, the scenario's region always said), so that the server's event loop, and the
// "now" calls it serves, never wait behind a year being replayed. Tells its progress, then its results.

const { scenario, baseline } = workerData as { scenario: SimulationOptions; baseline: boolean };
// With the baseline to compute as well, it takes the first half of the progress.
const share = baseline ? 0.5 : 1;
const base = baseline ? simulate({ region: scenario.region, year: scenario.year, seed: scenario.seed, onProgress: (p) => parentPort!.postMessage({ progress: p * share }) }) : undefined;
const result = simulate({ ...scenario, onProgress: (p) => parentPort!.postMessage({ progress: 1 - share + p * share }) });
parentPort!.postMessage({ result, baseline: base });
