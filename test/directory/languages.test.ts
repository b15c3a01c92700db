import { expect } from 'chai';
import { useTestApp } from '../support/app';

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
  ];
  for (const [q, code] of examples) {
    it(`"${q}" finds ${code} first`, async () => {
      expect((await first(q)).code).to.equal(code);
    });
  }

  it('names languages in French', async () => {
    expect((await first('ara')).name).to.equal('Arabe');
    expect((await first('fsl')).name).to.match(/^Langue des signes française/);
  });

  it('sign languages allow video and on site only, spoken ones all three', async () => {
    expect((await first('langue des signes')).modalities).to.deep.equal(['video', 'onsite']);
    expect((await first('dari')).modalities).to.deep.equal(['phone', 'video', 'onsite']);
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
