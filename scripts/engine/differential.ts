import { mongo } from 'mongoose';

// The proof of the engine patch: the same random documents, filters, sorts and limits through the patched
// engine and through FerretDB v1.24.2 as published, compared. Pushing a query down may change the order
// of documents the query does not order (ties of a sort, no sort at all) and which ones a limit without a
// sort keeps; MongoDB promises neither, so those cases compare what is promised: the sort keys in order,
// the count, and that every document returned is one the plain engine matches.

const { Int32, Double, Long, ObjectId, Timestamp, Binary, BSON } = mongo;
type Doc = Record<string, unknown>;
type Db = mongo.Db;

/** A small, seeded PRNG (mulberry32): the same seed gives the same cases. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const STRINGS = ['', 'a', 'ab', 'b', 'B', 'é', 'e', 'a<b', 'zz', 'ara', 'ar', 'arb', 'open', 'assigned', '10', '9'];
const OIDS = Array.from({ length: 6 }, (_, i) => new ObjectId(`65${String(i).padStart(22, '0')}`));
const DATES = [0, 1, -86_400_000, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 9_000_000_000_000, -62_000_000_000_000].map((ms) => new Date(ms));

/** A scalar of any type the SQLite backend stores (never NaN nor an infinity: it refuses them). */
function scalar(r: Rng): unknown {
  switch (r.int(12)) {
    case 0:
      return new Int32(r.int(9) - 4);
    case 1:
      return Long.fromNumber(r.int(9) - 4);
    case 2:
      return new Double((r.int(17) - 8) / 2);
    case 3:
      return r.pick([Long.MAX_VALUE, Long.MIN_VALUE, Long.fromString('9007199254740993'), Long.fromString('9007199254740992')]);
    case 4:
      return new Double(r.pick([9007199254740992, 1e300, -1e-300, 0.1, -0, 2 ** 63]));
    case 5:
    case 6:
      return r.pick(STRINGS);
    case 7:
      return r.pick(OIDS);
    case 8:
      return r.chance(0.5);
    case 9:
      return r.pick(DATES);
    case 10:
      return r.chance(0.5) ? new Timestamp({ t: r.int(3), i: r.int(3) }) : new Binary(Buffer.from('xyz'.slice(0, r.int(3))), r.int(2));
    default:
      return null;
  }
}

/**
 * A value for a field: in the "mixed" collection also arrays and documents, which only Go can judge
 * (never an array directly in an array: FerretDB v1 refuses nested arrays).
 */
function value(r: Rng, mixed: boolean, depth = 0, inArray = false): unknown {
  if (mixed && depth < 2 && r.chance(0.15)) {
    if (!inArray && r.chance(0.6)) return Array.from({ length: r.int(4) }, () => value(r, mixed, depth + 1, true));
    return { e: value(r, mixed, depth + 1), f: scalar(r) };
  }
  return scalar(r);
}

export const FIELDS = ['a', 'b', 'c', 's', 't', 'x'] as const;
/** Every field but x is indexed; d.e is indexed too; u is a unique tiebreaker. */
export const INDEXES: Array<Record<string, 1 | -1>> = [{ a: 1 }, { b: 1, c: -1 }, { s: 1, t: 1 }, { 'd.e': 1 }, { u: 1 }, { s: 1, u: -1 }];

export function documents(r: Rng, count: number, mixed: boolean): Doc[] {
  return Array.from({ length: count }, (_, i) => {
    const doc: Doc = { _id: i % 3 === 0 ? new ObjectId(`6b${String(i).padStart(6, '0')}${r.int(2 ** 31).toString(16).padStart(16, '0')}`) : `id-${i}`, u: new Int32(i) };
    for (const field of FIELDS) if (r.chance(0.85)) doc[field] = value(r, mixed);
    if (r.chance(0.7)) doc.d = r.chance(0.9) ? { e: value(r, mixed) } : value(r, mixed);
    return doc;
  });
}

const PATHS = [...FIELDS, 'd.e', 'd', 'u', '_id'] as const;

function condition(r: Rng): unknown {
  switch (r.int(12)) {
    case 0:
    case 1:
    case 2:
      return scalar(r);
    case 3:
      return { $eq: scalar(r) };
    case 4:
      return { $in: Array.from({ length: r.int(4) }, () => scalar(r)) };
    case 5:
    case 6: {
      const low = scalar(r);
      const cond: Doc = { [r.pick(['$gt', '$gte'])]: low };
      if (r.chance(0.5)) cond[r.pick(['$lt', '$lte'])] = r.chance(0.7) && low !== null ? low : scalar(r);
      return cond;
    }
    case 7:
      return { [r.pick(['$lt', '$lte'])]: scalar(r) };
    case 8:
      return r.pick([{ $ne: scalar(r) }, { $nin: [scalar(r), scalar(r)] }, { $exists: r.chance(0.5) }]);
    case 9:
      return { $gt: new Double(r.pick([Infinity, -Infinity])) };
    case 10:
      return r.chance(0.5) ? /^a/ : { $regex: 'b', $options: 'i' };
    default:
      return { $gte: scalar(r), $ne: scalar(r) };
  }
}

function filter(r: Rng, depth = 0): Doc {
  const out: Doc = {};
  const n = r.int(3) + (depth === 0 ? 0 : 1);
  for (let i = 0; i < n; i += 1) {
    const roll = r.int(10);
    if (depth < 2 && roll === 0) out.$or = Array.from({ length: 1 + r.int(3) }, () => filter(r, depth + 1));
    else if (depth < 2 && roll === 1) out.$and = Array.from({ length: 1 + r.int(2) }, () => filter(r, depth + 1));
    else {
      const path = r.pick(PATHS);
      out[path] = path === '_id' && r.chance(0.7) ? (r.chance(0.5) ? `id-${r.int(200)}` : { $in: [`id-${r.int(200)}`, `id-${r.int(200)}`] }) : condition(r);
    }
  }
  return out;
}

export interface Case {
  collection: 'clean' | 'mixed';
  kind: 'find' | 'count' | 'updateMany' | 'deleteMany' | 'findOneAndUpdate';
  filter: Doc;
  sort?: Record<string, 1 | -1>;
  /** The sort ends with the unique u: the whole order is defined. */
  total?: boolean;
  limit?: number;
  skip?: number;
}

export function makeCase(r: Rng): Case {
  const collection = r.chance(0.5) ? 'clean' : 'mixed';
  const roll = r.int(20);
  const kind = roll < 14 ? 'find' : roll < 16 ? 'count' : roll < 17 ? 'updateMany' : roll < 18 ? 'deleteMany' : 'findOneAndUpdate';
  const c: Case = { collection, kind, filter: filter(r) };
  if (kind === 'find' || kind === 'findOneAndUpdate') {
    if (kind === 'findOneAndUpdate' || r.chance(0.7)) {
      const keys = Array.from({ length: 1 + r.int(2) }, () => r.pick([...FIELDS, 'd.e', 'u']));
      const sort: Record<string, 1 | -1> = {};
      for (const key of keys) sort[key] = r.chance(0.5) ? 1 : -1;
      // Arrays sort by their least (greatest) element: ties with a scalar are ordered only by u.
      c.total = kind === 'findOneAndUpdate' || collection === 'mixed' || r.chance(0.6);
      if (c.total && !('u' in sort)) sort.u = r.chance(0.5) ? 1 : -1;
      c.sort = sort;
    }
    if (kind === 'find' && r.chance(0.6)) c.limit = 1 + r.int(12);
    if (kind === 'find' && r.chance(0.2)) c.skip = r.int(5);
  }
  if (kind === 'count') {
    if (r.chance(0.3)) c.limit = 1 + r.int(8);
    if (r.chance(0.3)) c.skip = r.int(5);
  }
  return c;
}

const show = (v: unknown) => BSON.EJSON.stringify(v as Doc, { relaxed: false });

function at(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    v = (v as Doc)[part];
    if (v === undefined) return null;
  }
  return v ?? null;
}

const byId = (docs: Doc[]) => docs.map(show).sort();

async function settle<T>(work: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await work };
  } catch (error) {
    return { error: (error as { codeName?: string; message: string }).codeName ?? (error as Error).message };
  }
}

/** One case through both engines: a description of the difference, or undefined when they agree. */
export async function compareCase(patched: Db, plain: Db, c: Case): Promise<string | undefined> {
  const [p, q] = [patched.collection<Doc>(c.collection), plain.collection<Doc>(c.collection)];
  const differ = (what: string, a: unknown, b: unknown) => `${what}: patched ${typeof a === 'string' ? a : show(a)}, plain ${typeof b === 'string' ? b : show(b)}`;
  switch (c.kind) {
    case 'find': {
      const read = (coll: mongo.Collection<Doc>) => {
        let cursor = coll.find(c.filter);
        if (c.sort) cursor = cursor.sort(c.sort);
        if (c.skip) cursor = cursor.skip(c.skip);
        if (c.limit) cursor = cursor.limit(c.limit);
        return settle(cursor.toArray());
      };
      const [a, b] = await Promise.all([read(p), read(q)]);
      if (a.error || b.error) return a.error === b.error ? undefined : differ('error', a.error ?? 'none', b.error ?? 'none');
      const [got, want] = [a.value!, b.value!];
      if (got.length !== want.length) return differ('count', got.length, want.length);
      if (c.sort && c.total) return show(got) === show(want) ? undefined : differ('documents in order', got, want);
      if (c.sort) {
        const keys = (docs: Doc[]) => docs.map((d) => Object.keys(c.sort!).map((k) => at(d, k)));
        if (show(keys(got)) !== show(keys(want))) return differ('sort keys in order', keys(got), keys(want));
      }
      if (!c.limit && !c.skip) return show(byId(got)) === show(byId(want)) ? undefined : differ('documents', byId(got), byId(want));
      // A limit or a skip without a total order may keep other documents: each must match the filter.
      const all = new Set(byId(await q.find(c.filter).toArray()));
      const stray = got.find((d) => !all.has(show(d)));
      return stray ? differ('a document the filter does not match', stray, 'none') : undefined;
    }
    case 'count': {
      const [a, b] = await Promise.all([settle(p.countDocuments(c.filter)), settle(q.countDocuments(c.filter))]);
      if (show(a) !== show(b)) return differ('countDocuments', a, b);
      // The count command (estimatedDocumentCount without a filter), which the patch answers in SQL.
      const command = (db: Db) => settle(db.command({ count: c.collection, query: c.filter, ...(c.skip ? { skip: c.skip } : {}), ...(c.limit ? { limit: c.limit } : {}) }).then((r) => r.n as number));
      const [m, n] = await Promise.all([command(patched), command(plain)]);
      return show(m) === show(n) ? undefined : differ('count command', m, n);
    }
    case 'findOneAndUpdate': {
      const update = { $inc: { x: new Int32(1) }, $set: { w: 'updated' } } as unknown as mongo.UpdateFilter<Doc>;
      const [a, b] = await Promise.all([
        settle(p.findOneAndUpdate(c.filter, update, { sort: c.sort, returnDocument: 'after' })),
        settle(q.findOneAndUpdate(c.filter, update, { sort: c.sort, returnDocument: 'after' })),
      ]);
      if (show(a) !== show(b)) return differ('findOneAndUpdate', a, b);
      return sameContents(p, q);
    }
    case 'updateMany': {
      const update = { $set: { w: new Int32(1) } };
      const [a, b] = await Promise.all([settle(p.updateMany(c.filter, update)), settle(q.updateMany(c.filter, update))]);
      if (show(a.error ?? a.value?.matchedCount) !== show(b.error ?? b.value?.matchedCount)) return differ('updateMany', a, b);
      return sameContents(p, q);
    }
    case 'deleteMany': {
      const [a, b] = await Promise.all([settle(p.deleteMany(c.filter)), settle(q.deleteMany(c.filter))]);
      if (show(a.error ?? a.value?.deletedCount) !== show(b.error ?? b.value?.deletedCount)) return differ('deleteMany', a, b);
      return sameContents(p, q);
    }
  }
}

async function sameContents(p: mongo.Collection<Doc>, q: mongo.Collection<Doc>): Promise<string | undefined> {
  const [a, b] = await Promise.all([p.find({}).toArray(), q.find({}).toArray()]);
  return show(byId(a)) === show(byId(b)) ? undefined : 'collections differ after the write';
}

export interface DifferentialOptions {
  seed: number;
  cases: number;
  /** Documents per collection, written again from the seed every `refill` cases (writes delete some). */
  documents?: number;
  refill?: number;
  concurrency?: number;
  onProgress?: (done: number) => void;
}

export interface DifferentialResult {
  seed: number;
  cases: number;
  failures: Array<{ index: number; case: Case; difference: string }>;
  /** Cases whose filter the patched engine sent to SQLite (from explain, on a sample). */
  pushed: { sampled: number; filter: number; sort: number; limit: number };
}

async function fill(db: Db, r: Rng, count: number): Promise<void> {
  for (const name of ['clean', 'mixed'] as const) {
    await db.collection(name).drop().catch(() => undefined);
    for (const index of INDEXES) await db.collection(name).createIndex(index);
    await db.collection(name).insertMany(documents(r, count, name === 'mixed'));
  }
}

/** Runs `cases` random cases against both databases (each an empty database of its engine). */
export async function runDifferential(patched: Db, plain: Db, options: DifferentialOptions): Promise<DifferentialResult> {
  const { seed, cases, documents: count = 150, refill = 500, concurrency = 8 } = options;
  const result: DifferentialResult = { seed, cases, failures: [], pushed: { sampled: 0, filter: 0, sort: 0, limit: 0 } };
  const r = prng(seed);
  for (let start = 0; start < cases; start += refill) {
    const docSeed = r.int(2 ** 31);
    await Promise.all([fill(patched, prng(docSeed), count), fill(plain, prng(docSeed), count)]);
    const batch = Array.from({ length: Math.min(refill, cases - start) }, () => makeCase(r));
    const one = async (i: number) => {
      const c = batch[i]!;
      const difference = await compareCase(patched, plain, c);
      if (difference) result.failures.push({ index: start + i, case: c, difference });
      if (c.kind === 'find' && i % 10 === 0) {
        const find: Doc = { find: c.collection, filter: c.filter };
        if (c.sort) find.sort = c.sort;
        if (c.limit) find.limit = c.limit;
        const explained = (await patched.command({ explain: find })) as Doc;
        result.pushed.sampled += 1;
        if (explained.filterPushdown) result.pushed.filter += 1;
        if (explained.sortPushdown) result.pushed.sort += 1;
        if (explained.limitPushdown) result.pushed.limit += 1;
      }
    };
    // Reads run side by side; a write runs alone, so that no read sees one engine before it and the other after.
    for (let i = 0; i < batch.length; ) {
      if (batch[i]!.kind !== 'find' && batch[i]!.kind !== 'count') {
        await one(i);
        i += 1;
        continue;
      }
      let end = i;
      while (end < batch.length && (batch[end]!.kind === 'find' || batch[end]!.kind === 'count')) end += 1;
      let next = i;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < end) await one(next++);
      }));
      i = end;
    }
    options.onProgress?.(Math.min(start + refill, cases));
  }
  return result;
}
