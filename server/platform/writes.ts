import type { Model, UpdateQuery } from 'mongoose';

// The write idioms every component uses, plain MongoDB: a unique index makes an insert happen once, and
// a conditional findOneAndUpdate on a `version` field makes a read-decide-write one step that exactly
// one writer takes from each version (the embedded engine applies it atomically, as MongoDB does).

export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/** Inserts the row unless one with the same unique value exists: true when this call created it. */
export async function insertOnce(model: Model<any>, row: object): Promise<boolean> {
  try {
    await model.collection.insertOne(asStored(model, row) as never);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** A row as mongoose would store it (casts, defaults, timestamps, validation), without its save machinery. */
function asStored(model: Model<any>, row: object): object {
  const doc = new model(row);
  (doc as { initializeTimestamps?: () => void }).initializeTimestamps?.();
  const invalid = doc.validateSync();
  if (invalid) throw invalid;
  return doc.toObject({ depopulate: true });
}

/**
 * The positions of the rows an insertMany of `count` rows left out only because they exist already (a
 * retry, a replay). Any other failure is thrown back, including the driver's wrapping of a network error
 * (a bulk write error with no write errors at all), so that nothing is taken as written that was not.
 */
export function duplicateRows(error: unknown, count: number): Set<number> {
  const failed = error as { writeErrors?: Array<{ index: number; code?: number; err?: { code?: number } }>; result?: { insertedCount?: number }; writeConcernError?: unknown };
  const writeErrors = failed.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0 || failed.writeConcernError) throw error;
  if (!writeErrors.every((e) => (e.code ?? e.err?.code) === 11000)) throw error;
  const inserted = failed.result?.insertedCount;
  if (inserted !== undefined && inserted + writeErrors.length !== count) throw error;
  return new Set(writeErrors.map((e) => e.index));
}

/**
 * Inserts rows in one write, each at most once (rows whose unique key exists already are skipped), as
 * mongoose would store them (casts, defaults, timestamps, validation) but without its save machinery.
 * Returns the rows as written.
 */
export async function insertManyOnce<T>(model: Model<any>, rows: readonly object[]): Promise<T[]> {
  const docs = rows.map((row) => asStored(model, row) as T);
  if (docs.length === 0) return [];
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    duplicateRows(error, docs.length);
  }
  return docs;
}

/** A short random pause before retrying, so that competing writers do not retry in lockstep. */
export const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 5)));

interface Versioned {
  _id: unknown;
  version: number;
}

const MAX_ROUNDS = 50;

/**
 * Changes one document whose `version` counts its changes: read it, let `decide` say what to change
 * (update operators; null when the change no longer applies), write it only if the version is still the
 * one read, and bump the version. A writer that lost the race reads again and decides again. Returns the
 * document as changed, or null when `decide` declined or the document is gone. `known`, the document as
 * the caller just read it, saves the first read (a stale one only costs a round).
 */
export async function updateVersioned<T extends Versioned>(
  model: Model<any>,
  id: unknown,
  decide: (doc: T) => UpdateQuery<T> | null,
  known?: T,
): Promise<T | null> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const doc = round === 0 && known ? known : await model.findById(id).lean<T>();
    if (!doc) return null;
    const update = decide(doc);
    if (!update) return null;
    const changed = await model
      .findOneAndUpdate({ _id: doc._id, version: doc.version }, { ...update, $inc: { ...(update.$inc ?? {}), version: 1 } }, { new: true })
      .lean<T>();
    if (changed) return changed;
    await jitter(round);
  }
  throw new Error(`${model.modelName} ${String(id)} is changing too fast to update`);
}
