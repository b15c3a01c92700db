import { expect } from 'chai';
import { DateTime } from 'luxon';
import { communeCentre, communeCode, distanceKm, haversineKm } from '../../server/billing/communes';
import { priceNoShow, priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF, type ModalityTariff, type Tariff } from '../../server/billing/tariff';
import { measuredSeconds, settle } from '../../server/calls/together';

// Issue 28, item 1: the rules of 2025 tenders, each worked by hand. Sessions on Tuesday 2026-03-10 at
// 10:00 in Lyon (no surcharge) unless said otherwise.

const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const TUESDAY = paris('2026-03-10T10:00');
/** The default tariff with one modality's rules replaced (others as the default). */
const withRules = (modality: 'phone' | 'onsite', rules: Partial<ModalityTariff>, cancellation: Partial<Tariff['cancellation']> = {}): Tariff => ({
  ...DEFAULT_TARIFF,
  version: 'test',
  modalities: { ...DEFAULT_TARIFF.modalities, [modality]: { ...DEFAULT_TARIFF.modalities[modality], ...rules } },
  cancellation: { ...DEFAULT_TARIFF.cancellation, ...cancellation },
});
const phone = (tariff: Tariff, minutes: number, start = TUESDAY) => priceSession(tariff, { modality: 'phone', start, minutes, department: '69' });
const onsite = (tariff: Tariff, minutes: number, distanceKm?: number) => priceSession(tariff, { modality: 'onsite', start: TUESDAY, minutes, department: '69', distanceKm });

// Lyon (69123) to Vienne (38544), centres from the table: Lyon 45.74906 N 4.84789 E, Vienne 45.52569 N
// 4.87484 E. By hand: 0.22337 degrees of latitude x 111.195 km = 24.84 km; 0.02695 degrees of longitude x
// 111.195 km x cos(45.64) 0.6992 = 2.10 km; sqrt(24.84^2 + 2.10^2) = 24.93 km (the haversine gives 24.926).
const LYON_VIENNE_KM = 24.93;

describe('Tariffs as 2025 tenders write them (issue 28)', () => {
  it('5-minute units: a session is billed in started 5-minute slices, the minimum first', () => {
    const tariff = withRules('phone', { unitCents: 400, unitMinutes: 5, minimumMinutes: 15 });
    // 22 min: ceil(22 / 5) = 5 units = 25 min x 4.00 EUR = 20.00 EUR (in 15-minute units it would be 30 min).
    expect(phone(tariff, 22)).to.include({ billedMinutes: 25, costCents: 2000 });
    // 25 min: exactly 5 units.
    expect(phone(tariff, 25)).to.include({ billedMinutes: 25, costCents: 2000 });
    // 9 min: the 15-minute minimum, 3 units = 12.00 EUR.
    expect(phone(tariff, 9)).to.include({ billedMinutes: 15, costCents: 1200 });
    // At night (Tuesday 21:00): 22 night minutes x 400 / 5 = 80 c a minute x 25 % = 440 c on top of 2000.
    expect(phone(tariff, 22, paris('2026-03-10T21:00')).breakdown).to.include({ nightMinutes: 22, baseCents: 2000, surchargeCents: 440 });
  });

  it('first hour: the first 60 minutes billed whole, then 15-minute slices', () => {
    // First hour 58.00 EUR, then 14.50 EUR a started quarter hour; no minimum, no flat travel fee.
    const tariff = withRules('onsite', { unitCents: 1450, unitMinutes: 15, minimumMinutes: 0, travelFeeCents: 0, firstUnit: { minutes: 60, cents: 5800 } });
    expect(onsite(tariff, 40), '40 min: the first hour').to.include({ billedMinutes: 60, costCents: 5800 });
    expect(onsite(tariff, 60), '60 min: the first hour').to.include({ billedMinutes: 60, costCents: 5800 });
    expect(onsite(tariff, 61), '61 min: first hour + 1 slice = 58.00 + 14.50').to.include({ billedMinutes: 75, costCents: 7250 });
    // 100 min: 40 beyond the hour, ceil(40 / 15) = 3 slices: 5800 + 3 x 1450 = 10150.
    expect(onsite(tariff, 100)).to.include({ billedMinutes: 105, costCents: 10150 });
    // With a 90-minute minimum, 50 min worked is billed 90: first hour + 2 slices = 5800 + 2900 = 8700.
    expect(onsite({ ...tariff, modalities: { ...tariff.modalities, onsite: { ...tariff.modalities.onsite, minimumMinutes: 90 } } }, 50)).to.include({ billedMinutes: 90, costCents: 8700 });
  });

  it('the commune table places Lyon and Vienne, and the great-circle distance between them is 24.93 km', () => {
    expect(communeCentre('69123')).to.deep.equal({ lat: 45.74906, lon: 4.84789 });
    expect(communeCentre('38544')).to.deep.equal({ lat: 45.52569, lon: 4.87484 });
    expect(distanceKm('69123', '38544')).to.be.closeTo(LYON_VIENNE_KM, 0.01);
    expect(distanceKm('69123', '00000'), 'an unknown commune: no distance').to.equal(undefined);
    // A structure names its town as people write it.
    expect(communeCode('St Étienne', '42')).to.equal('42218');
    expect(communeCode('lyon', '69')).to.equal('69123');
    // One degree of longitude on the equator: 2 x pi x 6371 / 360 = 111.19 km.
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).to.be.closeTo(111.19, 0.01);
  });

  it('travel per kilometre, round trip or one way, on top of the flat fee', () => {
    const km = distanceKm('69123', '38544')!;
    const roundTrip = withRules('onsite', { travel: { mode: 'perKm', perKmCents: 45, roundTrip: true } });
    // Round trip 2 x 24.93 = 49.85 km, 50 km begun x 0.45 EUR = 22.50 EUR, + the flat 15.00 EUR = 37.50 EUR.
    expect(onsite(roundTrip, 90, km).breakdown).to.include({ baseCents: 8700, travelCents: 3750 });
    // One way: 25 km x 0.45 = 11.25 EUR + 15.00 EUR.
    const oneWay = withRules('onsite', { travel: { mode: 'perKm', perKmCents: 45, roundTrip: false } });
    expect(onsite(oneWay, 90, km).breakdown.travelCents).to.equal(2625);
    // Distance unknown (a commune the table lacks): the flat fee only.
    expect(onsite(roundTrip, 90).breakdown.travelCents).to.equal(1500);
  });

  it('travel by zone: the first zone reaching the one-way distance, the last one beyond', () => {
    const zones = withRules('onsite', { travelFeeCents: 0, travel: { mode: 'zones', roundTrip: false, zones: [{ upToKm: 10, cents: 0 }, { upToKm: 30, cents: 2000 }, { upToKm: 60, cents: 3500 }] } });
    expect(onsite(zones, 60, distanceKm('69123', '38544')).breakdown.travelCents, 'Lyon-Vienne 24.93 km: zone 10-30').to.equal(2000);
    expect(onsite(zones, 60, 10).breakdown.travelCents, '10 km: still the first zone').to.equal(0);
    expect(onsite(zones, 60, 10.2).breakdown.travelCents, '10.2 km: the second').to.equal(2000);
    expect(onsite(zones, 60, 75).breakdown.travelCents, '75 km: beyond the last, the last').to.equal(3500);
  });

  it('travel time: billed kilometres at the average speed, at the hourly rate', () => {
    const km = distanceKm('69123', '38544')!;
    const timed = withRules('onsite', { travelFeeCents: 0, travel: { mode: 'perKm', perKmCents: 45, roundTrip: true, travelTimeCentsPerHour: 2400 } });
    // 50 km at 60 km/h = 50 min x 24.00 EUR/h = 20.00 EUR, + 50 km x 0.45 = 22.50 EUR: 42.50 EUR.
    expect(onsite(timed, 90, km).breakdown.travelCents).to.equal(4250);
    // At 50 km/h: 1 h = 24.00 EUR, + 22.50 EUR.
    const slower = withRules('onsite', { travelFeeCents: 0, travel: { mode: 'perKm', perKmCents: 45, roundTrip: true, travelTimeCentsPerHour: 2400, travelSpeedKmh: 50 } });
    expect(onsite(slower, 90, km).breakdown.travelCents).to.equal(4650);
    // Travel time is never surcharged: the same session on a Sunday adds the surcharge to the base only.
    const sunday = priceSession(timed, { modality: 'onsite', start: paris('2026-03-15T10:00'), minutes: 90, department: '69', distanceKm: km });
    expect(sunday.breakdown).to.include({ travelCents: 4250, surchargeCents: 2175 });
  });

  describe('a patient’s no-show', () => {
    // On site 90 min booked: 3 x 29.00 = 87.00 EUR; travel 15.00 + 50 km x 0.45 = 37.50 EUR (Lyon-Vienne).
    const tariff: Tariff = {
      ...withRules('onsite', { travel: { mode: 'perKm', perKmCents: 45, roundTrip: true } }, { noShowBilledPercent: 50, noShowNotTravelledPercent: 25 }),
    };
    const noShow = (modality: 'phone' | 'onsite', durationMinutes: number, travelled?: boolean, t = tariff) =>
      priceNoShow(t, { modality, start: TUESDAY, durationMinutes, department: '69', distanceKm: distanceKm('69123', '38544'), ...(travelled === undefined ? {} : { travelled }) });

    it('on site, the interpreter having travelled: the share of the session, the travel in full', () => {
      // 50 % x 87.00 = 43.50 EUR + 37.50 EUR = 81.00 EUR.
      expect(noShow('onsite', 90).breakdown).to.include({ baseCents: 4350, travelCents: 3750 });
      expect(noShow('onsite', 90).costCents).to.equal(8100);
    });

    it('without travel (on site before setting off, or by phone): the other share, no travel', () => {
      // 25 % x 87.00 = 21.75 EUR, nothing for travel.
      expect(noShow('onsite', 90, false)).to.include({ costCents: 2175 });
      expect(noShow('onsite', 90, false).breakdown.travelCents).to.equal(0);
      // Phone 45 min: 3 x 12.00 = 36.00 EUR x 25 % = 9.00 EUR (a phone session is never travelled to).
      expect(noShow('phone', 45)).to.include({ billedMinutes: 45, costCents: 900 });
      // Without noShowNotTravelledPercent, the one share of 2022: 50 % x 36.00 = 18.00 EUR.
      const oneShare = { ...tariff, cancellation: { ...tariff.cancellation, noShowNotTravelledPercent: undefined } };
      expect(noShow('phone', 45, undefined, oneShare).costCents).to.equal(1800);
    });
  });

  it('waiting time in a call is never billed: only the minutes both sides were connected', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 9, minute));
    const interpreter = (peers: string[]) => ({ id: 'ui', role: 'interpreter' as const, peers });
    const professional = (peers: string[]) => ({ id: 'ur', role: 'requester' as const, peers });
    // 09:00 the interpreter waits alone; 09:07 the professional is connected; 09:30 they leave; the
    // interpreter waits until 09:34. In the call 34 min, together 23 min.
    let m = settle({ togetherSince: null, measuredMs: 0 }, [interpreter([])], at(0));
    m = settle(m, [interpreter(['ur']), professional(['ui'])], at(7));
    m = settle(m, [interpreter([])], at(30));
    const seconds = measuredSeconds(m, at(34));
    expect(seconds).to.equal(23 * 60);
    // What completeRequest bills (server/booking/requests.ts): the minute begun, 23; by phone
    // ceil(23 / 15) = 2 quarters = 24.00 EUR. The 34 minutes in the call would be 3 quarters, 36.00 EUR.
    expect(phone(DEFAULT_TARIFF, Math.ceil(seconds / 60))).to.include({ billedMinutes: 30, costCents: 2400 });
  });

  it('the default tariff keeps the 2022 rules: no first unit, no distance part, one no-show share', () => {
    for (const rules of Object.values(DEFAULT_TARIFF.modalities)) expect(rules).to.not.have.any.keys('firstUnit', 'travel');
    expect(DEFAULT_TARIFF.cancellation).to.not.have.property('noShowNotTravelledPercent');
    // A distance changes nothing under it: on site 90 min = 3 x 29.00 + 15.00 = 102.00 EUR.
    expect(onsite(DEFAULT_TARIFF, 90, 24.93).costCents).to.equal(10200);
  });
});
