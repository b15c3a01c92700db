import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { aSmallWorld } from '../support/fixtures';

// Own structure 200, another structure 404 (never revealing it exists), wrong role 403.
describe('Role scoping of the directory', () => {
  const t = useTestApp();
  let world: Awaited<ReturnType<typeof aSmallWorld>>;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  before(async () => {
    world = await aSmallWorld();
    for (const who of ['admin', 'auditor', 'requester', 'dispatcher', 'interpreter'] as const) {
      tokens[who] = await t.login(world[who].email);
    }
  });

  describe('a requester', () => {
    it('reads their own structure', async () => {
      const res = await t.http().get(`/api/structures/${world.structure.id}`).set(as('requester'));
      expect(res.status).to.equal(200);
      expect(res.body.id).to.equal(world.structure.id);
    });
    it('gets a 404 for another structure', async () => {
      const res = await t.http().get(`/api/structures/${world.otherStructure.id}`).set(as('requester'));
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });
    it('lists only their own structure', async () => {
      const res = await t.http().get('/api/structures').set(as('requester'));
      expect(res.body.map((s: { id: string }) => s.id)).to.deep.equal([world.structure.id]);
    });
    it('may not create a structure, list users or read interpreters (403)', async () => {
      expect((await t.http().post('/api/structures').set(as('requester')).send({ name: 'X structure', type: 'PASS', department: '69' })).status).to.equal(403);
      expect((await t.http().get('/api/users').set(as('requester'))).status).to.equal(403);
      expect((await t.http().get(`/api/interpreters/${world.interpreter.id}`).set(as('requester'))).status).to.equal(403);
      expect((await t.http().get('/api/agencies').set(as('requester'))).status).to.equal(403);
    });
  });

  describe('a dispatcher', () => {
    it('lists the interpreters of their agency only', async () => {
      const res = await t.http().get('/api/interpreters').set(as('dispatcher'));
      expect(res.status).to.equal(200);
      expect(res.body.map((i: { id: string }) => i.id)).to.deep.equal([world.interpreter.id]);
    });
    it('reads an interpreter of their agency and gets a 404 for another agency’s', async () => {
      expect((await t.http().get(`/api/interpreters/${world.interpreter.id}`).set(as('dispatcher'))).status).to.equal(200);
      expect((await t.http().get(`/api/interpreters/${world.otherInterpreter.id}`).set(as('dispatcher'))).status).to.equal(404);
    });
    it('reads their own agency and gets a 404 for another one', async () => {
      expect((await t.http().get(`/api/agencies/${world.agency.id}`).set(as('dispatcher'))).status).to.equal(200);
      expect((await t.http().get(`/api/agencies/${world.otherAgency.id}`).set(as('dispatcher'))).status).to.equal(404);
    });
    it('may not read structures or change interpreters (403)', async () => {
      expect((await t.http().get(`/api/structures/${world.structure.id}`).set(as('dispatcher'))).status).to.equal(403);
      expect((await t.http().patch(`/api/interpreters/${world.interpreter.id}`).set(as('dispatcher')).send({ name: 'Autre nom' })).status).to.equal(403);
    });
  });

  describe('an interpreter', () => {
    it('reads themselves and gets a 404 for another interpreter', async () => {
      expect((await t.http().get(`/api/interpreters/${world.interpreter.id}`).set(as('interpreter'))).status).to.equal(200);
      expect((await t.http().get(`/api/interpreters/${world.otherInterpreter.id}`).set(as('interpreter'))).status).to.equal(404);
    });
    it('lists only themselves', async () => {
      const res = await t.http().get('/api/interpreters').set(as('interpreter'));
      expect(res.body.map((i: { id: string }) => i.id)).to.deep.equal([world.interpreter.id]);
    });
    it('updates their own availability but not their languages', async () => {
      const ok = await t.http().patch('/api/interpreters/me').set(as('interpreter')).send({ availability: [{ weekday: 1, from: '09:00', to: '12:00' }] });
      expect(ok.status).to.equal(200);
      expect(ok.body.availability).to.deep.equal([{ weekday: 1, from: '09:00', to: '12:00' }]);
      const refused = await t.http().patch('/api/interpreters/me').set(as('interpreter')).send({ languages: ['eng'] });
      expect(refused.status).to.equal(400);
      expect(refused.body.error.details[0]).to.include({ field: 'languages', code: 'unknown_field' });
    });
    it('may not use the admin routes (403)', async () => {
      expect((await t.http().patch(`/api/interpreters/${world.interpreter.id}`).set(as('interpreter')).send({ name: 'Moi' })).status).to.equal(403);
      expect((await t.http().get('/api/structures').set(as('interpreter'))).status).to.equal(403);
    });
  });

  describe('an auditor', () => {
    it('reads every structure, agency, user and interpreter', async () => {
      expect((await t.http().get(`/api/structures/${world.otherStructure.id}`).set(as('auditor'))).status).to.equal(200);
      expect((await t.http().get('/api/structures').set(as('auditor'))).body).to.have.length(2);
      expect((await t.http().get('/api/agencies').set(as('auditor'))).body).to.have.length(2);
      expect((await t.http().get(`/api/interpreters/${world.otherInterpreter.id}`).set(as('auditor'))).status).to.equal(200);
      expect((await t.http().get(`/api/users/${world.requester.id}`).set(as('auditor'))).status).to.equal(200);
    });
    it('changes nothing in the directory (403)', async () => {
      expect((await t.http().post('/api/structures').set(as('auditor')).send({ name: 'X structure', type: 'PASS', department: '69' })).status).to.equal(403);
      expect((await t.http().delete(`/api/users/${world.requester.id}`).set(as('auditor'))).status).to.equal(403);
    });
  });

  describe('an admin', () => {
    it('reads and manages everything', async () => {
      expect((await t.http().get('/api/users').set(as('admin'))).body.length).to.be.at.least(7);
      const res = await t.http().patch(`/api/structures/${world.otherStructure.id}`).set(as('admin')).send({ name: 'CDS Grenoble Centre' });
      expect(res.status).to.equal(200);
      expect(res.body.name).to.equal('CDS Grenoble Centre');
    });
  });

  it('an id that cannot exist is a 404, not a 500', async () => {
    expect((await t.http().get('/api/structures/not-an-id').set(as('admin'))).status).to.equal(404);
  });
});
