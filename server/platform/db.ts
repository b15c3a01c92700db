import mongoose from 'mongoose';
import { requireEngineBinary, startEmbeddedEngine, type RunningEngine } from './embedded-engine';

// Every document leaves the server with a string `id` and none of mongoose's internals.
mongoose.set('toJSON', {
  virtuals: true,
  versionKey: false,
  transform: (_doc: unknown, ret: Record<string, unknown>) => {
    delete ret._id;
    return ret;
  },
});
mongoose.set('strictQuery', true);
// Keep a dead database from holding requests for long: they fail fast with a 503 instead.
mongoose.set('bufferTimeoutMS', 5000);

export const DEFAULT_DB_NAME = 'sante_interpretes';

export interface Database {
  uri: string;
  embedded: RunningEngine | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  mongodbUri: string | undefined;
  dataDir: string;
  dbName?: string;
  log?: (message: string) => void;
}

/** Connects mongoose to MONGODB_URI, or to an embedded FerretDB started (and built if needed) for us. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: RunningEngine | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    const binary = await requireEngineBinary();
    embedded = await startEmbeddedEngine(binary, options.dataDir, options.log);
    uri = embedded.uri;
  }
  try {
    await connectMongoose(uri, options.dbName ?? DEFAULT_DB_NAME);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    uri,
    embedded,
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

export async function connectMongoose(uri: string, dbName: string): Promise<void> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    autoIndex: true,
  });
  // Indexes follow the schemas: missing ones are built, ones a schema no longer declares are dropped.
  await Promise.all(Object.values(mongoose.connection.models).map((model) => model.syncIndexes()));
}

/** True when the database answers a ping within a second. */
export async function databaseIsReady(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 1000)),
    ]);
    return true;
  } catch {
    return false;
  }
}
