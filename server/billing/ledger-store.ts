import mongoose, { Schema } from 'mongoose';

// The usage ledger and its monthly roll-ups: the only file that touches their mongoose models.

export const ENTRY_KINDS = ['session', 'no_show', 'late_cancellation', 'reversal', 'correction', 'commitment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * One immutable line of the ledger. Entries of a month form a chain: `_id` is `<YYYY-MM>:<seq>`, so the
 * unique _id lets exactly one writer take each position, and `key` (unique too) makes every business
 * event (a completion, a reversal, a commitment...) land at most once however often it is retried.
 */
export interface LedgerEntry {
  _id: string;
  key: string;
  chain: string;
  seq: number;
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
    key: { type: String, required: true },
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
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
entrySchema.index({ key: 1 }, { unique: true });

// A ledger line is never edited nor deleted: a correction is a reversal plus a new entry.
const immutable = function (this: unknown, next: (error?: Error) => void) {
  next(new Error('usage ledger entries are immutable: write a reversal and a new entry instead'));
};
for (const operation of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
  entrySchema.pre(operation, immutable);
}

/** [sessions, billed minutes, cost in cents, committed cents] of one (month, structure, language, modality). */
export type Cell = [number, number, number, number];

/**
 * The fold of a month's chain up to `version`: its cells keyed `structureId|language|modality`, kept as
 * one JSON string. The engine decodes a document value by value: thousands of small arrays made a
 * month's read take about 100 ms, one string of the same cells a few.
 */
export interface RollupDoc {
  _id: string;
  version: number;
  cells: string;
}

export const decodeCells = (doc: Pick<RollupDoc, 'cells'>): Record<string, Cell> => JSON.parse(doc.cells) as Record<string, Cell>;
export const encodeCells = (cells: Record<string, Cell>): string => JSON.stringify(cells);

const rollupSchema = new Schema<RollupDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cells: { type: String, required: true, default: '{}' },
  },
  { versionKey: false, minimize: false },
);

export const LedgerModel = mongoose.model<LedgerEntry>('LedgerEntry', entrySchema, 'ledger');
export const RollupModel = mongoose.model<RollupDoc>('Rollup', rollupSchema, 'rollups');
