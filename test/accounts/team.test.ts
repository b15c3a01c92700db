import { expect } from 'chai';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';
import { LINK, recipients, useMailbox } from './support';

// A structure's referent manages its own team, and nothing else: another structure is a 404.
describe('Structure referents: a requester who manages their structure’s team', () => {
  const t = useTestApp();
  const mailbox = useMailbox();
  let admin: string;
  let structure: { id: string };
  let other: { id: string };
  let referent: { id: string; email: string; auth: string };
  let colleague: { id: string; email: string; auth: string };
  let stranger: { id: string; email: string };

  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    structure = await aStructure({ name: 'Cabinet des Célestins', type: 'GP_PRACTICE', department: '03' });
    other = await aStructure({ name: 'PASS Valence', department: '26' });
    const r = await aUser('requester', { structureId: structure.id });
    const c = await aUser('requester', { structureId: structure.id });
    stranger = await aUser('requester', { structureId: other.id });
    const made = await t.http().patch(`/api/users/${r.id}`).set('Authorization', admin).send({ referent: true });
    expect(made.status).to.equal(200);
    expect(made.body.referent).to.equal(true);
    referent = { ...r, auth: `Bearer ${await t.login(r.email)}` };
    colleague = { ...c, auth: `Bearer ${await t.login(c.email)}` };
  });
  const members = (structureId: string, as = referent.auth) => t.http().get(`/api/structures/${structureId}/members`).set('Authorization', as);

  it('GET /api/me tells the client who is a referent', async () => {
    expect((await t.http().get('/api/me').set('Authorization', referent.auth)).body.user.referent).to.equal(true);
    expect((await t.http().get('/api/me').set('Authorization', colleague.auth)).body.user.referent).to.equal(false);
  });

  it('lists the requesters of their structure only', async () => {
    const res = await members(structure.id);
    expect(res.status).to.equal(200);
    expect(res.body.map((u: { id: string }) => u.id).sort()).to.deep.equal([referent.id, colleague.id].sort());
  });

  it('invites a colleague, who gets the mail, chooses a password and logs in to the same structure', async () => {
    const res = await t.http().post(`/api/structures/${structure.id}/members`).set('Authorization', referent.auth).send({ name: 'Dr Inès Morel', email: 'ines.morel@celestins.test' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ role: 'requester', structureId: structure.id, invitationPending: true, referent: false });
    const mail = (await mailbox.delivered())[0]!;
    expect(recipients(mail)).to.deep.equal(['ines.morel@celestins.test']);
    expect(mail.text).to.include('pour Cabinet des Célestins');
    await t.http().post('/api/auth/set-password').send({ token: LINK.exec(mail.text!)![1], password: 'ines-choisit-le-sien' }).expect(200);
    const login = await t.http().post('/api/auth/login').send({ email: 'ines.morel@celestins.test', password: 'ines-choisit-le-sien' });
    expect(login.body.user.structureId).to.equal(structure.id);
  });

  it('deactivates a colleague (their sessions end) and reactivates them', async () => {
    const off = await t.http().patch(`/api/structures/${structure.id}/members/${colleague.id}`).set('Authorization', referent.auth).send({ active: false });
    expect(off.status).to.equal(200);
    expect(off.body.active).to.equal(false);
    expect((await t.http().get('/api/me').set('Authorization', colleague.auth)).status).to.equal(401);
    expect((await t.http().post('/api/auth/login').send({ email: colleague.email, password: TEST_PASSWORD })).status).to.equal(401);
    const on = await t.http().patch(`/api/structures/${structure.id}/members/${colleague.id}`).set('Authorization', referent.auth).send({ active: true });
    expect(on.body.active).to.equal(true);
    expect((await t.http().post('/api/auth/login').send({ email: colleague.email, password: TEST_PASSWORD })).status).to.equal(200);
  });

  it('another structure, or a user of another structure, is a 404 for them, and nothing changes', async () => {
    expect((await members(other.id)).status).to.equal(404);
    const invite = await t.http().post(`/api/structures/${other.id}/members`).set('Authorization', referent.auth).send({ name: 'Intrus', email: 'intrus@test.test' });
    expect(invite.status).to.equal(404);
    const users = (await t.http().get('/api/users').set('Authorization', admin)).body as Array<{ email: string }>;
    expect(users.map((u) => u.email), 'nobody was created').not.to.include('intrus@test.test');
    for (const path of [`/api/structures/${other.id}/members/${stranger.id}`, `/api/structures/${structure.id}/members/${stranger.id}`]) {
      const res = await t.http().patch(path).set('Authorization', referent.auth).send({ active: false });
      expect(res.status, path).to.equal(404);
    }
    expect((await t.http().post(`/api/structures/${structure.id}/members/${stranger.id}/invitation`).set('Authorization', referent.auth)).status).to.equal(404);
    expect((await t.http().get(`/api/users/${stranger.id}`).set('Authorization', admin)).body.active, 'as an admin sees them').to.equal(true);
    expect((await t.http().post('/api/auth/login').send({ email: stranger.email, password: TEST_PASSWORD })).status, 'they still log in').to.equal(200);
  });

  it('a requester who is not the referent may not manage the team (403); the users routes stay the admin’s', async () => {
    const colleagueAuth = `Bearer ${await t.login(colleague.email)}`;
    expect((await members(structure.id, colleagueAuth)).status).to.equal(403);
    expect((await t.http().post('/api/users').set('Authorization', referent.auth).send({ email: 'x@test.test', name: 'X', role: 'requester', structureId: structure.id })).status).to.equal(403);
    expect((await t.http().patch(`/api/users/${colleague.id}`).set('Authorization', referent.auth).send({ referent: true })).status).to.equal(403);
  });

  it('a referent cannot deactivate their own account', async () => {
    const res = await t.http().patch(`/api/structures/${structure.id}/members/${referent.id}`).set('Authorization', referent.auth).send({ active: false });
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('own_account');
  });

  it('once the admin withdraws the referent role, the team routes are refused at once', async () => {
    const other = await aUser('requester', { structureId: structure.id });
    await t.http().patch(`/api/users/${other.id}`).set('Authorization', admin).send({ referent: true }).expect(200);
    const auth = `Bearer ${await t.login(other.email)}`;
    expect((await members(structure.id, auth)).status).to.equal(200);
    await t.http().patch(`/api/users/${other.id}`).set('Authorization', admin).send({ referent: false }).expect(200);
    expect((await members(structure.id, auth)).status).to.equal(403);
  });

  it('only a requester can be a referent (400)', async () => {
    const auditor = await aUser('auditor');
    const res = await t.http().patch(`/api/users/${auditor.id}`).set('Authorization', admin).send({ referent: true });
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0].field).to.equal('referent');
  });

  it('an admin manages any structure’s team the same way', async () => {
    expect((await members(other.id, admin)).body.map((u: { id: string }) => u.id)).to.deep.equal([stranger.id]);
  });
});
