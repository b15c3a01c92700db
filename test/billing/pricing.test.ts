import { expect } from 'chai';
import { cancellationFee, DEFAULT_TARIFF, priceSession } from '../../server/billing/pricing';

describe('Pricing (default tariff)', () => {
  it('a 20-minute phone session is billed two started 15-minute blocks: 30 min, 24.00 EUR', () => {
    expect(priceSession(DEFAULT_TARIFF, { modality: 'phone', minutes: 20 })).to.deep.equal({ billedMinutes: 30, costCents: 2400 });
  });

  it('a 10-minute video session is billed the 30-minute minimum', () => {
    expect(priceSession(DEFAULT_TARIFF, { modality: 'video', minutes: 10 })).to.deep.equal({ billedMinutes: 30, costCents: 2500 });
  });

  it('a 70-minute on-site session is billed 90 minutes plus the travel fee', () => {
    expect(priceSession(DEFAULT_TARIFF, { modality: 'onsite', minutes: 70 })).to.deep.equal({ billedMinutes: 90, costCents: 3 * 2900 + 1500 });
  });

  it('a cancellation 24 hours or more before the start is free', () => {
    expect(cancellationFee(DEFAULT_TARIFF, { modality: 'onsite', durationMinutes: 60, minutesBeforeStart: 24 * 60, wasAssigned: true })).to.equal(0);
  });

  it('a late cancellation of an accepted request is billed for the booked duration', () => {
    expect(cancellationFee(DEFAULT_TARIFF, { modality: 'video', durationMinutes: 45, minutesBeforeStart: 120, wasAssigned: true })).to.equal(3 * 1250);
  });

  it('a late cancellation before anyone accepted is free', () => {
    expect(cancellationFee(DEFAULT_TARIFF, { modality: 'phone', durationMinutes: 45, minutesBeforeStart: 10, wasAssigned: false })).to.equal(0);
  });
});
