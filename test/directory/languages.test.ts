import { expect } from 'chai';
import { relatedLanguages } from '../../server/directory/languages';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';

describe('Reference data', () => {
  const t = useTestApp();
  const first = async (q: string) => {
    const res = await t.http().get('/api/languages').query({ q });
    expect(res.status).to.equal(200);
    return res.body[0] as { code: string; name: string; modalities: string[] };
  };

  it('covers every ISO 639-3 living language', async () => {
    const res = await t.http().get('/api/languages');
    expect(res.body.length).to.be.greaterThan(7000);
    for (const code of ['ara', 'prs', 'pus', 'tir', 'sqi', 'kat', 'rus', 'ron', 'ben', 'fsl']) {
      expect(res.body.some((l: { code: string }) => l.code === code), code).to.equal(true);
    }
  });

  const examples: [string, string][] = [
    ['pachto', 'pus'],
    ['dari', 'prs'],
    ['tigrigna', 'tir'],
    ['albanais', 'sqi'],
    ['langue des signes', 'fsl'],
    ['Géorgien', 'kat'],
    ['georgien', 'kat'],
    ['ROUMAIN', 'ron'],
    ['Pashto', 'pus'],
    ['ben', 'ben'],
    // Mayotte's and La Réunion's languages, by the names people say there.
    ['shimaore', 'swb'],
    ['mahorais', 'swb'],
    ['kibushi', 'buc'],
    ['shingazidja', 'zdj'],
    ['anjouanais', 'wni'],
  ];
  for (const [q, code] of examples) {
    it(`"${q}" finds ${code} first`, async () => {
      expect((await first(q)).code).to.equal(code);
    });
  }

  it('names languages in French', async () => {
    expect((await first('ara')).name).to.equal('Arabe');
    expect((await first('fsl')).name).to.match(/^Langue des signes française/);
    // Not ISO 639-3's English names ("Bushi", "Ngazidja Comorian"), and "comorien" finds the four Comorian languages.
    expect((await first('buc')).name).to.equal('Kibushi');
    expect((await first('zdj')).name).to.equal('Shingazidja (comorien de Grande Comore)');
    const comorian = (await t.http().get('/api/languages').query({ q: 'comorien' })).body as Array<{ code: string }>;
    expect(comorian.map((l) => l.code)).to.include.members(['swb', 'zdj', 'wni', 'wlc']);
  });

  it('sign languages allow video and on site only, spoken ones all three', async () => {
    expect((await first('langue des signes')).modalities).to.deep.equal(['video', 'onsite']);
    expect((await first('dari')).modalities).to.deep.equal(['phone', 'video', 'onsite']);
  });

  it('every sign language is video or on site only, as the IANA registry lists them (sgn extlangs), not by an English name', async () => {
    const one = async (code: string) => ((await t.http().get('/api/languages').query({ q: code })).body as Array<{ code: string; modalities: string[]; signLanguage: boolean }>).find((l) => l.code === code)!;
    for (const code of ['sfb', 'ils', 'fsl', 'ase', 'bfi']) {
      expect((await one(code)).modalities, code).to.deep.equal(['video', 'onsite']);
      expect((await one(code)).signLanguage, code).to.equal(true);
    }
    expect((await one('ara')).signLanguage).to.equal(false);
  });

  it('sfb and ils cannot be booked by phone (422), as any sign language', async () => {
    const w = await bookingWorld(t, 1);
    for (const language of ['sfb', 'ils']) {
      const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language, modality: 'phone', start: parisIn(3, '10:00'), durationMinutes: 30 });
      expect(res.status, language).to.equal(422);
      expect(res.body.error.code).to.equal('modality_not_allowed');
    }
  });

  it('never shows two identical labels; the macrolanguage comes first, a member reads apart in French', async () => {
    for (const q of ['arabe', 'persan', 'pachto', 'albanais', 'chinois', 'kurde', 'swahili']) {
      const names = ((await t.http().get('/api/languages').query({ q, limit: 50 })).body as Array<{ name: string }>).map((l) => l.name);
      expect(new Set(names).size, `${q}: ${names.join(', ')}`).to.equal(names.length);
    }
    const arabic = (await t.http().get('/api/languages').query({ q: 'arabe', limit: 50 })).body as Array<{ code: string; name: string; macrolanguage?: string }>;
    expect(arabic[0]).to.deep.include({ code: 'ara', name: 'Arabe' });
    expect(arabic.find((l) => l.code === 'arb')).to.deep.include({ name: 'Arabe standard', macrolanguage: 'ara' });
    expect((await first('persan')).code).to.equal('fas');
    expect((await first('chinois')).code).to.equal('zho');
  });

  it('a search for a member also finds its family', async () => {
    const codes = ((await t.http().get('/api/languages').query({ q: 'dari' })).body as Array<{ code: string }>).map((l) => l.code);
    expect(codes.slice(0, 2)).to.deep.equal(['prs', 'fas']);
    const cantonese = ((await t.http().get('/api/languages').query({ q: 'yue' })).body as Array<{ code: string }>).map((l) => l.code);
    expect(cantonese).to.include.members(['yue', 'zho']);
  });

  it('relates languages through ISO 639-3 macrolanguages (IANA registry): Dari to Persian then Iranian Persian, Chinese to Mandarin and Cantonese', () => {
    expect(relatedLanguages('prs')).to.deep.equal([{ code: 'fas', relation: 'macrolanguage' }, { code: 'pes', relation: 'sibling' }]);
    expect(relatedLanguages('arb')[0]).to.deep.equal({ code: 'ara', relation: 'macrolanguage' });
    expect(relatedLanguages('zho').map((r) => r.code)).to.include.members(['cmn', 'yue']);
    expect(relatedLanguages('zho').every((r) => r.relation === 'member')).to.equal(true);
    expect(relatedLanguages('pbu')[0]).to.deep.equal({ code: 'pus', relation: 'macrolanguage' });
    expect(relatedLanguages('als')[0]).to.deep.equal({ code: 'sqi', relation: 'macrolanguage' });
    expect(relatedLanguages('tir')).to.deep.equal([]);
  });

  it('limits the number of answers', async () => {
    const res = await t.http().get('/api/languages?q=arabe&limit=3');
    expect(res.body).to.have.length(3);
  });

  it('lists the specialties with their codes', async () => {
    const res = await t.http().get('/api/specialties');
    expect(res.status).to.equal(200);
    expect(res.body.map((s: { code: string }) => s.code)).to.include.members(['general', 'mental_health', 'perinatal', 'paediatrics']);
    expect(res.body[0]).to.have.keys(['code', 'name']);
  });
});
