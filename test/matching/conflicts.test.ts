import { expect } from 'chai';
import { findConflict } from '../../server/matching/conflicts';
import { booking, paris } from './helpers';

const job = (start: string, end: string, modality: 'phone' | 'video' | 'onsite') => ({ start: paris(start), end: paris(end), modality, department: '69' });

describe('Matching: agenda conflicts', () => {
  const onsiteUntil1030 = booking('2026-06-16T09:00', '2026-06-16T10:30', 'onsite', 'held');

  it('a job overlapping a held booking conflicts with it', () => {
    expect(findConflict([onsiteUntil1030], job('2026-06-16T10:00', '2026-06-16T11:00', 'video'), 30)).to.equal(onsiteUntil1030);
  });

  it('a job starting when a video job ends does not overlap it (half-open intervals)', () => {
    const video = booking('2026-06-16T09:00', '2026-06-16T10:30', 'video');
    expect(findConflict([video], job('2026-06-16T10:30', '2026-06-16T11:00', 'video'), 30)).to.equal(undefined);
    expect(findConflict([video], job('2026-06-16T08:00', '2026-06-16T09:00', 'onsite'), 30)).to.equal(undefined);
  });

  it('an on-site job at 10:45 is refused after an on-site job ending 10:30 with a 30-minute buffer', () => {
    expect(findConflict([onsiteUntil1030], job('2026-06-16T10:45', '2026-06-16T11:45', 'onsite'), 30)).to.equal(onsiteUntil1030);
  });

  it('an on-site job at 11:00 is accepted after an on-site job ending 10:30 with a 30-minute buffer', () => {
    expect(findConflict([onsiteUntil1030], job('2026-06-16T11:00', '2026-06-16T12:00', 'onsite'), 30)).to.equal(undefined);
  });

  it('an on-site job also needs the buffer before the next on-site job', () => {
    expect(findConflict([onsiteUntil1030], job('2026-06-16T07:45', '2026-06-16T08:45', 'onsite'), 30)).to.equal(onsiteUntil1030);
    expect(findConflict([onsiteUntil1030], job('2026-06-16T07:30', '2026-06-16T08:30', 'onsite'), 30)).to.equal(undefined);
  });

  it('a phone job 10:30-10:45 right after an on-site job ending 10:30 is fine', () => {
    expect(findConflict([onsiteUntil1030], job('2026-06-16T10:30', '2026-06-16T10:45', 'phone'), 30)).to.equal(undefined);
  });

  it('an on-site job right after a video job needs no buffer', () => {
    const video = booking('2026-06-16T09:00', '2026-06-16T10:30', 'video');
    expect(findConflict([video], job('2026-06-16T10:30', '2026-06-16T11:30', 'onsite'), 30)).to.equal(undefined);
  });

  it('returns the first held booking that clashes', () => {
    const early = booking('2026-06-16T08:00', '2026-06-16T09:30', 'video', 'early');
    const late = booking('2026-06-16T09:45', '2026-06-16T11:00', 'video', 'late');
    expect(findConflict([late, early], job('2026-06-16T09:00', '2026-06-16T10:00', 'video'), 0)).to.equal(late);
  });

  it('skips the booking of the job itself when asked to', () => {
    const own = booking('2026-06-16T10:00', '2026-06-16T11:00', 'video', 'r-1');
    expect(findConflict([own], job('2026-06-16T10:00', '2026-06-16T11:00', 'video'), 0, 'r-1')).to.equal(undefined);
    expect(findConflict([own], job('2026-06-16T10:00', '2026-06-16T11:00', 'video'), 0)).to.equal(own);
  });
});
