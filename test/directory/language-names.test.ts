import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { CLDR_SOURCE, frenchNamesFromCldr, TABLE } from '../../scripts/languages/french-names';
import { USUAL_NAMES } from '../../server/directory/language-aliases';
import { foldAccents } from '../../shared/fold';
import { useTestApp } from '../support/app';
import { anAgency, anInterpreter, aUser } from '../support/fixtures';

interface Language { code: string; name: string; otherNames: string[] }

describe('Languages by the names people use', () => {
  const t = useTestApp();
  const search = async (q: string, limit = 50) => (await t.http().get('/api/languages').query({ q, limit })).body as Language[];
  const codes = async (q: string) => (await search(q)).map((l) => l.code);

  it('"darija" and "arabe maghrébin" find Moroccan Arabic first, then the other Maghrebi Arabics', async () => {
    expect((await codes('darija'))[0]).to.equal('ary');
    expect((await codes('arabe maghrébin')).slice(0, 3)).to.deep.equal(['ary', 'arq', 'aeb']);
    expect((await codes('ARABE MAGHREBIN'))[0], 'accents and case aside').to.equal('ary');
    expect((await search('darija'))[0]).to.deep.include({ name: 'Arabe marocain' });
    expect((await search('darija'))[0]!.otherNames).to.include('darija');
  });

  it('finds CLDR’s other French names and the usual ones: farsi, moldave, flamand, pashto, LSF', async () => {
    expect((await codes('farsi'))[0]).to.equal('fas');
    expect((await codes('moldave'))[0]).to.equal('ron');
    expect((await codes('flamand'))[0]).to.equal('nld');
    expect((await codes('pashto'))[0]).to.equal('pus');
    expect((await codes('lsf'))[0]).to.equal('fsl');
  });

  it('labels in French without repeats: "Arabe standard" (arb), "Swahili" (swh), "Arabe" (ara)', async () => {
    const label = async (code: string) => (await search(code)).find((l) => l.code === code)!.name;
    expect(await label('arb')).to.equal('Arabe standard');
    expect(await label('swh')).to.equal('Swahili');
    expect(await label('ara')).to.equal('Arabe');
    expect(await label('cmn')).to.equal('Chinois mandarin');
    expect(await label('ckb')).to.equal('Kurde sorani');
  });

  it('no two languages share a label, accents and case aside; a language named in French never shows its code', async () => {
    const all = (await t.http().get('/api/languages')).body as Language[];
    const seen = new Map<string, string>();
    for (const language of all) {
      const key = foldAccents(language.name);
      expect(seen.get(key), `${language.code} and ${seen.get(key)} both read "${language.name}"`).to.equal(undefined);
      seen.set(key, language.code);
    }
    const table = JSON.parse(readFileSync(TABLE, 'utf8')) as { names: Record<string, string> };
    for (const language of all.filter((l) => table.names[l.code] || USUAL_NAMES[l.code]?.name)) {
      expect(language.name, language.code).not.to.include(`(${language.code})`);
    }
  });

  it('the French names are CLDR’s, as the installed packages give them, with their version and the day recorded', () => {
    const table = JSON.parse(readFileSync(TABLE, 'utf8')) as { source: string; generatedOn: string; names: Record<string, string>; otherNames: Record<string, string[]> };
    expect(table.source).to.equal(CLDR_SOURCE);
    expect(table.generatedOn).to.match(/^\d{4}-\d{2}-\d{2}$/);
    const fresh = frenchNamesFromCldr();
    expect(table.names).to.deep.equal(fresh.names);
    expect(table.otherNames).to.deep.equal(fresh.otherNames);
    for (const [code, entry] of Object.entries(USUAL_NAMES)) expect(entry.source, code).to.match(/CLDR|Wikipédia|ISO 639-3/);
  });

  describe('the languages in use and the list filter', () => {
    let admin: string;
    before(async () => {
      admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
      const agencyId = (await anAgency('Agence des langues')).id;
      await anInterpreter(agencyId, { name: 'Awa Wolof', languages: ['wol', 'fra'] });
      await anInterpreter(agencyId, { name: 'Youssef Darija', languages: ['ary'] });
      const gone = await anInterpreter(agencyId, { name: 'Ancienne Tigrigna', languages: ['tir'] });
      await t.http().delete(`/api/interpreters/${gone.id}`).set('Authorization', admin).expect((res) => expect(res.status).to.be.lessThan(300));
    });
    const list = (language: string) => t.http().get('/api/interpreters').query({ language }).set('Authorization', admin);

    it('the admin’s language filter takes a name: "wolof" lists the Wolof interpreter only, "darija" the Moroccan one; a code still works', async () => {
      expect(((await list('wolof')).body as Array<{ name: string }>).map((i) => i.name)).to.deep.equal(['Awa Wolof']);
      expect(((await list('Darija')).body as Array<{ name: string }>).map((i) => i.name)).to.deep.equal(['Youssef Darija']);
      expect(((await list('wol')).body as Array<{ name: string }>).map((i) => i.name)).to.deep.equal(['Awa Wolof']);
    });

    it('an unknown language name is a 400 unknown_language, never the whole list', async () => {
      const res = await list('klingonien');
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('unknown_language');
      expect(res.body.error.details).to.deep.equal([{ field: 'language', code: 'unknown_language', message: 'no language is named "klingonien"' }]);
    });

    it('inUse=true answers the languages active interpreters speak, by French name, to signed-in callers only', async () => {
      const res = await t.http().get('/api/languages?inUse=true').set('Authorization', admin);
      expect(res.status).to.equal(200);
      const names = (res.body as Language[]).map((l) => l.name);
      expect(names).to.include.members(['Wolof', 'Français', 'Arabe marocain']);
      expect(names, 'an inactive interpreter’s language is not in use').not.to.include('Tigrigna');
      expect(names).to.deep.equal([...names].sort((a, b) => a.localeCompare(b, 'fr')));
      expect(((await t.http().get('/api/languages?inUse=true&q=darija').set('Authorization', admin)).body as Language[]).map((l) => l.code)).to.deep.equal(['ary']);
      expect((await t.http().get('/api/languages?inUse=true')).status).to.equal(401);
    });
  });
});
