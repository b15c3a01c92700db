import type { Model } from 'mongoose';

// FerretDB v1 over SQLite hands SQLite only a filter that is exactly `{ _id: value }`; any other filter
// is a scan of the whole collection, decoded and filtered in Go (backends/sqlite/collection.go). A
// lookup that names an _id among other conditions is therefore done as the _id lookup, and the other
// conditions are checked here: one indexed read instead of a scan.

type Filter = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (a instanceof Date || b instanceof Date) return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  return typeof a === 'object' || typeof b === 'object' ? String(a) === String(b) : false;
};

const order = (a: unknown) => (a instanceof Date ? a.getTime() : (a as number));

function matchesValue(actual: unknown, condition: unknown): boolean {
  if (condition !== null && typeof condition === 'object' && !(condition instanceof Date) && !Array.isArray(condition)) {
    const operators = Object.entries(condition as Filter);
    if (operators.length > 0 && operators.every(([op]) => op.startsWith('$'))) {
      return operators.every(([op, value]) => {
        switch (op) {
          case '$in': return (value as unknown[]).some((v) => matchesValue(actual, v));
          case '$nin': return !(value as unknown[]).some((v) => matchesValue(actual, v));
          case '$ne': return !matchesValue(actual, value);
          case '$gt': return actual != null && order(actual) > order(value);
          case '$gte': return actual != null && order(actual) >= order(value);
          case '$lt': return actual != null && order(actual) < order(value);
          case '$lte': return actual != null && order(actual) <= order(value);
          default: throw new Error(`lookup: unsupported operator ${op}`);
        }
      });
    }
  }
  if (Array.isArray(actual) && !Array.isArray(condition)) return actual.some((item) => same(item, condition));
  return same(actual, condition);
}

/** Whether a plain document satisfies a filter (equality, $in, $nin, $ne, comparisons, $and, $or). */
export function matches(doc: Filter, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Filter[]).every((f) => matches(doc, f));
    if (key === '$or') return (condition as Filter[]).some((f) => matches(doc, f));
    const actual = key.split('.').reduce<unknown>((value, part) => (value as Filter | undefined)?.[part], doc);
    return matchesValue(actual, condition);
  });
}

/** The _id a filter pins down, at the top or inside a top-level $and, if any. */
function pinnedId(filter: Filter): unknown {
  const id = filter._id;
  if (id !== undefined && (typeof id !== 'object' || id === null || !Object.keys(id).some((k) => k.startsWith('$')))) return id;
  for (const part of (filter.$and as Filter[] | undefined) ?? []) {
    const inner = pinnedId(part);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** findOne(filter).lean(), as one read by _id whenever the filter names an _id. */
export async function findOneLean<T>(model: Model<any>, filter: Filter, select?: string): Promise<T | null> {
  const id = pinnedId(filter);
  if (id === undefined) return (select ? model.findOne(filter).select(select) : model.findOne(filter)).lean<T>();
  const doc = await (select ? model.findById(id).select(select) : model.findById(id)).lean<T>();
  return doc && matches(doc as Filter, filter) ? doc : null;
}
