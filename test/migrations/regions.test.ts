import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { migrateToRegions, REGIONS_MIGRATION } from '../../server/migrations/regions';
import { digestOf, newSecret } from '../../server/auth/secrets';
import { hashPassword } from '../../server/auth/passwords';
import { useTestApp, TEST_PASSWORD } from '../support/app';

// Issue 27, item 5: a database of today (one region, no region field anywhere) is given its regions at
// start-up, once, and a second run (or a second process at the same time) changes nothing more.
describe('Migration to regions of a database from before regions', () => {
  const t = useTestApp();
  const db = () => mongoose.connection.db!;
  const lyon = new Types.ObjectId();
  const toulouse = new Types.ObjectId();
  const staged = new Types.ObjectId();
  const auditorId = new Types.ObjectId();
  let auditorToken: string;

  /** The shape of today's documents, written as today's code wrote them: no region anywhere. */
  async function insertTodaysShape() {
    const now = new Date();
    await db().collection('structures').insertMany([
      { _id: lyon, name: 'PASS Lyon', type: 'PASS', department: '69', active: true, notWantedInterpreterIds: [], createdAt: now, updatedAt: now },
      { _id: toulouse, name: 'PASS Toulouse', type: 'PASS', department: '31', active: true, notWantedInterpreterIds: [], createdAt: now, updatedAt: now },
      { _id: staged, name: 'CDS importé', type: 'CDS', department: '974', active: false, pendingImport: 'imp1', notWantedInterpreterIds: [], createdAt: now, updatedAt: now },
    ]);
    await db().collection('users').insertMany([
      { _id: auditorId, email: 'ars@test.test', passwordHash: await hashPassword(TEST_PASSWORD), name: 'ARS', role: 'auditor', active: true, createdAt: now, updatedAt: now },
      { email: 'pass@test.test', name: 'Demandeur', role: 'requester', structureId: lyon, active: true, createdAt: now, updatedAt: now },
    ]);
    const { token, digest } = newSecret();
    auditorToken = token;
    await db().collection('sessions').insertOne({ _id: digest as never, userId: auditorId, role: 'auditor', name: 'ARS', email: 'ars@test.test', createdAt: now, expiresAt: new Date(now.getTime() + 3600_000), revokedAt: null });
    await db().collection('budgets').insertMany([
      { _id: '2025' as never, version: 7, envelopeCents: 6_500_000_000, allocations: { [lyon.toString()]: 120_000_000 } },
      { _id: '2026' as never, version: 2, envelopeCents: 7_000_000_000, allocations: {} },
    ]);
    await db().collection('audit').insertMany([
      { _id: 'budget:2025:v7' as never, at: now, byUserId: auditorId.toString(), byName: 'ARS', entity: 'allocation', entityId: lyon.toString(), year: 2025, before: null, after: 120_000_000 },
      { _id: 'tariff:x:1' as never, at: now, byUserId: auditorId.toString(), byName: 'ARS', entity: 'tariff', entityId: 'x', before: null, after: {} },
    ]);
  }

  const structureRegions = async () => Object.fromEntries((await db().collection('structures').find({}).toArray()).map((s) => [s.name, s.region]));

  before(insertTodaysShape);

  it('gives structures their department’s region, the budgets, auditors and their sessions the default region', async () => {
    const result = await migrateToRegions();
    expect(result.ran).to.equal(true);
    expect(result.changed).to.deep.equal({ structures: 3, auditors: 1, sessions: 1, budgets: 2, auditTrail: 1 });
    expect(await structureRegions()).to.deep.equal({ 'PASS Lyon': '84', 'PASS Toulouse': '76', 'CDS importé': '04' });
    const users = await db().collection('users').find({}).toArray();
    expect(users.map((u) => [u.role, u.region])).to.deep.members([['auditor', '84'], ['requester', undefined]]);
    expect((await db().collection('sessions').findOne({ _id: digestOf(auditorToken) as never }))?.region).to.equal('84');
    const budgets = await db().collection('budgets').find({}).sort({ _id: 1 }).toArray();
    expect(budgets).to.deep.equal([
      { _id: '84:2025', region: '84', year: 2025, version: 7, envelopeCents: 6_500_000_000, allocations: { [lyon.toString()]: 120_000_000 }, migratedFrom: '2025' },
      { _id: '84:2026', region: '84', year: 2026, version: 2, envelopeCents: 7_000_000_000, allocations: {}, migratedFrom: '2026' },
    ]);
  });

  it('runs once: the marker spares the second start, and without it a run changes nothing more', async () => {
    const before = await db().collection('budgets').find({}).sort({ _id: 1 }).toArray();
    expect((await migrateToRegions()).ran).to.equal(false);
    await db().collection('migrations').deleteOne({ _id: REGIONS_MIGRATION as never });
    const again = await migrateToRegions();
    expect(again.changed).to.deep.equal({ structures: 0, auditors: 0, sessions: 0, budgets: 0, auditTrail: 0 });
    expect(await db().collection('budgets').find({}).sort({ _id: 1 }).toArray()).to.deep.equal(before);
  });

  it('two processes starting together leave the same result as one', async () => {
    await db().dropDatabase();
    await insertTodaysShape();
    const [a, b] = await Promise.all([migrateToRegions(), migrateToRegions()]);
    expect((a.changed.budgets ?? 0) + (b.changed.budgets ?? 0)).to.equal(2);
    expect((a.changed.structures ?? 0) + (b.changed.structures ?? 0)).to.equal(3);
    expect(await structureRegions()).to.deep.equal({ 'PASS Lyon': '84', 'PASS Toulouse': '76', 'CDS importé': '04' });
    expect((await db().collection('budgets').find({}).toArray()).map((d) => d._id).sort()).to.deep.equal(['84:2025', '84:2026']);
    expect(await db().collection('migrations').countDocuments({})).to.equal(1);
  });

  it('a budget already written under the new id by something else is never overwritten, and the old one is kept', async () => {
    await db().dropDatabase();
    await insertTodaysShape();
    await db().collection('budgets').insertOne({ _id: '84:2026' as never, region: '84', year: 2026, version: 1, envelopeCents: 1, allocations: {} });
    const result = await migrateToRegions();
    expect(result.changed.budgets).to.equal(1);
    const budgets = await db().collection('budgets').find({}).sort({ _id: 1 }).toArray();
    expect(budgets.map((b) => [b._id, b.envelopeCents])).to.deep.equal([['2026', 7_000_000_000], ['84:2025', 6_500_000_000], ['84:2026', 1]]);
    await db().dropDatabase();
    await insertTodaysShape();
    await migrateToRegions();
  });

  it('after it, today’s auditor reads their budget and structures as before, through their open session', async () => {
    const budget = await t.http().get('/api/reports/budget?year=2025').set('Authorization', `Bearer ${auditorToken}`);
    expect(budget.status, JSON.stringify(budget.body)).to.equal(200);
    expect(budget.body.envelopeCents).to.equal(6_500_000_000);
    expect(budget.body.rows.map((r: { structureId: string; allocatedCents: number }) => [r.structureId, r.allocatedCents])).to.deep.equal([[lyon.toString(), 120_000_000]]);
    const structures = await t.http().get('/api/structures').set('Authorization', `Bearer ${auditorToken}`);
    expect(structures.body.map((s: { name: string }) => s.name)).to.deep.equal(['PASS Lyon']);
    const audit = await t.http().get('/api/audit').set('Authorization', `Bearer ${auditorToken}`);
    // The budget line is the region's now; the tariff line, of an agency working in no region, is nobody's.
    expect(audit.body.map((e: { id: string }) => e.id)).to.deep.equal(['budget:2025:v7']);
  });
});
