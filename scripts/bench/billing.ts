import mongoose from 'mongoose';
import { ledgerStoreForTests } from '../../server/billing/ledger-store';
import { OfferModel } from '../../server/booking/store';
import { seedHistory } from '../../server/seed/history';
import { api, stats } from './harness';
import { aRequester, manyInterpreters } from './world';

/**
 * Counts the database operations (each one round trip) a completion makes, by collection: what the
 * ledger and its roll-up add is the operations on `ledger` and `rollups`. Counted from mongoose's own
 * log of the calls it sends, over `rounds` completions after a first one that warms the caches.
 */
export async function benchCompletionWrites(base: string, rounds = 20) {
  const { interpreters } = await manyInterpreters(rounds + 1, 'ara');
  const requester = await aRequester(base);
  const perCompletion: Array<Record<string, number>> = [];
  for (let i = 0; i <= rounds; i += 1) {
    const booked = await api(base, 'POST', '/api/requests', requester.token, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    if (booked.status !== 201) throw new Error(`booking failed: ${booked.status}`);
    const [offer] = await OfferModel.insertMany([{ requestId: booked.body.id, interpreterId: interpreters[i]!.id, wave: 1, status: 'live', createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) }]);
    const accepted = await api(base, 'POST', `/api/offers/${offer!._id.toString()}/accept`, interpreters[i]!.token);
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status}`);
    const counts: Record<string, number> = {};
    mongoose.set('debug', (collection: string) => {
      counts[collection] = (counts[collection] ?? 0) + 1;
    });
    const done = await api(base, 'POST', `/api/requests/${booked.body.id}/complete`, interpreters[i]!.token, { actualMinutes: 25, outcome: 'done', heldByCallback: true });
    mongoose.set('debug', false);
    if (done.status !== 200) throw new Error(`complete failed: ${done.status}`);
    if (i > 0) perCompletion.push(counts);
  }
  const billing = perCompletion.map((c) => (c.ledger ?? 0) + (c.rollups ?? 0));
  const total = perCompletion.map((c) => Object.values(c).reduce((a, b) => a + b, 0));
  return { rounds, billingMax: Math.max(...billing), billingMedian: stats(billing).median, totalMedian: stats(total).median };
}

interface ReportRow {
  key: string;
  sessions: number;
  minutes: number;
  costCents: number;
}

/**
 * The yearly usage report over a ledger of about `sessions` sessions (seeded by seed:history at the
 * scale that gives it), through the HTTP route, against aggregating the raw ledger for the same answer.
 */
export async function benchUsageReport(base: string, sessions = 1_000_000, reportRuns = 30, rawRuns = 3) {
  const year = 2022;
  // seed:history's 2022 at scale 1 is 18,154 sessions; the count reached is reported, not assumed.
  // Usage only: the requests behind a million sessions would take the seed most of an hour, and this report never reads them.
  const seeded = await seedHistory({ year, scale: Math.max(1, Math.round(sessions / 18_154)), requests: false });
  const auditor = await loginAs(base, 'ars@demo.test');
  const fromRollups: number[] = [];
  let answer: ReportRow[] = [];
  for (let i = 0; i < reportRuns; i += 1) {
    const t = performance.now();
    const res = await api(base, 'GET', `/api/reports/usage?year=${year}&groupBy=structure`, auditor);
    fromRollups.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`report failed: ${res.status}`);
    answer = res.body.rows;
  }
  const fromLedger: number[] = [];
  let raw: ReportRow[] = [];
  for (let i = 0; i < rawRuns; i += 1) {
    const t = performance.now();
    raw = await foldRawLedger(year);
    fromLedger.push(performance.now() - t);
  }
  const same = sameRows(answer, raw);
  const cold = fromRollups[0]!;
  const report = stats(fromRollups);
  const ledger = stats(fromLedger);
  return { seeded, entries: await ledgerStoreForTests.entries.estimatedDocumentCount(), cold, report, ledger, ratio: ledger.median / report.median, same };
}

/**
 * The same answer from the raw ledger, by the fastest correct way this engine offers: one pass over the
 * year's entries, summed here. (FerretDB v1's `$group` computes only the first of several `$sum`
 * accumulators and leaves the others 0, so its aggregation gives a wrong answer in one pass.)
 */
async function foldRawLedger(year: number): Promise<ReportRow[]> {
  const rows = new Map<string, ReportRow>();
  const entries = ledgerStoreForTests.entries.find({ day: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } })
    .select({ structureId: 1, sessions: 1, billedMinutes: 1, costCents: 1, _id: 0 })
    .lean<Array<{ structureId: string; sessions: number; billedMinutes: number; costCents: number }>>()
    .cursor({ batchSize: 10_000 });
  for await (const entry of entries) {
    const row = rows.get(entry.structureId) ?? { key: entry.structureId, sessions: 0, minutes: 0, costCents: 0 };
    row.sessions += entry.sessions;
    row.minutes += entry.billedMinutes;
    row.costCents += entry.costCents;
    rows.set(entry.structureId, row);
  }
  return [...rows.values()];
}

function sameRows(a: ReportRow[], b: ReportRow[]): boolean {
  const byKey = new Map(b.filter((r) => r.sessions !== 0).map((r) => [r.key, r]));
  return a.length === byKey.size && a.every((r) => {
    const other = byKey.get(r.key);
    return other !== undefined && other.sessions === r.sessions && other.minutes === r.minutes && other.costCents === r.costCents;
  });
}

async function loginAs(base: string, email: string): Promise<string> {
  const res = await api(base, 'POST', '/api/auth/login', undefined, { email, password: 'demo-demo-demo' });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.token as string;
}
