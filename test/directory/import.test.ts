import { expect } from 'chai';
import { activateStaged, discardAbandonedImports, stageStructures } from '../../server/directory/staging';
import { useMailbox, recipients } from '../accounts/support';
import { useTestApp } from '../support/app';
import { anAgency, aStructure, aUser } from '../support/fixtures';

const BOM = '\uFEFF';
const GOOD_STRUCTURES = [
  'nom;type;département;commune;FINESS',
  'PASS CH de Roanne;PASS;42;Roanne;420780033',
  'Cabinet Dr Martin;Cabinet de médecine générale;3;Vichy;',
  'MSP des Pentes;msp;69;Lyon 1er;',
].join('\r\n');

describe('CSV import of structures and interpreters (admin)', () => {
  const t = useTestApp();
  const mailbox = useMailbox();
  let admin: string;
  let agencyName: string;
  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    agencyName = (await anAgency('Interprètes Rhône-Alpes')).name;
    await aStructure({ name: 'PASS déjà là', department: '38' });
    await t.http().post('/api/structures').set('Authorization', admin).send({ name: 'CDS existant', type: 'CDS', department: '63', finess: '630000010' }).expect(201);
  });
  const send = (kind: string, csv: string, dryRun: boolean, auth = admin) =>
    t.http().post(`/api/imports/${kind}${dryRun ? '?dryRun=true' : ''}`).set('Authorization', auth).send({ csv });
  const structureNames = async () => ((await t.http().get('/api/structures').set('Authorization', admin)).body as Array<{ name: string }>).map((s) => s.name).sort();
  const interpreterCount = async () => ((await t.http().get('/api/interpreters').set('Authorization', admin)).body as unknown[]).length;

  const BAD = [
    'nom;type;département;commune;FINESS',
    'PASS Valence;PASS;26;Valence;',
    'Sans type;;69;;',
    'Type inconnu;DISPENSAIRE;69;;',
    'Mauvais département;CDS;99;;',
    'FINESS court;CDS;69;;12345',
    'FINESS pris;CDS;63;;630000010',
    'PASS déjà là;PASS;38;;',
  ].join('\n');

  it('the preview lists every bad row’s errors, by spreadsheet row and column, and writes nothing', async () => {
    const before = await structureNames();
    const res = await send('structures', BAD, true);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.include({ kind: 'structures', dryRun: true, counts: { rows: 7, valid: 1, invalid: 6, created: 0 } }, JSON.stringify(res.body.rows));
    const byRow = (row: number) => (res.body.rows as Array<{ row: number; errors: Array<{ column: string; message: string }> }>).find((r) => r.row === row)!.errors;
    expect(byRow(2)).to.deep.equal([]);
    expect(byRow(3)).to.deep.equal([{ column: 'type', message: 'type : obligatoire.' }]);
    expect(byRow(4)[0]!.message).to.include('« DISPENSAIRE » inconnu');
    expect(byRow(5)).to.deep.equal([{ column: 'département', message: 'département : un numéro de département (01 à 95, 2A, 2B, 971 à 976).' }]);
    expect(byRow(6)[0]!.column).to.equal('FINESS');
    expect(byRow(7)).to.deep.equal([{ column: 'FINESS', message: 'FINESS : une structure a déjà le numéro 630000010.' }]);
    expect(byRow(8)[0]!.message).to.include('existe déjà dans le département 38');
    expect(res.body.problems).to.have.length(6);
    expect(await structureNames()).to.deep.equal(before);
  });

  it('a confirm with one bad row writes nothing: 422 with the same row errors, the list unchanged', async () => {
    const before = await structureNames();
    const csv = `${GOOD_STRUCTURES}\r\nCDS sans département;CDS;;Clermont;`;
    const res = await send('structures', csv, false);
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('import_invalid');
    expect(res.body.error.details).to.deep.equal([{ field: 'ligne 5, département', code: 'invalid_row', message: 'département : obligatoire.', row: 5, column: 'département' }]);
    expect(await structureNames()).to.deep.equal(before);
  });

  it('a confirm of a good file (BOM, CRLF, semicolons, accented headers) creates every structure, active', async () => {
    const res = await send('structures', BOM + GOOD_STRUCTURES, false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.counts).to.deep.equal({ rows: 3, valid: 3, invalid: 0, created: 3 });
    const list = (await t.http().get('/api/structures?q=cabinet dr').set('Authorization', admin)).body as Array<Record<string, unknown>>;
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ name: 'Cabinet Dr Martin', type: 'GP_PRACTICE', department: '03', city: 'Vichy', active: true });
    expect(await structureNames()).to.include.members(['PASS CH de Roanne', 'MSP des Pentes']);
    expect((await send('structures', GOOD_STRUCTURES, true)).body.counts.invalid, 'imported once: a second time is all duplicates').to.equal(3);
  });

  it('reads a file without BOM, with unaccented headers in any case, commas as separators, quoted cells', async () => {
    const csv = 'NOM,Type,Departement,Commune,Finess\n"Centre de santé ""Les Tilleuls""",CDS,1,Bourg-en-Bresse,\nEMPP Isère,EMPP,38,,\n';
    const res = await send('structures', csv, false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.created.map((c: { name: string }) => c.name)).to.deep.equal(['Centre de santé "Les Tilleuls"', 'EMPP Isère']);
  });

  it('refuses a FINESS number twice in the file, and names the first row', async () => {
    const csv = 'nom;type;département;FINESS\nPASS Un;PASS;69;690000123\nPASS Deux;PASS;69;690000123\n';
    const res = await send('structures', csv, false);
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { message: string }) => d.message)).to.deep.equal(['FINESS : ce numéro est déjà à la ligne 2 du fichier.']);
  });

  it('says which column is missing or unknown, before reading any row', async () => {
    const res = await send('structures', 'nom;catégorie de patients\nA;B\n', true);
    expect(res.status).to.equal(200);
    expect(res.body.rows).to.deep.equal([]);
    expect(res.body.problems.map((p: { message: string }) => p.message)).to.include.members(['La colonne « département » manque (séparateur attendu : le point-virgule).']);
  });

  const interpreters = (rows: string[]) => [BOM + 'nom;prénom;email;téléphone;agence;langues;modalités;départements;spécialités;genre', ...rows].join('\r\n');

  it('imports interpreters (languages by French name or ISO code), then invites each by mail', async () => {
    const csv = interpreters([
      `Haddad;Leïla;Leila.Haddad@interp.test;06 12 34 56 78;${agencyName};arabe, tigrigna;téléphone, visio;;santé mentale;F`,
      `Popescu;Ion;ion.popescu@interp.test;;interpretes rhone-alpes;ron/rus;Sur place;69, 1;;H`,
    ]);
    const before = await interpreterCount();
    const res = await send('interpreters', csv, false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.counts.created).to.equal(2);
    const list = (await t.http().get('/api/interpreters?q=popescu').set('Authorization', admin)).body as Array<Record<string, unknown>>;
    expect(list[0]).to.deep.include({ name: 'Ion Popescu', email: 'ion.popescu@interp.test', languages: ['ron', 'rus'], modalities: ['onsite'], departments: ['69', '01'], gender: 'male', active: true, invitationPending: true });
    expect(await interpreterCount()).to.equal(before + 2);
    const mails = await mailbox.delivered();
    expect(mails.flatMap(recipients).sort()).to.deep.equal(['ion.popescu@interp.test', 'leila.haddad@interp.test']);
    expect(mails[0]!.text).to.include('séances d’interprétariat');
  });

  it('refuses an interpreter whose e-mail is taken or repeated, or whose cells are unknown, and writes nothing', async () => {
    const csv = interpreters([
      `Nouveau;Un;un.nouveau@interp.test;;${agencyName};arabe;téléphone;;;F`,
      `Haddad;Leïla;leila.haddad@interp.test;;${agencyName};arabe;téléphone;;;F`,
      `Double;Un;UN.NOUVEAU@interp.test;;${agencyName};arabe;téléphone;;;F`,
      `Inconnu;Deux;deux@interp.test;;Agence fantôme;klingon;fax;;;X`,
      `Sur place;Sans;trois@interp.test;;${agencyName};rus;sur place;;;H`,
    ]);
    const before = await interpreterCount();
    const preview = await send('interpreters', csv, true);
    const errors = (row: number) => (preview.body.rows as Array<{ row: number; errors: Array<{ column: string; message: string }> }>).find((r) => r.row === row)!.errors;
    expect(errors(2)).to.deep.equal([]);
    expect(errors(3)).to.deep.equal([{ column: 'email', message: 'email : un compte existe déjà avec l’adresse leila.haddad@interp.test.' }]);
    expect(errors(4)).to.deep.equal([{ column: 'email', message: 'email : cette adresse est déjà à la ligne 2 du fichier.' }]);
    expect(errors(5).map((e) => e.column)).to.deep.equal(['agence', 'genre', 'langues', 'modalités']);
    expect(errors(6)).to.deep.equal([{ column: 'départements', message: 'départements : au moins un, pour intervenir sur place.' }]);
    const res = await send('interpreters', csv, false);
    expect(res.status).to.equal(422);
    expect(res.body.error.details).to.have.length(preview.body.problems.length);
    expect(await interpreterCount()).to.equal(before);
    expect(await mailbox.delivered()).to.deep.equal([]);
  });

  it('imports qualifications from their column, by French name or code, with days as JJ/MM/AAAA or AAAA-MM-JJ', async () => {
    const csv = [BOM + 'nom;prénom;email;agence;langues;modalités;spécialités;genre;qualifications',
      `Karimi;Sima;sima.karimi@interp.test;${agencyName};dari;visio;santé mentale;F;santé mentale 04/03/2024 au 03/03/2027, health_interpreting 2019-06-01`].join('\r\n');
    const res = await send('interpreters', csv, false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const [sima] = (await t.http().get('/api/interpreters?q=karimi').set('Authorization', admin)).body as Array<{ qualifications: unknown }>;
    expect(sima!.qualifications).to.deep.equal([{ code: 'mental_health', obtainedOn: '2024-03-04', validUntil: '2027-03-03' }, { code: 'health_interpreting', obtainedOn: '2019-06-01' }]);
  });

  it('refuses an unknown qualification, one without its day, one valid until before it was obtained, saying so under the qualifications column, and writes nothing', async () => {
    const header = BOM + 'nom;prénom;email;agence;langues;modalités;spécialités;genre;qualifications';
    const csv = [header,
      `Un;A;q1@interp.test;${agencyName};arabe;visio;;F;permis de conduire 01/02/2020`,
      `Deux;B;q2@interp.test;${agencyName};arabe;visio;;F;santé mentale`,
      `Trois;C;q3@interp.test;${agencyName};arabe;visio;;F;périnatalité 01/02/2024 au 01/01/2024`].join('\r\n');
    const before = await interpreterCount();
    const preview = await send('interpreters', csv, true);
    const errors = (row: number) => (preview.body.rows as Array<{ row: number; errors: Array<{ column: string; message: string }> }>).find((r) => r.row === row)!.errors;
    expect(errors(2)).to.have.length(1);
    expect(errors(2)[0]!.column).to.equal('qualifications');
    expect(errors(2)[0]!.message).to.match(/^qualifications : « permis de conduire » inconnue ; attendu l’une de : .*Formation santé mentale/);
    expect(errors(3)).to.deep.equal([{ column: 'qualifications', message: 'qualifications : « santé mentale » : la date d’obtention (JJ/MM/AAAA), puis la fin de validité s’il y en a une.' }]);
    expect(errors(4)).to.deep.equal([{ column: 'qualifications', message: 'qualifications : une fin de validité avant la date d’obtention.' }]);
    expect((await send('interpreters', csv, false)).status).to.equal(422);
    expect(await interpreterCount()).to.equal(before);
  });

  it('imports the base commune (INSEE code, issue 28) from its column, and refuses a town name there', async () => {
    const header = BOM + 'nom;prénom;email;agence;langues;modalités;départements;genre;commune de base';
    const bad = await send('interpreters', [header, `Benali;Samir;samir.benali@interp.test;${agencyName};arabe;sur place;69;H;Lyon`].join('\r\n'), true);
    const errors = (bad.body.rows as Array<{ errors: Array<{ column: string; message: string }> }>)[0]!.errors;
    expect(errors).to.deep.equal([{ column: 'commune de base', message: 'commune de base : le code INSEE de la commune (5 caractères : 69123 pour Lyon, 2A004 pour Ajaccio).' }]);
    const res = await send('interpreters', [header, `Benali;Samir;samir.benali@interp.test;${agencyName};arabe;sur place;69;H;69123`].join('\r\n'), false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const [samir] = (await t.http().get('/api/interpreters?q=benali').set('Authorization', admin)).body as Array<{ baseCommune?: string }>;
    expect(samir!.baseCommune).to.equal('69123');
  });

  it('rows staged by an import that never activated them are invisible, then removed', async () => {
    const before = await structureNames();
    await stageStructures('crashed-import', [{ name: 'Jamais activée', type: 'PASS', department: '69' }]);
    expect(await structureNames(), 'invisible while pending').to.deep.equal(before);
    expect((await send('structures', 'nom;type;département\nJamais activée;PASS;69\n', true)).body.counts.invalid, 'no duplicate of a pending row').to.equal(0);
    expect(await discardAbandonedImports(new Date(Date.now() + 3600_000))).to.equal(1);
    expect(await activateStaged('structures', 'crashed-import'), 'nothing left to activate').to.equal(0);
    expect(await structureNames()).to.deep.equal(before);
  });

  it('is for admins only: 403 for other roles, 401 without a session', async () => {
    const auditor = `Bearer ${await t.login((await aUser('auditor')).email)}`;
    expect((await send('structures', GOOD_STRUCTURES, true, auditor)).status).to.equal(403);
    expect((await t.http().post('/api/imports/interpreters?dryRun=true').send({ csv: 'nom' })).status).to.equal(401);
  });
});
