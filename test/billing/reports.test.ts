import { expect } from 'chai';
import { recordEntries } from '../../server/billing/ledger';
import { updateStructure } from '../../server/directory/structures';
import { useTestApp } from '../support/app';
import { bookingWorld } from '../support/booking';
import { anEntry } from '../support/billing';

describe('Usage reports, by structure, type, department, language, modality and month', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 1);
    const pass = w.structure.id; // PASS Lyon, 69
    const cds = w.otherStructure.id; // CDS Grenoble, 38
    await recordEntries([
      anEntry('a', { structureId: pass, language: 'ara', modality: 'phone', day: '2025-01-15', billedMinutes: 30, costCents: 2400 }),
      anEntry('b', { structureId: pass, language: 'prs', modality: 'onsite', day: '2025-01-20', billedMinutes: 90, costCents: 10_200 }),
      anEntry('c', { structureId: cds, language: 'ara', modality: 'video', day: '2025-03-03', billedMinutes: 45, costCents: 3750 }),
      anEntry('d', { structureId: cds, language: 'ara', modality: 'phone', day: '2025-03-04', billedMinutes: 15, costCents: 1200 }),
      // Another year, and a commitment (no usage): neither counts in 2025's usage.
      anEntry('e', { structureId: pass, day: '2024-12-31', costCents: 99_999 }),
      anEntry('f', { structureId: pass, kind: 'commitment', day: '2025-04-01', sessions: 0, billedMinutes: 0, costCents: 0, committedCents: 5000 }),
    ]);
  });

  const report = async (query: string, auth = w.auditor.auth) => {
    const res = await t.http().get(`/api/reports/usage?${query}`).set('Authorization', auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { year: number; totals: Record<string, number>; rows: Array<{ key: string; label: string; sessions: number; minutes: number; costCents: number }> };
  };
  const rows = async (query: string, auth?: string) => (await report(query, auth)).rows.map((r) => [r.key, r.label, r.sessions, r.minutes, r.costCents]);

  it('totals the year for auditors: sessions, billed minutes, cost and beneficiary structures', async () => {
    expect((await report('year=2025')).totals).to.deep.equal({ sessions: 4, minutes: 180, costCents: 17_550, structures: 2, disputedSessions: 0, disputedCostCents: 0 });
  });

  it('groups by structure, structure type and department, most expensive first', async () => {
    expect(await rows('year=2025&groupBy=structure')).to.deep.equal([
      [w.structure.id, 'PASS Lyon', 2, 120, 12_600],
      [w.otherStructure.id, 'CDS Grenoble', 2, 60, 4950],
    ]);
    expect((await rows('year=2025&groupBy=structureType')).map((r) => [r[0], r[4]])).to.deep.equal([['PASS', 12_600], ['CDS', 4950]]);
    expect(await rows('year=2025&groupBy=department')).to.deep.equal([['69', '69 – Rhône', 2, 120, 12_600], ['38', '38 – Isère', 2, 60, 4950]]);
  });

  it('groups by language, with French names', async () => {
    expect(await rows('year=2025&groupBy=language')).to.deep.equal([['prs', 'Dari', 1, 90, 10_200], ['ara', 'Arabe', 3, 90, 7350]]);
  });

  it('groups by modality and month, months in calendar order', async () => {
    expect(await rows('year=2025&groupBy=modality')).to.deep.equal([['onsite', 'Sur place', 1, 90, 10_200], ['video', 'Visioconférence', 1, 45, 3750], ['phone', 'Téléphone', 2, 45, 3600]]);
    expect(await rows('year=2025&groupBy=month')).to.deep.equal([['2025-01', 'janvier 2025', 2, 120, 12_600], ['2025-03', 'mars 2025', 2, 60, 4950]]);
  });

  it('a requester sees their own structure only, and cannot ask for another', async () => {
    expect((await report('year=2025', w.requester.auth)).totals).to.deep.equal({ sessions: 2, minutes: 120, costCents: 12_600, structures: 1, disputedSessions: 0, disputedCostCents: 0 });
    expect(await rows('year=2025&groupBy=structure', w.otherRequester.auth)).to.deep.equal([[w.otherStructure.id, 'CDS Grenoble', 2, 60, 4950]]);
    const res = await t.http().get(`/api/reports/usage?year=2025&structureId=${w.structure.id}`).set('Authorization', w.otherRequester.auth);
    expect(res.status).to.equal(403);
    expect(JSON.stringify(res.body)).not.to.include('12600');
  });

  it('refuses interpreters and dispatchers, bad groupings and unknown parameters', async () => {
    const get = (query: string, auth = w.auditor.auth) => t.http().get(`/api/reports/usage?${query}`).set('Authorization', auth);
    expect((await get('year=2025', w.interpreters[0]!.auth)).status).to.equal(403);
    expect((await get('year=2025', w.dispatcher.auth)).status).to.equal(403);
    expect((await get('year=2025&groupBy=patient')).status).to.equal(400);
    expect((await get('year=2025&sort=cost')).status).to.equal(400);
    expect((await get('groupBy=month')).status).to.equal(400);
    expect((await get('year=1899')).status).to.equal(400);
    expect((await t.http().get('/api/reports/usage?year=2025')).status).to.equal(401);
  });

  it('exports CSV in UTF-8 with a byte-order mark, with commas or, for French Excel, semicolons and decimal commas; amounts in euros with two decimals', async () => {
    const comma = await t.http().get('/api/reports/usage?year=2025&groupBy=modality&format=csv').set('Authorization', w.auditor.auth);
    expect(comma.status).to.equal(200);
    expect(comma.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(comma.headers['content-disposition']).to.equal('attachment; filename="usage-2025-modality.csv"');
    expect(comma.text).to.equal('\uFEFFCode,Libellé,Séances,Minutes,Heures,Coût (€),Séances contestées,Coût contesté (€)\r\nonsite,Sur place,1,90,1.5,102.00,0,0.00\r\nvideo,Visioconférence,1,45,0.75,37.50,0,0.00\r\nphone,Téléphone,2,45,0.75,36.00,0,0.00\r\ntotal,Total,4,180,3,175.50,0,0.00\r\n');
    const semicolon = await t.http().get('/api/reports/usage?year=2025&groupBy=modality&format=csv&separator=semicolon').set('Authorization', w.auditor.auth);
    expect(semicolon.text.split('\r\n')[2]).to.equal('video;Visioconférence;1;45;0,75;37,50;0;0,00');
  });

  it('writes a structure named like a formula as text that no spreadsheet runs (OWASP: apostrophe, quoted)', async () => {
    const names = ['=HYPERLINK("http://example.test";"x")', '@SUM(A1)', '+33 6 00 00 00 00', '-cmd'];
    const expected = ['"\'=HYPERLINK(""http://example.test"";""x"")"', '"\'@SUM(A1)"', '"\'+33 6 00 00 00 00"', '"\'-cmd"'];
    try {
      for (const [i, name] of names.entries()) {
        await updateStructure(w.structure.id, { name });
        const csv = await t.http().get('/api/reports/usage?year=2025&groupBy=structure&format=csv&separator=semicolon').set('Authorization', w.auditor.auth);
        expect(csv.text.split('\r\n')).to.include(`${w.structure.id};${expected[i]};2;120;2;126,00;0;0,00`);
      }
    } finally {
      await updateStructure(w.structure.id, { name: 'PASS Lyon' });
    }
  });
});
