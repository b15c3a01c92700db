import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createAgency } from '../../server/directory/agencies';
import { useTestApp } from '../support/app';
import { anAgency, anInterpreter, aStructure, aUser } from '../support/fixtures';

interface Row { language: string; specialty: string; required: string[]; interpreters: number; qualified: number; expiringSoon: number }

// GET /api/reports/qualifications: what the auditor reads of the qualifications of their region's interpreters.
describe('The auditor’s qualifications report', () => {
  const t = useTestApp();
  const today = DateTime.now().setZone('Europe/Paris').startOf('day');
  const until = (days: number) => today.plus({ days }).toISODate()!;
  const mentalHealth = (validUntil?: string) => ({ languages: ['ara'], specialties: ['mental_health'], qualifications: [{ code: 'mental_health', obtainedOn: '2023-01-02', ...(validUntil ? { validUntil } : {}) }] });
  let auditor: string;
  let admin: string;
  before(async () => {
    const agency = await anAgency('Agence de la région');
    const elsewhere = await createAgency({ name: 'Agence de Marseille', departments: ['13'] });
    await anInterpreter(agency.id, mentalHealth(until(30)));
    await anInterpreter(agency.id, mentalHealth(until(200)));
    await anInterpreter(agency.id, mentalHealth(until(-1)));
    await anInterpreter(agency.id, { languages: ['ara'], specialties: ['mental_health'] });
    await anInterpreter(agency.id, mentalHealth(until(90)));
    await anInterpreter(agency.id, mentalHealth(until(91)));
    await anInterpreter(agency.id, { languages: ['fsl'], specialties: ['general'], modalities: ['video'], qualifications: [{ code: 'fsl_state_diploma', obtainedOn: '2015-09-01' }] });
    await anInterpreter(elsewhere.id, mentalHealth(until(10)));
    auditor = `Bearer ${await t.login((await aUser('auditor')).email)}`;
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
  });
  const rowsFor = async (auth: string) => {
    const res = await t.http().get('/api/reports/qualifications').set('Authorization', auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.date).to.equal(today.toISODate());
    return res.body.rows as Row[];
  };
  const row = (rows: Row[], language: string, specialty: string) => rows.find((r) => r.language === language && r.specialty === specialty);

  it('counts, by language and specialty, the interpreters, those qualified today and those whose qualification ends within 90 days (the 90th included)', async () => {
    const rows = await rowsFor(auditor);
    expect(row(rows, 'ara', 'mental_health')).to.deep.include({ required: ['mental_health'], interpreters: 6, qualified: 4, expiringSoon: 2 });
    expect(row(rows, 'fsl', 'general')).to.deep.include({ required: ['fsl_state_diploma'], interpreters: 1, qualified: 1, expiringSoon: 0 });
  });

  it('an auditor counts only the agencies working in their region; an admin every one', async () => {
    expect(row(await rowsFor(admin), 'ara', 'mental_health')).to.deep.include({ interpreters: 7, qualified: 5, expiringSoon: 3 });
  });

  it('counts, as matching offers, an interpreter holding what a specialty requires without declaring it', async () => {
    const before = row(await rowsFor(auditor), 'ara', 'mental_health')!;
    const agency = await anAgency('Agence de la région, bis');
    await anInterpreter(agency.id, { languages: ['ara'], specialties: ['general'], qualifications: [{ code: 'mental_health', obtainedOn: '2023-01-02', validUntil: until(200) }] });
    const rows = await rowsFor(auditor);
    expect(row(rows, 'ara', 'mental_health')).to.deep.include({ interpreters: before.interpreters + 1, qualified: before.qualified + 1, expiringSoon: before.expiringSoon });
    // Psycho-trauma requires the same training: whoever holds it is counted there too, declared or not.
    expect(row(rows, 'ara', 'psycho_trauma')).to.deep.include({ required: ['mental_health'], qualified: before.qualified + 1 });
    // A language's own requirement (the LSF diploma) makes no row for specialties its interpreters do not declare.
    expect(rows.filter((r) => r.language === 'fsl').map((r) => r.specialty)).to.deep.equal(['general']);
  });

  it('is refused to requesters, dispatchers and interpreters (403), and takes no query field (400)', async () => {
    const structure = await aStructure();
    const agency = await anAgency('Autre agence');
    for (const user of [await aUser('requester', { structureId: structure.id }), await aUser('dispatcher', { agencyId: agency.id }), await anInterpreter(agency.id)]) {
      expect((await t.http().get('/api/reports/qualifications').set('Authorization', `Bearer ${await t.login(user.email)}`)).status).to.equal(403);
    }
    expect((await t.http().get('/api/reports/qualifications').query({ region: '84' }).set('Authorization', auditor)).status).to.equal(400);
  });
});
