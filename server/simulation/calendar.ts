import { DateTime } from 'luxon';
import { PARIS_ZONE } from '../../shared/availability';
import type { InterpreterProfile } from '../matching/types';
import type { Behaviour } from './behaviour';

// The local time of the simulated region for its clock (Europe/Paris for the mainland, Indian/Reunion for
// La Réunion...: shared/regions.ts), read often and so cached by the hour, and the absences drawn for
// each interpreter (holiday weeks, sick days) as the dated exceptions matching reads, on that zone's dates.

const HOUR = 3_600_000;

/**
 * The wall-clock hours of an IANA zone, with its daylight-saving changes. The cache keys on the UTC
 * hour, which holds for zones whose offset is a whole number of hours: every French zone (mainland +1/+2,
 * Antilles -4, Guyane -3, Mayotte +3, La Réunion +4). A zone with a half-hour offset is refused.
 */
export function zoneHours(zone: string) {
  const probe = DateTime.now().setZone(zone);
  if (!probe.isValid || probe.offset % 60 !== 0) throw new Error(`zoneHours: ${zone} is not a zone of whole-hour offsets`);
  const cache = new Map<number, number>();
  /** The local hour (0-23) of an instant in the zone. */
  const hourOf = (ms: number): number => {
    const key = Math.floor(ms / HOUR);
    let hour = cache.get(key);
    if (hour === undefined) {
      hour = DateTime.fromMillis(key * HOUR, { zone }).hour;
      cache.set(key, hour);
    }
    return hour;
  };
  return {
    zone,
    hourOf,
    /** The instant itself when it falls in [from, to) local hours, else the next `from` o'clock. */
    nextWithin(ms: number, from: number, to: number): number {
      const hour = hourOf(ms);
      if (hour >= from && hour < to) return ms;
      let at = Math.floor(ms / HOUR) * HOUR + HOUR;
      while (hourOf(at) !== from) at += HOUR;
      return at;
    },
    /** The milliseconds of [start, end) that fall in [from, to) local hours. */
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

/** Paris's hours: the default region's (Auvergne-Rhône-Alpes) and every mainland one's. */
export const parisHours = () => zoneHours(PARIS_ZONE);

/**
 * Each profile with its absences of the year added: `holidayWeeks` distinct weeks (Monday to Sunday) and
 * `sickDays` single days, dated in `zone` (the region's, which the profiles' availability is written in).
 */
export function withAbsences(profiles: InterpreterProfile[], year: number, behaviour: Readonly<Behaviour>, random: () => number, zone = PARIS_ZONE): InterpreterProfile[] {
  const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
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
