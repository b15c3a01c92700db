import mongoose, { Schema } from 'mongoose';

// The usage ledger and its monthly roll-ups: the only file that touches their mongoose models.

export const ENTRY_KINDS = ['session', 'no_show', 'late_cancellation', 'reversal', 'correction', 'commitment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * One immutable line of the ledger. Its `_id` is the business key of what it records (a completion, a
 * reversal, a commitment...), so every event lands at most once however often it is retried.
 */
export interface LedgerEntry {
  /** The business key, e.g. `request:<id>:v<version>`. */
  _id: string;
  /** The Paris month of the session, 'YYYY-MM': the roll-up it counts in. */
  month: string;
  /** Whether the month's roll-up counts it yet; the one field that ever changes (see markFolded). */
  folded: boolean;
  kind: EntryKind;
  at: Date;
  byUserId?: string;
  requestId?: string;
  structureId: string;
  agencyId?: string;
  interpreterId?: string;
  language: string;
  modality: string;
  specialty?: string;
  /** Paris date of the session, 'YYYY-MM-DD'. */
  day: string;
  /** +1 for a billed session, -1 for its reversal, 0 for a commitment. */
  sessions: number;
  workedMinutes: number;
  billedMinutes: number;
  costCents: number;
  /** Change of the estimated cost of assigned sessions not yet completed (commitments and their release). */
  committedCents: number;
  tariffVersion?: string;
  /** The key of the entry a reversal cancels. */
  reverses?: string;
  reason?: string;
}

const entrySchema = new Schema<LedgerEntry>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    folded: { type: Boolean, required: true, default: false },
    kind: { type: String, required: true, enum: ENTRY_KINDS },
    at: { type: Date, required: true },
    byUserId: String,
    requestId: String,
    structureId: { type: String, required: true },
    agencyId: String,
    interpreterId: String,
    language: { type: String, required: true },
    modality: { type: String, required: true },
    specialty: String,
    day: { type: String, required: true },
    sessions: { type: Number, required: true },
    workedMinutes: { type: Number, required: true },
    billedMinutes: { type: Number, required: true },
    costCents: { type: Number, required: true },
    committedCents: { type: Number, required: true },
    tariffVersion: String,
    reverses: String,
    reason: String,
  },
  { versionKey: false },
);
entrySchema.index({ month: 1, folded: 1 });
entrySchema.index({ requestId: 1 });

// A ledger line is never edited nor deleted: a correction is a reversal plus a new entry.
const immutable = function (this: unknown, next: (error?: Error) => void) {
  next(new Error('usage ledger entries are immutable: write a reversal and a new entry instead'));
};
for (const operation of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
  entrySchema.pre(operation, immutable);
}

/** [sessions, billed minutes, cost in cents, committed cents] of one (month, structure, language, modality). */
export type UsageTotals = [number, number, number, number];

/**
 * What a month's ledger entries add up to, per `structureId|language|modality`, as one version of the
 * month's roll-up: never changed once written, `_id` `<month>:<version>`. The totals are one JSON string
 * (the engine decodes a document value by value: thousands of small arrays made a month's read take
 * about 100 ms, one string of the same totals a few). `lastBatch` holds the keys of the entries this
 * version added, until their `folded` mark is sure to be set.
 */
export interface RollupDoc {
  _id: string;
  month: string;
  version: number;
  totals: string;
  lastBatch: string[];
}

/** Which version of a month's roll-up is current: a small document, read by every report. */
export interface RollupHead {
  _id: string;
  version: number;
}

export const decodeTotals = (doc: Pick<RollupDoc, 'totals'>): Record<string, UsageTotals> => JSON.parse(doc.totals) as Record<string, UsageTotals>;
export const encodeTotals = (totals: Record<string, UsageTotals>): string => JSON.stringify(totals);
export const rollupId = (month: string, version: number) => `${month}:${version}`;

const rollupSchema = new Schema<RollupDoc>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    version: { type: Number, required: true },
    totals: { type: String, required: true, default: '{}' },
    lastBatch: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false },
);
rollupSchema.index({ month: 1, version: 1 });

const headSchema = new Schema<RollupHead>({ _id: { type: String, required: true }, version: { type: Number, required: true } }, { versionKey: false });

export const LedgerModel = mongoose.model<LedgerEntry>('LedgerEntry', entrySchema, 'ledger');
export const RollupModel = mongoose.model<RollupDoc>('Rollup', rollupSchema, 'rollups');
export const RollupHeadModel = mongoose.model<RollupHead>('RollupHead', headSchema, 'rollup_heads');

/** Marks entries as counted by their month's roll-up: the driver's update, past the immutability guard. */
export const markFolded = (keys: readonly string[]) =>
  keys.length === 0 ? Promise.resolve() : LedgerModel.collection.updateMany({ _id: { $in: [...keys] as never[] }, folded: false }, { $set: { folded: true } }).then(() => undefined);
