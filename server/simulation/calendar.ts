import { DateTime } from 'luxon';
import { PARIS_ZONE } from '../../shared/availability';
import type { InterpreterProfile } from '../matching/types';
import type { Behaviour } from './behaviour';

// Paris time for the simulated clock, read often and so cached by the hour, and the absences drawn
// for each interpreter (holiday weeks, sick days) as the dated exceptions matching reads.

const HOUR = 3_600_000;

export function parisHours() {
  const cache = new Map<number, number>();
  /** The Paris hour (0-23) of an instant. */
  const hourOf = (ms: number): number => {
    const key = Math.floor(ms / HOUR);
    let hour = cache.get(key);
    if (hour === undefined) {
      hour = DateTime.fromMillis(key * HOUR, { zone: PARIS_ZONE }).hour;
      cache.set(key, hour);
    }
    return hour;
  };
  return {
    hourOf,
    /** The instant itself when it falls in [from, to) Paris hours, else the next `from` o'clock. */
    nextWithin(ms: number, from: number, to: number): number {
      const hour = hourOf(ms);
      if (hour >= from && hour < to) return ms;
      let at = Math.floor(ms / HOUR) * HOUR + HOUR;
      while (hourOf(at) !== from) at += HOUR;
      return at;
    },
    /** The milliseconds of [start, end) that fall in [from, to) Paris hours. */
    msWithin(start: number, end: number, from: number, to: number): number {
      let total = 0;
      for (let at = start; at < end; ) {
        const next = Math.min(end, Math.floor(at / HOUR) * HOUR + HOUR);
        const hour = hourOf(at);
        if (hour >= from && hour < to) total += next - at;
        at = next;
      }
      return total;
    },
  };
}

/** Each profile with its absences of the year added: `holidayWeeks` distinct weeks (Monday to Sunday) and `sickDays` single days. */
export function withAbsences(profiles: InterpreterProfile[], year: number, behaviour: Readonly<Behaviour>, random: () => number): InterpreterProfile[] {
  const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: PARIS_ZONE });
  const days = Array.from({ length: first.daysInYear }, (_, i) => first.plus({ days: i }).toISODate()!);
  const mondays = days.map((_, i) => i).filter((i) => first.plus({ days: i }).weekday === 1);
  return profiles.map((profile) => {
    const absent = new Set<number>();
    const weeks = new Set<number>();
    while (weeks.size < Math.min(behaviour.holidayWeeks, mondays.length)) weeks.add(mondays[Math.floor(random() * mondays.length)]!);
    for (const monday of weeks) for (let d = monday; d < monday + 7 && d < days.length; d += 1) absent.add(d);
    for (let i = 0; i < behaviour.sickDays; i += 1) absent.add(Math.floor(random() * days.length));
    const exceptions = [...absent].sort((a, b) => a - b).map((d) => ({ date: days[d]!, slots: [] }));
    return { ...profile, exceptions: [...profile.exceptions, ...exceptions] };
  });
}
