import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import type { SimulationScenario } from '../../shared/schemas/simulation';
import { auditorRegion, type Actor } from '../platform/actor';
import { badRequest, forbidden, notFound, rateLimited } from '../platform/errors';
import { demoPool, leverProblems } from './pool';
import { worldOf } from './world';
import type { SimulationResult } from '.';

// Simulations asked for from the browser: one at a time per process, each in a worker thread, its
// progress and results kept in this process's memory (the last 20; a restart forgets them, and another
// process of the same deployment does not know them: poll the one that answered the POST).

const KEEP = 20;
/** A run's expected length, for Retry-After when one is already running. */
const TYPICAL_SECONDS = 30;

export interface SimulationRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** 0 to 1. */
  progress: number;
  /** The scenario as run: its region always said (the auditor's own when they left it out). */
  scenario: SimulationScenario & { region: string };
  startedAt: string;
  finishedAt?: string;
  result?: SimulationResult;
  /** The same year and seed without levers, to compare with. */
  baseline?: SimulationResult;
  error?: string;
}

const runs = new Map<string, SimulationRun>();
const baselines = new Map<string, SimulationResult>();
let running: string | undefined;

/**
 * The region a caller simulates: an auditor their own (another one named is 404, as on every auditor
 * route); national auditors and admins the one they name, Auvergne-Rhône-Alpes by default; others 403.
 * The schema has refused a code that is no region (400 naming `region`).
 */
export function simulatedRegion(actor: Actor, named: string | undefined): string {
  switch (actor.role) {
    case 'auditor': {
      const own = auditorRegion(actor);
      if (named !== undefined && named !== own) throw notFound('Region');
      return own;
    }
    case 'national_auditor':
    case 'admin':
      return named ?? DEFAULT_REGION_CODE;
  }
  throw forbidden();
}

/** Starts a simulation of the scenario in the caller's region (simulatedRegion); 429 while another one runs in this process. */
export function startSimulation(actor: Actor, body: SimulationScenario, now = new Date()): { id: string } {
  const scenario = { ...body, region: simulatedRegion(actor, body.region) };
  const problems = leverProblems(demoPool(scenario.region), scenario);
  if (problems.length > 0) throw badRequest('Invalid scenario.', problems);
  if (running) throw rateLimited(TYPICAL_SECONDS);
  const id = randomBytes(12).toString('hex');
  const run: SimulationRun = { id, status: 'running', progress: 0, scenario, startedAt: now.toISOString() };
  runs.set(id, run);
  for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP))) runs.delete(old);
  running = id;
  const baselineKey = `${scenario.region}:${scenario.year ?? 2022}:${scenario.seed ?? scenario.year ?? 2022}`;
  const known = baselines.get(baselineKey);
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { scenario, baseline: !known } });
  const finish = (changes: Partial<SimulationRun>) => {
    Object.assign(run, { ...changes, finishedAt: new Date().toISOString() });
    running = undefined;
  };
  worker.on('message', (message: { progress?: number; result?: SimulationResult; baseline?: SimulationResult }) => {
    if (message.progress !== undefined) run.progress = Math.round(message.progress * 1000) / 1000;
    if (!message.result) return;
    const baseline = message.baseline ?? known!;
    baselines.set(baselineKey, baseline);
    finish({ status: 'done', progress: 1, result: message.result, baseline });
  });
  worker.on('error', (error) => finish({ status: 'failed', error: error.message }));
  worker.on('exit', (code) => {
    if (run.status === 'running') finish({ status: 'failed', error: `the simulation stopped (exit code ${code})` });
  });
  return { id };
}

/** A run, for whoever may simulate its region: another region's run is 404 to an auditor, as an unknown one. */
export function simulationRun(actor: Actor, id: string): SimulationRun {
  const run = runs.get(id);
  const region = simulatedRegion(actor, undefined);
  if (!run || (actor.role === 'auditor' && run.scenario.region !== region)) throw notFound('Simulation');
  return run;
}

/** What the simulation page shows before a run: the region's world (world.ts), for the caller's region (simulatedRegion). */
export function simulationWorld(actor: Actor, named: string | undefined) {
  const world = worldOf(simulatedRegion(actor, named))!;
  const { code, name, timeZone, departments } = world.region;
  return {
    region: { code, name, timeZone, departments: departments.map((d) => ({ code: d.code, name: d.name })) },
    structures: world.structures.length,
    interpreters: world.pool.interpreters.length,
    agencies: [...world.pool.agencies].map(([id, agencyName]) => ({ id, name: agencyName })),
  };
}
