import mongoose from 'mongoose';
import { isDuplicateKey, jitter } from '../platform/writes';
import { startNewFlights } from '../platform/single-flight';
import { decodeTotals, encodeTotals, LedgerModel, markFolded, RollupModel, type LedgerEntry, type RollupDoc, type UsageTotals } from './ledger-store';

// The usage ledger and its monthly roll-ups, kept equal without multi-document transactions.
//
// An entry is inserted with `folded: false`: the insert is the fact, and the entry is the roll-up's
// to-do. Folding a month reads its unfolded entries (an indexed query), adds them to the roll-up and
// writes it only if its version is still the one read (a conditional update: exactly one folder wins
// each version, whatever the processes), recording the batch's keys in the roll-up; then it marks the
// batch folded. A folder killed between the two writes leaves a batch the roll-up counts but whose marks
// are missing: the next folder sets them from `lastBatch` before reading anything, so no entry is ever
// counted twice, and none is left out. Readers fold what is pending first, so a report is never behind.

export type NewEntry = Omit<LedgerEntry, '_id' | 'month' | 'folded'> & { key: string };

/** What a month's entries add up to so far. */
export interface MonthTotals {
  version: number;
  totals: Record<string, UsageTotals>;
}

const BATCH = 2000;
const listeners: Array<(entries: readonly LedgerEntry[]) => void> = [];

export const totalsKey = (entry: Pick<LedgerEntry, 'structureId' | 'language' | 'modality'>) => `${entry.structureId}|${entry.language}|${entry.modality}`;
export const monthOf = (day: string) => day.slice(0, 7);

/** Called after entries land (the budget alerts listen), never on the caller's path. */
export function onRecorded(listener: (entries: readonly LedgerEntry[]) => void): void {
  listeners.push(listener);
}

function add(totals: Record<string, UsageTotals>, entry: LedgerEntry): void {
  const key = totalsKey(entry);
  const sum = totals[key] ?? [0, 0, 0, 0];
  totals[key] = [sum[0] + entry.sessions, sum[1] + entry.billedMinutes, sum[2] + entry.costCents, sum[3] + entry.committedCents];
}

const withoutUndefined = (entry: LedgerEntry): LedgerEntry =>
  Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as unknown as LedgerEntry;

/** In this process, one fold of a month at a time (other processes are kept out by the roll-up's version). */
const folding = new Map<string, Promise<MonthTotals>>();

function foldMonth(month: string): Promise<MonthTotals> {
  const key = `${mongoose.connection.name}/${month}`;
  const previous = folding.get(key) ?? Promise.resolve(undefined);
  const run = previous.then(() => foldPending(month), () => foldPending(month));
  folding.set(key, run);
  void run.finally(() => {
    if (folding.get(key) === run) folding.delete(key);
  }).catch(() => undefined);
  return run;
}

async function foldPending(month: string): Promise<MonthTotals> {
  for (let round = 0; ; round += 1) {
    if (round > 1000) throw new Error(`usage roll-up ${month} is changing too fast to fold`);
    const rollup = await RollupModel.findById(month).lean<RollupDoc>();
    const current: MonthTotals = rollup ? { version: rollup.version, totals: decodeTotals(rollup) } : { version: 0, totals: {} };
    // The last batch is in the roll-up already: finish marking it (its folder may have died), never count it again.
    const counted = new Set(rollup?.lastBatch ?? []);
    if (counted.size > 0 && (await LedgerModel.exists({ _id: { $in: [...counted] }, folded: false }))) await markFolded([...counted]);
    const unfolded = await LedgerModel.find({ month, folded: false }).limit(BATCH).lean<LedgerEntry[]>();
    const pending = unfolded.filter((entry) => !counted.has(entry._id));
    if (pending.length === 0) return current;
    for (const entry of pending) add(current.totals, entry);
    const batch = pending.map((entry) => entry._id);
    const next = { version: current.version + 1, totals: encodeTotals(current.totals), lastBatch: batch };
    const won = rollup
      ? (await RollupModel.updateOne({ _id: month, version: rollup.version }, { $set: next })).modifiedCount === 1
      : await RollupModel.create({ _id: month, ...next }).then(() => true, (error: unknown) => {
        if (isDuplicateKey(error)) return false;
        throw error;
      });
    if (!won) {
      await jitter(round);
      continue;
    }
    await markFolded(batch);
    if (unfolded.length < BATCH) return { version: next.version, totals: current.totals };
  }
}

/**
 * Appends entries to the ledger, each at most once (by `key`), and folds them into their months'
 * roll-ups. Returns the entries that landed now (not those recorded before).
 */
export async function recordEntries(entries: readonly NewEntry[]): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  const rows = entries.map(({ key, ...entry }) => withoutUndefined({ ...entry, _id: key, month: monthOf(entry.day), folded: false }));
  let landed = rows;
  try {
    // The driver's insert, not mongoose's: one round trip, and the index of each row that failed.
    await LedgerModel.collection.insertMany(rows as unknown as Array<Record<string, unknown>>, { ordered: false });
  } catch (error) {
    const failed = (error as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
    if (!failed || failed.some((e) => e.code !== 11000)) throw error;
    const duplicates = new Set(failed.map((e) => e.index));
    landed = rows.filter((_, index) => !duplicates.has(index));
  }
  // Every month named is folded, even for a duplicate: it may be the retry of a writer killed before its fold.
  await Promise.all([...new Set(rows.map((row) => row.month))].map(foldMonth));
  if (landed.length > 0) {
    startNewFlights();
    for (const listener of listeners) listener(landed);
  }
  return landed;
}

/** The roll-ups of the given months, with whatever entries were pending folded in first. */
export async function readMonths(months: readonly string[]): Promise<Map<string, MonthTotals>> {
  return new Map(await Promise.all(months.map(async (month) => [month, await foldMonth(month)] as const)));
}

/** One request's entries, in the order they were recorded. */
export const entriesOfRequest = (requestId: string) => LedgerModel.find({ requestId }).sort({ at: 1, _id: 1 }).lean<LedgerEntry[]>();

/** Every business key in the ledger (one pass over it: for the check command, not for requests). */
export async function ledgerKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const entry of LedgerModel.find({}).select({ _id: 1 }).lean<{ _id: string }>().cursor({ batchSize: 10_000 })) keys.add(entry._id);
  return keys;
}

export const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

export interface RollupCheck {
  months: number;
  entries: number;
  mismatches: string[];
}

/**
 * Adds up the whole ledger again and compares every month with its stored roll-up (after folding what
 * is pending); when `fix`, writes the ledger's totals where they differ.
 */
export async function rebuildRollups(options: { fix: boolean }): Promise<RollupCheck> {
  const fromLedger = new Map<string, Record<string, UsageTotals>>();
  let entries = 0;
  for await (const entry of LedgerModel.find({}).lean<LedgerEntry>().cursor()) {
    entries += 1;
    const totals = fromLedger.get(entry.month) ?? {};
    add(totals, entry);
    fromLedger.set(entry.month, totals);
  }
  const mismatches: string[] = [];
  const folded = await readMonths([...fromLedger.keys()]);
  for (const [month, totals] of fromLedger) {
    const rollup = folded.get(month)!;
    if (sameTotals(rollup.totals, totals)) continue;
    mismatches.push(`${month}: the roll-up (version ${rollup.version}) differs from the sum of the month's ledger entries`);
    if (options.fix) {
      await RollupModel.replaceOne({ _id: month }, { version: rollup.version + 1, totals: encodeTotals(totals), lastBatch: [] }, { upsert: true });
    }
  }
  for (const rollup of await RollupModel.find({}).lean<RollupDoc[]>()) {
    if (!fromLedger.has(rollup._id) && Object.keys(decodeTotals(rollup)).length > 0) mismatches.push(`${rollup._id}: a roll-up without ledger entries`);
  }
  return { months: fromLedger.size, entries, mismatches };
}

function sameTotals(a: Record<string, UsageTotals>, b: Record<string, UsageTotals>): boolean {
  const nonZero = (totals: Record<string, UsageTotals>) => Object.entries(totals).filter(([, sum]) => sum.some((v) => v !== 0));
  const left = nonZero(a);
  const right = new Map(nonZero(b));
  return left.length === right.size && left.every(([key, sum]) => sum.every((v, i) => v === right.get(key)?.[i]));
}
