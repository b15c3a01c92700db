import { jitter } from '../platform/writes';
import { startNewFlights } from '../platform/single-flight';
import { decodeTotals, encodeTotals, ledgerEntries, rollupHeads, rollupId, rollups, type LedgerEntry, type RollupDoc, type UsageTotals } from './ledger-store';

// The usage ledger and its monthly roll-ups, kept equal without multi-document transactions.
//
// An entry is inserted with `folded: false`: the insert is the fact, and the entry is the roll-up's
// to-do. A month's roll-up is a chain of versions, each written once (`<month>:<version>`, a unique _id),
// and a small head names the current one. Folding reads the month's unfolded entries (an indexed query),
// writes the next version with them added and their keys in `lastBatch`, moves the head to it (a
// conditional update on the head's version), then marks the batch folded. Exactly one folder writes each
// version, whatever the processes. A folder killed after writing a version rolls forward: the next folder
// finds that version taken, moves the head to it and marks its batch; one killed before marking leaves a
// batch the roll-up counts, which the next folder marks from `lastBatch` before reading anything. So no
// entry is counted twice, and none is left out. A report reads the heads and, for a month whose head
// moved since this process last read it, that one version: a year is two small queries when nothing moved.

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

/** What this process keeps about a month is only good for the database it was read from. */
const memoryKey = (month: string) => `${ledgerEntries.databaseName()}/${month}`;

/** In this process, one fold of a month at a time (other processes are kept out by the versions). */
const folding = new Map<string, Promise<MonthTotals>>();

function foldMonth(month: string): Promise<MonthTotals> {
  const key = memoryKey(month);
  const previous = folding.get(key) ?? Promise.resolve(undefined);
  const run = previous.then(() => foldPending(month), () => foldPending(month));
  folding.set(key, run);
  void run.finally(() => {
    if (folding.get(key) === run) folding.delete(key);
  }).catch(() => undefined);
  return run;
}

/** Versions of roll-ups this process has read, by database and month: reused while the head stays there. */
const seen = new Map<string, MonthTotals>();

/** One version of a month's roll-up (the current one, if it was dropped meanwhile), kept in `seen`. */
async function readVersion(month: string, version: number): Promise<{ month: MonthTotals; lastBatch: string[] }> {
  if (version === 0) return { month: { version: 0, totals: {} }, lastBatch: [] };
  const cacheKey = memoryKey(month);
  let doc = await rollups.version(month, version);
  // Folders went two versions further meanwhile and dropped this one: read the current one instead.
  for (let attempt = 0; !doc && attempt < 20; attempt += 1) {
    version = await rollupHeads.version(month);
    doc = await rollups.version(month, version);
  }
  if (!doc) throw new Error(`usage roll-up ${rollupId(month, version)} is missing`);
  const read = { version, totals: decodeTotals(doc) };
  seen.set(cacheKey, read);
  return { month: read, lastBatch: doc.lastBatch };
}

/** A month's totals at `version`: the ones this process read last if the head is still there, else read. */
async function totalsAt(month: string, version: number): Promise<MonthTotals> {
  const cached = seen.get(memoryKey(month));
  return cached?.version === version ? cached : (await readVersion(month, version)).month;
}

async function foldPending(month: string): Promise<MonthTotals> {
  for (let round = 0; ; round += 1) {
    if (round > 1000) throw new Error(`usage roll-up ${month} is changing too fast to fold`);
    const version = await rollupHeads.version(month);
    if (!(await ledgerEntries.hasUnfolded(month))) return totalsAt(month, version);
    const { month: current, lastBatch } = await readVersion(month, version);
    // The last batch is in the roll-up already: finish marking it (its folder may have died), never count it again.
    const counted = new Set(lastBatch);
    if (counted.size > 0 && (await ledgerEntries.anyUnfolded([...counted]))) await ledgerEntries.markFolded([...counted]);
    const unfolded = await ledgerEntries.unfolded(month, BATCH);
    const pending = unfolded.filter((entry) => !counted.has(entry._id));
    if (pending.length === 0) continue;
    const totals = structuredClone(current.totals);
    for (const entry of pending) add(totals, entry);
    const next: RollupDoc = { _id: rollupId(month, version + 1), month, version: version + 1, totals: encodeTotals(totals), lastBatch: pending.map((entry) => entry._id) };
    if (!(await rollups.create(next))) {
      // Another folder wrote this version: move the head to it (it may have died before), then go on from there.
      await rollupHeads.move(month, version, version + 1);
      await jitter(round);
      continue;
    }
    await rollupHeads.move(month, version, version + 1);
    await ledgerEntries.markFolded(next.lastBatch);
    seen.set(memoryKey(month), { version: next.version, totals });
    // Versions before the previous one are read by nobody any more.
    if (version > 1) await rollups.dropBefore(month, version);
  }
}

/**
 * Appends entries to the ledger, each at most once (by `key`), and folds them into their months'
 * roll-ups. Returns the entries that landed now (not those recorded before).
 */
export async function recordEntries(entries: readonly NewEntry[]): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  const rows = entries.map(({ key, ...entry }) => withoutUndefined({ ...entry, _id: key, month: monthOf(entry.day), folded: false }));
  const landed = await ledgerEntries.insert(rows);
  // Every month named is folded, even for a duplicate: it may be the retry of a writer killed before its fold.
  await Promise.all([...new Set(rows.map((row) => row.month))].map(foldMonth));
  if (landed.length > 0) {
    startNewFlights();
    for (const listener of listeners) listener(landed);
  }
  return landed;
}

/**
 * The roll-ups of the given months, with whatever entries were pending folded in first (shared: read
 * them, never change them). When nothing is pending and no head moved, two small queries.
 */
export async function readMonths(months: readonly string[]): Promise<Map<string, MonthTotals>> {
  const [versions, pendingMonths] = await Promise.all([rollupHeads.versions(months), ledgerEntries.pendingMonths(months)]);
  const read = (month: string): Promise<MonthTotals> => (pendingMonths.has(month) ? foldMonth(month) : totalsAt(month, versions.get(month) ?? 0));
  return new Map(await Promise.all(months.map(async (month) => [month, await read(month)] as const)));
}

/**
 * One agency's share of these months, in the roll-ups' shape (cells `structure|language|modality`), added
 * up from its entries (an indexed query per call: a report of one agency for one year, a statement's month).
 */
export async function agencyMonths(agencyId: string, months: readonly string[]): Promise<Map<string, MonthTotals>> {
  const byMonth = new Map<string, MonthTotals>(months.map((month) => [month, { version: 0, totals: {} }]));
  for (const entry of await ledgerEntries.ofAgency(agencyId, months)) add(byMonth.get(entry.month)!.totals, entry);
  return byMonth;
}

/** The current roll-up version of these months (pending entries folded first): it moves whenever an entry lands. */
export async function monthVersions(months: readonly string[]): Promise<Map<string, number>> {
  return new Map([...(await readMonths(months))].map(([month, totals]) => [month, totals.version]));
}

/** One agency's entries of a month, in the order they were recorded. */
export const agencyEntries = (agencyId: string, month: string) => ledgerEntries.ofAgency(agencyId, [month]);

/** The entries of these requests, in the order they were recorded. */
export const entriesOfRequests = (requestIds: readonly string[]) => ledgerEntries.ofRequests(requestIds);

/** The agencies with entries in a month ('YYYY-MM'). */
export const agenciesWithEntriesIn = (month: string) => ledgerEntries.agenciesIn(month);

/** One request's entries, in the order they were recorded. */
export const entriesOfRequest = (requestId: string) => ledgerEntries.ofRequest(requestId);

/** Whether the ledger holds any entry of the months from `first` to `last` ('YYYY-MM'), inclusive. */
export const hasEntriesBetween = (first: string, last: string) => ledgerEntries.anyBetween(first, last);

/** Every business key in the ledger (one pass over it: for the check command, not for requests). */
export async function ledgerKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const key of ledgerEntries.keys()) keys.add(key);
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
  seen.clear();
  const fromLedger = new Map<string, Record<string, UsageTotals>>();
  let entries = 0;
  for await (const entry of ledgerEntries.each()) {
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
      const fixed: RollupDoc = { _id: rollupId(month, rollup.version + 1), month, version: rollup.version + 1, totals: encodeTotals(totals), lastBatch: [] };
      if (!(await rollups.create(fixed))) throw new Error(`usage roll-up ${fixed._id} was written meanwhile: run the check again`);
      await rollupHeads.move(month, rollup.version, rollup.version + 1);
      seen.delete(memoryKey(month));
    }
  }
  const orphans = (await rollupHeads.months()).filter((month) => !fromLedger.has(month));
  for (const [month, rollup] of await readMonths(orphans)) {
    if (Object.keys(rollup.totals).length > 0) mismatches.push(`${month}: a roll-up without ledger entries`);
  }
  return { months: fromLedger.size, entries, mismatches };
}

function sameTotals(a: Record<string, UsageTotals>, b: Record<string, UsageTotals>): boolean {
  const nonZero = (totals: Record<string, UsageTotals>) => Object.entries(totals).filter(([, sum]) => sum.some((v) => v !== 0));
  const left = nonZero(a);
  const right = new Map(nonZero(b));
  return left.length === right.size && left.every(([key, sum]) => sum.every((v, i) => v === right.get(key)?.[i]));
}
