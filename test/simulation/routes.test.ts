import { expect } from 'chai';
import { aStructure, aUser } from '../support/fixtures';
import { useTestApp } from '../support/app';

// POST /api/simulations from the auditors' dashboard: 202 with an id, then polled until its results
// and the baseline arrive, the simulation running in a worker thread.

describe('Capacity simulations over HTTP', function () {
  this.timeout(120_000);
  const t = useTestApp();
  let auditor: string;

  before(async () => {
    auditor = await t.login((await aUser('auditor')).email);
  });

  const poll = async (id: string) => {
    for (;;) {
      const res = await t.http().get(`/api/simulations/${id}`).set('Authorization', `Bearer ${auditor}`);
      expect(res.status).to.equal(200);
      if (res.body.status !== 'running') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('runs a scenario in a worker and answers its results with the baseline; one at a time', async () => {
    const scenario = { demand: 0.05, add: [{ language: 'hye', modalities: ['phone', 'video'], count: 2 }], policy: { waveSize: 5 } };
    const started = await t.http().post('/api/simulations').set('Authorization', `Bearer ${auditor}`).send(scenario);
    expect(started.status).to.equal(202);
    expect(started.body.id).to.match(/^[a-f0-9]{24}$/);
    const busy = await t.http().post('/api/simulations').set('Authorization', `Bearer ${auditor}`).send({ demand: 0.05 });
    expect(busy.status).to.equal(429);
    // The event loop stays free meanwhile.
    const health = await t.http().get('/health');
    expect(health.status).to.equal(200);
    const run = await poll(started.body.id);
    expect(run, run.error).to.include({ status: "done", progress: 1 });
    expect(run.result).to.include.keys('requests', 'hours', 'costCents', 'fillRate', 'medianSecondsToAssignNow', 'unfilledByLanguage', 'byDepartment', 'load', 'assumptions');
    expect(run.result.pool.interpreters).to.equal(46);
    expect(run.baseline.pool.interpreters).to.equal(44);
    expect(run.baseline.scenario.policy.waveSize).to.equal(3);
  });

  it('refuses unknown fields and out-of-range levers (400), requesters (403), and an unknown run (404)', async () => {
    for (const body of [{ demand: 10 }, { colour: 'red' }, { add: [{ language: 'prs', modalities: ['onsite'], count: 500 }] }, { policy: { waveSize: 0 } }]) {
      const res = await t.http().post('/api/simulations').set('Authorization', `Bearer ${auditor}`).send(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
    }
    // What the schema cannot see: no such language, no such agency; refused before any run starts.
    const unknown = await t.http().post('/api/simulations').set('Authorization', `Bearer ${auditor}`).send({ add: [{ language: 'xxx', modalities: ['onsite'], departments: ['38'], count: 3 }], removeAgency: ['nope'] });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`)).to.deep.equal(['add.0.language unknown_language', 'removeAgency.0 unknown_agency']);
    const requester = await t.login((await aUser('requester', { structureId: (await aStructure()).id })).email);
    expect((await t.http().post('/api/simulations').set('Authorization', `Bearer ${requester}`).send({})).status).to.equal(403);
    expect((await t.http().get('/api/simulations/0123456789abcdef01234567').set('Authorization', `Bearer ${auditor}`)).status).to.equal(404);
  });
});
