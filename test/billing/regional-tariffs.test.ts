import { expect } from 'chai';
import { DateTime } from 'luxon';
import { estimate, pricingContext, type Billable } from '../../server/billing/charges';
import { tariffFor, DEFAULT_TARIFF, type Tariff } from '../../server/billing/tariff';
import { createAgency } from '../../server/directory/agencies';
import { useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';

// Issue 27, item 3: an agency holding conventions in two regions is priced by each region as that
// region's auditors decide; one region's auditor never reprices the other's sessions.

const parisDate = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
/** The default tariff with phone at `unitCents` a quarter of an hour. */
const withPhone = (unitCents: number) => ({ ...DEFAULT_TARIFF, modalities: { ...DEFAULT_TARIFF.modalities, phone: { ...DEFAULT_TARIFF.modalities.phone, unitCents, unitMinutes: 15, minimumMinutes: 15 } } });

describe('Tariffs of a region (issue 27)', () => {
  describe('which version applies (pure)', () => {
    const version = (validFrom: string, region?: string): Tariff => ({ ...DEFAULT_TARIFF, version: `a:${validFrom}:${region ?? 'all'}`, validFrom, ...(region ? { region } : {}) });
    const versions = [DEFAULT_TARIFF, version('2027-01-01', '76'), version('2027-02-01'), version('2027-03-01', '84')];
    const on = (date: string, region?: string) => tariffFor(versions, new Date(`${date}T10:00:00Z`), region).version;

    it('a region’s own version, once it applies, wins over later versions of no region; other regions never see it', () => {
      expect(on('2026-12-31', '76')).to.equal('default-2022');
      expect(on('2027-01-15', '76')).to.equal('a:2027-01-01:76');
      expect(on('2027-02-15', '76')).to.equal('a:2027-01-01:76');
      expect(on('2027-01-15', '84')).to.equal('default-2022');
      expect(on('2027-02-15', '84')).to.equal('a:2027-02-01:all');
      expect(on('2027-03-15', '84')).to.equal('a:2027-03-01:84');
      expect(on('2027-03-15')).to.equal('a:2027-02-01:all');
    });
  });

  describe('through the API', () => {
    const t = useTestApp();
    let agencyId: string;
    let occitanie: string;
    let ara: string;
    let admin: string;
    let lyon: string;
    let toulouse: string;
    before(async () => {
      // Conventions in the Rhône (Auvergne-Rhône-Alpes, 84) and the Haute-Garonne (Occitanie, 76).
      agencyId = (await createAgency({ name: 'Interprètes Rhône-Garonne', departments: ['69', '31'] })).id;
      const login = async (user: { email: string }) => `Bearer ${await t.login(user.email)}`;
      occitanie = await login(await aUser('auditor', { region: '76' }));
      ara = await login(await aUser('auditor'));
      admin = await login(await aUser('admin'));
      lyon = (await aStructure({ department: '69' })).id;
      toulouse = (await aStructure({ department: '31' })).id;
    });
    const add = (auth: string, body: object) => t.http().post('/api/tariffs').set('Authorization', auth).send(body);
    const body = (unitCents: number, extra: object = {}) => {
      const { modalities, surcharges, cancellation } = withPhone(unitCents);
      return { agencyId, validFrom: parisDate(0), modalities, surcharges, cancellation, ...extra };
    };
    /** What an hour by phone at 10:00 Paris in 3 days commits, for a structure of `structureId`. */
    const hourIn = async (structureId: string) => {
      const request = { _id: 'x', version: 0, structureId, agencyId, language: 'ara', modality: 'phone', durationMinutes: 60, start: DateTime.fromISO(`${parisDate(3)}T10:00`, { zone: 'Europe/Paris' }).toJSDate() } as Billable;
      return estimate(await pricingContext(request), request).costCents;
    };

    it('Occitanie’s auditor prices the agency’s sessions in Occitanie only; Auvergne-Rhône-Alpes keeps its prices', async () => {
      const before = await hourIn(lyon);
      expect(await hourIn(toulouse)).to.equal(before);
      const added = await add(occitanie, body(1500));
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
      expect(added.body.region).to.equal('76');
      expect(await hourIn(toulouse), 'Toulouse: four quarters at 15 EUR').to.equal(4 * 1500);
      expect(await hourIn(lyon), 'Lyon, unchanged').to.equal(before);
    });

    it('each auditor reads the versions that price their region; naming another region is refused and writes nothing', async () => {
      const refused = await add(occitanie, body(900, { region: '84' }));
      expect(refused.status, JSON.stringify(refused.body)).to.equal(400);
      const regionsOf = async (auth: string) => ((await t.http().get('/api/tariffs').query({ agencyId }).set('Authorization', auth)).body.agencies[0]?.versions ?? []).map((v: Tariff) => v.region ?? 'all');
      expect(await regionsOf(occitanie)).to.deep.equal(['76']);
      expect(await regionsOf(ara)).to.deep.equal([]);
      expect(await regionsOf(admin)).to.deep.equal(['76']);
    });

    it('an admin’s version of no region prices Auvergne-Rhône-Alpes, not Occitanie, which has its own', async () => {
      expect((await add(admin, body(1100))).status).to.equal(201);
      expect(await hourIn(lyon)).to.equal(4 * 1100);
      expect(await hourIn(toulouse)).to.equal(4 * 1500);
      // A region the agency has no convention in is not where it can be priced.
      expect((await add(admin, body(1200, { region: '52' }))).status).to.equal(404);
    });
  });
});
