import { expect } from 'chai';
import { seriesOccurrences } from '../../shared/series';

const starts = (first: string, every: 'week' | '2weeks' | 'month', count: number) =>
  seriesOccurrences(new Date(first), every, count).map((o) => o.start?.toISOString());

describe('Series occurrences', () => {
  it('a weekly series keeps 10:00 Paris time across the October daylight-saving change', () => {
    expect(starts('2026-10-20T10:00:00+02:00', 'week', 3)).to.deep.equal(['2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-11-03T09:00:00.000Z']);
  });

  it('a fortnightly series across the March change keeps the wall-clock time', () => {
    expect(starts('2026-03-24T09:30:00+01:00', '2weeks', 2)).to.deep.equal(['2026-03-24T08:30:00.000Z', '2026-04-07T07:30:00.000Z']);
  });

  it('a monthly series from the 31st falls back to the last day of shorter months', () => {
    expect(starts('2027-01-31T14:00:00+01:00', 'month', 3)).to.deep.equal(['2027-01-31T13:00:00.000Z', '2027-02-28T13:00:00.000Z', '2027-03-31T12:00:00.000Z']);
  });

  it('a weekly 02:30 session on 28 March 2027 (clocks jump from 02:00 to 03:00) has no start, and says 03:00 is the first time that day', () => {
    const occurrences = seriesOccurrences(new Date('2027-03-21T02:30:00+01:00'), 'week', 3);
    expect(occurrences.map((o) => [o.date, o.clock, o.start?.toISOString(), o.firstAfter])).to.deep.equal([
      ['2027-03-21', '02:30', '2027-03-21T01:30:00.000Z', undefined],
      ['2027-03-28', '02:30', undefined, '03:00'],
      ['2027-04-04', '02:30', '2027-04-04T00:30:00.000Z', undefined],
    ]);
  });

  it('a weekly 02:30 session on 31 October 2027 (clocks go back from 03:00 to 02:00) is the first 02:30, in summer time', () => {
    expect(starts('2027-10-24T02:30:00+02:00', 'week', 3)).to.deep.equal(['2027-10-24T00:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-07T01:30:00.000Z']);
  });
});
