import { expect } from 'chai';
import { REGION_DEPARTMENTS, STRUCTURE_TYPES } from '../../shared/enums';
import { StructureModel, UserModel } from '../../server/directory/store';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/seed/demo-data';
import { useTestApp } from '../support/app';

describe('Demo data', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    expect(await seedDemoIfEmpty()).to.equal(true);
  });

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
    const pass = await UserModel.findOne({ email: 'pass.lyon@demo.test' }).lean();
    const gp = await UserModel.findOne({ email: 'gp.vichy@demo.test' }).lean();
    expect(await StructureModel.findById(pass!.structureId).lean()).to.include({ type: 'PASS', department: '69' });
    expect(await StructureModel.findById(gp!.structureId).lean()).to.include({ type: 'GP_PRACTICE', department: '03' });
  });

  it('has at least 40 interpreters over at least 30 languages, including the brief’s', async () => {
    const interpreters = await UserModel.find({ role: 'interpreter' }).lean();
    expect(interpreters.length).to.be.at.least(40);
    expect(interpreters.map((i) => i.email)).to.include('interp40@demo.test');
    const languages = new Set(interpreters.flatMap((i) => i.interpreter!.languages));
    expect(languages.size).to.be.at.least(30);
    for (const code of ['ara', 'prs', 'pus', 'tir', 'sqi', 'kat', 'rus', 'ron', 'ben', 'fsl']) expect(languages).to.include(code);
  });

  it('covers every structure type, several PASS, the twelve departments and two agencies', async () => {
    const structures = await StructureModel.find().lean();
    expect(new Set(structures.map((s) => s.type))).to.have.property('size', STRUCTURE_TYPES.length);
    expect(structures.filter((s) => s.type === 'PASS').length).to.be.at.least(5);
    expect([...new Set(structures.map((s) => s.department))].sort()).to.deep.equal([...REGION_DEPARTMENTS]);
    const agencies = await t.http().get('/api/agencies').set('Authorization', `Bearer ${await t.login('ars@demo.test', DEMO_PASSWORD)}`);
    expect(agencies.body).to.have.length(2);
  });

  it('no sign-language interpreter is offered by phone', async () => {
    const signers = await UserModel.find({ 'interpreter.languages': 'fsl' }).lean();
    expect(signers.length).to.be.at.least(1);
    for (const signer of signers) expect(signer.interpreter!.modalities).not.to.include('phone');
  });

  it('seeds a database only once', async () => {
    const before = await UserModel.countDocuments();
    expect(await seedDemoIfEmpty()).to.equal(false);
    expect(await UserModel.countDocuments()).to.equal(before);
  });
});
