import { expect } from 'chai';
import { DateTime } from 'luxon';
import { routeCatalogue } from '../../server/platform/routing';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld } from '../support/booking';
import { aStructure, aUser } from '../support/fixtures';

// Issue 27, item 3: the cross-region twins of the scoping tests. Auvergne-Rhône-Alpes ('84') holds
// bookingWorld's structures (69, 38) and its auditor; Occitanie ('76') a structure in 31 and an auditor
// of its own. An auditor of one region finds nothing of the other (404, as another structure's data
// for a requester); a national auditor reads every region and changes nothing.
describe('Regions: an auditor sees their region only, a national auditor every region', () => {
  const t = useTestApp();
  const year = DateTime.now().setZone('Europe/Paris').year;
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let occitanie: { id: string };
  let occitanieRequester: string;
  let occitanieAuditor: string;
  let national: string;
  let admin: string;
  let araRequest: string;
  let occitanieRequest: string;

  const as = (auth: string) => ({ Authorization: auth });
  const bearer = async (email: string) => `Bearer ${await t.login(email)}`;

  /** A phone session held now by the structure of `auth`, completed: its request id. */
  const heldSession = async (auth: string, interpreter: { auth: string }) => {
    const booked = await t.http().post('/api/requests').set(as(auth)).send({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    await acceptedBy(t, booked.body.id, interpreter);
    const done = await t.http().post(`/api/requests/${booked.body.id}/complete`).set(as(interpreter.auth)).send({ actualMinutes: 20, outcome: 'done', heldByCallback: true });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    return booked.body.id as string;
  };

  before(async () => {
    w = await bookingWorld(t, 2);
    occitanie = await aStructure({ name: 'PASS Toulouse', department: '31' });
    const [requester, auditor, nationalAuditor, anAdmin] = await Promise.all([
      aUser('requester', { structureId: occitanie.id }),
      aUser('auditor', { region: '76' }),
      aUser('national_auditor'),
      aUser('admin'),
    ]);
    [occitanieRequester, occitanieAuditor, national, admin] = await Promise.all([bearer(requester.email), bearer(auditor.email), bearer(nationalAuditor.email), bearer(anAdmin.email)]);
    araRequest = await heldSession(w.requester.auth, w.interpreters[0]!);
    occitanieRequest = await heldSession(occitanieRequester, w.interpreters[1]!);
  });

  describe('structures', () => {
    it('a structure takes the region its department says, and moves with a department in another region', async () => {
      expect((await t.http().get(`/api/structures/${occitanie.id}`).set(as(admin))).body.region).to.equal('76');
      const created = await t.http().post('/api/structures').set(as(admin)).send({ name: 'CDS Saint-Denis', type: 'CDS', department: '974' });
      expect(created.status).to.equal(201);
      expect(created.body.region).to.equal('04');
      const moved = await t.http().patch(`/api/structures/${created.body.id}`).set(as(admin)).send({ department: '01' });
      expect(moved.body.region).to.equal('84');
      expect((await t.http().get(`/api/structures/${created.body.id}`).set(as(w.auditor.auth))).status).to.equal(200);
      expect((await t.http().get(`/api/structures/${created.body.id}`).set(as(occitanieAuditor))).status).to.equal(404);
    });

    it('an auditor of Occitanie gets a 404 for a structure of Auvergne-Rhône-Alpes and lists only Occitanie’s', async () => {
      const res = await t.http().get(`/api/structures/${w.otherStructure.id}`).set(as(occitanieAuditor));
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
      const list = await t.http().get('/api/structures').set(as(occitanieAuditor));
      expect(list.body.map((s: { id: string }) => s.id)).to.deep.equal([occitanie.id]);
      const ara = await t.http().get('/api/structures').set(as(w.auditor.auth));
      expect(ara.body.map((s: { id: string }) => s.id)).not.to.include(occitanie.id);
    });
  });

  describe('agencies', () => {
    it('an auditor sees the agencies with a convention in their region; one covering two regions, both auditors see', async () => {
      const both = await t.http().post('/api/agencies').set(as(admin)).send({ name: 'Agence Rhône-Garonne', departments: ['69', '31'] });
      expect(both.status).to.equal(201);
      expect((await t.http().get(`/api/agencies/${w.agency.id}`).set(as(occitanieAuditor))).status).to.equal(404);
      expect((await t.http().get(`/api/agencies/${w.agency.id}`).set(as(w.auditor.auth))).status).to.equal(200);
      const occ = await t.http().get('/api/agencies').set(as(occitanieAuditor));
      expect(occ.body.map((a: { id: string }) => a.id)).to.deep.equal([both.body.id]);
      const ara = await t.http().get('/api/agencies').set(as(w.auditor.auth));
      expect(ara.body.map((a: { id: string }) => a.id)).to.have.members([w.agency.id, both.body.id]);
      const ratings = (await t.http().get('/api/ratings').set(as(occitanieAuditor))).body;
      expect(ratings.agencies.map((a: { agencyId: string }) => a.agencyId)).to.deep.equal([both.body.id]);
    });

    it('an auditor prices and lists the tariffs of their region’s agencies only (another region’s agency: 404)', async () => {
      const { modalities, surcharges, cancellation } = (await t.http().get('/api/tariffs').set(as(admin))).body.default;
      const rest = { modalities, surcharges, cancellation };
      const validFrom = DateTime.now().setZone('Europe/Paris').plus({ days: 30 }).toISODate();
      const refused = await t.http().post('/api/tariffs').set(as(occitanieAuditor)).send({ ...rest, agencyId: w.agency.id, validFrom });
      expect(refused.status, JSON.stringify(refused.body)).to.equal(404);
      const added = await t.http().post('/api/tariffs').set(as(w.auditor.auth)).send({ ...rest, agencyId: w.agency.id, validFrom });
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
      const occ = (await t.http().get('/api/tariffs').set(as(occitanieAuditor))).body;
      expect(occ.agencies.map((a: { agencyId: string }) => a.agencyId)).not.to.include(w.agency.id);
      expect((await t.http().get('/api/tariffs').set(as(w.auditor.auth))).body.agencies.map((a: { agencyId: string }) => a.agencyId)).to.include(w.agency.id);
    });
  });

  describe('users and interpreters', () => {
    it('an auditor of Occitanie gets a 404 for Auvergne-Rhône-Alpes’ requesters, interpreters and auditors, and lists only their region’s', async () => {
      for (const path of [`/api/users/${w.requester.id}`, `/api/users/${w.auditor.id}`, `/api/interpreters/${w.interpreters[0]!.id}`]) {
        expect((await t.http().get(path).set(as(occitanieAuditor))).status, path).to.equal(404);
        expect((await t.http().get(path).set(as(w.auditor.auth))).status, path).to.equal(200);
      }
      const occ = (await t.http().get('/api/users').set(as(occitanieAuditor))).body as Array<{ role: string; structureId?: string; region?: string }>;
      expect(occ.map((u) => [u.role, u.structureId ?? u.region])).to.have.deep.members([['requester', occitanie.id], ['auditor', '76']]);
      expect((await t.http().get('/api/interpreters').set(as(occitanieAuditor))).body).to.deep.equal([]);
      expect((await t.http().get('/api/interpreters').set(as(w.auditor.auth))).body).to.have.length(2);
    });
  });

  describe('requests', () => {
    it('an auditor of Occitanie cannot read, export or correct a request of Auvergne-Rhône-Alpes (404), nor list it', async () => {
      expect((await t.http().get(`/api/requests/${araRequest}`).set(as(occitanieAuditor))).status).to.equal(404);
      expect((await t.http().get(`/api/requests/${araRequest}/export`).set(as(occitanieAuditor))).status).to.equal(404);
      expect((await t.http().post(`/api/requests/${araRequest}/correction`).set(as(occitanieAuditor)).send({ actualMinutes: 10, outcome: 'done', reason: 'erreur' })).status).to.equal(404);
      const list = await t.http().get('/api/requests').set(as(occitanieAuditor));
      expect(list.body.map((r: { id: string }) => r.id)).to.deep.equal([occitanieRequest]);
      expect((await t.http().get(`/api/requests/${araRequest}`).set(as(w.auditor.auth))).status).to.equal(200);
      expect((await t.http().get(`/api/requests/${occitanieRequest}`).set(as(w.auditor.auth))).status).to.equal(404);
    });
  });

  describe('budget', () => {
    it('an allocation to another region’s structure is a 404 and changes nothing', async () => {
      const res = await t.http().put(`/api/allocations/${year}/${w.structure.id}`).set(as(occitanieAuditor)).send({ amountCents: 100_000 });
      expect(res.status).to.equal(404);
      const ara = await t.http().get(`/api/reports/budget?year=${year}`).set(as(w.auditor.auth));
      expect(ara.body.rows.find((r: { structureId: string }) => r.structureId === w.structure.id).allocatedCents).to.equal(0);
    });

    it('each region has its own envelope and allocations for the same year, and its budget lists its structures only', async () => {
      await t.http().put(`/api/envelopes/${year}`).set(as(w.auditor.auth)).send({ amountCents: 5_000_000 }).expect(200);
      await t.http().put(`/api/envelopes/${year}`).set(as(occitanieAuditor)).send({ amountCents: 2_000_000 }).expect(200);
      await t.http().put(`/api/allocations/${year}/${occitanie.id}`).set(as(occitanieAuditor)).send({ amountCents: 300_000 }).expect(200);
      const ara = (await t.http().get(`/api/reports/budget?year=${year}`).set(as(w.auditor.auth))).body;
      const occ = (await t.http().get(`/api/reports/budget?year=${year}`).set(as(occitanieAuditor))).body;
      expect([ara.envelopeCents, occ.envelopeCents]).to.deep.equal([5_000_000, 2_000_000]);
      expect(ara.rows.map((r: { structureId: string }) => r.structureId)).not.to.include(occitanie.id);
      expect(occ.rows.map((r: { structureId: string }) => r.structureId)).to.deep.equal([occitanie.id]);
      expect(occ.rows[0].allocatedCents).to.equal(300_000);
      expect(occ.region.consumedCents).to.equal(occ.rows[0].consumedCents);
    });

    it('the audit trail shows an auditor their region’s budget changes and their region’s agencies’ tariffs only', async () => {
      const occ = (await t.http().get('/api/audit').set(as(occitanieAuditor))).body as Array<{ entity: string; entityId: string; region: string }>;
      const ara = (await t.http().get('/api/audit').set(as(w.auditor.auth))).body as typeof occ;
      expect(occ.map((e) => [e.entity, e.region])).to.have.deep.members([['envelope', '76'], ['allocation', '76']]);
      expect(ara.map((e) => [e.entity, e.region ?? e.entityId])).to.have.deep.members([['envelope', '84'], ['tariff', w.agency.id]]);
    });

    it('an auditor naming another region’s budget gets a 404', async () => {
      expect((await t.http().get(`/api/reports/budget?year=${year}&region=84`).set(as(occitanieAuditor))).status).to.equal(404);
    });

    it('an administrator starts a region: sets its envelope, naming it; an auditor sets only their own', async () => {
      const res = await t.http().put(`/api/envelopes/${year}`).set(as(admin)).send({ amountCents: 1_500_000, region: '52' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((await t.http().get(`/api/reports/budget?year=${year}&region=52`).set(as(national))).body.envelopeCents).to.equal(1_500_000);
      const without = await t.http().put(`/api/envelopes/${year}`).set(as(admin)).send({ amountCents: 1 });
      expect([without.status, without.body.error.details[0].code]).to.deep.equal([400, 'region_required']);
      const other = await t.http().put(`/api/envelopes/${year}`).set(as(occitanieAuditor)).send({ amountCents: 1, region: '52' });
      expect([other.status, other.body.error.details[0].code]).to.deep.equal([400, 'not_your_region']);
      expect((await t.http().put(`/api/envelopes/${year}`).set(as(admin)).send({ amountCents: 1, region: '99' })).status).to.equal(400);
      // Nothing of the refused calls was written; Occitanie's own, naming itself, is.
      expect((await t.http().get(`/api/reports/budget?year=${year}&region=52`).set(as(national))).body.envelopeCents).to.equal(1_500_000);
      expect((await t.http().put(`/api/envelopes/${year}`).set(as(occitanieAuditor)).send({ amountCents: 2_000_000, region: '76' })).status).to.equal(200);
    });
  });

  describe('reports', () => {
    it('usage counts the auditor’s region only; another region named is a 404, another region’s structure counts nothing', async () => {
      const occ = (await t.http().get(`/api/reports/usage?year=${year}&groupBy=structure`).set(as(occitanieAuditor))).body;
      expect(occ.rows.map((r: { key: string }) => r.key)).to.deep.equal([occitanie.id]);
      expect(occ.totals.sessions).to.equal(1);
      const ara = (await t.http().get(`/api/reports/usage?year=${year}&groupBy=structure`).set(as(w.auditor.auth))).body;
      expect(ara.rows.map((r: { key: string }) => r.key)).to.deep.equal([w.structure.id]);
      expect((await t.http().get(`/api/reports/usage?year=${year}&region=84`).set(as(occitanieAuditor))).status).to.equal(404);
      const named = (await t.http().get(`/api/reports/usage?year=${year}&structureId=${w.structure.id}`).set(as(occitanieAuditor))).body;
      expect(named.totals.sessions).to.equal(0);
      const csv = await t.http().get(`/api/reports/usage?year=${year}&groupBy=structure&format=csv`).set(as(occitanieAuditor));
      expect(csv.text).to.include(occitanie.id).and.not.to.include(w.structure.id);
    });

    it('unmet demand (the access report) counts the auditor’s region only', async () => {
      const occ = (await t.http().get(`/api/reports/access?year=${year}`).set(as(occitanieAuditor))).body;
      const ara = (await t.http().get(`/api/reports/access?year=${year}`).set(as(w.auditor.auth))).body;
      expect([occ.totals.requests, ara.totals.requests]).to.deep.equal([1, 1]);
      expect((await t.http().get(`/api/reports/access?year=${year}&region=84`).set(as(occitanieAuditor))).status).to.equal(404);
    });
  });

  describe('a national auditor', () => {
    it('reads every region side by side: usage, budget and unmet demand', async () => {
      const res = await t.http().get(`/api/reports/regions?year=${year}`).set(as(national));
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.regions).to.have.length(18);
      const byCode = new Map(res.body.regions.map((r: { code: string }) => [r.code, r]));
      const ara = byCode.get('84') as { name: string; usage: { sessions: number }; budget: { envelopeCents: number }; access: { requests: number } };
      const occ = byCode.get('76') as typeof ara;
      expect(ara.name).to.equal('Auvergne-Rhône-Alpes');
      expect([ara.usage.sessions, occ.usage.sessions]).to.deep.equal([1, 1]);
      expect([ara.budget.envelopeCents, occ.budget.envelopeCents]).to.deep.equal([5_000_000, 2_000_000]);
      expect([ara.access.requests, occ.access.requests]).to.deep.equal([1, 1]);
      expect((byCode.get('04') as typeof ara).usage.sessions).to.equal(0);
    });

    it('reads any region’s reports and every structure', async () => {
      expect((await t.http().get(`/api/reports/budget?year=${year}&region=76`).set(as(national))).body.envelopeCents).to.equal(2_000_000);
      expect((await t.http().get(`/api/reports/usage?year=${year}`).set(as(national))).body.totals.sessions).to.equal(2);
      expect((await t.http().get(`/api/structures/${occitanie.id}`).set(as(national))).status).to.equal(200);
    });

    it('changes nothing: every route that writes answers 403', async () => {
      // A capacity simulation is posted but writes nothing: it runs in memory, as a report is computed (server/simulation/runs.ts).
      const writes = [...routeCatalogue.values()].filter((r) => r.method !== 'get' && r.access !== 'public' && r.access !== 'authenticated' && `${r.method} ${r.path}` !== 'post /api/simulations');
      expect(writes.filter((r) => (r.access as readonly string[]).includes('national_auditor')).map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
      expect((await t.http().put(`/api/envelopes/${year}`).set(as(national)).send({ amountCents: 1 })).status).to.equal(403);
      expect((await t.http().put(`/api/allocations/${year}/${occitanie.id}`).set(as(national)).send({ amountCents: 1 })).status).to.equal(403);
    });

    it('an auditor of a region may not read the national view (403)', async () => {
      expect((await t.http().get(`/api/reports/regions?year=${year}`).set(as(w.auditor.auth))).status).to.equal(403);
    });
  });

  describe('auditors’ accounts', () => {
    const body = { email: 'region@test.test', password: 'long-enough-password', name: 'Auditrice' };
    it('an auditor is created with a region, which their account shows', async () => {
      const res = await t.http().post('/api/users').set(as(admin)).send({ ...body, role: 'auditor', region: '52' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.region).to.equal('52');
      const me = await t.http().get('/api/me').set(as(`Bearer ${await t.login(body.email, body.password)}`));
      expect(me.body.user.region).to.equal('52');
    });

    it('without a region, with an unknown one, or a region for another role: 400 naming the field', async () => {
      const missing = await t.http().post('/api/users').set(as(admin)).send({ ...body, email: 'a@test.test', role: 'auditor' });
      expect(missing.status).to.equal(400);
      expect(missing.body.error.details[0]).to.include({ field: 'region', code: 'required' });
      const unknown = await t.http().post('/api/users').set(as(admin)).send({ ...body, email: 'b@test.test', role: 'auditor', region: '82' });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.details[0].field).to.equal('region');
      const other = await t.http().post('/api/users').set(as(admin)).send({ ...body, email: 'c@test.test', role: 'admin', region: '84' });
      expect(other.status).to.equal(400);
      expect(other.body.error.details[0]).to.include({ field: 'region', code: 'not_allowed' });
    });
  });
});
