import { Router } from 'express';
import { simulationScenario } from '../../shared/schemas/simulation';
import { route } from '../platform/routing';
import { simulationRun, startSimulation } from './runs';

// The capacity simulator from the auditors' dashboard: start a scenario, then poll it.

export function simulationRouter(): Router {
  const router = Router();
  const tag = 'Simulation';
  route(router, { method: 'post', path: '/api/simulations', summary: 'Start a capacity simulation of a scenario (one at a time; 202 with its id)', tag, access: ['auditor', 'admin'], body: simulationScenario, status: 202 },
    ({ actor, body }) => startSimulation(actor, body));
  route(router, { method: 'get', path: '/api/simulations/:id', summary: 'A simulation: status, progress, then its results and the baseline without levers', tag, access: ['auditor', 'admin'] },
    ({ actor, params }) => simulationRun(actor, params.id!));
  return router;
}
