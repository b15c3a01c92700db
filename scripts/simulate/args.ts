import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AddedInterpreters, SimulationScenario } from '../../shared/schemas/simulation';

// The simulate command's options, turned into one scenario (shared/schemas/simulation.ts).

export const USAGE = `npm run simulate -- [--region 84] [--year 2022] [--seed N] [--demand 2] [--add "prs:onsite:38:3"]...
  [--remove-agency aim]... [--policy wave-size=5]... [--scenario file.json] [--pool directory.csv] [--json]

  --region CODE       the region whose year is replayed, in its demo world and time zone (INSEE code:
                      84 Auvergne-Rhône-Alpes, the default; 76 Occitanie, 04 La Réunion...)
  --demand F          demand factor (2: the four-year doubling)
  --add L:M:D:N       N more interpreters of language L (ISO 639-3), modalities M (phone+video+onsite),
                      on-site departments D (38+69, empty for none)
  --remove-agency ID  the agency's interpreters leave the pool (84: isara, aim; other regions:
                      interpretariat, interpretes)
  --policy K=V        wave-size, now-wave-seconds, at-risk-minutes, series-hold-minutes
  --scenario FILE     a JSON scenario with several levers ({ "demand": 2, "add": [...], ... })
  --pool FILE         a directory as semicolon-separated CSV (README: Capacity simulator)
  --json              one JSON document on stdout`;

const POLICY_KEYS: Record<string, keyof NonNullable<SimulationScenario['policy']>> = {
  'wave-size': 'waveSize', 'now-wave-seconds': 'nowWaveSeconds', 'at-risk-minutes': 'atRiskMinutes', 'series-hold-minutes': 'seriesHoldMinutes',
};

export class UsageError extends Error {}

/** --help: the usage on stdout, and a success. */
export class HelpRequested extends Error {}

/** "prs:onsite:38:3" as the scenario's `add` entry (checked by the schema afterwards). */
export function parseAdd(text: string): AddedInterpreters {
  const parts = text.split(':');
  if (parts.length !== 4) throw new UsageError(`--add "${text}": expected language:modalities:departments:count, e.g. "prs:onsite:38:3"`);
  const [language, modalities, departments, count] = parts as [string, string, string, string];
  const split = (s: string) => s.split(/[+,]/).map((x) => x.trim()).filter(Boolean);
  return { language, modalities: split(modalities) as AddedInterpreters['modalities'], departments: split(departments), count: Number(count) };
}

export function parsePolicy(texts: string[]): SimulationScenario['policy'] {
  const policy: Record<string, number> = {};
  for (const text of texts) {
    const [key, value] = text.split('=');
    const name = POLICY_KEYS[key ?? ''];
    if (!name || value === undefined) throw new UsageError(`--policy "${text}": expected one of ${Object.keys(POLICY_KEYS).join(', ')}=number`);
    policy[name] = Number(value);
  }
  return policy;
}

export interface Command {
  scenario: SimulationScenario;
  poolFile?: string;
  json: boolean;
}

/** The command line as a scenario: a scenario file first, each option on top of it (additions add up). */
export function parseCommand(argv: string[]): Command {
  const { values } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' }, year: { type: 'string' }, seed: { type: 'string' }, demand: { type: 'string' },
      add: { type: 'string', multiple: true }, 'remove-agency': { type: 'string', multiple: true }, policy: { type: 'string', multiple: true },
      scenario: { type: 'string' }, pool: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new HelpRequested(USAGE);
  const file = values.scenario ? readScenario(values.scenario) : {};
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const scenario: SimulationScenario = {
    ...file,
    ...(values.region ? { region: values.region } : {}),
    ...(values.year ? { year: number(values.year) } : {}),
    ...(values.seed ? { seed: number(values.seed) } : {}),
    ...(values.demand ? { demand: number(values.demand) } : {}),
    ...(values.add ? { add: [...(file.add ?? []), ...values.add.map(parseAdd)] } : {}),
    ...(values['remove-agency'] ? { removeAgency: [...new Set([...(file.removeAgency ?? []), ...values['remove-agency']])] } : {}),
    ...(values.policy ? { policy: { ...file.policy, ...parsePolicy(values.policy) } } : {}),
  };
  return { scenario, poolFile: values.pool, json: values.json ?? false };
}

function readScenario(path: string): SimulationScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--scenario ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as SimulationScenario;
  } catch (error) {
    throw new UsageError(`--scenario ${path}: not JSON (${(error as Error).message})`);
  }
}
