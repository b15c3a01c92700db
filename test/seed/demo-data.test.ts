import { expect } from 'chai';
import { DateTime } from 'luxon';
import { REGION_DEPARTMENTS, STRUCTURE_TYPES } from '../../shared/enums';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/seed/demo-data';
import { useTestApp } from '../support/app';

interface Row {
  id: string;
  email: string;
  structureId?: string;
  type: string;
  department: string;
  languages: string[];
  modalities: string[];
}

describe('Demo data', () => {
  const t = useTestApp();
  let admin: string;
  let auditor: string;
  before(async function () {
    this.timeout(60_000);
    expect(await seedDemoIfEmpty()).to.equal(true);
    admin = `Bearer ${await t.login('admin@demo.test', DEMO_PASSWORD)}`;
    auditor = `Bearer ${await t.login('ars@demo.test', DEMO_PASSWORD)}`;
  });

  /** Every row of a directory list, as an admin or auditor pages through it (500 a page, the most it gives). */
  const everyRow = async (path: string, auth = auditor): Promise<Row[]> => {
    const rows: Row[] = [];
    for (let skip = 0; ; skip += 500) {
      const res = await t.http().get(path).query({ limit: 500, skip }).set('Authorization', auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      rows.push(...(res.body as Row[]));
      if (res.body.length < 500) return rows;
    }
  };
  const structureOf = async (email: string) => {
    const [user] = await everyRow(`/api/users?q=${encodeURIComponent(email)}`);
    expect(user, email).to.include({ email });
    const res = await t.http().get(`/api/structures/${user!.structureId}`).set('Authorization', auditor);
    expect(res.status).to.equal(200);
    return res.body as Row;
  };

  it('creates the accounts of API.md, who log in with the demo password', async () => {
    const expected = {
      'admin@demo.test': 'admin',
      'ars@demo.test': 'auditor',
      'pass.lyon@demo.test': 'requester',
      'gp.vichy@demo.test': 'requester',
      'dispatch@demo.test': 'dispatcher',
      'interp01@demo.test': 'interpreter',
    };
    for (const [email, role] of Object.entries(expected)) {
      const res = await t.http().post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
      expect(res.status, email).to.equal(200);
      expect(res.body.user.role, email).to.equal(role);
    }
  });

  it('puts pass.lyon at a PASS in 69 and gp.vichy at a GP practice in 03', async () => {
    expect(await structureOf('pass.lyon@demo.test')).to.include({ type: 'PASS', department: '69' });
    expect(await structureOf('gp.vichy@demo.test')).to.include({ type: 'GP_PRACTICE', department: '03' });
  });

  it('has at least 40 interpreters over at least 30 languages, including the brief’s', async () => {
    const interpreters = await everyRow('/api/interpreters');
    expect(interpreters.length).to.be.at.least(40);
    expect(interpreters.map((i) => i.email)).to.include('interp40@demo.test');
    const languages = new Set(interpreters.flatMap((i) => i.languages));
    expect(languages.size).to.be.at.least(30);
    for (const code of ['ara', 'prs', 'pus', 'tir', 'sqi', 'kat', 'rus', 'ron', 'ben', 'fsl']) expect(languages).to.include(code);
  });

  it('covers every structure type, several PASS, the twelve departments and two agencies', async () => {
    const structures = await everyRow('/api/structures');
    expect(new Set(structures.map((s) => s.type))).to.have.property('size', STRUCTURE_TYPES.length);
    expect(structures.filter((s) => s.type === 'PASS').length).to.be.at.least(5);
    expect([...new Set(structures.map((s) => s.department))].sort()).to.deep.equal([...REGION_DEPARTMENTS]);
    const agencies = await t.http().get('/api/agencies').set('Authorization', auditor);
    expect(agencies.body).to.have.length(2);
  });

  it('no sign-language interpreter is offered by phone', async () => {
    const signers = await everyRow('/api/interpreters?language=fsl');
    expect(signers.length).to.be.at.least(1);
    for (const signer of signers) {
      expect(signer.languages).to.include('fsl');
      expect(signer.modalities).not.to.include('phone');
    }
  });

  it('gives the demo interpreters qualifications: every one what their specialties and languages require, valid today; some expiring within 60 days, some expired', async () => {
    const today = DateTime.now().setZone('Europe/Paris').toISODate()!;
    const inDays = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
    const catalogue = (await t.http().get('/api/qualifications').set('Authorization', auditor)).body as Array<{ code: string; requiredFor: { specialties: string[]; languages: string[] } }>;
    const interpreters = (await everyRow('/api/interpreters')) as unknown as Array<Row & { specialties: string[]; qualifications: Array<{ code: string; obtainedOn: string; validUntil?: string }> }>;
    for (const interpreter of interpreters) {
      const required = catalogue.filter((q) => q.requiredFor.specialties.some((s) => interpreter.specialties.includes(s)) || q.requiredFor.languages.some((l) => interpreter.languages.includes(l)));
      for (const { code } of required) {
        const held = interpreter.qualifications.find((q) => q.code === code);
        expect(held && held.obtainedOn <= today && (held.validUntil ?? today) >= today, `${interpreter.email} ${code}`).to.equal(true);
      }
    }
    const all = interpreters.flatMap((i) => i.qualifications);
    expect(all.filter((q) => q.validUntil !== undefined && q.validUntil >= today && q.validUntil <= inDays(60)).length).to.be.at.least(2);
    expect(all.filter((q) => q.validUntil !== undefined && q.validUntil < today).length).to.be.at.least(2);
    expect(new Set(all.map((q) => q.code))).to.have.property('size', 4);
  });

  it('seeds a database only once', async () => {
    const ids = async () => (await everyRow('/api/users', admin)).map((u) => u.id).sort();
    const before = await ids();
    expect(await seedDemoIfEmpty()).to.equal(false);
    expect(await ids()).to.deep.equal(before);
  });
});
