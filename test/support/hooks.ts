import './scratch';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { requireEngineBinary, startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';

// One engine for the whole run (a real FerretDB, never a mock); each test file takes its own database.
let engine: RunningEngine | undefined;
let dataDir: string | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    if (process.env.MONGODB_URI) {
      process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
      return;
    }
    const binary = await requireEngineBinary();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sante-test-db-'));
    engine = await startEmbeddedEngine(binary, dataDir);
    process.env.TEST_MONGODB_URI = engine.uri;
  },
  async afterAll() {
    await engine?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
};
