import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { completeRequest } from '../../server/booking/requests';
import { findUserByEmail } from '../../server/directory/users';
import type { Actor } from '../../server/platform/actor';
import { seedDemoCall } from '../../server/seed/demo-call';
import { DEMO_PASSWORD } from '../../server/seed/demo-data';
import { regionDemo } from '../../server/seed/region-demo-directory';
import { addDemo, DemoRefused, NATIONAL_DEMO_AUDITOR, regionDemoCall } from '../../server/seed/region-demo';
import type { RegionsReport } from '../../shared/reports';
import { regionByCode } from '../../shared/regions';
import { useTestApp } from '../support/app';
import { TestClock, whileDispatching } from '../support/booking';

// Issue 27's "Done when": Occitanie, Pays de la Loire and La Réunion demos side by side on one
// deployment (beside Auvergne-Rhône-Alpes's), each with its auditor, envelope, holidays and time zone,
// and a national auditor comparing them. Each history is three weeks of January: enough for figures.

const OCCITANIE = '76';
const PAYS_DE_LA_LOIRE = '52';
const REUNION = '04';
const REGIONS = [OCCITANIE, PAYS_DE_LA_LOIRE, REUNION];

interface Structure { id: string; department: string; region: string }

describe('Region demos side by side', () => {
  const t = useTestApp();
  // Last year's January: a period wholly past whenever the suite runs.
  const year = DateTime.now().setZone('Europe/Paris').year - 1;
  const seededAt = (code: string) => DateTime.fromObject({ year, month: 1, day: 22, hour: 9 }, { zone: regionByCode(code)!.timeZone }).toJSDate();
  const auth = async (email: string) => `Bearer ${await t.login(email, DEMO_PASSWORD)}`;
  const get = async <T>(path: string, as: string) => {
    const res = await t.http().get(path).set('Authorization', as);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
    return res.body as T;
  };

  before(async function () {
    this.timeout(180_000);
    expect(await addDemo('84')).to.equal(true);
    for (const code of REGIONS) expect(await addDemo(code, { history: true, now: seededAt(code) }), code).to.equal(true);
  });

  it('a region already there is not seeded twice, and an unknown code is refused', async () => {
    expect(await addDemo(OCCITANIE, { history: true, now: seededAt(OCCITANIE) })).to.equal(false);
    let refused: unknown;
    await addDemo('99').catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(DemoRefused);
  });

  it('each region’s auditor sees their region’s structures only, all of its demo, and another region’s is 404', async () => {
    const seen = new Map<string, Structure[]>();
    for (const code of [...REGIONS, '84']) {
      const email = code === '84' ? 'ars@demo.test' : regionDemo(code)!.auditor.email;
      const structures = await get<Structure[]>('/api/structures?limit=500', await auth(email));
      expect(structures.length, code).to.be.greaterThan(0);
      expect([...new Set(structures.map((s) => s.region))], code).to.deep.equal([code]);
      const departments = regionByCode(code)!.departments.map((d) => d.code);
      for (const s of structures) expect(departments, `${code}: ${s.department}`).to.include(s.department);
      if (code !== '84') expect(structures.length, code).to.equal(regionDemo(code)!.structures.length);
      seen.set(code, structures);
    }
    const reunionAuditor = await auth(regionDemo(REUNION)!.auditor.email);
    const res = await t.http().get(`/api/structures/${seen.get(OCCITANIE)![0]!.id}`).set('Authorization', reunionAuditor);
    expect(res.status).to.equal(404);
  });

  it('each region has its envelope and allocations for the year, seen by its own auditor, over its own structures', async () => {
    for (const code of REGIONS) {
      const auditor = await auth(regionDemo(code)!.auditor.email);
      const budget = await get<{ envelopeCents: number | null; rows: { structureId: string; allocatedCents: number; consumedCents: number }[] }>(`/api/reports/budget?year=${year}`, auditor);
      const own = (await get<Structure[]>('/api/structures?limit=500', auditor)).map((s) => s.id).sort();
      expect(budget.envelopeCents, code).to.be.greaterThan(0);
      expect(budget.rows.map((r) => r.structureId).sort(), code).to.deep.equal(own);
      for (const row of budget.rows) expect(row.allocatedCents, code).to.be.greaterThan(0);
      expect(budget.rows.reduce((sum, r) => sum + r.consumedCents, 0), code).to.be.greaterThan(0);
    }
  });

  it('La Réunion’s sessions carry Indian/Reunion and happen in its working day, not Paris’s', async () => {
    const requester = await auth(regionDemo(REUNION)!.structures[0]!.email);
    const requests = await get<{ start: string; timeZone: string; status: string }[]>(`/api/requests?limit=1000&from=${year}-01-01T00:00:00Z&to=${year}-02-01T00:00:00Z`, requester);
    expect(requests.length).to.be.greaterThan(0);
    expect([...new Set(requests.map((r) => r.timeZone))]).to.deep.equal(['Indian/Reunion']);
    // The history's day runs from 08:00 to the evening's phone calls at 21:xx, read in the zone of the place.
    const hours = requests.map((r) => DateTime.fromISO(r.start, { zone: 'Indian/Reunion' }).hour);
    expect(Math.min(...hours)).to.be.at.least(7);
    expect(Math.max(...hours)).to.be.at.most(21);
  });

  describe('20 December, the abolition of slavery day in La Réunion', () => {
    const clock = new TestClock();

    /** The region's demo call booked on `date` at 10:00 local time and completed after an hour as held by phone: its cost. */
    const costOfAnHour = async (code: string, date: string) => {
      const zone = regionByCode(code)!.timeZone;
      const now = DateTime.fromISO(`${date}T09:55`, { zone }).toJSDate();
      clock.set(now);
      const call = await whileDispatching(clock, () => seedDemoCall(now, regionDemoCall(code)));
      const interpreter = (await findUserByEmail(call!.interpreterEmail))!;
      const actor: Actor = { userId: interpreter.id, sessionId: 'test', role: 'interpreter', name: interpreter.name, email: interpreter.email, agencyId: interpreter.agencyId! };
      await completeRequest(actor, call!.requestId, { outcome: 'done', actualMinutes: 60, heldByCallback: true }, new Date(now.getTime() + 70 * 60_000));
      const requester = await auth(regionDemoCall(code).requesterEmail);
      return (await get<{ costCents: number }>(`/api/requests/${call!.requestId}`, requester)).costCents;
    };

    // A year whose 20 and 21 December are weekdays: neither is dearer for being a Sunday.
    const weekdayYear = Array.from({ length: 8 }, (_, i) => year + i).find((y) => DateTime.fromISO(`${y}-12-20`).weekday <= 4)!;

    it('is a holiday in La Réunion (its hour costs more than the next day’s) but not in Occitanie (the same)', async function () {
      this.timeout(120_000);
      const reunion = [await costOfAnHour(REUNION, `${weekdayYear}-12-20`), await costOfAnHour(REUNION, `${weekdayYear}-12-21`)];
      const occitanie = [await costOfAnHour(OCCITANIE, `${weekdayYear}-12-20`), await costOfAnHour(OCCITANIE, `${weekdayYear}-12-21`)];
      expect(reunion[0]).to.be.greaterThan(reunion[1]!);
      expect(occitanie[0]).to.equal(occitanie[1]);
    });
  });

  it('the national auditor lists the three regions with each one’s figures, the very ones its auditor reads', async () => {
    const national = await auth(NATIONAL_DEMO_AUDITOR.email);
    const report = await get<RegionsReport>(`/api/reports/regions?year=${year}`, national);
    for (const code of REGIONS) {
      const line = report.regions.find((r) => r.code === code)!;
      const auditor = await auth(regionDemo(code)!.auditor.email);
      const usage = await get<{ totals: { sessions: number; costCents: number } }>(`/api/reports/usage?year=${year}&groupBy=month`, auditor);
      const budget = await get<{ envelopeCents: number }>(`/api/reports/budget?year=${year}`, auditor);
      expect(line.structures, code).to.equal(regionDemo(code)!.structures.length);
      expect(line.usage.sessions, code).to.be.greaterThan(0);
      expect(line.usage.sessions, code).to.equal(usage.totals.sessions);
      expect(line.usage.costCents, code).to.equal(usage.totals.costCents);
      expect(line.budget.envelopeCents, code).to.equal(budget.envelopeCents);
      expect(line.access.requests, code).to.be.greaterThan(0);
    }
    const res = await t.http().put(`/api/envelopes/${year}`).send({ amountCents: 100 }).set('Authorization', national);
    expect(res.status).to.equal(403);
  });
});

describe('npm run seed:demo -- --region', () => {
  const seedDemo = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', ...args], {
    // A database that does not answer: the arguments are checked before any is opened.
    env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/none', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 25_000,
  });

  it('refuses an unknown region code with one line and exit status 2, before opening the database', function () {
    this.timeout(30_000);
    const result = seedDemo('--region', '99');
    expect(result.status).to.equal(2);
    expect(result.stderr.trim().split('\n')).to.deep.equal(['Unknown region code "99": use an INSEE region code such as 84, 76, 52 or 04 (npm run seed:demo -- --help lists them).']);
  });

  it('--help lists every region with its code', function () {
    this.timeout(30_000);
    const result = seedDemo('--help');
    expect(result.status).to.equal(0);
    for (const code of ['84', '76', '52', '04', '06']) expect(result.stdout).to.match(new RegExp(`\\b${code} +${regionByCode(code)!.name}\\b`));
  });
});
