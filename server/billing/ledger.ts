import mongoose from 'mongoose';
import { isDuplicateKey } from '../platform/claims';
import { decodeCells, encodeCells, LedgerModel, RollupModel, type Cell, type LedgerEntry, type RollupDoc } from './ledger-store';
import { startNewFlights } from '../platform/single-flight';

// The usage ledger and its roll-ups, kept equal without transactions (FerretDB v1 has none, and applies
// even `$inc` as a read then a write: 400 concurrent `$inc` of one field counted 16 in a probe).
//
// Each month is a chain of entries whose _id is `<month>:<seq>`. A writer that knows the fold of the
// chain up to `version` inserts its entries at the next positions: the unique _id lets exactly one writer
// take a position, and a loser reads the entries it missed and tries the following one. The roll-up
// document of the month is then written with the new fold. Because every roll-up written is the fold of
// a prefix of the chain, a late write can at worst leave a roll-up behind, never wrong, and any reader
// catches it up by reading the entries after its version (by _id, the only lookup the engine indexes).
//
// With the fold cached in this process, recording is two round trips: insert the entries, write the roll-up.

export type NewEntry = Omit<LedgerEntry, '_id' | 'chain' | 'seq'>;

interface MonthState {
  version: number;
  cells: Record<string, Cell>;
}

// Folds known to this process, by database and month (tests switch databases within one process).
const folds = new Map<string, MonthState>();
const known = {
  get: (chain: string) => folds.get(`${mongoose.connection.name}/${chain}`),
  set: (chain: string, state: MonthState) => folds.set(`${mongoose.connection.name}/${chain}`, state),
  clear: () => folds.clear(),
};
const tails = new Map<string, Promise<unknown>>();
const listeners: Array<(entries: readonly LedgerEntry[]) => void> = [];

export const cellKey = (entry: Pick<LedgerEntry, 'structureId' | 'language' | 'modality'>) => `${entry.structureId}|${entry.language}|${entry.modality}`;
export const chainOf = (day: string) => day.slice(0, 7);

/** Called after entries land (the budget alerts listen), never on the caller's path. */
export function onRecorded(listener: (entries: readonly LedgerEntry[]) => void): void {
  listeners.push(listener);
}

function apply(state: MonthState, entry: LedgerEntry): void {
  const key = cellKey(entry);
  const cell = state.cells[key] ?? [0, 0, 0, 0];
  state.cells[key] = [cell[0] + entry.sessions, cell[1] + entry.billedMinutes, cell[2] + entry.costCents, cell[3] + entry.committedCents];
  state.version = entry.seq;
}

/** Reads the entries after `state.version`, if any, into the state. */
async function catchUp(chain: string, state: MonthState): Promise<number> {
  let read = 0;
  for (;;) {
    const next = await LedgerModel.findById(`${chain}:${state.version + 1}`).lean<LedgerEntry>();
    if (!next) return read;
    apply(state, next);
    read += 1;
  }
}

async function loadMonth(chain: string): Promise<MonthState> {
  const stored = await RollupModel.findById(chain).lean<RollupDoc>();
  const state: MonthState = stored ? { version: stored.version, cells: decodeCells(stored) } : { version: 0, cells: {} };
  await catchUp(chain, state);
  return state;
}

const copy = (state: MonthState): MonthState => ({ version: state.version, cells: { ...state.cells } });

async function writeRollup(chain: string, state: MonthState): Promise<void> {
  const set = { version: state.version, cells: encodeCells(state.cells) };
  // A bare _id filter, the only one the engine looks up by index. Another process's late write may still
  // put an older fold back; any reader catches it up from the entries after its version.
  const result = await RollupModel.updateOne({ _id: chain }, { $set: set });
  if (result.matchedCount > 0) return;
  try {
    await RollupModel.create({ _id: chain, ...set });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await RollupModel.updateOne({ _id: chain }, { $set: set });
  }
}

const withoutUndefined = (entry: LedgerEntry): LedgerEntry =>
  Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as unknown as LedgerEntry;

/** Runs one chain's changes one after the other in this process, so that it never races itself. */
function serialised<T>(chain: string, work: () => Promise<T>): Promise<T> {
  const run = (tails.get(chain) ?? Promise.resolve()).then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(chain, tail);
  void tail.then(() => {
    if (tails.get(chain) === tail) tails.delete(chain);
  });
  return run;
}

async function appendToChain(chain: string, entries: readonly NewEntry[]): Promise<LedgerEntry[]> {
  const cached = known.get(chain);
  const state = cached ? copy(cached) : await loadMonth(chain);
  const landed: LedgerEntry[] = [];
  let pending = [...entries];
  for (let round = 0; pending.length > 0; round += 1) {
    if (round > 1000) throw new Error(`usage chain ${chain} is changing too fast to append to`);
    const rows = pending.map((entry, i) => withoutUndefined({ ...entry, _id: `${chain}:${state.version + 1 + i}`, chain, seq: state.version + 1 + i }));
    let inserted = rows.length;
    try {
      // The driver's insert, not mongoose's: one round trip, and the index of the row that failed.
      await LedgerModel.collection.insertMany(rows as unknown as Array<Record<string, unknown>>, { ordered: true });
    } catch (error) {
      const index = (error as { writeErrors?: Array<{ index: number }> }).writeErrors?.[0]?.index;
      if (!isDuplicateKey(error) || index === undefined) throw error;
      inserted = index;
    }
    for (const row of rows.slice(0, inserted)) apply(state, row);
    landed.push(...rows.slice(0, inserted));
    if (inserted === rows.length) break;
    // The failed row either found its position taken (catch up and try the next one) or its key
    // already recorded by an earlier attempt (it is done: drop it).
    if ((await catchUp(chain, state)) === 0) pending = pending.slice(inserted + 1);
    else pending = pending.slice(inserted);
  }
  if (landed.length > 0) await writeRollup(chain, state);
  known.set(chain, state);
  return landed;
}

/**
 * Appends entries to the ledger and to the roll-ups, each at most once (by `key`). Entries of one month
 * go in one insert and one roll-up write. Returns the entries that landed now (not those recorded before).
 */
export async function recordEntries(entries: readonly NewEntry[]): Promise<LedgerEntry[]> {
  const byChain = new Map<string, NewEntry[]>();
  for (const entry of entries) {
    const chain = chainOf(entry.day);
    const list = byChain.get(chain);
    if (list) list.push(entry);
    else byChain.set(chain, [entry]);
  }
  const landed = (await Promise.all([...byChain].map(([chain, list]) => serialised(chain, () => appendToChain(chain, list))))).flat();
  if (landed.length > 0) {
    startNewFlights();
    for (const listener of listeners) listener(landed);
  }
  return landed;
}

/**
 * The roll-ups of the given months, caught up with their chains. A month this process already holds is
 * only checked for entries appended since (by another process): one _id read that finds nothing when
 * there are none. A month it does not hold is read from its roll-up, caught up the same way, and the
 * roll-up written back if it was behind. The states returned are shared: read them, never change them.
 */
export async function readMonths(chains: readonly string[]): Promise<Map<string, MonthState>> {
  const states = await Promise.all(
    chains.map((chain) =>
      serialised(chain, async () => {
        const cached = known.get(chain);
        if (cached) {
          // Entries of the chain only ever add to a fold: catching up in place keeps it true.
          await catchUp(chain, cached);
          return [chain, cached] as const;
        }
        const stored = await RollupModel.findById(chain).lean<RollupDoc>();
        const state: MonthState = stored ? { version: stored.version, cells: decodeCells(stored) } : { version: 0, cells: {} };
        if ((await catchUp(chain, state)) > 0) await writeRollup(chain, state);
        known.set(chain, state);
        return [chain, state] as const;
      }),
    ),
  );
  return new Map(states);
}

/** One request's entries, in the order they were recorded (a scan of the ledger: for an export, not for requests). */
export const entriesOfRequest = (requestId: string) => LedgerModel.find({ requestId }).sort({ chain: 1, seq: 1 }).lean<LedgerEntry[]>();

/** Every business key in the ledger (one pass over it: for the check command, not for requests). */
export async function ledgerKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const entry of LedgerModel.find({}).select({ key: 1, _id: 0 }).lean<{ key: string }>().cursor({ batchSize: 10_000 })) keys.add(entry.key);
  return keys;
}

export const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/** Forgets the folds cached in this process (tests that drop the database, the rebuild command). */
export function forgetCachedRollups(): void {
  known.clear();
}

export interface RollupCheck {
  months: number;
  entries: number;
  mismatches: string[];
}

/**
 * Folds the whole ledger again, compares every month with its stored roll-up and, when `fix`, writes
 * the fold where they differ. Checks too that each chain has no gap.
 */
export async function rebuildRollups(options: { fix: boolean }): Promise<RollupCheck> {
  const fromLedger = new Map<string, MonthState & { seqs: number; maxSeq: number }>();
  let entries = 0;
  for await (const entry of LedgerModel.find({}).lean<LedgerEntry>().cursor()) {
    entries += 1;
    const fold = fromLedger.get(entry.chain) ?? { version: 0, cells: {}, seqs: 0, maxSeq: 0 };
    const key = cellKey(entry);
    const cell = fold.cells[key] ?? [0, 0, 0, 0];
    fold.cells[key] = [cell[0] + entry.sessions, cell[1] + entry.billedMinutes, cell[2] + entry.costCents, cell[3] + entry.committedCents];
    fold.seqs += 1;
    fold.maxSeq = Math.max(fold.maxSeq, entry.seq);
    fromLedger.set(entry.chain, fold);
  }
  const mismatches: string[] = [];
  const stored = new Map((await RollupModel.find({}).lean<RollupDoc[]>()).map((doc) => [doc._id, doc]));
  for (const [chain, fold] of fromLedger) {
    if (fold.seqs !== fold.maxSeq) mismatches.push(`${chain}: ${fold.seqs} entries for positions 1..${fold.maxSeq}`);
    fold.version = fold.maxSeq;
    const rollup = stored.get(chain);
    const equal = rollup && rollup.version === fold.version && sameCells(decodeCells(rollup), fold.cells);
    if (equal) continue;
    mismatches.push(`${chain}: roll-up at version ${rollup?.version ?? 'none'} differs from the ledger's ${fold.version} entries`);
    if (options.fix) await RollupModel.replaceOne({ _id: chain }, { version: fold.version, cells: encodeCells(fold.cells) }, { upsert: true });
  }
  for (const chain of stored.keys()) if (!fromLedger.has(chain)) mismatches.push(`${chain}: a roll-up without ledger entries`);
  forgetCachedRollups();
  return { months: fromLedger.size, entries, mismatches };
}

function sameCells(a: Record<string, Cell>, b: Record<string, Cell>): boolean {
  const nonZero = (cells: Record<string, Cell>) => Object.entries(cells).filter(([, cell]) => cell.some((v) => v !== 0));
  const left = nonZero(a);
  const right = new Map(nonZero(b));
  return left.length === right.size && left.every(([key, cell]) => cell.every((v, i) => v === right.get(key)?.[i]));
}
