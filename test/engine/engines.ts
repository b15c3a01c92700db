import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mongo } from 'mongoose';
import { LINK_DIR } from '../../scripts/engine/build';
import { startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';

/** FerretDB as `npm run engine:build` left it: the platform's patched build and the published one. */
export const ENGINES = { patched: path.join(LINK_DIR, 'ferretdb'), plain: path.join(LINK_DIR, 'ferretdb-plain') } as const;

export interface Started {
  engine: RunningEngine;
  client: mongo.MongoClient;
  db: mongo.Db;
  stop(): Promise<void>;
}

/** Starts one engine over fresh SQLite files, with a client of `poolSize` connections. */
export async function startEngine(binary: string, poolSize = 10): Promise<Started> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'engine-'));
  const engine = await startEmbeddedEngine(binary, dir);
  const client = await mongo.MongoClient.connect(engine.uri, { maxPoolSize: poolSize });
  return {
    engine,
    client,
    db: client.db('test'),
    async stop() {
      await client.close();
      await engine.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
