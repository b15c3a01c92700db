import { expect } from 'chai';
import { profile, paris, reasonsAgainst, request } from './helpers';

const at = (start: string, end: string) => request({ start: paris(start), end: paris(end) });
const weekly = (...slots: [number, string, string][]) => slots.map(([weekday, from, to]) => ({ weekday, from, to }));
const eligible = (req: ReturnType<typeof request>, p: ReturnType<typeof profile>) => reasonsAgainst(req, p).length === 0;

describe('Matching: availability in Europe/Paris wall-clock time', () => {
  describe('weekly template', () => {
    // 16 June 2026 is a Tuesday (ISO weekday 2).
    it('a request inside a slot of its weekday is available', () => {
      expect(eligible(at('2026-06-16T09:00', '2026-06-16T10:00'), profile({ availability: weekly([2, '08:00', '12:00']) }))).to.equal(true);
    });

    it('a slot on another weekday does not count', () => {
      expect(eligible(at('2026-06-16T09:00', '2026-06-16T10:00'), profile({ availability: weekly([3, '08:00', '12:00']) }))).to.equal(false);
    });

    it('a request running past the end of its slot is not available', () => {
      expect(eligible(at('2026-06-16T11:30', '2026-06-16T12:30'), profile({ availability: weekly([2, '08:00', '12:00']) }))).to.equal(false);
    });

    it('a request may span contiguous slots', () => {
      const split = weekly([2, '12:00', '18:00'], [2, '08:00', '12:00']);
      expect(eligible(at('2026-06-16T11:00', '2026-06-16T13:00'), profile({ availability: split }))).to.equal(true);
      const gap = weekly([2, '12:15', '18:00'], [2, '08:00', '12:00']);
      expect(eligible(at('2026-06-16T11:00', '2026-06-16T13:00'), profile({ availability: gap }))).to.equal(false);
    });

    it('a slot ending at 24:00 covers a request ending at midnight', () => {
      expect(eligible(at('2026-06-16T23:00', '2026-06-17T00:00'), profile({ availability: weekly([2, '20:00', '24:00']) }))).to.equal(true);
    });

    it('the weekday is the Paris one, not the UTC one (Monday 00:30 Paris is Sunday 22:30 UTC)', () => {
      expect(eligible(at('2026-06-15T00:30', '2026-06-15T01:30'), profile({ availability: weekly([1, '00:00', '02:00']) }))).to.equal(true);
      expect(eligible(at('2026-06-15T00:30', '2026-06-15T01:30'), profile({ availability: weekly([7, '22:00', '24:00']) }))).to.equal(false);
    });
  });

  describe('dated exceptions replace the template for their Paris date', () => {
    const template = weekly([2, '08:00', '18:00']);

    it('an exception with no slots is a day off', () => {
      const p = profile({ availability: template, exceptions: [{ date: '2026-06-16', slots: [] }] });
      expect(eligible(at('2026-06-16T10:00', '2026-06-16T11:00'), p)).to.equal(false);
      expect(eligible(at('2026-06-23T10:00', '2026-06-23T11:00'), p)).to.equal(true);
    });

    it('an exception adds availability on a day the template leaves free', () => {
      const p = profile({ availability: template, exceptions: [{ date: '2026-06-21', slots: [{ from: '09:00', to: '12:00' }] }] });
      expect(eligible(at('2026-06-21T10:00', '2026-06-21T11:00'), p)).to.equal(true);
      expect(eligible(at('2026-06-28T10:00', '2026-06-28T11:00'), p)).to.equal(false);
    });

    it('an exception replaces the template rather than adding to it', () => {
      const p = profile({ availability: template, exceptions: [{ date: '2026-06-16', slots: [{ from: '14:00', to: '16:00' }] }] });
      expect(eligible(at('2026-06-16T10:00', '2026-06-16T11:00'), p)).to.equal(false);
      expect(eligible(at('2026-06-16T14:00', '2026-06-16T15:00'), p)).to.equal(true);
    });

    it('the exception date is the Paris date (Monday 00:30 Paris is still Sunday in UTC)', () => {
      const p = profile({ availability: weekly([1, '00:00', '02:00']), exceptions: [{ date: '2026-06-15', slots: [] }] });
      expect(eligible(at('2026-06-15T00:30', '2026-06-15T01:30'), p)).to.equal(false);
    });
  });

  describe('a request crossing midnight must fit on both days', () => {
    const crossing = at('2026-06-16T22:00', '2026-06-17T01:00');

    it('is available with Tuesday evening to 24:00 and Wednesday from 00:00', () => {
      expect(eligible(crossing, profile({ availability: weekly([2, '20:00', '24:00'], [3, '00:00', '02:00']) }))).to.equal(true);
    });

    it('is not available without the Wednesday early hours', () => {
      expect(eligible(crossing, profile({ availability: weekly([2, '20:00', '24:00'], [3, '08:00', '12:00']) }))).to.equal(false);
    });

    it('is not available without the Tuesday late hours', () => {
      expect(eligible(crossing, profile({ availability: weekly([2, '20:00', '23:00'], [3, '00:00', '02:00']) }))).to.equal(false);
    });

    it('is not available when the next day has a day-off exception', () => {
      const p = profile({ availability: weekly([2, '20:00', '24:00'], [3, '00:00', '02:00']), exceptions: [{ date: '2026-06-17', slots: [] }] });
      expect(eligible(crossing, p)).to.equal(false);
    });
  });

  describe('daylight-saving days (template Sunday 08:00-12:00)', () => {
    const sundayMorning = profile({ availability: weekly([7, '08:00', '12:00']) });

    for (const { day, label, nineOClockUtc } of [
      { day: '2026-03-29', label: 'spring forward', nineOClockUtc: '2026-03-29T07:00:00.000Z' },
      { day: '2026-10-25', label: 'fall back', nineOClockUtc: '2026-10-25T08:00:00.000Z' },
    ]) {
      describe(`${day} (${label})`, () => {
        it(`09:00 Paris is ${nineOClockUtc.slice(11, 16)}Z that day`, () => {
          expect(paris(`${day}T09:00`).toISOString()).to.equal(nineOClockUtc);
        });

        it('a 09:00 request is available', () => {
          expect(eligible(at(`${day}T09:00`, `${day}T10:00`), sundayMorning)).to.equal(true);
        });

        it('a 07:30 request is not available', () => {
          expect(eligible(at(`${day}T07:30`, `${day}T08:30`), sundayMorning)).to.equal(false);
        });

        it('requests at the very start (08:00) and end (11:00-12:00) of the slot are available', () => {
          expect(eligible(at(`${day}T08:00`, `${day}T09:00`), sundayMorning)).to.equal(true);
          expect(eligible(at(`${day}T11:00`, `${day}T12:00`), sundayMorning)).to.equal(true);
        });
      });
    }
  });
});
