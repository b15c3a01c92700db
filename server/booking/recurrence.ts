import { DateTime } from 'luxon';

export type Every = 'week' | '2weeks' | 'month';
const ZONE = 'Europe/Paris';

/**
 * The starts of a series: the same Paris wall-clock time each week, fortnight or month, so that a
 * 10:00 appointment stays at 10:00 across a daylight-saving change. Monthly repeats keep the day of
 * the month, falling back to the month's last day when it has no such day.
 */
export function occurrenceStarts(first: Date, every: Every, count: number): Date[] {
  const origin = DateTime.fromJSDate(first, { zone: ZONE });
  return Array.from({ length: count }, (_, index) => {
    const step = every === 'week' ? { weeks: index } : every === '2weeks' ? { weeks: 2 * index } : { months: index };
    return origin.plus(step).toJSDate();
  });
}
