import { expect } from 'chai';
import { readWallClock, sameWallClockLater, wallClockOf } from '../../shared/paris-time';

describe('Paris wall-clock times', () => {
  it('an ordinary time is one instant, with the offset of its season', () => {
    expect(readWallClock('2027-03-27', '02:30')).to.deep.equal({ kind: 'one', at: { iso: '2027-03-27T02:30:00+01:00', offsetMinutes: 60 } });
    expect(readWallClock('2027-07-14', '10:00')).to.deep.equal({ kind: 'one', at: { iso: '2027-07-14T10:00:00+02:00', offsetMinutes: 120 } });
  });

  it('02:30 on Sunday 28 March 2027 does not exist (clocks jump from 02:00 to 03:00): 03:00 is the first time that day', () => {
    expect(readWallClock('2027-03-28', '02:30')).to.deep.equal({ kind: 'skipped', firstAfter: '03:00' });
    expect(readWallClock('2027-03-28', '02:00')).to.deep.equal({ kind: 'skipped', firstAfter: '03:00' });
    expect(readWallClock('2027-03-28', '01:59')).to.deep.equal({ kind: 'one', at: { iso: '2027-03-28T01:59:00+01:00', offsetMinutes: 60 } });
    expect(readWallClock('2027-03-28', '03:00')).to.deep.equal({ kind: 'one', at: { iso: '2027-03-28T03:00:00+02:00', offsetMinutes: 120 } });
  });

  it('02:30 on Sunday 31 October 2027 happens twice (clocks go back from 03:00 to 02:00): summer time first, then winter time', () => {
    expect(readWallClock('2027-10-31', '02:30')).to.deep.equal({
      kind: 'twice',
      at: [{ iso: '2027-10-31T02:30:00+02:00', offsetMinutes: 120 }, { iso: '2027-10-31T02:30:00+01:00', offsetMinutes: 60 }],
    });
    expect(readWallClock('2027-10-31', '02:00').kind).to.equal('twice');
    expect(readWallClock('2027-10-31', '01:59').kind).to.equal('one');
    expect(readWallClock('2027-10-31', '03:00')).to.deep.equal({ kind: 'one', at: { iso: '2027-10-31T03:00:00+01:00', offsetMinutes: 60 } });
  });

  it('what is not a date or a time is invalid', () => {
    for (const [date, clock] of [['2027-02-30', '10:00'], ['2027-03-28', '25:00'], ['', '10:00'], ['2027-03-28', '']]) {
      expect(readWallClock(date!, clock!), `${date} ${clock}`).to.deep.equal({ kind: 'invalid' });
    }
  });

  it('reads back the wall clock of an instant', () => {
    expect(wallClockOf(new Date('2027-10-31T00:30:00Z'))).to.deep.equal({ date: '2027-10-31', clock: '02:30' });
    expect(wallClockOf(new Date('2027-10-31T01:30:00Z'))).to.deep.equal({ date: '2027-10-31', clock: '02:30' });
  });

  it('the same time a day later keeps the wall clock across the change, and has no start on a skipped time', () => {
    expect(sameWallClockLater(new Date('2027-03-27T10:00:00+01:00'), { days: 1 })).to.deep.equal({ date: '2027-03-28', clock: '10:00', start: new Date('2027-03-28T08:00:00Z') });
    expect(sameWallClockLater(new Date('2027-03-27T02:30:00+01:00'), { days: 1 })).to.deep.equal({ date: '2027-03-28', clock: '02:30', firstAfter: '03:00' });
  });
});
