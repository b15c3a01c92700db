import { expect } from 'chai';
import { regionDemo } from '../../server/seed/region-demo-directory';
import { aUser } from '../support/fixtures';
import { useTestApp } from '../support/app';

// A region's auditor simulates their region's year over HTTP, and only theirs; national auditors and
// admins name the region. Tiny demand factors: each run is a second or two in its worker.

describe('Capacity simulations by region over HTTP', function () {
  this.timeout(120_000);
  const t = useTestApp();
  const reunion = regionDemo('04')!;
  let auditor: string;
  let national: string;
  let araAuditor: string;

  before(async () => {
    auditor = `Bearer ${await t.login((await aUser('auditor', { region: '04' })).email)}`;
    national = `Bearer ${await t.login((await aUser('national_auditor')).email)}`;
    araAuditor = `Bearer ${await t.login((await aUser('auditor')).email)}`;
  });

  const done = async (id: string, as: string) => {
    for (;;) {
      const res = await t.http().get(`/api/simulations/${id}`).set('Authorization', as);
      expect(res.status).to.equal(200);
      if (res.body.status !== 'running') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('La Réunion’s auditor runs La Réunion’s year: its structures and interpreters, baseline too; the page’s world says so', async () => {
    const world = await t.http().get('/api/simulations/world').set('Authorization', auditor);
    expect(world.status).to.equal(200);
    expect(world.body).to.deep.include({ structures: reunion.structures.length, interpreters: reunion.interpreters.length });
    expect(world.body.region).to.deep.include({ code: '04', name: 'La Réunion', timeZone: 'Indian/Reunion', departments: [{ code: '974', name: 'La Réunion' }] });
    expect(world.body.agencies.map((a: { id: string }) => a.id)).to.deep.equal(['interpretariat', 'interpretes']);
    const started = await t.http().post('/api/simulations').set('Authorization', auditor).send({ year: 2022, demand: 0.05, removeAgency: ['interpretes'] });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const run = await done(started.body.id, auditor);
    expect(run, run.error).to.include({ status: 'done' });
    expect(run.scenario.region).to.equal('04');
    for (const figures of [run.result, run.baseline]) expect(figures.region).to.deep.equal({ code: '04', name: 'La Réunion', timeZone: 'Indian/Reunion', structures: reunion.structures.length });
    expect(run.baseline.pool.interpreters).to.equal(reunion.interpreters.length);
    expect(run.result.pool.interpreters).to.equal(reunion.interpreters.filter((i) => i.agencyIndex === 0).length);
    // Another region's auditor does not see it.
    expect((await t.http().get(`/api/simulations/${started.body.id}`).set('Authorization', araAuditor)).status).to.equal(404);
    expect((await t.http().get(`/api/simulations/${started.body.id}`).set('Authorization', national)).status).to.equal(200);
  });

  it('an auditor naming another region is 404 (starting a run or reading its world), naming theirs is fine; an unknown region is 400 naming the field', async () => {
    expect((await t.http().post('/api/simulations').set('Authorization', auditor).send({ region: '84', demand: 0.05 })).status).to.equal(404);
    expect((await t.http().get('/api/simulations/world?region=84').set('Authorization', auditor)).status).to.equal(404);
    for (const region of ['82', '975', 4]) {
      const res = await t.http().post('/api/simulations').set('Authorization', national).send({ region, demand: 0.05 });
      expect(res.status, String(region)).to.equal(400);
      expect(new Set(res.body.error.details.map((d: { field: string }) => d.field))).to.deep.equal(new Set(['region']));
    }
    expect((await t.http().get('/api/simulations/world?region=82').set('Authorization', national)).status).to.equal(400);
    expect((await t.http().get('/api/simulations/world?region=04').set('Authorization', auditor)).status).to.equal(200);
  });

  it('a national auditor names the region (Auvergne-Rhône-Alpes without one); its agencies are that region’s', async () => {
    expect((await t.http().get('/api/simulations/world').set('Authorization', national)).body.region.code).to.equal('84');
    const occitanie = await t.http().get('/api/simulations/world?region=76').set('Authorization', national);
    expect(occitanie.body).to.deep.include({ structures: regionDemo('76')!.structures.length });
    // The default region's agency is no Occitanie agency: refused before any run starts.
    const refused = await t.http().post('/api/simulations').set('Authorization', national).send({ region: '76', demand: 0.05, removeAgency: ['aim'] });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.details[0]).to.include({ field: 'removeAgency.0', code: 'unknown_agency' });
    const started = await t.http().post('/api/simulations').set('Authorization', national).send({ region: '76', demand: 0.05 });
    expect(started.status).to.equal(202);
    const run = await done(started.body.id, national);
    expect(run.result.region).to.include({ code: '76', name: 'Occitanie' });
    expect(run.result.byDepartment.every((row: { key: string }) => regionDemo('76')!.region.departments.some((d) => d.code === row.key))).to.equal(true);
  });
});
