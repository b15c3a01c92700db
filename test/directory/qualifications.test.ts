import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { aSmallWorld, anInterpreter } from '../support/fixtures';

type World = Awaited<ReturnType<typeof aSmallWorld>>;

// The qualifications catalogue (GET /api/qualifications, PUT /api/qualifications/:code) and the
// qualifications an interpreter's profile carries, entered by their agency or an admin.
describe('Qualifications: the catalogue and the profiles', () => {
  const t = useTestApp();
  let w: World;
  const auth: Record<string, string> = {};
  before(async () => {
    w = await aSmallWorld();
    for (const role of ['admin', 'auditor', 'requester', 'dispatcher', 'interpreter'] as const) auth[role] = `Bearer ${await t.login(w[role].email)}`;
  });
  const as = (role: string) => ({ Authorization: auth[role]! });
  const mentalHealthBody = { name: 'Formation santé mentale', requiredFor: { specialties: ['mental_health', 'psycho_trauma'], languages: [] } };

  describe('the catalogue', () => {
    it('holds the four qualifications the HAS reference and the regional programmes name, each with what requires it', async () => {
      const res = await t.http().get('/api/qualifications').set(as('interpreter'));
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const byCode = Object.fromEntries((res.body as Array<{ code: string; requiredFor: unknown }>).map((q) => [q.code, q.requiredFor]));
      expect(byCode).to.deep.include({
        health_interpreting: { specialties: [], languages: [] },
        mental_health: { specialties: ['mental_health', 'psycho_trauma'], languages: [] },
        fsl_state_diploma: { specialties: [], languages: ['fsl'] },
        perinatal: { specialties: ['perinatal'], languages: [] },
      });
    });

    it('is read by every signed-in role, and by nobody signed out', async () => {
      for (const role of Object.keys(auth)) expect((await t.http().get('/api/qualifications').set(as(role))).status, role).to.equal(200);
      expect((await t.http().get('/api/qualifications')).status).to.equal(401);
    });

    it('an auditor adds a qualification with PUT, which everyone then reads, and the change is in the audit trail with before and after', async () => {
      const body = { name: 'Formation addictologie', grammaticalGender: 'feminine', requiredFor: { specialties: ['addiction'], languages: [] } };
      const res = await t.http().put('/api/qualifications/addiction').set(as('auditor')).send(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.include({ code: 'addiction', name: 'Formation addictologie' });
      const listed = (await t.http().get('/api/qualifications').set(as('dispatcher'))).body as Array<{ code: string }>;
      expect(listed.map((q) => q.code)).to.include('addiction');
      const trail = (await t.http().get('/api/audit').query({ entity: 'qualification' }).set(as('auditor'))).body as Array<{ entityId: string; before: unknown; after: { requiredFor: unknown } }>;
      const entry = trail.find((e) => e.entityId === 'addiction');
      expect(entry, JSON.stringify(trail)).to.not.equal(undefined);
      expect(entry!.before).to.equal(null);
      expect(entry!.after.requiredFor).to.deep.equal(body.requiredFor);
    });

    it('an admin replaces a default one: the stored version wins over the default', async () => {
      const body = { name: 'Formation de base', requiredFor: { specialties: ['general'], languages: [] } };
      expect((await t.http().put('/api/qualifications/health_interpreting').set(as('admin')).send(body)).status).to.equal(200);
      const listed = (await t.http().get('/api/qualifications').set(as('requester'))).body as Array<{ code: string; name: string; requiredFor: unknown }>;
      expect(listed.find((q) => q.code === 'health_interpreting')).to.deep.include({ name: 'Formation de base', requiredFor: body.requiredFor });
      await t.http().put('/api/qualifications/health_interpreting').set(as('admin')).send({ name: 'Formation de base à l’interprétariat en santé', requiredFor: { specialties: [], languages: [] } });
    });

    it('dispatchers, requesters and interpreters may not change it (403)', async () => {
      for (const role of ['dispatcher', 'requester', 'interpreter']) {
        expect((await t.http().put('/api/qualifications/mental_health').set(as(role)).send(mentalHealthBody)).status, role).to.equal(403);
      }
    });

    it('a bad body is a 400 naming each field, and changes nothing', async () => {
      const bad = [
        [{ ...mentalHealthBody, extra: 1 }, 'extra'],
        [{ ...mentalHealthBody, requiredFor: { specialties: ['surgery'], languages: [] } }, 'requiredFor.specialties.0'],
        [{ ...mentalHealthBody, requiredFor: { specialties: [], languages: ['zzz'] } }, 'requiredFor.languages.0'],
        [{ requiredFor: mentalHealthBody.requiredFor }, 'name'],
      ] as const;
      for (const [body, field] of bad) {
        const res = await t.http().put('/api/qualifications/mental_health').set(as('admin')).send(body);
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        expect(JSON.stringify(res.body.error.details)).to.contain(field);
      }
      const res = await t.http().put('/api/qualifications/Bad-Code').set(as('admin')).send(mentalHealthBody);
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0]).to.include({ field: 'code', code: 'invalid_code' });
      const listed = (await t.http().get('/api/qualifications').set(as('admin'))).body as Array<{ code: string; requiredFor: unknown }>;
      expect(listed.find((q) => q.code === 'mental_health')!.requiredFor).to.deep.equal(mentalHealthBody.requiredFor);
      expect(listed.map((q) => q.code)).to.not.include('Bad-Code');
    });
  });

  describe('an interpreter’s qualifications', () => {
    const held = [{ code: 'mental_health', obtainedOn: '2024-03-04', validUntil: '2027-03-03' }, { code: 'health_interpreting', obtainedOn: '2019-06-01' }];

    it('are given when the interpreter is created, and shown in their profile', async () => {
      const res = await t.http().post('/api/interpreters').set(as('admin')).send({
        email: 'qualified@test.test', name: 'Qualifiée', agencyId: w.agency.id, gender: 'female', languages: ['ara'], specialties: ['mental_health'], modalities: ['video'], departments: [], qualifications: held,
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.qualifications).to.deep.equal(held);
      expect((await t.http().get(`/api/interpreters/${res.body.id}`).set(as('dispatcher'))).body.qualifications).to.deep.equal(held);
    });

    it('an admin changes them with PATCH /api/interpreters/:id', async () => {
      const res = await t.http().patch(`/api/interpreters/${w.interpreter.id}`).set(as('admin')).send({ qualifications: held });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.qualifications).to.deep.equal(held);
    });

    it('the dispatcher of their agency replaces them; another agency’s interpreter is not found for them; interpreters cannot vouch for themselves', async () => {
      const mine = await t.http().put(`/api/interpreters/${w.interpreter.id}/qualifications`).set(as('dispatcher')).send({ qualifications: [held[1]] });
      expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
      expect(mine.body.qualifications).to.deep.equal([held[1]]);
      expect((await t.http().put(`/api/interpreters/${w.otherInterpreter.id}/qualifications`).set(as('dispatcher')).send({ qualifications: held })).status).to.equal(404);
      expect((await t.http().patch('/api/interpreters/me').set(as('interpreter')).send({ qualifications: held })).status).to.equal(400);
      expect((await t.http().put(`/api/interpreters/${w.interpreter.id}/qualifications`).set(as('interpreter')).send({ qualifications: held })).status).to.equal(403);
    });

    it('an unknown code, a validity ending before it was obtained, a code held twice, a date that is no day: 400 with each field, nothing written', async () => {
      const other = await anInterpreter(w.agency.id, { qualifications: [held[1]] });
      const bad = [
        [[{ code: 'surgery_license', obtainedOn: '2024-01-01' }], 'qualifications.0.code', 'unknown_qualification'],
        [[{ code: 'mental_health', obtainedOn: '2024-01-01', validUntil: '2023-12-31' }], 'qualifications.0.validUntil', 'before_obtained'],
        [[held[1], { ...held[1], obtainedOn: '2020-01-01' }], 'qualifications.1.code', 'duplicate'],
        [[{ code: 'mental_health', obtainedOn: '2024-02-30' }], 'qualifications.0.obtainedOn', undefined],
      ] as const;
      for (const [qualifications, field, code] of bad) {
        for (const [method, path, role] of [['patch', `/api/interpreters/${other.id}`, 'admin'], ['put', `/api/interpreters/${other.id}/qualifications`, 'dispatcher']] as const) {
          const res = await t.http()[method](path).set(as(role)).send({ qualifications });
          expect(res.status, `${method} ${JSON.stringify(res.body)}`).to.equal(400);
          const detail = (res.body.error.details as Array<{ field: string; code?: string }>).find((d) => d.field === field);
          expect(detail, JSON.stringify(res.body.error.details)).to.not.equal(undefined);
          if (code) expect(detail!.code).to.equal(code);
        }
      }
      const created = await t.http().post('/api/interpreters').set(as('admin')).send({
        email: 'unknown-code@test.test', name: 'Inconnue', agencyId: w.agency.id, gender: 'female', languages: ['ara'], specialties: [], modalities: ['video'], departments: [], qualifications: [{ code: 'nope', obtainedOn: '2024-01-01' }],
      });
      expect(created.status).to.equal(400);
      expect(created.body.error.details[0]).to.include({ field: 'qualifications.0.code', code: 'unknown_qualification' });
      expect((await t.http().get(`/api/interpreters/${other.id}`).set(as('admin'))).body.qualifications).to.deep.equal([held[1]]);
      expect((await t.http().get('/api/interpreters').query({ q: 'unknown-code' }).set(as('admin'))).body).to.deep.equal([]);
    });
  });
});
