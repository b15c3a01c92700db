import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { mongo } from 'mongoose';
import { buildEngines, EngineBuildError } from '../../scripts/engine/build';
import { engineBinaryPath, startEmbeddedEngine } from '../../server/platform/embedded-engine';

describe('Embedded engine', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'engine-test-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  it('without Go, the engine build says exactly what to install or to set', async () => {
    const env = { PATH: '/nonexistent', HOME: scratch, FERRETDB_CACHE_DIR: path.join(scratch, 'cache') };
    try {
      await buildEngines(() => {}, env);
      expect.fail('the engine was built');
    } catch (error) {
      expect(error).to.be.instanceOf(EngineBuildError);
      expect((error as Error).message).to.match(/Go was not found: install Go 1\.24 or newer/);
      expect((error as Error).message).to.match(/set MONGODB_URI/);
    }
  });

  it('npm start prints what to do and exits non-zero when the engine is not there', function () {
    this.timeout(30_000);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: path.dirname(process.execPath), HOME: scratch, FERRETDB_BIN: path.join(scratch, 'no-engine'), DATA_DIR: path.join(scratch, 'data') },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/^Cannot start the database: FERRETDB_BIN=.*no-engine is not an executable file.*npm run engine:build.*MONGODB_URI/);
  });

  it('runs FerretDB with telemetry and the debug listener off, bound to 127.0.0.1, over SQLite in DATA_DIR', async function () {
    this.timeout(30_000);
    const engine = await startEmbeddedEngine(engineBinaryPath(), path.join(scratch, 'data'));
    try {
      const args = readFileSync(`/proc/${engine.pid}/cmdline`, 'utf8').split('\0');
      expect(args).to.include('--telemetry=disable');
      expect(args).to.include('--debug-addr=-');
      expect(args).to.include('--handler=sqlite');
      expect(args.find((a) => a.startsWith('--listen-addr='))).to.match(/^--listen-addr=127\.0\.0\.1:\d+$/);
      expect(args.find((a) => a.startsWith('--sqlite-url='))).to.equal(`--sqlite-url=file:${path.join(scratch, 'data', 'ferretdb')}/`);
      const environ = readFileSync(`/proc/${engine.pid}/environ`, 'utf8').split('\0');
      expect(environ).to.include('DO_NOT_TRACK=1');
      expect(engine.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await engine.stop();
    }
    const alive = spawnSync('kill', ['-0', String(engine.pid)]);
    expect(alive.status, 'the engine process is gone after stop()').to.not.equal(0);
  });

  it('an engine that dies is started again on the same port, and a client gets its data back', async function () {
    this.timeout(60_000);
    const messages: string[] = [];
    const engine = await startEmbeddedEngine(engineBinaryPath(), path.join(scratch, 'restart'), (m) => messages.push(m));
    const client = new mongo.MongoClient(engine.uri, { serverSelectionTimeoutMS: 15_000 });
    try {
      await client.db('t').collection('c').insertOne({ _id: 'kept' as never });
      const first = engine.pid;
      process.kill(first, 'SIGKILL');
      const back = await client.db('t').collection('c').findOne({ _id: 'kept' as never });
      expect(back, 'the document written before the crash').to.deep.equal({ _id: 'kept' });
      expect(engine.pid).to.not.equal(first);
      expect(messages.join('\n')).to.match(/stopped unexpectedly \(SIGKILL\)[\s\S]*started again/);
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('an engine left running by a killed server is stopped before another starts on the same files', async function () {
    this.timeout(60_000);
    const dataDir = path.join(scratch, 'orphan');
    const orphan = await startEmbeddedEngine(engineBinaryPath(), dataDir);
    const orphanPid = orphan.pid;
    // As after a SIGKILL of the server: nobody calls stop(), the pid file stays.
    const next = await startEmbeddedEngine(engineBinaryPath(), dataDir);
    try {
      expect(spawnSync('kill', ['-0', String(orphanPid)]).status, 'the orphan is gone').to.not.equal(0);
      expect(next.pid).to.not.equal(orphanPid);
    } finally {
      await next.stop();
    }
  });
});
