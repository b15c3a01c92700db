import mongoose, { Schema } from 'mongoose';

// FerretDB v1 over SQLite applies an update as a read followed by a write by _id, outside any
// transaction (FerretDB issue #3040): two "conditional" updates of the same document can both succeed.
// A unique index, though, is enforced by SQLite itself. So every change that must happen once claims
// (scope, id, version) here first; only the claimant writes, and a MongoDB server behaves the same.
const claimSchema = new Schema({
  _id: { type: String, required: true },
  scope: { type: String, required: true },
  docId: { type: String, required: true },
  version: { type: Number, required: true },
  at: { type: Date, required: true },
  /** What the claimant set out to do: an audit trail, and enough to finish the change if it died. */
  record: { type: Schema.Types.Mixed, default: {} },
});
claimSchema.index({ scope: 1, docId: 1, version: 1 });

export const ClaimModel = mongoose.model('Claim', claimSchema);

export interface Claim {
  _id: string;
  scope: string;
  docId: string;
  version: number;
  at: Date;
  record: Record<string, unknown>;
}

const claimId = (scope: string, docId: string, version: number) => `${scope}:${docId}:${version}`;

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

/** True for exactly one caller per (scope, docId, version), whatever the concurrency. */
export function claim(scope: string, docId: string, version: number, record: Record<string, unknown> = {}, now = new Date()): Promise<boolean> {
  return insertOnce(ClaimModel, { _id: claimId(scope, docId, version), scope, docId, version, at: now, record });
}

export const findClaim = (scope: string, docId: string, version: number) =>
  ClaimModel.findById(claimId(scope, docId, version)).lean<Claim>();


/** A short random pause before retrying, so that competing writers do not retry in lockstep. */
export const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 5)));

/**
 * A claim older than this whose document never moved was left by a process that died mid-change, and
 * another finishes it. A claimant merely stalled that long would then write a version late: accepted.
 */
const ABANDONED_MS = 5000;
const MAX_ROUNDS = 40;

interface Versioned {
  _id: { toString(): string };
  version: number;
}

interface VersionedModel<T> {
  findById(id: unknown): { lean<R>(): Promise<R | null> };
  updateOne(filter: Record<string, unknown>, update: Record<string, unknown>): PromiseLike<unknown>;
}

/**
 * Changes one versioned document as a single step that exactly one writer can take from each version:
 * read it, let `decide` say what to set (or null: the change no longer applies), claim the version,
 * then write. A writer that loses the claim reads again and decides again. `record` goes in the claim.
 */
export async function changeVersioned<T extends Versioned>(
  model: VersionedModel<T>,
  scope: string,
  id: unknown,
  decide: (doc: T) => Record<string, unknown> | null,
  record: Record<string, unknown> = {},
): Promise<T | null> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const doc = await model.findById(id).lean<T>();
    if (!doc) return null;
    const set = decide(doc);
    if (!set) return null;
    const next = { ...set, version: doc.version + 1 };
    if (await claim(scope, doc._id.toString(), doc.version, { ...record, set: next })) {
      await model.updateOne({ _id: doc._id }, { $set: next });
      return { ...doc, ...next };
    }
    await finishAbandoned(model, scope, doc);
    await jitter(round);
  }
  throw new Error(`${scope} ${String(id)} is changing too fast to update`);
}

async function finishAbandoned<T extends Versioned>(model: VersionedModel<T>, scope: string, doc: T): Promise<void> {
  const held = await findClaim(scope, doc._id.toString(), doc.version);
  if (!held || Date.now() - held.at.getTime() < ABANDONED_MS) return;
  const current = await model.findById(doc._id).lean<T>();
  if (current?.version === doc.version) await model.updateOne({ _id: doc._id }, { $set: held.record.set as Record<string, unknown> });
}
