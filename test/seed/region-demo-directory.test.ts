import { expect } from 'chai';
import { findLanguage } from '../../server/directory/languages';
import { DEMO_STRUCTURES } from '../../server/seed/demo-directory';
import { regionDemo } from '../../server/seed/region-demo-directory';
import { regionLanguages } from '../../server/seed/region-languages';
import { REGIONS } from '../../shared/regions';

// Every region's demo, not only the three the seed test writes: what would stop its seed (a structure
// named twice in a department, an unknown language) or mix it up with another region's.
describe('The demo of every region', () => {
  const demos = REGIONS.filter((r) => r.code !== '84').map((r) => regionDemo(r.code)!);

  it('places each region’s structures, agencies and on-site interpreters in its own departments, every structure named once in its department', () => {
    for (const demo of demos) {
      const own = demo.region.departments.map((d) => d.code);
      const places = [...demo.structures.map((s) => s.department), ...demo.agencies.flatMap((a) => a.departments), ...demo.interpreters.flatMap((i) => i.departments)];
      expect(places.filter((d) => !own.includes(d)), demo.region.name).to.deep.equal([]);
      const named = demo.structures.map((s) => `${s.department} ${s.name}`);
      expect(named.length, demo.region.name).to.equal(new Set(named).size);
      expect(demo.structures.filter((s) => s.type === 'PASS').length, demo.region.name).to.be.at.least(Math.min(4, own.length));
    }
  });

  it('gives every region interpreters of languages the platform knows, every language of the region at least once, no name twice', () => {
    for (const demo of demos) {
      const spoken = demo.interpreters.flatMap((i) => i.languages);
      expect(spoken.filter((code) => !findLanguage(code)), demo.region.name).to.deep.equal([]);
      expect(regionLanguages(demo.region.code).filter((code) => !spoken.includes(code)), demo.region.name).to.deep.equal([]);
      expect(demo.interpreters.map((i) => i.name).length, demo.region.name).to.equal(new Set(demo.interpreters.map((i) => i.name)).size);
      const signers = demo.interpreters.filter((i) => i.languages.includes('fsl'));
      for (const signer of signers) expect(signer.modalities, signer.name).not.to.include('phone');
    }
  });

  it('names no account twice, across every region and the default demo', () => {
    const emails = [
      ...DEMO_STRUCTURES.flatMap((s) => (s.email ? [s.email] : [])), 'admin@demo.test', 'ars@demo.test', 'dispatch@demo.test', 'national@demo.test',
      ...demos.flatMap((d) => [d.auditor.email, ...d.dispatchers.map((x) => x.email), ...d.structures.map((s) => s.email), ...d.interpreters.map((i) => i.email)]),
    ];
    expect(emails.filter((email, index) => emails.indexOf(email) !== index)).to.deep.equal([]);
  });
});
