import { DateTime } from 'luxon';
import { PARIS_ZONE } from '../../shared/availability';

const DAY_MINUTES = 24 * 60;

/** One calendar day a request touches in a zone, as wall-clock minutes [from, to) of that day. */
export interface DaySpan {
  /** YYYY-MM-DD, as exceptions are keyed. */
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  from: number;
  to: number;
}

interface Slot {
  weekday?: number;
  from: string;
  to: string;
}

/**
 * The days of `zone` (an IANA zone, the one the availability is written in: Europe/Paris on the mainland)
 * covered by [start, end), computed once per request and zone with the real zone rules so that
 * daylight-saving days are right. A request ending exactly at midnight stays on its first day (to 24:00).
 * Empty when the interval is empty or invalid, which makes the request unavailable for everyone.
 */
export function daySpans(start: Date, end: Date, zone: string = PARIS_ZONE): DaySpan[] {
  if (!(end.getTime() > start.getTime())) return [];
  const first = DateTime.fromJSDate(start, { zone });
  const last = DateTime.fromJSDate(end, { zone });
  const lastDate = last.toISODate()!;
  const lastMinute = last.hour * 60 + last.minute + (last.second || last.millisecond ? 1 : 0);
  const spans: DaySpan[] = [];
  let day = first;
  let from = first.hour * 60 + first.minute;
  for (;;) {
    const date = day.toISODate()!;
    if (date === lastDate) {
      spans.push({ date, weekday: day.weekday, from, to: lastMinute });
      return spans;
    }
    spans.push({ date, weekday: day.weekday, from, to: DAY_MINUTES });
    // Calendar arithmetic in the zone, so that 23- and 25-hour days land on the next midnight.
    day = day.startOf('day').plus({ days: 1 });
    from = 0;
    if (lastMinute === 0 && day.toISODate() === lastDate) return spans;
  }
}

/** Minutes since midnight of "HH:mm" ("24:00" is 1440), -1 when not five characters. */
export function clockMinutes(clock: string): number {
  // The schema guarantees two digits, a colon, two digits: reading them costs less than any lookup.
  if (clock.length !== 5) return -1;
  return (clock.charCodeAt(0) - 48) * 600 + (clock.charCodeAt(1) - 48) * 60 + (clock.charCodeAt(3) - 48) * 10 + (clock.charCodeAt(4) - 48);
}

/** Whether the profile's slots for each day (its exception if any, else its weekly template) cover the request. */
export function isAvailable(profile: { availability: Slot[]; exceptions: { date: string; slots: Slot[] }[] }, spans: DaySpan[]): boolean {
  if (spans.length === 0) return false;
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!;
    const exception = exceptionOn(profile.exceptions, span.date);
    const covered = exception ? covers(exception.slots, 0, span.from, span.to) : covers(profile.availability, span.weekday, span.from, span.to);
    if (!covered) return false;
  }
  return true;
}

function exceptionOn(exceptions: { date: string; slots: Slot[] }[], date: string): { slots: Slot[] } | undefined {
  for (let i = 0; i < exceptions.length; i += 1) if (exceptions[i]!.date === date) return exceptions[i];
  return undefined;
}

/** Whether slots (of `weekday`, or all when 0) cover [from, to), chaining contiguous or overlapping slots in any order. */
function covers(slots: Slot[], weekday: number, from: number, to: number): boolean {
  let reached = from;
  for (;;) {
    const before = reached;
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i]!;
      if (weekday !== 0 && slot.weekday !== weekday) continue;
      const slotFrom = clockMinutes(slot.from);
      if (slotFrom < 0 || slotFrom > reached) continue;
      const slotTo = clockMinutes(slot.to);
      if (slotTo > reached) {
        reached = slotTo;
        if (reached >= to) return true;
      }
    }
    if (reached === before) return false;
  }
}

/**
 * The declared absence (consecutive days whose exception has no slot) that covers one of the request's
 * days, as its first and last dates; undefined when no day of the request falls in one.
 */
export function absenceCovering(exceptions: { date: string; slots: unknown[] }[], spans: DaySpan[]): { from: string; to: string } | undefined {
  const absent = new Set(exceptions.filter((e) => e.slots.length === 0).map((e) => e.date));
  const day = spans.find((span) => absent.has(span.date))?.date;
  if (day === undefined) return undefined;
  const step = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
  let from = day;
  while (absent.has(step(from, -1))) from = step(from, -1);
  let to = day;
  while (absent.has(step(to, 1))) to = step(to, 1);
  return { from, to };
}
