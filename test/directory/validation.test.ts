import { expect } from 'chai';
import { useTestApp, type TestContext } from '../support/app';
import { anAgency, aUser } from '../support/fixtures';

type Counts = { structures: number; users: number; agencies: number };
/** How many structures, users and agencies an admin's lists show. */
const countsSeen = async (t: TestContext, admin: string): Promise<Counts> => {
  const length = async (path: string) => {
    const res = await t.http().get(path).set('Authorization', admin);
    expect(res.status, path).to.equal(200);
    return (res.body as unknown[]).length;
  };
  return { structures: await length('/api/structures'), users: await length('/api/users'), agencies: await length('/api/agencies') };
};

// Every hostile body must be a 400 with per-field details, and leave the database exactly as it was.
describe('Validation: bad input is a 400 and writes nothing', () => {
  const t = useTestApp();
  let admin: string;
  let agencyId: string;
  const counts = () => countsSeen(t, admin);
  const validInterpreter = () => ({
    email: 'nouvelle@test.test',
    password: 'long-enough-password',
    name: 'Nouvelle Interprète',
    agencyId,
    gender: 'female',
    languages: ['ara'],
    specialties: ['general'],
    modalities: ['phone'],
    departments: [],
  });

  before(async () => {
    const user = await aUser('admin');
    agencyId = (await anAgency()).id;
    admin = `Bearer ${await t.login(user.email)}`;
  });

  async function expect400(path: string, body: unknown, field: string, code?: string) {
    const before = await counts();
    const res = await t.http().post(path).set('Authorization', admin).send(body as object);
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_input');
    const detail = (res.body.error.details as { field: string; code: string }[]).find((d) => d.field === field);
    expect(detail, `a detail for ${field} in ${JSON.stringify(res.body.error.details)}`).to.exist;
    if (code) expect(detail!.code).to.equal(code);
    expect(await counts()).to.deep.equal(before);
  }

  it('an unknown field is refused, never stored', () =>
    expect400('/api/structures', { name: 'PASS Valence', type: 'PASS', department: '26', director: 'X' }, 'director', 'unknown_field'));

  it('a wrong type is refused', () => expect400('/api/structures', { name: 'PASS Valence', type: 'PASS', department: 26 }, 'department', 'type'));

  it('a value outside the enumeration is refused', () =>
    expect400('/api/structures', { name: 'PASS Valence', type: 'CLINIC', department: '26' }, 'type', 'enum'));

  it('a missing field is named', () => expect400('/api/structures', { name: 'PASS Valence', type: 'PASS' }, 'department', 'required'));

  it('an agency’s VAT number whose key does not match its SIREN is refused; the right key is taken', async () => {
    // SIREN 123456789: 123456789 mod 97 = 39, key (12 + 3 × 39) mod 97 = 32.
    await expect400('/api/agencies', { name: 'Agence TVA', vatId: 'FR33123456789' }, 'vatId', 'checksum');
    const patched = await t.http().patch(`/api/agencies/${agencyId}`).set('Authorization', admin).send({ vatId: 'FR31123456789' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(400);
    expect(patched.body.error.details).to.deep.include({ field: 'vatId', code: 'checksum', message: 'the key does not match the SIREN 123456789' });
    const right = await t.http().patch(`/api/agencies/${agencyId}`).set('Authorization', admin).send({ vatId: 'FR32123456789' });
    expect(right.status, JSON.stringify(right.body)).to.equal(200);
    expect(right.body.vatId).to.equal('FR32123456789');
  });

  it('a Mongo operator in place of a value is refused', () =>
    expect400('/api/users', { email: { $gt: '' }, password: 'long-enough-password', name: 'X', role: 'admin' }, 'email', 'type'));

  it('a Mongo operator as a key is refused', () =>
    expect400('/api/structures', { name: 'PASS Valence', type: 'PASS', department: '26', $where: '1' }, '$where', 'unknown_field'));

  it('an operator in the login body is refused', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: { $ne: null }, password: { $ne: null } });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.include.members(['email', 'password']);
  });

  it('an operator in a query string stays a string and is refused', async () => {
    const res = await t.http().get('/api/users?role[$ne]=admin').set('Authorization', admin);
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0]).to.include({ code: 'unknown_field' });
    const repeated = await t.http().get('/api/users?role=admin&role=auditor').set('Authorization', admin);
    expect(repeated.status).to.equal(400);
  });

  it('an unknown query parameter is refused', async () => {
    const res = await t.http().get('/api/structures?sort=name').set('Authorization', admin);
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0]).to.include({ field: 'sort', code: 'unknown_field' });
  });

  it('a route without a body refuses one', async () => {
    const res = await t.http().post('/api/auth/logout').set('Authorization', admin).send({ everywhere: true });
    expect(res.status).to.equal(400);
    expect((await t.http().get('/api/me').set('Authorization', admin)).status).to.equal(200);
  });

  it('an interpreter with an unknown language code is refused', () =>
    expect400('/api/interpreters', { ...validInterpreter(), languages: ['ara', 'zzz'] }, 'languages.1', 'unknown_language'));

  it('an availability slot that ends before it starts is refused', () =>
    expect400('/api/interpreters', { ...validInterpreter(), availability: [{ weekday: 1, from: '18:00', to: '09:00' }] }, 'availability.0', 'empty_range'));

  it('a weekday out of range and a malformed time are refused', async () => {
    await expect400('/api/interpreters', { ...validInterpreter(), availability: [{ weekday: 8, from: '09:00', to: '12:00' }] }, 'availability.0.weekday');
    await expect400('/api/interpreters', { ...validInterpreter(), availability: [{ weekday: 1, from: '9h', to: '12:00' }] }, 'availability.0.from');
  });

  it('an on-site interpreter without a department is refused', () =>
    expect400('/api/interpreters', { ...validInterpreter(), modalities: ['onsite'], departments: [] }, 'departments', 'required'));

  it('a requester without a structure is refused', () =>
    expect400('/api/users', { email: 'r@test.test', password: 'long-enough-password', name: 'R', role: 'requester' }, 'structureId', 'required'));

  it('a dispatcher attached to an agency that does not exist is refused', () =>
    expect400('/api/users', { email: 'd@test.test', password: 'long-enough-password', name: 'D', role: 'dispatcher', agencyId: 'a'.repeat(24) }, 'agencyId', 'unknown'));

  it('a password that is too short is refused', () =>
    expect400('/api/users', { email: 'a@test.test', password: 'short', name: 'A', role: 'admin' }, 'password', 'minLength'));

  it('a duplicate e-mail is a 409 and writes nothing', async () => {
    const before = await counts();
    const existing = await aUser('auditor');
    const after = await counts();
    const res = await t.http().post('/api/users').set('Authorization', admin)
      .send({ email: existing.email.toUpperCase(), password: 'long-enough-password', name: 'Doublon', role: 'auditor', region: '84' });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('duplicate');
    expect(await counts()).to.deep.equal({ ...before, users: after.users });
  });
});
