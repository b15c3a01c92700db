import { PARIS_ZONE, sameWallClockLater, wallClockOf, type MovedWallClock } from './paris-time';

export type Every = 'week' | '2weeks' | 'month';

/** One session of a series: its Paris date and wall-clock time, and its start, absent when the clocks skip that time that day. */
export interface SeriesOccurrence extends MovedWallClock {
  /** 1 for the first session. */
  occurrence: number;
}

/**
 * The sessions of a series: the same Paris wall-clock time each week, fortnight or month, so that a
 * 10:00 appointment stays at 10:00 across a daylight-saving change. Monthly repeats keep the day of the
 * month, falling back to the month's last day when it has no such day. A time the clocks show twice
 * that day (they go back) is its first showing; a time they skip has no start, for the caller to refuse
 * rather than move.
 */
export function seriesOccurrences(first: Date, every: Every, count: number, zone = PARIS_ZONE): SeriesOccurrence[] {
  return Array.from({ length: count }, (_, index): SeriesOccurrence => {
    if (index === 0) return { occurrence: 1, ...wallClockOf(first, zone), start: first };
    const step = every === 'week' ? { weeks: index } : every === '2weeks' ? { weeks: 2 * index } : { months: index };
    return { occurrence: index + 1, ...sameWallClockLater(first, step, zone) };
  });
}
