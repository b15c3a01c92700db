import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The engine cannot be had on this machine: the message says exactly what to run, install or set. */
export class EngineUnavailableError extends Error {}

/**
 * The embedded engine: FerretDB v1.24.2 over SQLite with our patch (indexed queries, atomic updates),
 * built by `npm run engine:build` (scripts/engine/) into a cache shared by every clone and linked here.
 */
export function engineBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FERRETDB_BIN || fileURLToPath(new URL('../../.engine/ferretdb', import.meta.url));
}

/** The engine's binary, or an error saying how to get one. */
export async function requireEngineBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const binary = engineBinaryPath(env);
  try {
    await fs.access(binary, fsConstants.X_OK);
    return binary;
  } catch {
    if (env.FERRETDB_BIN) {
      throw new EngineUnavailableError(`FERRETDB_BIN=${binary} is not an executable file: unset it to use the engine built by 'npm run engine:build', or set MONGODB_URI to a MongoDB server.`);
    }
    throw new EngineUnavailableError(
      `The embedded database engine is not built. Run 'npm run engine:build' (it needs Go 1.24 or newer, https://go.dev/dl/), ` +
        `or set MONGODB_URI to a MongoDB server (mongodb://host:27017/sante).`,
    );
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
      // FERRETDB_DEBUG_ADDR (host:port) serves the engine's Go pprof and metrics, for profiling; off by default.
      `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR || '-'}`,
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
  throw new EngineUnavailableError(`The embedded FerretDB did not start: ${lastError}`);
}
