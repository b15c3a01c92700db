import { expect } from 'chai';
import { DateTime } from 'luxon';
import { completionPrice, estimate, pricingContext, type Billable } from '../../server/billing/charges';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { createAgency } from '../../server/directory/agencies';
import { useTestApp } from '../support/app';
import { createStructure } from '../../server/directory/structures';
import { anInterpreter, aStructure, aUser } from '../support/fixtures';

// Issue 28, item 1: POST /api/tariffs takes the 2025 tenders' rules (5-minute units, a first unit,
// travel by distance, a no-show share without travel), refuses unknown fields and names each bad value.

const parisDate = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;

describe('The tenders’ tariff rules through the API (issue 28)', () => {
  const t = useTestApp();
  let agencyId: string;
  let admin: string;
  let structureId: string;
  before(async () => {
    agencyId = (await createAgency({ name: 'Interprètes du Rhône', departments: ['69'] })).id;
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    structureId = (await aStructure({ department: '69' })).id;
  });
  const { modalities, surcharges, cancellation } = DEFAULT_TARIFF;
  const body = (changes: { phone?: object; onsite?: object; cancellation?: object } = {}) => ({
    agencyId,
    validFrom: parisDate(0),
    modalities: { ...modalities, phone: { ...modalities.phone, ...changes.phone }, onsite: { ...modalities.onsite, ...changes.onsite } },
    surcharges: { ...surcharges, nightPercent: 0, sundayPercent: 0, holidayPercent: 0 },
    cancellation: { ...cancellation, ...changes.cancellation },
  });
  const add = (payload: object) => t.http().post('/api/tariffs').set('Authorization', admin).send(payload);
  const fieldsOf = (res: { body: { error?: { details?: { field: string; code: string }[] } } }) => (res.body.error?.details ?? []).map((d) => `${d.field} ${d.code}`);

  it('stores 5-minute units, a first hour, travel by zone with a travel-time rate and a no-show share without travel, and prices with them', async () => {
    const travel = { mode: 'zones', roundTrip: true, zones: [{ upToKm: 15, cents: 0 }, { upToKm: 40, cents: 2000 }], travelTimeCentsPerHour: 2400, travelSpeedKmh: 50 };
    const res = await add(body({
      phone: { unitCents: 400, unitMinutes: 5, minimumMinutes: 15 },
      onsite: { firstUnit: { minutes: 60, cents: 6000 }, unitCents: 1500, unitMinutes: 15, travel },
      cancellation: { noShowNotTravelledPercent: 30 },
    }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.modalities.onsite).to.deep.include({ firstUnit: { minutes: 60, cents: 6000 }, travel });
    expect(res.body.cancellation.noShowNotTravelledPercent).to.equal(30);
    const listed = await t.http().get('/api/tariffs').query({ agencyId }).set('Authorization', admin);
    expect(listed.body.agencies[0].versions.at(-1).modalities.phone.unitMinutes).to.equal(5);
    // 40 min by phone at 10:00 in 2 days: 8 units of 5 min x 4.00 EUR = 32.00 EUR.
    const request = { _id: 'x', version: 0, structureId, agencyId, language: 'ara', modality: 'phone', durationMinutes: 40, start: DateTime.fromISO(`${parisDate(2)}T10:00`, { zone: 'Europe/Paris' }).toJSDate() } as Billable;
    expect(estimate(await pricingContext(request), request)).to.include({ billedMinutes: 40, costCents: 3200 });
  });

  it('refuses a unit of 10 minutes, an unknown travel field and a first unit without its price, naming each field', async () => {
    const res = await add(body({ phone: { unitMinutes: 10 }, onsite: { firstUnit: { minutes: 60 }, travel: { mode: 'perKm', perKmCents: 45, roundTrip: true, speed: 50 } } }));
    expect(res.status).to.equal(400);
    expect(fieldsOf(res)).to.have.members(['modalities.phone.unitMinutes enum', 'modalities.onsite.firstUnit.cents required', 'modalities.onsite.travel.speed unknown_field']);
  });

  it('refuses travel rules missing their figures: per km without its rate, zones out of order', async () => {
    const perKm = await add(body({ onsite: { travel: { mode: 'perKm', roundTrip: true } } }));
    expect(perKm.status).to.equal(400);
    expect(fieldsOf(perKm)).to.deep.equal(['modalities.onsite.travel.perKmCents required']);
    const zones = await add(body({ onsite: { travel: { mode: 'zones', roundTrip: false, zones: [{ upToKm: 30, cents: 2000 }, { upToKm: 30, cents: 3000 }] } } }));
    expect(zones.status).to.equal(400);
    expect(fieldsOf(zones)).to.deep.equal(['modalities.onsite.travel.zones.1.upToKm not_rising']);
    const noZones = await add(body({ onsite: { travel: { mode: 'zones', roundTrip: false } } }));
    expect(fieldsOf(noZones)).to.deep.equal(['modalities.onsite.travel.zones required']);
  });

  it('an on-site session bills the kilometres from the interpreter’s base commune to the structure’s town', async () => {
    const rhone = (await createAgency({ name: 'Interprètes Rhône-Isère', departments: ['69', '38'] })).id;
    const added = await add({ ...body({ onsite: { travel: { mode: 'perKm', perKmCents: 45, roundTrip: true } }, cancellation: { noShowBilledPercent: 50 } }), agencyId: rhone });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const vienne = (await createStructure({ name: 'PASS de Vienne', type: 'PASS', department: '38', city: 'Vienne' })).id;
    const fromLyon = await anInterpreter(rhone, { departments: ['38'] });
    const refused = await t.http().patch(`/api/interpreters/${fromLyon.id}`).set('Authorization', admin).send({ baseCommune: 'Lyon' });
    expect(refused.status).to.equal(400);
    expect(fieldsOf(refused)).to.deep.equal(['baseCommune pattern']);
    const set = await t.http().patch(`/api/interpreters/${fromLyon.id}`).set('Authorization', admin).send({ baseCommune: '69123' });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.baseCommune).to.equal('69123');
    const unplaced = await anInterpreter(rhone, { departments: ['38'] });
    const start = DateTime.fromISO(`${parisDate(2)}T10:00`, { zone: 'Europe/Paris' }).toJSDate();
    const request = (interpreterId: string) => ({ _id: 'x', version: 0, structureId: vienne, agencyId: rhone, interpreterId, language: 'ara', modality: 'onsite', durationMinutes: 90, start }) as Billable;
    // Lyon to Vienne 24.93 km, 50 km there and back x 0.45 EUR = 22.50 EUR + the flat 15.00 EUR; 3 x 29.00 EUR.
    const lyon = await pricingContext(request(fromLyon.id));
    expect(lyon.distanceKm).to.be.closeTo(24.93, 0.01);
    expect(estimate(lyon, request(fromLyon.id)).breakdown).to.include({ baseCents: 8700, travelCents: 3750 });
    // The patient does not come: the interpreter had travelled, 50 % of 87.00 EUR and the travel in full.
    expect(completionPrice(lyon, request(fromLyon.id), 'patient_no_show', 0).costCents).to.equal(4350 + 3750);
    // No base commune: the flat fee only.
    expect(estimate(await pricingContext(request(unplaced.id)), request(unplaced.id)).breakdown.travelCents).to.equal(1500);
    // An address of the request's own, outside the structure's department, names no commune: the flat fee only.
    const elsewhere = { ...request(fromLyon.id), location: { department: '69' } } as Billable;
    expect((await pricingContext(elsewhere)).distanceKm).to.equal(undefined);
    // Within the structure's department, the structure's town stands for the address.
    expect((await pricingContext({ ...request(fromLyon.id), location: { department: '38' } } as Billable)).distanceKm).to.be.closeTo(24.93, 0.01);
  });
});
