import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOOKS } from './hooks';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OVERLAY = path.join(HERE, 'overlay');
const REPO = path.resolve(HERE, '..', '..');
/** Where the server looks for the engine (server/platform/embedded-engine.ts): links into the cache. */
export const LINK_DIR = path.join(REPO, '.engine');

/** The engine cannot be built here: the message says what failed and what to do. */
export class EngineBuildError extends Error {}

export function engineCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRETDB_CACHE_DIR) return path.resolve(env.FERRETDB_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'sante-interpretes');
}

async function overlayFiles(dir = OVERLAY): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? overlayFiles(path.join(dir, entry.name)) : Promise.resolve([path.join(dir, entry.name)]))),
  );
  return nested.flat().sort();
}

/** Names the patched build by its content, so that a changed patch is never served from an old binary. */
export async function patchDigest(): Promise<string> {
  const hash = createHash('sha256').update(FERRETDB_VERSION).update(JSON.stringify(HOOKS));
  for (const file of await overlayFiles()) {
    hash.update(path.relative(OVERLAY, file)).update('\0').update(await fs.readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Applies each hook to the module source, refusing one whose text is not there exactly once. */
export async function applyHooks(source: string): Promise<void> {
  for (const [index, hook] of HOOKS.entries()) {
    const file = path.join(source, hook.file);
    const text = await fs.readFile(file, 'utf8');
    const found = text.split(hook.from).length - 1;
    if (found !== 1) {
      throw new EngineBuildError(
        `FerretDB ${FERRETDB_VERSION}: hook ${index + 1} (${hook.why}) expects its text once in ${hook.file}, found it ${found} times: the source no longer matches the patch`,
      );
    }
    await fs.writeFile(file, text.replace(hook.from, () => hook.to));
  }
  await fs.cp(OVERLAY, source, { recursive: true });
}

const goEnv = (env: NodeJS.ProcessEnv) => ({ ...env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod -buildvcs=false' });

const failure = (step: string, error: unknown) => {
  const detail = String((error as { stderr?: string; stdout?: string }).stderr || (error as { stdout?: string }).stdout || (error as Error).message)
    .trim()
    .split('\n')
    .slice(-6)
    .join(' | ');
  return new EngineBuildError(`Building FerretDB ${FERRETDB_VERSION} failed at "${step}": ${detail}`);
};

async function buildOne(binary: string, patched: boolean, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ferretdb-build-'));
  try {
    let step = `go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION}`;
    try {
      const download = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { env: goEnv(env), cwd: work, maxBuffer: 10 * 1024 * 1024 });
      const moduleDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
      const source = path.join(work, 'src');
      step = 'copy the module source';
      await fs.cp(moduleDir, source, { recursive: true });
      await run('chmod', ['-R', 'u+w', source]);
      // The module zip lacks this file, which FerretDB panics without.
      await fs.writeFile(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
      if (patched) {
        step = 'apply the patch';
        await applyHooks(source);
        // FerretDB's testutil, which its own sjson tests import, finds the source's root by its .git.
        await fs.mkdir(path.join(source, '.git'), { recursive: true });
        step = 'go test ./internal/backends/sqlite/pushdown/ ./internal/handler/sjson/';
        log('Testing the pushdown code (key order against FerretDB\'s own comparison) and the document decoder (against encoding/json)...');
        await run('go', ['test', '-count=1', './internal/backends/sqlite/pushdown/', './internal/handler/sjson/'], { env: goEnv(env), cwd: source, maxBuffer: 50 * 1024 * 1024 });
      }
      step = 'go build ./cmd/ferretdb';
      const built = path.join(work, 'ferretdb');
      await run('go', ['build', '-trimpath', '-o', built, './cmd/ferretdb'], { env: goEnv(env), cwd: source, maxBuffer: 50 * 1024 * 1024 });
      await fs.mkdir(path.dirname(binary), { recursive: true });
      // A rename is atomic: two clones building at once both end with a complete binary.
      const staged = `${binary}.${process.pid}.tmp`;
      await fs.copyFile(built, staged);
      await fs.chmod(staged, 0o755);
      await fs.rename(staged, binary);
    } catch (error) {
      if (error instanceof EngineBuildError) throw error;
      throw failure(step, error);
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function link(target: string, name: string): Promise<string> {
  await fs.mkdir(LINK_DIR, { recursive: true });
  const at = path.join(LINK_DIR, name);
  const staged = `${at}.${process.pid}.tmp`;
  await fs.rm(staged, { force: true });
  await fs.symlink(target, staged);
  await fs.rename(staged, at);
  return at;
}

export interface Engines {
  /** FerretDB v1.24.2 with our patch: what the platform runs. */
  patched: string;
  /** FerretDB v1.24.2 as published: what the differential and atomicity tests compare with. */
  plain: string;
}

/**
 * Builds both engines once into the cache shared by every clone (about a minute and a half from an empty
 * Go cache, nothing when cached), and links them as .engine/ferretdb and .engine/ferretdb-plain.
 * `go install module@version` cannot be used: the module zip lacks build/version/version.txt.
 */
export async function buildEngines(log: (message: string) => void = () => {}, env: NodeJS.ProcessEnv = process.env): Promise<Engines> {
  const cache = engineCacheDir(env);
  const patched = path.join(cache, `ferretdb-${FERRETDB_VERSION}-sante-${await patchDigest()}`, 'ferretdb');
  const plain = path.join(cache, `ferretdb-${FERRETDB_VERSION}-plain`, 'ferretdb');
  const missing = [[patched, true], [plain, false]] as const;
  for (const [binary, isPatched] of missing) {
    if (await isExecutable(binary)) continue;
    try {
      await run('go', ['version'], { env: goEnv(env) });
    } catch {
      throw new EngineBuildError(`Go was not found: install Go 1.24 or newer (https://go.dev/dl/) to build the embedded database engine, or set MONGODB_URI to a MongoDB server.`);
    }
    log(`Building FerretDB ${FERRETDB_VERSION}${isPatched ? ' with our patch' : ' as published (for the tests that compare with it)'}...`);
    await buildOne(binary, isPatched, env, log);
  }
  return { patched: await link(patched, 'ferretdb'), plain: await link(plain, 'ferretdb-plain') };
}
