import { Router } from 'express';
import { simulationScenario, simulationWorldQuery } from '../../shared/schemas/simulation';
import { route } from '../platform/routing';
import { simulationRun, simulationWorld, startSimulation } from './runs';

// The capacity simulator from the auditors' dashboard: start a scenario of a region, then poll it. An
// auditor simulates their own region (another is 404); national auditors and admins name one.

export function simulationRouter(): Router {
  const router = Router();
  const tag = 'Simulation';
  route(router, { method: 'post', path: '/api/simulations', summary: 'Start a capacity simulation of a scenario (one at a time; 202 with its id)', tag, access: ['auditor', 'national_auditor', 'admin'], body: simulationScenario, status: 202 },
    ({ actor, body }) => startSimulation(actor, body));
  // Declared before /:id, which would take "world" for an id.
  route(router, { method: 'get', path: '/api/simulations/world', summary: 'The world a region\'s simulation replays: the region and its departments, its demo structures, interpreters and agencies', tag, access: ['auditor', 'national_auditor', 'admin'], query: simulationWorldQuery },
    ({ actor, query }) => simulationWorld(actor, query.region));
  route(router, { method: 'get', path: '/api/simulations/:id', summary: 'A simulation: status, progress, then its results and the baseline without levers', tag, access: ['auditor', 'national_auditor', 'admin'] },
    ({ actor, params }) => simulationRun(actor, params.id!));
  return router;
}
