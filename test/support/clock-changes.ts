import { DateTime } from 'luxon';

/**
 * The next last Sunday of March (clocks jump from 02:00 to 03:00 in Paris) or of October (they go back
 * from 03:00 to 02:00) at least `afterDays` from today, as "YYYY-MM-DD": tests that book through the
 * API need a future change (28 March and 31 October 2027 at the time of writing).
 */
export function nextClockChange(season: 'spring' | 'autumn', afterDays = 8): string {
  const earliest = DateTime.now().setZone('Europe/Paris').plus({ days: afterDays }).startOf('day');
  for (let year = earliest.year; ; year += 1) {
    const monthEnd = DateTime.fromObject({ year, month: season === 'spring' ? 3 : 10, day: 31 }, { zone: 'Europe/Paris' });
    const lastSunday = monthEnd.minus({ days: monthEnd.weekday % 7 });
    if (lastSunday >= earliest) return lastSunday.toISODate()!;
  }
}
