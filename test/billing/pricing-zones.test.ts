import { expect } from 'chai';
import { priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';

// Night, Sunday and holiday surcharges read the clock of the session's department (issue 27, item 2):
// La Réunion is UTC+4 all year, Guyane UTC−3, Paris UTC+1 in winter. Pure, no database.

const classes = (start: string, minutes: number, department: string) => {
  const { normalMinutes, nightMinutes, sundayMinutes, holidayMinutes } = priceSession(DEFAULT_TARIFF, { modality: 'video', start: new Date(start), minutes, department }).breakdown;
  return { normalMinutes, nightMinutes, sundayMinutes, holidayMinutes };
};

describe('Billing: surcharges in the local time of the session’s department', () => {
  it('20:00-22:00 in La Réunion is evening there (night surcharge), though only 17:00-19:00 in Paris', () => {
    // Tuesday 15 December 2026, 20:00 at Saint-Denis de La Réunion.
    expect(classes('2026-12-15T20:00:00+04:00', 120, '974')).to.deep.equal({ normalMinutes: 0, nightMinutes: 120, sundayMinutes: 0, holidayMinutes: 0 });
    expect(classes('2026-12-15T20:00:00+04:00', 120, '69')).to.deep.equal({ normalMinutes: 120, nightMinutes: 0, sundayMinutes: 0, holidayMinutes: 0 });
  });

  it('00:30 on 20 December in La Réunion is its holiday (abolition of slavery), while Paris is still on the 19th', () => {
    expect(classes('2026-12-20T00:30:00+04:00', 60, '974')).to.deep.equal({ normalMinutes: 0, nightMinutes: 0, sundayMinutes: 0, holidayMinutes: 60 });
    const price = priceSession(DEFAULT_TARIFF, { modality: 'video', start: new Date('2026-12-20T00:30:00+04:00'), minutes: 60, department: '974' });
    // 4 quarters at 12.50 EUR, +50 % on every minute.
    expect(price.costCents).to.equal(5000 + 2500);
  });

  it('22:00 on 10 June in Guyane (UTC−3) is its holiday, though 11 June has begun in Paris and in UTC', () => {
    expect(classes('2027-06-10T22:00:00-03:00', 60, '973')).to.deep.equal({ normalMinutes: 0, nightMinutes: 0, sundayMinutes: 0, holidayMinutes: 60 });
    // 23:30 there runs into 11 June, an ordinary night.
    expect(classes('2027-06-10T23:30:00-03:00', 60, '973')).to.deep.equal({ normalMinutes: 0, nightMinutes: 30, sundayMinutes: 0, holidayMinutes: 30 });
  });

  it('a Saturday evening in Guyane is no Sunday, though it is Sunday morning in Paris', () => {
    // Saturday 12 December 2026, 21:00 in Cayenne is Sunday 01:00 in Paris.
    expect(classes('2026-12-12T21:00:00-03:00', 60, '973')).to.deep.equal({ normalMinutes: 0, nightMinutes: 60, sundayMinutes: 0, holidayMinutes: 0 });
    expect(classes('2026-12-12T21:00:00-03:00', 60, '69')).to.deep.equal({ normalMinutes: 0, nightMinutes: 0, sundayMinutes: 60, holidayMinutes: 0 });
  });

  it('Paris across its clock changes still bills what was worked, by Paris time', () => {
    // 29 March 2026, 01:00 → 04:00 local is 120 real minutes, all on Sunday.
    expect(classes('2026-03-29T01:00:00+01:00', 120, '69')).to.deep.equal({ normalMinutes: 0, nightMinutes: 0, sundayMinutes: 120, holidayMinutes: 0 });
    // 25 October 2026, 01:00 → 03:00 local is 180 real minutes.
    expect(classes('2026-10-25T01:00:00+02:00', 180, '69')).to.deep.equal({ normalMinutes: 0, nightMinutes: 0, sundayMinutes: 180, holidayMinutes: 0 });
  });
});
