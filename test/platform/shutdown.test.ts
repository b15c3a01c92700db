import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'chai';

/** Starts `server/main.ts` on its own embedded engine and waits for the log lines we need. */
async function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, MONGODB_URI: '', DATA_DIR: dataDir, PORT: '0', SEED_DEMO: 'never', LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  const started = new Promise<{ port: number; enginePid: number }>((resolve, reject) => {
    let enginePid = 0;
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'embedded FerretDB started') enginePid = entry.pid as number;
      if (typeof entry.msg === 'string' && entry.msg.startsWith('listening')) resolve({ port: entry.port as number, enginePid });
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
  return { child, logs, ...(await started) };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const isAlive = (pid: number) => spawnSync('kill', ['-0', String(pid)]).status === 0;

describe('Graceful shutdown', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'shutdown-test-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('on SIGTERM: stops accepting, finishes the request in flight, closes the database and the engine, exits 0', async function () {
    this.timeout(60_000);
    const { child, port, enginePid } = await startServer(dataDir);
    expect(enginePid).to.be.greaterThan(0);
    expect(isAlive(enginePid)).to.equal(true);

    // A login whose body is only half sent: the request is in flight when the signal arrives.
    const body = JSON.stringify({ email: 'nobody@test.test', password: 'whatever-password' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, '127.0.0.1');
      probe.once('connect', () => { probe.destroy(); resolve(false); });
      probe.once('error', () => resolve(true));
    });
    expect(refused, 'a new connection is refused during shutdown').to.equal(true);

    socket.write(body.slice(10));
    await closed;
    expect(answer).to.match(/^HTTP\/1\.1 401 /);
    expect(answer).to.include('"invalid_credentials"');

    expect(await exitOf(child)).to.equal(0);
    expect(isAlive(enginePid), 'the embedded engine stopped with the server').to.equal(false);
  });
});
