import mongoose, { Schema } from 'mongoose';
import { duplicateRows, isDuplicateKey } from '../platform/writes';

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
// One agency's month: its statement's lines, and the usage report of one agency.
entrySchema.index({ agencyId: 1, month: 1 });

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

const LedgerModel = mongoose.model<LedgerEntry>('LedgerEntry', entrySchema, 'ledger');
const RollupModel = mongoose.model<RollupDoc>('Rollup', rollupSchema, 'rollups');
const RollupHeadModel = mongoose.model<RollupHead>('RollupHead', headSchema, 'rollup_heads');

/** A create that answers false, rather than failing, when the _id is taken. */
const createOnce = (create: Promise<unknown>) => create.then(() => true, (error: unknown) => {
  if (isDuplicateKey(error)) return false;
  throw error;
});

export const ledgerEntries = {
  /**
   * Inserts rows in one write, each at most once (by `_id`), folded or not as they say, and folds
   * nothing. Returns the rows that landed now, not those recorded before.
   */
  async insert(rows: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    try {
      // The driver's insert, not mongoose's: one round trip, and the index of each row that failed.
      await LedgerModel.collection.insertMany(rows as unknown as Array<Record<string, unknown>>, { ordered: false });
      return [...rows];
    } catch (error) {
      const duplicates = duplicateRows(error, rows.length);
      return rows.filter((_, index) => !duplicates.has(index));
    }
  },
  /** Marks entries as counted by their month's roll-up: the driver's update, past the immutability guard. */
  markFolded: (keys: readonly string[]) =>
    keys.length === 0 ? Promise.resolve() : LedgerModel.collection.updateMany({ _id: { $in: [...keys] as never[] }, folded: false }, { $set: { folded: true } }).then(() => undefined),
  hasUnfolded: async (month: string) => (await LedgerModel.exists({ month, folded: false })) !== null,
  anyUnfolded: async (keys: readonly string[]) => (await LedgerModel.exists({ _id: { $in: [...keys] }, folded: false })) !== null,
  /** Up to `limit` entries of the month its roll-up does not count yet (an indexed query). */
  unfolded: (month: string, limit: number) => LedgerModel.find({ month, folded: false }).limit(limit).lean<LedgerEntry[]>(),
  /** Which of these months have entries their roll-up does not count yet. */
  async pendingMonths(months: readonly string[]): Promise<Set<string>> {
    const pending = await LedgerModel.find({ month: { $in: [...months] }, folded: false }).select({ month: 1 }).limit(10_000).lean<Array<{ month: string }>>();
    return new Set(pending.map((entry) => entry.month));
  },
  /** Whether any entry falls in the months from `first` to `last` ('YYYY-MM'), inclusive: one indexed read. */
  anyBetween: async (first: string, last: string) => (await LedgerModel.exists({ month: { $gte: first, $lte: last } })) !== null,
  /** One agency's entries of these months (indexed: a month of one agency is bounded). */
  ofAgency: (agencyId: string, months: readonly string[]) => LedgerModel.find({ agencyId, month: { $in: [...months] } }).sort({ at: 1, _id: 1 }).lean<LedgerEntry[]>(),
  /** The entries of these requests, in the order they were recorded. */
  ofRequests: (requestIds: readonly string[]) => LedgerModel.find({ requestId: { $in: [...requestIds] } }).sort({ at: 1, _id: 1 }).lean<LedgerEntry[]>(),
  /** The agencies with entries in a month. */
  agenciesIn: async (month: string) => ((await LedgerModel.distinct('agencyId', { month })) as Array<string | null>).filter((id): id is string => Boolean(id)),
  /** One request's entries, in the order they were recorded. */
  ofRequest: (requestId: string) => LedgerModel.find({ requestId }).sort({ at: 1, _id: 1 }).lean<LedgerEntry[]>(),
  /** Every entry, one at a time. */
  each: (): AsyncIterable<LedgerEntry> => LedgerModel.find({}).lean<LedgerEntry>().cursor(),
  /** Every business key, one at a time. */
  async *keys(): AsyncIterable<string> {
    for await (const entry of LedgerModel.find({}).select({ _id: 1 }).lean<{ _id: string }>().cursor({ batchSize: 10_000 })) yield entry._id;
  },
  /** Which database the ledger lives in: what a process keeps in memory about it is only good for that one. */
  databaseName: () => LedgerModel.db.name,
};

export const rollups = {
  /** One version of a month's roll-up, null when it was never written or was dropped. */
  version: (month: string, version: number) => RollupModel.findById(rollupId(month, version)).lean<RollupDoc>(),
  /** Writes a version; false when that version was written already (by another folder). */
  create: (doc: RollupDoc) => createOnce(RollupModel.create(doc)),
  /** Drops the month's versions before `version`. */
  dropBefore: (month: string, version: number) => RollupModel.deleteMany({ month, version: { $lt: version } }).then(() => undefined),
};

export const rollupHeads = {
  /** The month's current version; 0 before its first. */
  version: async (month: string) => (await RollupHeadModel.findById(month).lean<RollupHead>())?.version ?? 0,
  /** The current versions of these months, for those that have one. */
  async versions(months: readonly string[]): Promise<Map<string, number>> {
    const heads = await RollupHeadModel.find({ _id: { $in: [...months] } }).lean<RollupHead[]>();
    return new Map(heads.map((head) => [head._id, head.version]));
  },
  /** Every month that has a roll-up. */
  months: async () => (await RollupHeadModel.find({}).lean<RollupHead[]>()).map((head) => head._id),
  /** Moves the head of a month from `from` to `to`; false when it was not at `from` any more. */
  async move(month: string, from: number, to: number): Promise<boolean> {
    if (from === 0) return createOnce(RollupHeadModel.create({ _id: month, version: to }));
    return (await RollupHeadModel.updateOne({ _id: month, version: from }, { $set: { version: to } })).modifiedCount === 1;
  },
};

/**
 * The raw models, for tests that simulate a crash or an outside edit and for the benchmark's pass over
 * the raw ledger: never for the server, which goes through the functions above.
 */
export const ledgerStoreForTests = { entries: LedgerModel, rollups: RollupModel };
