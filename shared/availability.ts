import { DateTime } from 'luxon';
import { PARIS_ZONE, readWallClock } from './paris-time';

// What an interpreter's availability must satisfy beyond its JSON schema, written once for the server
// (which refuses) and the client (which says it in French before sending). Times are Paris wall-clock.

export { PARIS_ZONE };
/** How far ahead a dated exception (an absence, extra hours) may be declared, in years. */
export const EXCEPTION_YEARS_AHEAD = 2;

/** Without a weekly template an interpreter is available every day from 08:00 to 20:00 (API.md). */
export const DEFAULT_AVAILABILITY: WeeklySlot[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '20:00' }));

export interface TimeRange {
  from: string;
  to: string;
}
export interface WeeklySlot extends TimeRange {
  weekday: number;
}
export interface DatedException {
  date: string;
  slots: TimeRange[];
}

export type AvailabilityProblemCode = 'empty_range' | 'overlap' | 'duplicate_date' | 'nonexistent_time' | 'too_far';

/** One refusal, named as the API names fields (`availability.3`, `exceptions.2.slots.0.from`). */
export interface AvailabilityProblem {
  field: string;
  code: AvailabilityProblemCode;
  message: string;
}

/** Today's date in Paris, `YYYY-MM-DD`, as exceptions are keyed. */
export const parisToday = (now: Date): string => DateTime.fromJSDate(now, { zone: PARIS_ZONE }).toISODate()!;

/** The last date an exception may have when today (Paris) is `today`. */
export const lastExceptionDate = (today: string): string => DateTime.fromISO(today, { zone: PARIS_ZONE }).plus({ years: EXCEPTION_YEARS_AHEAD }).toISODate()!;

/**
 * The coherence problems of a weekly template and dated exceptions, none when it is coherent:
 * - `empty_range`: a slot must end after it starts ("HH:mm" compares as text; "24:00" ends a day);
 * - `overlap`: two slots of one weekday, or of one exception, share time (touching ends are fine),
 *   named by the later-starting one;
 * - `duplicate_date`: one exception per date, since an exception replaces the whole day;
 * - `nonexistent_time`: a dated slot starting or ending at a Paris wall-clock time that the date
 *   skips (02:00-02:59 on the last Sunday of March). The weekly template is not checked: its times
 *   are read as wall-clock on every date, and that hour covers no time on that one Sunday.
 */
export function availabilityProblems(profile: { availability?: readonly WeeklySlot[]; exceptions?: readonly DatedException[] }): AvailabilityProblem[] {
  const problems: AvailabilityProblem[] = [];
  const weekly = profile.availability ?? [];
  weekly.forEach((slot, index) => {
    if (slot.from >= slot.to) problems.push({ field: `availability.${index}`, code: 'empty_range', message: 'must end after it starts' });
  });
  for (let weekday = 1; weekday <= 7; weekday += 1) {
    const ofDay = weekly.flatMap((slot, index) => (slot.weekday === weekday ? [{ slot, field: `availability.${index}` }] : []));
    problems.push(...overlaps(ofDay));
  }
  const seen = new Set<string>();
  (profile.exceptions ?? []).forEach((exception, index) => {
    const base = `exceptions.${index}`;
    if (seen.has(exception.date)) problems.push({ field: `${base}.date`, code: 'duplicate_date', message: `${exception.date} already has an exception` });
    seen.add(exception.date);
    exception.slots.forEach((slot, slotIndex) => {
      const field = `${base}.slots.${slotIndex}`;
      if (slot.from >= slot.to) problems.push({ field, code: 'empty_range', message: 'must end after it starts' });
      for (const end of ['from', 'to'] as const) {
        if (!existsOn(exception.date, slot[end])) {
          problems.push({ field: `${field}.${end}`, code: 'nonexistent_time', message: `${slot[end]} does not exist on ${exception.date} in Europe/Paris (clocks go forward)` });
        }
      }
    });
    problems.push(...overlaps(exception.slots.map((slot, slotIndex) => ({ slot, field: `${base}.slots.${slotIndex}` }))));
  });
  return problems;
}

/** Exceptions dated after the horizon (`too_far`): a business rule that depends on today (Paris). */
export function exceptionsTooFar(exceptions: readonly DatedException[] | undefined, today: string): AvailabilityProblem[] {
  const last = lastExceptionDate(today);
  return (exceptions ?? []).flatMap((exception, index) =>
    exception.date > last ? [{ field: `exceptions.${index}.date`, code: 'too_far' as const, message: `must be on or before ${last}` }] : [],
  );
}

function overlaps(slots: { slot: TimeRange; field: string }[]): AvailabilityProblem[] {
  const sorted = slots.filter(({ slot }) => slot.from < slot.to).sort((a, b) => a.slot.from.localeCompare(b.slot.from));
  const problems: AvailabilityProblem[] = [];
  let reached = '';
  for (const { slot, field } of sorted) {
    if (reached && slot.from < reached) problems.push({ field, code: 'overlap', message: 'overlaps another slot of the same day' });
    if (slot.to > reached) reached = slot.to;
  }
  return problems;
}

/** Whether the wall-clock time exists on that Paris date; an invalid date is the schema's to report. */
function existsOn(date: string, clock: string): boolean {
  return clock === '24:00' || readWallClock(date, clock).kind !== 'skipped';
}
