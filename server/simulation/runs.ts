import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SimulationScenario } from '../../shared/schemas/simulation';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden, notFound, rateLimited } from '../platform/errors';
import { demoPool, leverProblems } from './pool';
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
  scenario: SimulationScenario;
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

const mayRun = (actor: Actor) => actor.role === 'auditor' || actor.role === 'admin';

/** Starts a simulation of the scenario; 429 while another one runs in this process. */
export function startSimulation(actor: Actor, scenario: SimulationScenario, now = new Date()): { id: string } {
  if (!mayRun(actor)) throw forbidden();
  const problems = leverProblems(demoPool(), scenario);
  if (problems.length > 0) throw badRequest('Invalid scenario.', problems);
  if (running) throw rateLimited(TYPICAL_SECONDS);
  const id = randomBytes(12).toString('hex');
  const run: SimulationRun = { id, status: 'running', progress: 0, scenario, startedAt: now.toISOString() };
  runs.set(id, run);
  for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP))) runs.delete(old);
  running = id;
  const baselineKey = `${scenario.year ?? 2022}:${scenario.seed ?? scenario.year ?? 2022}`;
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

export function simulationRun(actor: Actor, id: string): SimulationRun {
  if (!mayRun(actor)) throw forbidden();
  const run = runs.get(id);
  if (!run) throw notFound('Simulation');
  return run;
}
