import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/platform/config';
import { connectMongoose } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';

export interface TestContext {
  app: Express;
  config: Config;
  dbName: string;
  http(): supertest.Agent;
  /** Logs in through the API and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
}

export const TEST_PASSWORD = 'correct-horse-battery';

export function testConfig(env: Record<string, string> = {}): Config {
  // Tests book far more than a person would: the booking limit has its own test.
  return loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: '/nonexistent', BOOKING_MAX_PER_MINUTE: '1000000', ...env });
}

/** Registers before/after hooks that give the calling test file a fresh database and an app. */
export function useTestApp(env: Record<string, string> = {}): TestContext {
  const context = { dbName: `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}` } as TestContext;
  before(async function () {
    this.timeout(60_000);
    const uri = process.env.TEST_MONGODB_URI;
    if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through mocha and test/support/hooks.ts');
    if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
    await connectMongoose(uri, context.dbName);
    context.config = testConfig(env);
    context.app = createApp(context.config, createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'));
    context.http = () => supertest(context.app) as unknown as supertest.Agent;
    context.login = async (email, password = TEST_PASSWORD) => {
      const res = await supertest(context.app).post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    };
  });
  after(async () => {
    await mongoose.connection.db?.dropDatabase();
    await mongoose.disconnect();
  });
  return context;
}
