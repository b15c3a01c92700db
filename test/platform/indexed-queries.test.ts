import { expect } from 'chai';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { erasePatientData } from '../../server/booking/retention';
import { LANES, jobs } from '../../server/platform/jobs-store';
import { outbox } from '../../server/notify/outbox-store';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';

// Everyday calls must cost the same with 20,000 requests as with 20: every query the app sends on its
// everyday paths is answered from an index, never by reading the whole collection. This test records
// every query mongoose sends while requests are booked, dispatched, accepted, completed, cancelled,
// listed, reported on and exported, then asks the engine how it answers each one (explain).

interface Sent {
  collection: string;
  method: string;
  filter: Record<string, unknown>;
  sort?: Record<string, unknown>;
}

/** Collections that hold a handful of documents whatever the region's activity (a scan reads a few). */
const SMALL = new Set(['structures', 'agencies', 'agencytariffs', 'budgets', 'audits', 'rollup_heads', 'qualifications']);

const READS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'exists']);

describe('Every everyday query is answered from an index', () => {
  const t = useTestApp();
  const sent: Sent[] = [];

  before(async function () {
    this.timeout(120_000);
    const w = await bookingWorld(t, 4);
    const clock = new TestClock();
    const runner = jobRunner(clock);
    mongoose.set('debug', (collection: string, method: string, filter: unknown, ...rest: unknown[]) => {
      if (!READS.has(method)) return;
      const options = rest.find((r) => r !== null && typeof r === 'object' && 'sort' in (r as object)) as { sort?: Record<string, unknown> } | undefined;
      sent.push({ collection, method, filter: (filter ?? {}) as Record<string, unknown>, sort: options?.sort });
    });
    try {
      const as = (auth: string) => ({ get: (url: string) => t.http().get(url).set('Authorization', auth), post: (url: string, body?: object) => t.http().post(url).set('Authorization', auth).send(body ?? {}) });
      const requester = as(w.requester.auth);
      const booked = (await requester.post('/api/requests', { language: 'ara', modality: 'video', start: parisIn(2, '10:00'), durationMinutes: 60, patientRef: 'AB-12' })).body;
      const series = (await requester.post('/api/requests', { language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60, recurrence: { every: 'week', count: 3 } })).body;
      const now = (await requester.post('/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 })).body;
      await requester.get(`/api/requests/coverage?language=ara&modality=onsite&start=${encodeURIComponent(parisIn(4, '10:00'))}&durationMinutes=60&department=69`);
      const uncovered = (await requester.post('/api/requests', { language: 'tir', modality: 'video', start: parisIn(4, '10:00'), durationMinutes: 60 })).body;
      const declined = (await requester.post('/api/requests', { language: 'ara', modality: 'video', start: parisIn(5, '10:00'), durationMinutes: 60 })).body;
      await runner.runDue();
      const interpreter = as(w.interpreters[0]!.auth);
      const offers = (await interpreter.get('/api/offers')).body as Array<{ id: string; requestId: string }>;
      for (const offer of offers) {
        if (offer.requestId === declined.id) await interpreter.post(`/api/offers/${offer.id}/decline`);
        else await interpreter.post(`/api/offers/${offer.id}/accept`);
      }
      await as(w.interpreters[1]!.auth).get('/api/offers');
      await as(w.dispatcher.auth).get(`/api/requests/${uncovered.id}/candidates`);
      await requester.get('/api/requests?limit=20');
      await requester.get(`/api/requests?status=open&limit=20`);
      await requester.get(`/api/requests/${booked.id}`);
      await requester.get(`/api/requests/${booked.id}/cancellation-quote`);
      await requester.post(`/api/requests/${series.id}/cancel`, { reason: 'Rendez-vous annulé', scope: 'following' });
      await interpreter.get('/api/requests?limit=20');
      await interpreter.post(`/api/requests/${now.id}/complete`, { actualMinutes: 12, outcome: 'done', heldByCallback: true });
      await as(w.dispatcher.auth).get('/api/requests?status=open&limit=20');
      const auditor = as(w.auditor.auth);
      // Their region's requests: those of its structures (issue 27).
      await auditor.get('/api/requests?limit=20');
      await auditor.get(`/api/reports/usage?year=${new Date().getFullYear()}&groupBy=structure`);
      await auditor.get(`/api/reports/budget?year=${new Date().getFullYear()}`);
      await auditor.get(`/api/reports/usage?year=${new Date().getFullYear()}&groupBy=month&agencyId=${w.agency.id}`);
      // A month's statements, one read, submitted, approved, then the next month's (what it adjusts).
      const month = DateTime.now().setZone('Europe/Paris');
      const [statement] = (await auditor.get(`/api/statements?month=${month.toFormat('yyyy-MM')}`)).body as Array<{ id: string }>;
      await as(w.dispatcher.auth).get(`/api/statements/${statement!.id}`);
      await as(w.dispatcher.auth).post(`/api/statements/${statement!.id}/submit`);
      await auditor.post(`/api/statements/${statement!.id}/approve`);
      await auditor.get(`/api/statements?agencyId=${w.agency.id}&month=${month.plus({ months: 1 }).toFormat('yyyy-MM')}`);
      // The first access report reads the year's requests, the next one those changed since.
      await auditor.get(`/api/reports/access?year=${new Date().getFullYear()}&groupBy=language`);
      await auditor.get(`/api/reports/access?year=${new Date().getFullYear()}&groupBy=department`);
      await requester.get(`/api/requests/${booked.id}/export`);
      clock.advance(60);
      await runner.runDue();
      for (const lane of LANES) await jobs.claim('audit', lane, new Date(), 1000);
      await outbox.claim('audit', new Date(), 1000);
      await erasePatientData(new Date(), 365);
    } finally {
      mongoose.set('debug', false);
    }
  });

  it('no query reads a whole collection that grows with the region (explain shows an index or the _id)', async () => {
    const db = mongoose.connection.db!;
    const seen = new Set<string>();
    const scans: string[] = [];
    let explained = 0;
    for (const query of sent) {
      if (SMALL.has(query.collection)) continue;
      const key = JSON.stringify([query.collection, query.filter, query.sort]);
      if (seen.has(key)) continue;
      seen.add(key);
      const find: Record<string, unknown> = { find: query.collection, filter: query.filter };
      if (query.sort) find.sort = query.sort;
      const plan = ((await db.command({ explain: find })) as { queryPlanner?: { Plan?: string[] } }).queryPlanner?.Plan ?? [];
      explained += 1;
      // SQLite says SCAN <table> when it reads the whole table, SEARCH ... USING (INDEX|INTEGER PRIMARY KEY) otherwise.
      if (plan.some((step) => /\bSCAN [a-z_]+_[0-9a-f]{8}\b(?! USING)/.test(step))) scans.push(`${query.collection}.${query.method}(${JSON.stringify(query.filter)})${query.sort ? ` sort ${JSON.stringify(query.sort)}` : ''}: ${plan.join(' | ')}`);
    }
    console.log(`      ${sent.length} queries sent, ${explained} distinct ones on growing collections explained`);
    expect(explained).to.be.greaterThan(30);
    expect(scans).to.deep.equal([]);
  });
});
