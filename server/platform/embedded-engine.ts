import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

/** The engine cannot be had on this machine: the message says exactly what to install or set. */
export class EngineUnavailableError extends Error {}

export function engineCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRETDB_CACHE_DIR) return path.resolve(env.FERRETDB_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'sante-interpretes');
}

/**
 * One line changed in FerretDB v1.24.2's SQLite backend. It creates the `_id` index on
 * `_ferretdb_sjson->"_id"` but looks documents up with `_ferretdb_sjson->'$._id'`: the same value, a
 * different expression, so SQLite never uses the index and every lookup, update and delete by _id scans
 * the table (measured: a miss in a 1.27M-entry ledger took 12 s). Writing the lookup like the index makes
 * SQLite use it. The tag names the patched build in the cache, so an unpatched binary is never reused.
 */
const ID_LOOKUP_PATCH = {
  file: path.join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: 'IDColumn = DefaultColumn + `->"_id"`',
};
export const ENGINE_BUILD = `${FERRETDB_VERSION}-idindex`;

export function engineBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FERRETDB_BIN || path.join(engineCacheDir(env), `ferretdb-${ENGINE_BUILD}`, 'ferretdb');
}

async function patchIdLookup(source: string): Promise<void> {
  const file = path.join(source, ID_LOOKUP_PATCH.file);
  const text = await fs.readFile(file, 'utf8');
  if (!text.includes(ID_LOOKUP_PATCH.from)) throw new EngineUnavailableError(`FerretDB ${FERRETDB_VERSION}: ${ID_LOOKUP_PATCH.file} no longer has the line to patch`);
  await fs.writeFile(file, text.replace(ID_LOOKUP_PATCH.from, ID_LOOKUP_PATCH.to));
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const HOW_TO_FIX =
  `Install Go 1.24 or newer (https://go.dev/dl/, or 'apt-get install golang' on a recent Debian) and run ` +
  `'npm run engine:build', or set MONGODB_URI to a MongoDB or FerretDB server (mongodb://host:27017/sante).`;

/**
 * Returns the FerretDB binary, building it once into the cache directory shared by every clone.
 * `go install module@version` cannot be used: it needs the proxy's version list, and the module zip
 * lacks build/version/version.txt, which FerretDB panics without. So we download the exact module
 * version, write that file, apply ID_LOOKUP_PATCH and build it ourselves.
 */
export async function ensureEngineBinary(
  log: (message: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const binary = engineBinaryPath(env);
  if (await isExecutable(binary)) return binary;
  if (env.FERRETDB_BIN) throw new EngineUnavailableError(`FERRETDB_BIN=${binary} is not an executable file.`);

  const goEnv = { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod -buildvcs=false' };
  try {
    await run('go', ['version'], { env: goEnv });
  } catch {
    throw new EngineUnavailableError(`The embedded database engine (FerretDB ${FERRETDB_VERSION}) is not built and Go was not found. ${HOW_TO_FIX}`);
  }

  log(`Building the embedded database engine FerretDB ${FERRETDB_VERSION} (once, about two minutes)...`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ferretdb-build-'));
  try {
    const download = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      env: goEnv,
      cwd: work,
      maxBuffer: 10 * 1024 * 1024,
    });
    const moduleDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
    const source = path.join(work, 'src');
    await fs.cp(moduleDir, source, { recursive: true });
    await run('chmod', ['-R', 'u+w', source]);
    await fs.writeFile(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    await patchIdLookup(source);
    const built = path.join(work, 'ferretdb');
    await run('go', ['build', '-trimpath', '-o', built, './cmd/ferretdb'], {
      env: goEnv,
      cwd: source,
      maxBuffer: 50 * 1024 * 1024,
    });
    await fs.mkdir(path.dirname(binary), { recursive: true });
    // A rename is atomic: two clones building at once both end with a complete binary.
    const staged = `${binary}.${process.pid}.tmp`;
    await fs.copyFile(built, staged);
    await fs.chmod(staged, 0o755);
    await fs.rename(staged, binary);
    return binary;
  } catch (error) {
    if (error instanceof EngineUnavailableError) throw error;
    const detail = String((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' | ');
    throw new EngineUnavailableError(`Building FerretDB ${FERRETDB_VERSION} failed: ${detail}. ${HOW_TO_FIX}`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

export interface RunningEngine {
  uri: string;
  /** The engine process now (it changes when the engine is restarted after a crash). */
  readonly pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const PID_FILE = 'engine.pid';

/**
 * An engine left running by a server that was killed (SIGKILL gives it no time to stop its child) still
 * holds the SQLite files: stop it before starting another on the same files.
 */
async function stopOrphan(dir: string): Promise<void> {
  const pid = Number(await fs.readFile(path.join(dir, PID_FILE), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('ferretdb') || !cmdline.includes(dir)) return;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && (await fs.access(`/proc/${pid}`).then(() => true, () => false)); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function spawnEngine(binary: string, dir: string, port: number): ChildProcess {
  return spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
      '--log-format=json',
    ],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DO_NOT_TRACK: '1', FERRETDB_TELEMETRY: 'disable' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

/** Spawns the engine on `port` and waits until it accepts connections; undefined (and an error) if not. */
async function launch(binary: string, dir: string, port: number): Promise<{ child: ChildProcess } | { error: string }> {
  const child = spawnEngine(binary, dir, port);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    if (await canConnect(port)) {
      await fs.writeFile(path.join(dir, PID_FILE), String(child.pid ?? ''));
      return { child };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  await exited(child);
  return { error: stderr.trim().split('\n').slice(-2).join(' | ') || 'it did not open its port in time' };
}

/**
 * Starts FerretDB over SQLite files in `dataDir`, on 127.0.0.1 and a free port, with telemetry and the
 * debug HTTP listener off so that it makes no network call and opens no other port. If the engine dies
 * while the server runs, it is started again on the same port: the driver reconnects by itself, and in
 * between the API answers 503.
 */
export async function startEmbeddedEngine(binary: string, dataDir: string, log: (message: string) => void = () => undefined): Promise<RunningEngine> {
  const dir = path.join(dataDir, 'ferretdb');
  await fs.mkdir(dir, { recursive: true });
  await stopOrphan(dir);
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const launched = await launch(binary, dir, port);
    if ('error' in launched) {
      lastError = launched.error;
      continue;
    }
    let child = launched.child;
    let stopping = false;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const supervise = (running: ChildProcess) => {
      running.once('exit', (code, signal) => {
        if (stopping) return;
        log(`embedded FerretDB stopped unexpectedly (${signal ?? `exit ${code}`}): starting it again`);
        void restart(1);
      });
    };
    const restart = async (attemptNo: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attemptNo, 5000)));
      if (stopping) return;
      const again = await launch(binary, dir, port);
      if ('error' in again) {
        log(`embedded FerretDB did not start again: ${again.error}`);
        return restart(attemptNo + 1);
      }
      child = again.child;
      supervise(child);
      log('embedded FerretDB started again');
    };
    supervise(child);
    return {
      uri: `mongodb://127.0.0.1:${port}/`,
      get pid() {
        return child.pid ?? -1;
      },
      async stop() {
        stopping = true;
        process.removeListener('exit', killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited(child);
          clearTimeout(timer);
        }
        await fs.rm(path.join(dir, PID_FILE), { force: true });
      },
    };
  }
  throw new EngineUnavailableError(`FerretDB ${FERRETDB_VERSION} did not start: ${lastError}`);
}
