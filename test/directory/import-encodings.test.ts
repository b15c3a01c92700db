import { expect } from 'chai';
import iconv from 'iconv-lite';
import { useTestApp } from '../support/app';
import { anAgency, aUser } from '../support/fixtures';

// Files as French offices save them, sent as their bytes (Content-Type: text/csv) or as JSON text.

/** Text as Excel's "CSV (séparateur : point-virgule)" writes it: Windows-1252, one byte a character. */
const windows1252 = (text: string) => iconv.encode(text, 'windows-1252');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEADER = 'nom;type;département;commune;FINESS';

describe('CSV imports read the file’s bytes: UTF-8 with or without BOM, or Windows-1252', () => {
  const t = useTestApp();
  let admin: string;
  let agencyName: string;
  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    agencyName = (await anAgency('Agence Côte-Rôtie')).name;
  });
  const sendBytes = (kind: string, bytes: Buffer, dryRun: boolean) =>
    t.http().post(`/api/imports/${kind}${dryRun ? '?dryRun=true' : ''}`).set('Authorization', admin).set('Content-Type', 'text/csv').send(bytes);
  const structureNames = async () => ((await t.http().get('/api/structures').set('Authorization', admin)).body as Array<{ name: string }>).map((s) => s.name).sort();

  it('imports "Hôpital Édouard-Herriot" saved by Excel as Windows-1252 as such, in the preview and once imported', async () => {
    const file = windows1252(`${HEADER}\r\nHôpital Édouard-Herriot;Service hospitalier;69;Lyon 3e;\r\nCentre de santé Sacré-Cœur;CDS;63;Clermont-Ferrand;\r\n`);
    const preview = await sendBytes('structures', file, true);
    expect(preview.status, JSON.stringify(preview.body)).to.equal(200);
    expect(preview.body.rows.map((r: { values: { name: string } }) => r.values.name)).to.deep.equal(['Hôpital Édouard-Herriot', 'Centre de santé Sacré-Cœur']);
    const res = await sendBytes('structures', file, false);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(await structureNames()).to.include.members(['Hôpital Édouard-Herriot', 'Centre de santé Sacré-Cœur']);
    const found = (await t.http().get('/api/structures?q=edouard-herriot').set('Authorization', admin)).body as Array<{ name: string; city: string }>;
    expect(found.map((s) => [s.name, s.city])).to.deep.equal([['Hôpital Édouard-Herriot', 'Lyon 3e']]);
  });

  it('reads UTF-8 bytes with and without a byte-order mark', async () => {
    for (const [bom, name] of [[UTF8_BOM, 'PASS Hôtel-Dieu Bourgogne'], [Buffer.alloc(0), 'MSP Sainte-Thérèse']] as const) {
      const res = await sendBytes('structures', Buffer.concat([bom, Buffer.from(`${HEADER}\n${name};MSP;42;;\n`, 'utf8')]), true);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.rows[0].values.name).to.equal(name);
    }
  });

  it('reads an interpreters file saved as Windows-1252 (the other import route), its languages by their usual names (darija, farsi)', async () => {
    const file = windows1252(`nom;prénom;email;téléphone;agence;langues;modalités;départements;spécialités;genre\r\nLefèvre;Zoé;zoe.lefevre@interp.test;;${agencyName};darija, farsi;téléphone;;santé mentale;F\r\n`);
    const res = await sendBytes('interpreters', file, true);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.rows[0]).to.deep.include({ errors: [] });
    expect(res.body.rows[0].values).to.include({ name: 'Zoé Lefèvre' });
    expect(res.body.rows[0].values.languages, 'languages by their usual names too').to.deep.equal(['ary', 'fas']);
  });

  const REFUSED = { code: 'undecodable_file', message: 'Enregistrez le fichier au format CSV UTF-8 : ce fichier ne se lit ni en UTF-8 ni en Windows-1252.' };

  it('refuses, writing nothing, a file it cannot decode: UTF-8 announced by its mark but broken, UTF-16, a binary file', async () => {
    const before = await structureNames();
    const files = {
      'broken UTF-8 after its mark': Buffer.concat([UTF8_BOM, windows1252(`${HEADER}\nHôpital Nord;PASS;69;;\n`)]),
      'UTF-16 (Excel’s "Texte Unicode")': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\nHôpital Sud;PASS;69;;\n`, 'utf16le')]),
      'a binary file': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
    };
    for (const [what, bytes] of Object.entries(files)) {
      for (const dryRun of [true, false]) {
        const res = await sendBytes('structures', bytes, dryRun);
        expect(res.status, what).to.equal(400);
        expect(res.body, what).to.deep.equal({ error: REFUSED });
      }
    }
    expect(await structureNames()).to.deep.equal(before);
  });

  it('refuses JSON text that a page read as UTF-8 from a Windows-1252 file (U+FFFD is never stored); good JSON text still imports', async () => {
    const before = await structureNames();
    const json = (csv: string) => t.http().post('/api/imports/structures').set('Authorization', admin).send({ csv });
    const broken = await json(`${HEADER}\nH\uFFFDpital \uFFFDdouard;PASS;69;;\n`);
    expect(broken.status).to.equal(400);
    expect(broken.body).to.deep.equal({ error: REFUSED });
    expect(await structureNames()).to.deep.equal(before);
    expect((await json(`${HEADER}\nPASS Lætitia;PASS;26;;\n`)).status).to.equal(201);
  });

  it('still refuses unknown fields in the JSON form, and a text/csv body beside a query it does not know', async () => {
    expect((await t.http().post('/api/imports/structures?dryRun=true').set('Authorization', admin).send({ csv: HEADER, extra: 1 })).status).to.equal(400);
    expect((await t.http().post('/api/imports/structures?dryRun=true&force=1').set('Authorization', admin).set('Content-Type', 'text/csv').send(Buffer.from(`${HEADER}\nX;PASS;69;;\n`))).status).to.equal(400);
  });
});
