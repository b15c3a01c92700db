import { DateTime } from 'luxon';

/** The zone the mainland region reasons in: availability, booking hours, series, reports. */
export const PARIS_ZONE = 'Europe/Paris';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One instant a wall-clock time names: ISO 8601 with the offset the clocks showed then. */
export interface WallClockInstant {
  iso: string;
  /** Minutes east of UTC (120 for summer time in Paris, 60 for winter time). */
  offsetMinutes: number;
}

/**
 * What a wall-clock time typed for a date means in a zone:
 * - `one`: a single instant (every time of an ordinary day);
 * - `twice`: the clocks show it twice when they go back (02:00-02:59 on the last Sunday of October in
 *   Paris), earlier (summer time) first: the person must say which;
 * - `skipped`: the clocks jump over it (02:00-02:59 on the last Sunday of March): no instant, and
 *   `firstAfter` ("HH:mm") is the first time the clocks show after the jump;
 * - `invalid`: not a date or not a time.
 */
export type WallClockReading =
  | { kind: 'one'; at: WallClockInstant }
  | { kind: 'twice'; at: [WallClockInstant, WallClockInstant] }
  | { kind: 'skipped'; firstAfter: string }
  | { kind: 'invalid' };

/**
 * Reads a local date ("YYYY-MM-DD") and time ("HH:mm", seconds allowed) in the zone, without luxon's
 * silent moves: luxon turns a skipped 02:30 into 03:30 and picks one of two 02:30s on its own.
 */
export function readWallClock(date: string, clock: string, zone = PARIS_ZONE): WallClockReading {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(clock)) return { kind: 'invalid' };
  const wall = DateTime.fromISO(`${date}T${clock}`, { zone: 'utc' });
  if (!wall.isValid) return { kind: 'invalid' };
  const at = instantsShowing(wall.toMillis(), zone);
  if (at.length === 1) return { kind: 'one', at: at[0]! };
  if (at.length === 2) return { kind: 'twice', at: [at[0]!, at[1]!] };
  let later = wall.toMillis();
  while (instantsShowing(later, zone).length === 0) later += MINUTE;
  return { kind: 'skipped', firstAfter: DateTime.fromMillis(later, { zone: 'utc' }).toFormat('HH:mm') };
}

/** The wall-clock date and time of an instant in the zone, as `readWallClock` takes them. */
export function wallClockOf(instant: Date, zone = PARIS_ZONE): { date: string; clock: string } {
  const local = DateTime.fromJSDate(instant, { zone });
  return { date: local.toISODate()!, clock: local.toFormat(local.second || local.millisecond ? 'HH:mm:ss.SSS' : 'HH:mm') };
}

/** A wall-clock time moved by calendar units: where it lands, and its start unless the clocks skip it there. */
export interface MovedWallClock {
  date: string;
  clock: string;
  /** The first showing of that time on that date (the earlier one when the clocks go back over it). */
  start?: Date;
  /** When the clocks skip that time on that date: the first time ("HH:mm") they show after the jump. */
  firstAfter?: string;
}

/**
 * The same wall-clock time as `instant`, some days, weeks or months later in the zone: 10:00 stays
 * 10:00 across a daylight-saving change. A month from the 31st lands on the month's last day.
 */
export function sameWallClockLater(instant: Date, step: { days?: number; weeks?: number; months?: number }, zone = PARIS_ZONE): MovedWallClock {
  const { date, clock } = wallClockOf(instant, zone);
  const target = DateTime.fromISO(date, { zone: 'utc' }).plus(step).toISODate()!;
  const reading = readWallClock(target, clock, zone);
  if (reading.kind === 'skipped') return { date: target, clock, firstAfter: reading.firstAfter };
  if (reading.kind === 'invalid') throw new Error(`unreadable wall-clock time ${target} ${clock}`);
  return { date: target, clock, start: new Date(reading.kind === 'one' ? reading.at.iso : reading.at[0].iso) };
}

/**
 * The instants at which the zone's clocks show this wall time (given as milliseconds read as UTC),
 * soonest first: one, two when the clocks go back over it, none when they jump over it. The offsets
 * tried are those a day either side, which holds both sides of any change.
 */
function instantsShowing(wallMillis: number, zone: string): WallClockInstant[] {
  const offsets = new Set([-DAY, 0, DAY].map((shift) => DateTime.fromMillis(wallMillis + shift, { zone }).offset));
  return [...offsets]
    .map((offset) => wallMillis - offset * MINUTE)
    .filter((millis) => {
      const local = DateTime.fromMillis(millis, { zone });
      return millis + local.offset * MINUTE === wallMillis;
    })
    .sort((a, b) => a - b)
    .map((millis) => {
      const local = DateTime.fromMillis(millis, { zone });
      return { iso: local.toISO({ suppressMilliseconds: true })!, offsetMinutes: local.offset };
    });
}
