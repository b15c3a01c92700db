import { expect } from 'chai';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { anAgency, aStructure, aUser } from '../support/fixtures';

describe('Directory management by an admin', () => {
  const t = useTestApp();
  let admin: string;
  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
  });

  it('creates a structure with a FINESS number and lists it by department', async () => {
    const res = await t.http().post('/api/structures').set('Authorization', admin)
      .send({ name: 'PASS CH de Vienne', type: 'PASS', department: '38', finess: '380781435' });
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ name: 'PASS CH de Vienne', type: 'PASS', department: '38', finess: '380781435', active: true });
    expect(res.body.id).to.match(/^[a-f0-9]{24}$/);
    const list = await t.http().get('/api/structures?department=38').set('Authorization', admin);
    expect(list.body.map((s: { id: string }) => s.id)).to.include(res.body.id);
  });

  it('refuses a second structure with the same FINESS number (409)', async () => {
    await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'MSP Une', type: 'MSP', department: '42', finess: '420000017' }).expect(201);
    const res = await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'MSP Deux', type: 'MSP', department: '42', finess: '420000017' });
    expect(res.status).to.equal(409);
  });

  it('refuses a second structure of the same name in the same department (accents and case aside), as the CSV import does (409); elsewhere it is another one', async () => {
    const first = await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'Centre de santé Trial, Lyon 3e', type: 'CDS', department: '69' });
    expect(first.status).to.equal(201);
    const again = await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'CENTRE DE SANTE TRIAL - LYON 3E', type: 'CDS', department: '69' });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('duplicate_name');
    expect((await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'Centre de santé Trial, Lyon 3e', type: 'CDS', department: '38' })).status).to.equal(201);
    const other = await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'Centre de santé Autre', type: 'CDS', department: '69' });
    const renamed = await t.http().patch(`/api/structures/${other.body.id}`).set('Authorization', admin).send({ name: 'Centre de Santé Trial, Lyon 3e' });
    expect(renamed.status, 'renaming onto another structure’s name too').to.equal(409);
    const named = (await t.http().get('/api/structures?department=69&q=trial').set('Authorization', admin)).body as Array<{ id: string }>;
    expect(named.map((s) => s.id)).to.deep.equal([first.body.id]);
  });

  it('deactivating a structure keeps it, and it can be reactivated', async () => {
    const structure = await aStructure({ name: 'Cabinet fermé', type: 'GP_PRACTICE' });
    const off = await t.http().delete(`/api/structures/${structure.id}`).set('Authorization', admin);
    expect(off.status).to.equal(200);
    expect(off.body.active).to.equal(false);
    const still = await t.http().get(`/api/structures/${structure.id}`).set('Authorization', admin);
    expect(still.status).to.equal(200);
    const inactive = await t.http().get('/api/structures?active=false').set('Authorization', admin);
    expect(inactive.body.map((s: { id: string }) => s.id)).to.include(structure.id);
    const on = await t.http().patch(`/api/structures/${structure.id}`).set('Authorization', admin).send({ active: true });
    expect(on.body.active).to.equal(true);
  });

  it('creates, changes and deactivates an agency', async () => {
    const created = await t.http().post('/api/agencies').set('Authorization', admin).send({ name: 'Interprètes du Cantal', departments: ['15'] });
    expect(created.status).to.equal(201);
    const renamed = await t.http().patch(`/api/agencies/${created.body.id}`).set('Authorization', admin).send({ phone: '+33 4 71 00 00 00' });
    expect(renamed.body.phone).to.equal('+33 4 71 00 00 00');
    const off = await t.http().delete(`/api/agencies/${created.body.id}`).set('Authorization', admin);
    expect(off.body.active).to.equal(false);
  });

  it('creates a requester attached to a structure, who can log in', async () => {
    const structure = await aStructure();
    const res = await t.http().post('/api/users').set('Authorization', admin)
      .send({ email: 'Infirmiere.Pass@Test.test', password: TEST_PASSWORD, name: 'Infirmière PASS', role: 'requester', structureId: structure.id });
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ email: 'infirmiere.pass@test.test', role: 'requester', structureId: structure.id });
    expect(res.body).not.to.have.property('passwordHash');
    await t.login('infirmiere.pass@test.test');
  });

  it('refuses to create an interpreter through /api/users', async () => {
    const agency = await anAgency();
    const res = await t.http().post('/api/users').set('Authorization', admin)
      .send({ email: 'i@test.test', password: TEST_PASSWORD, name: 'I', role: 'interpreter', agencyId: agency.id });
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0].code).to.equal('use_interpreters_route');
  });

  it('a new password ends the user’s sessions', async () => {
    const user = await aUser('auditor');
    const token = await t.login(user.email);
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin).send({ password: 'a-brand-new-password' }).expect(200);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    await t.login(user.email, 'a-brand-new-password');
  });

  it('creates an interpreter who can log in at once, available 08:00-20:00 every day by default', async () => {
    const agency = await anAgency();
    const res = await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'tesfay@test.test',
      password: TEST_PASSWORD,
      name: 'Tesfay G.',
      agencyId: agency.id,
      gender: 'male',
      languages: ['tir', 'amh'],
      specialties: ['mental_health'],
      modalities: ['phone', 'video'],
      departments: [],
      phone: '+33 6 12 34 56 78',
      videoLink: 'https://visio.example.org/tesfay',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ role: 'interpreter', agencyId: agency.id, gender: 'male', travelBufferMinutes: 30 });
    expect(res.body.availability).to.have.length(7);
    expect(res.body.availability[0]).to.deep.equal({ weekday: 1, from: '08:00', to: '20:00' });
    const token = await t.login('tesfay@test.test');
    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(me.body.user).to.include({ id: res.body.id, role: 'interpreter' });
  });

  it('keeps a weekly template with dated exceptions and a travel buffer', async () => {
    const agency = await anAgency();
    const res = await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'nino@test.test', password: TEST_PASSWORD, name: 'Nino B.', agencyId: agency.id, gender: 'female',
      languages: ['kat', 'rus'], specialties: [], modalities: ['onsite'], departments: ['69', '01'],
      travelBufferMinutes: 45,
      availability: [{ weekday: 2, from: '13:00', to: '19:00' }],
      exceptions: [{ date: '2026-12-25', slots: [] }, { date: '2026-12-26', slots: [{ from: '10:00', to: '12:00' }] }],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const read = await t.http().get(`/api/interpreters/${res.body.id}`).set('Authorization', admin);
    expect(read.body.travelBufferMinutes).to.equal(45);
    expect(read.body.exceptions).to.deep.equal([
      { date: '2026-12-25', slots: [] },
      { date: '2026-12-26', slots: [{ from: '10:00', to: '12:00' }] },
    ]);
  });

  it('filters interpreters by language, modality and department', async () => {
    const agency = await anAgency();
    await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'hodan@test.test', password: TEST_PASSWORD, name: 'Hodan A.', agencyId: agency.id, gender: 'female',
      languages: ['som'], specialties: ['perinatal'], modalities: ['phone', 'onsite'], departments: ['63'],
    }).expect(201);
    const found = await t.http().get('/api/interpreters?language=som&modality=onsite&department=63').set('Authorization', admin);
    expect(found.body.map((i: { email: string }) => i.email)).to.deep.equal(['hodan@test.test']);
    const none = await t.http().get('/api/interpreters?language=som&department=69').set('Authorization', admin);
    expect(none.body).to.deep.equal([]);
  });

  it('deactivating an interpreter keeps their profile and ends their sessions', async () => {
    const agency = await anAgency();
    const created = await t.http().post('/api/interpreters').set('Authorization', admin).send({
      email: 'leaving@test.test', password: TEST_PASSWORD, name: 'Partant', agencyId: agency.id, gender: 'male',
      languages: ['rus'], specialties: [], modalities: ['phone'], departments: [],
    });
    const token = await t.login('leaving@test.test');
    const off = await t.http().delete(`/api/interpreters/${created.body.id}`).set('Authorization', admin);
    expect(off.body).to.include({ active: false });
    expect(off.body.languages).to.deep.equal(['rus']);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
  });
});
