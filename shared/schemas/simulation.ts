import type { FromSchema } from 'json-schema-to-ts';
import { MODALITIES } from '../enums';
import { department, languageCode, region } from './common';

// A capacity simulation's scenario: the levers a funder tries (server/simulation). The same schema
// checks a scenario file (npm run simulate -- --scenario file.json) and the body of POST /api/simulations.

/** Interpreters added to the pool: `count` of them, speaking `language`, in these modalities and (on site) departments. */
export const addedInterpreters = {
  type: 'object',
  additionalProperties: false,
  required: ['language', 'modalities', 'count'],
  properties: {
    language: languageCode,
    modalities: { type: 'array', items: { type: 'string', enum: MODALITIES }, minItems: 1, uniqueItems: true },
    departments: { type: 'array', items: department, uniqueItems: true, maxItems: 12 },
    count: { type: 'integer', minimum: 1, maximum: 50 },
  },
} as const;
export type AddedInterpreters = FromSchema<typeof addedInterpreters>;

export const simulationScenario = {
  $id: 'SimulationScenario',
  type: 'object',
  additionalProperties: false,
  properties: {
    /**
     * The region whose year is replayed, in its demo world and time zone (server/simulation/world.ts): an
     * auditor's own, which they may leave out; national auditors and admins name one, Auvergne-Rhône-Alpes (84) by default.
     */
    region,
    /** The year whose demand is replayed. */
    year: { type: 'integer', minimum: 2018, maximum: 2100 },
    /** Same seed, same figures. */
    seed: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
    /** Demand factor: 2 is the four-year doubling. */
    demand: { type: 'number', minimum: 0.05, maximum: 3 },
    add: { type: 'array', items: addedInterpreters, maxItems: 20 },
    /** Agencies whose interpreters leave the pool, by id (`isara`, `aim` in the default region's demo pool; another region's: world.ts). */
    removeAgency: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,60}$' }, uniqueItems: true, maxItems: 10 },
    policy: {
      type: 'object',
      additionalProperties: false,
      properties: {
        waveSize: { type: 'integer', minimum: 1, maximum: 20 },
        nowWaveSeconds: { type: 'integer', minimum: 10, maximum: 600 },
        atRiskMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
        seriesHoldMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
      },
    },
  },
} as const;
export type SimulationScenario = FromSchema<typeof simulationScenario>;

/** GET /api/simulations/world: an auditor's region by default (another is 404); national auditors and admins name one, 84 by default. */
export const simulationWorldQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { region },
} as const;
