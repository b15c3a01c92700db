import { expect } from 'chai';
import { LINK, recipients, useMailbox } from '../accounts/support';
import { useTestApp } from '../support/app';
import { jobRunner, parisIn, TestClock } from '../support/booking';
import { anAgency, anInterpreter, aStructure, aUser } from '../support/fixtures';

describe('What the administration pages ask of the directory', () => {
  const t = useTestApp();
  const mailbox = useMailbox();
  let admin: string;
  let agencyId: string;
  let otherAgencyId: string;
  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    agencyId = (await anAgency('Agence Nord')).id;
    otherAgencyId = (await anAgency('Agence Sud')).id;
    await Promise.all(['Hôpital Édouard Herriot', 'PASS Hôtel-Dieu', 'Centre de santé Élise', 'MSP Villeurbanne'].map((name) => aStructure({ name })));
  });
  const get = (path: string) => t.http().get(path).set('Authorization', admin);
  const names = (body: Array<{ name: string }>) => body.map((s) => s.name);

  it('searches a list by part of a name, accents and case optional (q)', async () => {
    expect(names((await get('/api/structures?q=hotel')).body)).to.deep.equal(['PASS Hôtel-Dieu']);
    expect(names((await get('/api/structures?q=EDOUARD')).body)).to.deep.equal(['Hôpital Édouard Herriot']);
    expect(names((await get('/api/structures?q=élise')).body)).to.deep.equal(['Centre de santé Élise']);
    expect(names((await get('/api/structures?q=(.*')).body), 'the text is searched, never run as a pattern').to.deep.equal([]);
    expect(names((await get('/api/agencies?q=sud')).body)).to.deep.equal(['Agence Sud']);
  });

  it('folds œ and æ like accents in every searched list: "coeur" finds "Cœur", "cœur" finds "Coeur"', async () => {
    await Promise.all([aStructure({ name: 'Centre de santé Sacré-Cœur' }), aStructure({ name: 'PASS Coeur de ville' })]);
    expect(names((await get('/api/structures?q=coeur')).body).sort()).to.deep.equal(['Centre de santé Sacré-Cœur', 'PASS Coeur de ville']);
    expect(names((await get('/api/structures?q=CŒUR')).body).sort()).to.deep.equal(['Centre de santé Sacré-Cœur', 'PASS Coeur de ville']);
    await anAgency('Agence Lætitia');
    expect(names((await get('/api/agencies?q=laetitia')).body)).to.deep.equal(['Agence Lætitia']);
    await anInterpreter(agencyId, { name: 'Œdipe Cœurdevey' });
    expect(names((await get('/api/interpreters?q=oedipe coeur')).body)).to.deep.equal(['Œdipe Cœurdevey']);
    const user = await aUser('admin');
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin).send({ name: 'Cæcilia Bœuf' }).expect(200);
    expect(names((await get('/api/users?q=caecilia boeuf')).body)).to.deep.equal(['Cæcilia Bœuf']);
  });

  it('pages a list in name order (limit, skip)', async () => {
    const all = names((await get('/api/structures')).body);
    expect(names((await get('/api/structures?limit=2')).body)).to.deep.equal(all.slice(0, 2));
    expect(names((await get('/api/structures?limit=2&skip=2')).body)).to.deep.equal(all.slice(2, 4));
    expect((await get('/api/structures?limit=0')).status).to.equal(400);
  });

  it('creating an interpreter without a password invites them by mail, as for users', async () => {
    const res = await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'Nadia.Invitee@interp.test', name: 'Nadia Invitée', agencyId, gender: 'female', languages: ['ara'], specialties: [], modalities: ['phone'], departments: [],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ email: 'nadia.invitee@interp.test', invitationPending: true, role: 'interpreter' });
    const mails = await mailbox.delivered();
    expect(mails.map(recipients)).to.deep.equal([['nadia.invitee@interp.test']]);
    expect(mails[0]!.text).to.match(LINK);
    expect((await t.http().post(`/api/users/${res.body.id}/invitation`).set('Authorization', admin)).status, 'resent like any invitation').to.equal(200);
  });

  it('an invited interpreter is offered nothing until they choose their password; then the request nobody could take reaches them', async () => {
    const requester = `Bearer ${await t.login((await aUser('requester', { structureId: (await aStructure({ name: 'PASS Invitation' })).id })).email)}`;
    const created = await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'fidjien.invite@interp.test', name: 'Interprète fidjien', agencyId, gender: 'male', languages: ['fij'], specialties: [], modalities: ['video'], departments: [],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const booked = await t.http().post('/api/requests').set('Authorization', requester).send({ language: 'fij', modality: 'video', start: parisIn(4, '10:00'), durationMinutes: 60 });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    expect(booked.body.coverage.eligible, 'no password, no login: not counted').to.equal(0);
    expect(booked.body.uncovered).to.equal(true);
    await jobRunner(new TestClock()).runDue();

    const token = await mailbox.tokenFor('fidjien.invite@interp.test');
    expect((await t.http().post('/api/auth/set-password').send({ token, password: 'un-mot-de-passe-choisi' })).status).to.equal(200);
    await jobRunner(new TestClock()).runDue();
    const interpreter = `Bearer ${await t.login('fidjien.invite@interp.test', 'un-mot-de-passe-choisi')}`;
    const offers = (await t.http().get('/api/offers').set('Authorization', interpreter)).body as Array<{ requestId: string }>;
    expect(offers.map((o) => o.requestId)).to.include(booked.body.id);
  });

  it('an admin moves an interpreter to another active agency, and edits their availability', async () => {
    const interpreter = await anInterpreter(agencyId);
    const moved = await t.http().patch(`/api/interpreters/${interpreter.id}`).set('Authorization', admin).send({ agencyId: otherAgencyId });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body.agencyId).to.equal(otherAgencyId);
    await t.http().delete(`/api/agencies/${agencyId}`).set('Authorization', admin).expect(200);
    expect((await t.http().patch(`/api/interpreters/${interpreter.id}`).set('Authorization', admin).send({ agencyId })).status, 'not to an inactive agency').to.equal(400);
    const week = await t.http().patch(`/api/interpreters/${interpreter.id}/availability`).set('Authorization', admin).send({ availability: [{ weekday: 1, from: '09:00', to: '12:00' }], phone: null });
    expect(week.status, JSON.stringify(week.body)).to.equal(200);
    expect(week.body.availability).to.deep.equal([{ weekday: 1, from: '09:00', to: '12:00' }]);
  });
});
