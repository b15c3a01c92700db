import { expect } from 'chai';
import { occurrenceStarts } from '../../server/booking/recurrence';

describe('Series occurrences', () => {
  it('a weekly series keeps 10:00 Paris time across the October daylight-saving change', () => {
    const starts = occurrenceStarts(new Date('2026-10-20T10:00:00+02:00'), 'week', 3).map((d) => d.toISOString());
    expect(starts).to.deep.equal(['2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-11-03T09:00:00.000Z']);
  });

  it('a fortnightly series across the March change keeps the wall-clock time', () => {
    const starts = occurrenceStarts(new Date('2026-03-24T09:30:00+01:00'), '2weeks', 2).map((d) => d.toISOString());
    expect(starts).to.deep.equal(['2026-03-24T08:30:00.000Z', '2026-04-07T07:30:00.000Z']);
  });

  it('a monthly series from the 31st falls back to the last day of shorter months', () => {
    const starts = occurrenceStarts(new Date('2027-01-31T14:00:00+01:00'), 'month', 3).map((d) => d.toISOString());
    expect(starts).to.deep.equal(['2027-01-31T13:00:00.000Z', '2027-02-28T13:00:00.000Z', '2027-03-31T12:00:00.000Z']);
  });
});
