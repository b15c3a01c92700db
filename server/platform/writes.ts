import type { Model, UpdateQuery } from 'mongoose';

// The write idioms every component uses, plain MongoDB: a unique index makes an insert happen once, and
// a conditional findOneAndUpdate on a `version` field makes a read-decide-write one step that exactly
// one writer takes from each version (the embedded engine applies it atomically, as MongoDB does).

export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/** Inserts the row unless one with the same unique value exists: true when this call created it. */
export async function insertOnce(model: { create(row: object): Promise<unknown> }, row: object): Promise<boolean> {
  try {
    await model.create(row);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
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
 * document as changed, or null when `decide` declined or the document is gone.
 */
export async function updateVersioned<T extends Versioned>(
  model: Model<any>,
  id: unknown,
  decide: (doc: T) => UpdateQuery<T> | null,
): Promise<T | null> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const doc = await model.findById(id).lean<T>();
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
