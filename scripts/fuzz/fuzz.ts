import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startPlatform, type Platform } from '../../test/e2e/support';

// A fuzz run of the published OpenAPI document with schemathesis (from PyPI, in its own Python venv):
// the platform on a fresh embedded database with the demo data, one schemathesis run per role with
// that role's bearer token, the `not_a_server_error` check. Any 5xx, or a server log line at level
// error, fails the run.

const run = promisify(execFile);

export const SCHEMATHESIS_VERSION = '4.32.5';
export const VENV = path.join(os.homedir(), '.cache', 'sante-interpretes', 'schemathesis-venv');
const PYTHON = process.env.PYTHON ?? 'python3';
const OUT = path.resolve('test-output/fuzz');
const PASSWORD = 'demo-demo-demo';

/** Roles in the order they are fuzzed; admin last (see README of runFuzz). */
export const ROLES = [
  { role: 'dispatcher', email: 'dispatch@demo.test' },
  { role: 'interpreter', email: 'interp01@demo.test' },
  { role: 'requester', email: 'pass.lyon@demo.test' },
  { role: 'auditor', email: 'ars@demo.test' },
  { role: 'admin', email: 'admin@demo.test' },
] as const;

const SERVER_ENV = {
  LOGIN_MAX_FAILURES_PER_IP: '100000', // the configuration's ceiling
  LOGIN_MAX_FAILURES: '1000',
  BOOKING_MAX_PER_MINUTE: '1000000',
};

function describeExecError(command: string, error: unknown): Error {
  const e = error as { message?: string; stderr?: string; stdout?: string; code?: unknown };
  const output = [e.stderr, e.stdout].filter((s) => s && s.trim()).join('\n').trim();
  return new Error(`\`${command}\` failed (${String(e.code ?? e.message)}):\n${output || e.message}`);
}

async function installedVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run(path.join(VENV, 'bin', 'schemathesis'), ['--version']);
    return /version (\S+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The schemathesis executable, installed into its venv on first use. Throws with the exact output of
 * the failing command (no python3, no venv module, no network to PyPI, ...): nothing is skipped.
 */
export async function ensureSchemathesis(log: (line: string) => void = () => {}): Promise<string> {
  const bin = path.join(VENV, 'bin', 'schemathesis');
  if ((await installedVersion()) === SCHEMATHESIS_VERSION) return bin;
  log(`Installing schemathesis ${SCHEMATHESIS_VERSION} into ${VENV}`);
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  const venvCommand = `${PYTHON} -m venv --clear ${VENV}`;
  try {
    await run(PYTHON, ['-m', 'venv', '--clear', VENV]);
  } catch (error) {
    throw describeExecError(venvCommand, error);
  }
  const pip = path.join(VENV, 'bin', 'pip');
  const pipArgs = ['install', '--disable-pip-version-check', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`];
  try {
    await run(pip, pipArgs, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw describeExecError(`${pip} ${pipArgs.join(' ')}`, error);
  }
  const version = await installedVersion();
  if (version !== SCHEMATHESIS_VERSION) throw new Error(`${bin} --version gave ${version ?? 'nothing'} after installing ${SCHEMATHESIS_VERSION}`);
  return bin;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  public: boolean;
}

interface OpenApi {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
}

function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: p, operationId: op.operationId, public: Array.isArray(op.security) && op.security.length === 0 })),
  );
}

const LOGOUT = 'POST /api/auth/logout';
const label = (op: Operation) => `${op.method} ${op.path}`;

/**
 * The operations a role may call: those that do not answer 403. Access is checked before the body,
 * query and ids are validated, so one request per operation with an id that cannot exist and an empty
 * body tells, and changes nothing (every write needs a valid body or an existing id).
 */
async function allowedOperations(url: string, token: string, operations: Operation[]): Promise<Operation[]> {
  const allowed: Operation[] = [];
  for (const op of operations) {
    if (op.public || label(op) === LOGOUT) continue;
    const route = op.path.replace(/\{year\}/g, String(new Date().getUTCFullYear())).replace(/\{\w+\}/g, '000000000000000000000000');
    const write = op.method !== 'GET' && op.method !== 'DELETE';
    const res = await fetch(`${url}${route}`, {
      method: op.method,
      headers: { Authorization: `Bearer ${token}`, ...(write ? { 'Content-Type': 'application/json' } : {}) },
      body: write ? '{}' : undefined,
    });
    await res.arrayBuffer();
    if (res.status === 401) throw new Error(`${label(op)} answered 401 to a fresh token`);
    if (res.status >= 500) throw new Error(`${label(op)} answered ${res.status} to the access probe ${op.method} ${route}`);
    if (res.status !== 403) allowed.push(op);
  }
  return allowed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests, an offer and an assignment, so that the ids given to schemathesis reach the handlers. */
async function arrange(platform: Platform, tokens: Record<string, string>, log: (line: string) => void): Promise<void> {
  const { api } = platform;
  // An interpreter of the dispatcher's agency (interp01 when it is one), so the dispatcher sees the requests.
  const interpreters = (await api<{ id: string; email: string; languages: string[]; modalities: string[] }[]>(tokens.dispatcher!, 'GET', '/api/interpreters')).body;
  const chosen = interpreters.find((i) => i.email === 'interp01@demo.test') ?? interpreters[0];
  const language = chosen?.languages[0] ?? 'ara';
  const modality = chosen?.modalities.includes('phone') ? 'phone' : (chosen?.modalities[0] ?? 'phone');
  const day = new Date(Date.now() + 3 * 86_400_000);
  day.setUTCHours(9, 0, 0, 0);
  const bodies = [
    { language, modality, start: 'now', durationMinutes: 30 },
    { language, modality, start: day.toISOString(), durationMinutes: 60 },
    { language, modality, start: new Date(day.getTime() + 86_400_000).toISOString(), durationMinutes: 45, recurrence: { every: 'week', count: 3 } },
  ];
  const created: string[] = [];
  for (const body of bodies) {
    const res = await api<{ id: string }>(tokens.requester!, 'POST', '/api/requests', body);
    if (res.status === 201) created.push(res.body.id);
    else log(`arrange: POST /api/requests ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  const future = created[1];
  if (!future) return;
  // The dispatcher sees a request once the dispatch job has listed its agency among the candidates
  // (`{ candidates, unavailable }`; read as a list too, as the route first answered).
  type Candidate = { interpreterId?: string; id?: string };
  const listed = (body: unknown): Candidate[] => (Array.isArray(body) ? body : ((body as { candidates?: Candidate[] } | null)?.candidates ?? []));
  let candidates: { status: number; body: unknown } = { status: 0, body: null };
  for (let attempt = 0; attempt < 50; attempt++) {
    candidates = await api(tokens.dispatcher!, 'GET', `/api/requests/${future}/candidates`);
    if (candidates.status === 200 && listed(candidates.body).length > 0) break;
    await sleep(200);
  }
  const list = candidates.status === 200 ? listed(candidates.body) : [];
  const interpreterId = list.find((c) => (c.interpreterId ?? c.id) === chosen?.id)?.interpreterId ?? list[0]?.interpreterId ?? list[0]?.id;
  if (!interpreterId) {
    log(`arrange: no candidate for request ${future} (${candidates.status} ${JSON.stringify(candidates.body).slice(0, 200)}); nothing assigned`);
    return;
  }
  const res = await api(tokens.dispatcher!, 'POST', `/api/requests/${future}/assign`, { interpreterId });
  if (res.status !== 200) log(`arrange: assign → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
}

/** Every id the demo data and the arranged requests expose, for the `ids` dictionary. */
async function collectIds(platform: Platform, tokens: Record<string, string>): Promise<{ ids: string[]; languages: string[]; adminId: string }> {
  const { api } = platform;
  const ids = new Set<string>();
  const languages = new Set<string>();
  const take = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(take);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'string' && /^[a-f0-9]{24}$/.test(v) && (key === 'id' || key.endsWith('Id'))) ids.add(v);
        else if (key === 'language' && typeof v === 'string') languages.add(v);
        else if (key === 'languages' && Array.isArray(v)) v.forEach((l) => typeof l === 'string' && languages.add(l));
        else take(v);
      }
    }
  };
  for (const route of ['/api/structures', '/api/agencies', '/api/users', '/api/interpreters', '/api/requests', '/api/tariffs']) take((await api(tokens.admin!, 'GET', route)).body);
  take((await api(tokens.requester!, 'GET', '/api/requests')).body);
  take((await api(tokens.dispatcher!, 'GET', '/api/requests')).body);
  take((await api(tokens.interpreter!, 'GET', '/api/requests')).body);
  take((await api(tokens.interpreter!, 'GET', '/api/offers')).body);
  const adminId = (await api<{ user: { id: string } }>(tokens.admin!, 'GET', '/api/me')).body.user.id;
  // The admin's own account stays out: fuzzing DELETE or PATCH /api/users/{id} with it would end the
  // session the admin run is using.
  ids.delete(adminId);
  return { ids: [...ids].sort(), languages: [...languages].sort().slice(0, 40), adminId };
}

const toml = (value: unknown): string => JSON.stringify(value);

function configFile(headers: Record<string, string>, dictionaries: { ids: string[]; languages: string[] }): string {
  const year = new Date().getUTCFullYear();
  const years = [year - 1, year, year + 1];
  const bind = (dictionary: string, keys: string[], probability: number) => keys.map((key) => `${toml(key)} = { dictionary = ${toml(dictionary)}, probability = ${probability} }`);
  return [
    `headers = { ${Object.entries(headers).map(([k, v]) => `${toml(k)} = ${toml(v)}`).join(', ')} }`,
    '',
    '[dictionaries.ids]',
    `values = ${toml(dictionaries.ids.length ? dictionaries.ids : ['000000000000000000000000'])}`,
    '[dictionaries.years]',
    `values = ${toml(years.map(String))}`,
    '[dictionaries.yearNumbers]',
    `values = ${toml(years)}`,
    '[dictionaries.languages]',
    `values = ${toml(dictionaries.languages.length ? dictionaries.languages : ['ara'])}`,
    '',
    '[parameters]',
    ...bind('ids', ['path.id', 'path.structureId', 'query.structureId', 'query.agencyId', 'query.seriesId', 'body.structureId', 'body.agencyId', 'body.interpreterId', 'body.sameInterpreterAs'], 0.5),
    ...bind('years', ['path.year'], 0.5),
    ...bind('yearNumbers', ['query.year'], 0.5),
    ...bind('languages', ['query.language', 'body.language'], 0.5),
    '',
  ].join('\n');
}

export interface FuzzFailure {
  title: string;
  operations: string[];
  count: number;
}

export interface RunResult {
  name: string;
  operations: number;
  cases: number;
  seconds: number;
  exitCode: number | null;
  seed: string | null;
  failures: FuzzFailure[];
  errors: { title: string; count: number }[];
  /** The FAILURES/ERRORS part of schemathesis' output, with its curl reproductions. */
  details: string;
  command: string;
  output: string;
}

export interface FuzzResult {
  schemathesisVersion: string;
  runs: RunResult[];
  cases: number;
  seconds: number;
  /** Server log lines at level error or above (pino level ≥ 50). */
  serverErrors: string[];
  serverLog: string;
  ok: boolean;
}

/** The size the test suite runs (CI): the coverage phase whole, a few random cases per operation. */
export const CI_SETTINGS = { maxExamples: 10, phases: ['coverage', 'fuzzing'] };

export interface FuzzOptions {
  /** Test cases per operation in the fuzzing (and stateful) phases. */
  maxExamples: number;
  phases?: string[];
  seed?: string;
  log?: (line: string) => void;
  /** Streams schemathesis' own output (npm run fuzz); otherwise it only goes to test-output/fuzz. */
  verbose?: boolean;
  /** Only these runs (anonymous, a role, logout), to reproduce one; the preparation stays the same. */
  only?: string[];
}

interface Target {
  name: string;
  headers: Record<string, string>;
  operations: Operation[];
}

async function schemathesis(bin: string, url: string, target: Target, dictionaries: { ids: string[]; languages: string[] }, options: FuzzOptions, workDir: string): Promise<RunResult> {
  const config = path.join(workDir, `${target.name}.toml`);
  await writeFile(config, configFile(target.headers, dictionaries));
  const report = path.join(OUT, `${target.name}.json`);
  const outputFile = path.join(OUT, `${target.name}.txt`);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const args = [
    '--config-file', config,
    'run', `${url}/api/openapi.json`,
    '--url', url,
    '--checks', 'not_a_server_error',
    '--max-examples', String(options.maxExamples),
    '--phases', (options.phases ?? ['examples', 'coverage', 'fuzzing', 'stateful']).join(','),
    '--workers', '1',
    '--include-operation-id-regex', `^(${target.operations.map((op) => escape(op.operationId)).join('|')})$`,
    '--generation-database', 'none',
    '--request-timeout', '30',
    '--no-color',
    '--report', 'json',
    '--report-json-path', report,
    ...(options.seed ? ['--seed', options.seed] : []),
  ];
  const command = `schemathesis ${args.map((a) => (/^[\w./:=,@-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`;
  const started = Date.now();
  fs.rmSync(report, { force: true });
  const child = spawn(bin, args, { cwd: workDir, env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.verbose) process.stdout.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  await writeFile(outputFile, `$ ${command}\n\n${output}`);
  const seconds = (Date.now() - started) / 1000;
  let text = '';
  let json: { test_cases?: { generated?: number }; failures?: FuzzFailure[]; errors?: { title: string; count: number }[] } = {};
  try {
    text = await readFile(report, 'utf8');
    json = JSON.parse(text);
  } catch (error) {
    // No report: schemathesis failed before testing (bad config, schema not loaded...).
    return { name: target.name, operations: target.operations.length, cases: 0, seconds, exitCode, seed: null, failures: [], errors: [{ title: `no JSON report (${(error as Error).message}); output: ${output.slice(-4000)}`, count: 1 }], details: output, command, output: outputFile };
  }
  const start = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  const end = output.search(/^=+ SUMMARY =+$/m);
  return {
    name: target.name,
    operations: target.operations.length,
    cases: json.test_cases?.generated ?? 0,
    seconds,
    exitCode,
    // Read from the text: the seed is a 128-bit integer, beyond a JavaScript number.
    seed: /"seed": (\d+)/.exec(text)?.[1] ?? null,
    failures: json.failures ?? [],
    errors: json.errors ?? [],
    details: start >= 0 ? output.slice(start, end > start ? end : undefined).trim() : '',
    command,
    output: outputFile,
  };
}

/**
 * Runs the fuzz. Roles go one after the other on one platform, admin last: the admin may deactivate,
 * rename or reset the password of any account (DELETE/PATCH /api/users/{id} and the like, fed with
 * real ids), which would end the sessions of the roles still to come. The admin's own id is kept out
 * of the id dictionary so the admin run keeps its session. Public operations are fuzzed once without a
 * token; POST /api/auth/logout gets its own session, so no role run logs itself out.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const bin = await ensureSchemathesis(log);
  fs.mkdirSync(OUT, { recursive: true });
  const serverLog = path.join(OUT, 'server.log');
  const platform = await startPlatform({ ...SERVER_ENV, LOG_FILE: serverLog });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'fuzz-'));
  const runs: RunResult[] = [];
  try {
    const tokens: Record<string, string> = {};
    for (const { role, email } of ROLES) tokens[role] = await platform.token(email);
    await arrange(platform, tokens, log);
    const dictionaries = await collectIds(platform, tokens);
    const doc = (await (await fetch(`${platform.url}/api/openapi.json`)).json()) as OpenApi;
    const operations = operationsOf(doc);
    log(`${operations.length} operations in the OpenAPI document; ${dictionaries.ids.length} ids and ${dictionaries.languages.length} languages of the demo data in the dictionaries`);

    const targets: Target[] = [{ name: 'anonymous', headers: {}, operations: operations.filter((op) => op.public) }];
    for (const { role } of ROLES) {
      targets.push({ name: role, headers: { Authorization: `Bearer ${tokens[role]}` }, operations: await allowedOperations(platform.url, tokens[role]!, operations) });
    }
    const logoutOp = operations.find((op) => label(op) === LOGOUT);
    if (logoutOp) {
      const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'ars@demo.test', password: PASSWORD }) });
      if (login.status !== 200) throw new Error(`login for the logout run: ${login.status}`);
      const ownSession = ((await login.json()) as { token: string }).token;
      targets.push({ name: 'logout', headers: { Authorization: `Bearer ${ownSession}` }, operations: [logoutOp] });
    }

    for (const target of targets) {
      if (options.only?.length && !options.only.includes(target.name)) continue;
      if (target.operations.length === 0) throw new Error(`no operation to fuzz for ${target.name}`);
      log(`schemathesis as ${target.name}: ${target.operations.length} operations`);
      const result = await schemathesis(bin, platform.url, target, dictionaries, options, workDir);
      runs.push(result);
      log(`  ${result.cases} test cases in ${result.seconds.toFixed(1)} s, ${result.failures.length} failure(s), ${result.errors.length} error(s) (seed ${result.seed}; output in ${path.relative(process.cwd(), result.output)})`);
    }
    const stillIn = await platform.api(tokens.admin!, 'GET', '/api/me');
    if (stillIn.status !== 200) log(`note: the admin session ended during its own run (GET /api/me → ${stillIn.status}); the rest of that run only saw 401`);
  } finally {
    await platform.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  const logText = await readFile(serverLog, 'utf8').catch(() => '');
  const serverErrors = logText.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
  const ok = serverErrors.length === 0 && runs.every((r) => r.failures.length === 0 && r.errors.length === 0 && r.exitCode === 0);
  return {
    schemathesisVersion: SCHEMATHESIS_VERSION,
    runs,
    cases: runs.reduce((sum, r) => sum + r.cases, 0),
    seconds: (Date.now() - started) / 1000,
    serverErrors,
    serverLog,
    ok,
  };
}

/** A plain-text account of a run: per role, then every failure with its reproduction and the server log. */
export function summarize(result: FuzzResult): string {
  const lines = [`schemathesis ${result.schemathesisVersion}: ${result.cases} test cases in ${result.seconds.toFixed(0)} s`];
  for (const r of result.runs) {
    lines.push(`  ${r.name.padEnd(12)} ${String(r.operations).padStart(3)} operations ${String(r.cases).padStart(6)} cases ${r.seconds.toFixed(1).padStart(6)} s  ${r.failures.length ? `FAILURES: ${r.failures.map((f) => `${f.title} (${f.operations.join(', ')})`).join('; ')}` : 'no 5xx'}${r.errors.length ? ` ERRORS: ${r.errors.map((e) => e.title).join('; ')}` : ''}`);
  }
  for (const r of result.runs) {
    if (r.failures.length || r.errors.length || r.exitCode !== 0) lines.push('', `--- ${r.name} (exit ${r.exitCode}; ${r.command})`, r.details || `see ${r.output}`);
  }
  if (result.serverErrors.length) lines.push('', `--- server log lines at level error (${result.serverLog}):`, ...result.serverErrors.slice(0, 50));
  return lines.join('\n');
}
