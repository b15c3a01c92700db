import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Modality } from '../../shared/enums';
import { minutesBetween, priceCancellation, priceNoShow, priceSession, type Price } from '../../server/billing/pricing';
import { DEFAULT_TARIFF, tariffFor, type Tariff } from '../../server/billing/tariff';

// Default tariff per worked minute: phone 1200 / 15 = 80 c, video 1250 / 15 = 83.33 c, on site 2900 / 30 = 96.67 c.
// Night and Sunday +25 %, holidays +50 %. 2026-03-10 is a Tuesday, 2026-03-15 a Sunday.
const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const session = (modality: Modality, local: string, minutes: number, department = '69') => ({ modality, start: paris(local), minutes, department });
const price = (modality: Modality, local: string, minutes: number, department = '69') => priceSession(DEFAULT_TARIFF, session(modality, local, minutes, department));

function expected(billedMinutes: number, minutes: Partial<Record<'normal' | 'night' | 'sunday' | 'holiday', number>>, cents: { base: number; surcharge: number; travel?: number }): Price {
  const travel = cents.travel ?? 0;
  return {
    billedMinutes,
    costCents: cents.base + cents.surcharge + travel,
    breakdown: {
      normalMinutes: minutes.normal ?? 0,
      nightMinutes: minutes.night ?? 0,
      sundayMinutes: minutes.sunday ?? 0,
      holidayMinutes: minutes.holiday ?? 0,
      baseCents: cents.base,
      surchargeCents: cents.surcharge,
      travelCents: travel,
    },
  };
}

describe('Pricing a session (default tariff)', () => {
  it('a weekday session across 20:00 is normal before it and night after it', () => {
    // 4 blocks x 1200 = 4800; 30 night min x 80 c x 25 % = 600
    expect(price('phone', '2026-03-10T19:30', 60)).to.deep.equal(expected(60, { normal: 30, night: 30 }, { base: 4800, surcharge: 600 }));
  });

  it('an early-morning session before 08:00 is night throughout, the surcharge rounded once', () => {
    // 3 blocks x 1250 = 3750; 45 night min x 83.33 c x 25 % = 937.5 -> 938
    expect(price('video', '2026-03-11T06:00', 45)).to.deep.equal(expected(45, { night: 45 }, { base: 3750, surcharge: 938 }));
  });

  it('a Sunday session is surcharged, and Sunday outranks night', () => {
    // 8 blocks x 1200 = 9600; 120 Sunday min (19:00-21:00, the last hour also night) x 80 c x 25 % = 2400
    expect(price('phone', '2026-03-15T19:00', 120)).to.deep.equal(expected(120, { sunday: 120 }, { base: 9600, surcharge: 2400 }));
  });

  it('a session across midnight from Saturday night is night, then Sunday', () => {
    // 4 blocks x 1200 = 4800; (30 night + 30 Sunday) min x 80 c x 25 % = 1200
    expect(price('phone', '2026-03-14T23:30', 60)).to.deep.equal(expected(60, { night: 30, sunday: 30 }, { base: 4800, surcharge: 1200 }));
  });

  it('Easter Monday is a holiday: +50 %, travel not surcharged', () => {
    // 2 blocks x 2900 = 5800; 60 holiday min x 96.67 c x 50 % = 2900; travel 1500
    expect(price('onsite', '2026-04-06T10:00', 60)).to.deep.equal(expected(60, { holiday: 60 }, { base: 5800, surcharge: 2900, travel: 1500 }));
  });

  it('a public holiday on a Sunday (All Saints’ Day, Sunday 1 November 2026) is billed as a holiday, which outranks Sunday', () => {
    // 4 blocks x 1200 = 4800; 60 holiday min x 80 c x 50 % = 2400 (as a Sunday it would be 1200)
    expect(price('phone', '2026-11-01T10:00', 60)).to.deep.equal(expected(60, { holiday: 60 }, { base: 4800, surcharge: 2400 }));
  });

  it('14 July at night is billed as a holiday, which outranks night', () => {
    // 4 blocks x 1200 = 4800; 60 holiday min x 80 c x 50 % = 2400
    expect(price('phone', '2026-07-14T21:00', 60)).to.deep.equal(expected(60, { holiday: 60 }, { base: 4800, surcharge: 2400 }));
  });

  it('on 2026-03-29 (spring forward) 01:00 + 120 real minutes ends at 04:00, all Sunday although night too', () => {
    // 120 worked min, not the 180 of the clock: 8 blocks x 1200 = 9600; 120 Sunday min x 80 c x 25 % = 2400
    expect(price('phone', '2026-03-29T01:00', 120)).to.deep.equal(expected(120, { sunday: 120 }, { base: 9600, surcharge: 2400 }));
  });

  it('on 2026-10-25 (fall back) 01:00 + 240 real minutes ends at 04:00, all Sunday', () => {
    // 240 worked min, not the 180 of the clock: 16 blocks x 1200 = 19200; 240 Sunday min x 80 c x 25 % = 4800
    expect(price('phone', '2026-10-25T01:00', 240)).to.deep.equal(expected(240, { sunday: 240 }, { base: 19200, surcharge: 4800 }));
  });

  it('Good Friday 2026-04-03 is a holiday in Moselle (57) but not in the Rhône (69)', () => {
    // 4 blocks x 1250 = 5000; in 57: 60 holiday min x 83.33 c x 50 % = 2500; in 69: a normal Friday
    expect(price('video', '2026-04-03T10:00', 60, '57')).to.deep.equal(expected(60, { holiday: 60 }, { base: 5000, surcharge: 2500 }));
    expect(price('video', '2026-04-03T10:00', 60, '69')).to.deep.equal(expected(60, { normal: 60 }, { base: 5000, surcharge: 0 }));
  });

  it('26 December 2026 is a holiday in the Bas-Rhin (67) and a plain Saturday in the Rhône (69)', () => {
    // 2 blocks x 1200 = 2400; in 67: 30 holiday min x 80 c x 50 % = 1200; in 69: no surcharge on Saturday
    expect(price('phone', '2026-12-26T10:00', 30, '67')).to.deep.equal(expected(30, { holiday: 30 }, { base: 2400, surcharge: 1200 }));
    expect(price('phone', '2026-12-26T10:00', 30, '69')).to.deep.equal(expected(30, { normal: 30 }, { base: 2400, surcharge: 0 }));
  });

  it('a 10-minute video session is billed the 30-minute minimum', () => {
    // 30 min = 2 blocks x 1250 = 2500
    expect(price('video', '2026-03-10T10:00', 10)).to.deep.equal(expected(30, { normal: 10 }, { base: 2500, surcharge: 0 }));
  });

  it('the padding up to the minimum is billed at base rate, only worked minutes are surcharged', () => {
    // 2 blocks x 1250 = 2500; 10 night min x 83.33 c x 25 % = 208.3 -> 208
    expect(price('video', '2026-03-10T21:00', 10)).to.deep.equal(expected(30, { night: 10 }, { base: 2500, surcharge: 208 }));
  });

  it('a 31-minute phone session is billed three started 15-minute blocks', () => {
    // 45 min = 3 blocks x 1200 = 3600
    expect(price('phone', '2026-03-10T10:00', 31)).to.deep.equal(expected(45, { normal: 31 }, { base: 3600, surcharge: 0 }));
  });

  it('a per-minute tariff bills the 31 minutes worked', () => {
    const perMinute: Tariff = { ...DEFAULT_TARIFF, modalities: { ...DEFAULT_TARIFF.modalities, phone: { unitCents: 80, unitMinutes: 1, minimumMinutes: 1, travelFeeCents: 0 } } };
    // 31 units x 80 = 2480
    expect(priceSession(perMinute, session('phone', '2026-03-10T10:00', 31))).to.deep.equal(expected(31, { normal: 31 }, { base: 2480, surcharge: 0 }));
  });

  it('an on-site session adds the travel fee to the started 30-minute blocks', () => {
    // 70 min -> 90 = 3 blocks x 2900 = 8700; travel 1500
    expect(price('onsite', '2026-03-10T14:00', 70)).to.deep.equal(expected(90, { normal: 70 }, { base: 8700, surcharge: 0, travel: 1500 }));
  });
});

describe('Pricing cancellations and no-shows (default tariff)', () => {
  const booked = { modality: 'video' as const, start: paris('2026-03-10T10:00'), durationMinutes: 45, department: '69' };

  it('a late cancellation (under 24 h) of an accepted request is billed for the booked duration', () => {
    // 22 h before; 45 min = 3 blocks x 1250 = 3750
    expect(priceCancellation(DEFAULT_TARIFF, { ...booked, cancelledAt: paris('2026-03-09T12:00'), wasAssigned: true })).to.deep.equal(expected(45, { normal: 45 }, { base: 3750, surcharge: 0 }));
  });

  it('a tariff billing 50 % of late cancellations halves each part', () => {
    const half: Tariff = { ...DEFAULT_TARIFF, cancellation: { ...DEFAULT_TARIFF.cancellation, lateBilledPercent: 50 } };
    const onsite = { modality: 'onsite' as const, start: paris('2026-03-10T10:00'), durationMinutes: 60, department: '69' };
    // 2 blocks x 2900 = 5800 -> 2900; travel 1500 -> 750
    expect(priceCancellation(half, { ...onsite, cancelledAt: paris('2026-03-10T09:00'), wasAssigned: true })).to.deep.equal(expected(60, { normal: 60 }, { base: 2900, surcharge: 0, travel: 750 }));
  });

  it('a cancellation exactly 24 hours before the start is free', () => {
    expect(priceCancellation(DEFAULT_TARIFF, { ...booked, cancelledAt: paris('2026-03-09T10:00'), wasAssigned: true })).to.equal(null);
  });

  it('a late cancellation before anyone accepted is free', () => {
    expect(priceCancellation(DEFAULT_TARIFF, { ...booked, cancelledAt: paris('2026-03-10T09:50'), wasAssigned: false })).to.equal(null);
  });

  it('a patient no-show is billed for the booked duration, surcharges and travel included', () => {
    // Sunday 90 min on site: 3 blocks x 2900 = 8700; 90 Sunday min x 96.67 c x 25 % = 2175; travel 1500
    const noShow = priceNoShow(DEFAULT_TARIFF, { modality: 'onsite', start: paris('2026-03-15T14:00'), durationMinutes: 90, department: '69' });
    expect(noShow).to.deep.equal(expected(90, { sunday: 90 }, { base: 8700, surcharge: 2175, travel: 1500 }));
  });
});

describe('Tariff versions', () => {
  const july: Tariff = {
    ...DEFAULT_TARIFF,
    version: 'agency1:2',
    validFrom: '2026-07-01',
    modalities: { ...DEFAULT_TARIFF.modalities, phone: { unitCents: 1500, unitMinutes: 15, minimumMinutes: 15, travelFeeCents: 0 } },
  };

  it('picks the version by the Paris date: 2026-06-30T23:30Z is already 1 July in Paris', () => {
    expect(tariffFor([DEFAULT_TARIFF, july], new Date('2026-06-30T23:30:00Z')).version).to.equal('agency1:2');
    expect(tariffFor([july, DEFAULT_TARIFF], new Date('2026-06-30T21:30:00Z')).version).to.equal('default-2022');
  });

  it('throws when no version is valid yet', () => {
    expect(() => tariffFor([july], new Date('2026-06-01T10:00:00Z'))).to.throw(RangeError);
  });

  it('a new version never changes the price of an earlier session', () => {
    const june = session('phone', '2026-06-30T10:00', 30);
    // 2 blocks x 1200 = 2400, before and after the July version exists
    expect(priceSession(tariffFor([DEFAULT_TARIFF], june.start), june).costCents).to.equal(2400);
    expect(priceSession(tariffFor([DEFAULT_TARIFF, july], june.start), june).costCents).to.equal(2400);
  });
});

describe('minutesBetween', () => {
  it('counts real minutes across both daylight-saving changes', () => {
    // 01:00 -> 04:00 on the clock: 2 real hours when the clocks go forward, 4 when they go back
    expect(minutesBetween(paris('2026-03-29T01:00'), paris('2026-03-29T04:00'))).to.equal(120);
    expect(minutesBetween(paris('2026-10-25T01:00'), paris('2026-10-25T04:00'))).to.equal(240);
  });
});
