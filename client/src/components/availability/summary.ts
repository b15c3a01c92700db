import { DateTime } from 'luxon';
import { PARIS_ZONE, type DatedException, type TimeRange, type WeeklySlot } from '../../../../shared/availability';

// One French sentence for an availability, as a person would say it:
// "Du lundi au vendredi 9h–12h, 14h–18h ; absente du 24 au 31 décembre".

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
/** Past this many, the remaining dated items are counted rather than listed. */
const MAX_LISTED = 4;

const clock = (hhmm: string) => {
  const [hours = '0', minutes = '00'] = hhmm.split(':');
  return `${Number(hours)}h${minutes === '00' ? '' : minutes}`;
};
const rangesText = (slots: readonly TimeRange[]) => {
  if (slots.length === 1 && slots[0]!.from === '00:00' && slots[0]!.to === '24:00') return 'toute la journée';
  return [...slots].sort((a, b) => a.from.localeCompare(b.from)).map((s) => `${clock(s.from)}–${clock(s.to)}`).join(', ');
};
const paris = (date: string) => DateTime.fromISO(date, { zone: PARIS_ZONE }).setLocale('fr');
const dayOfMonth = (d: DateTime) => (d.day === 1 ? '1er' : String(d.day));

/** "le 24 décembre", "du 24 au 31 décembre", "du 28 février au 3 mars", "du 28 décembre 2026 au 3 janvier 2027". */
export function dateRangeText(from: string, to: string): string {
  const a = paris(from);
  const b = paris(to);
  if (from === to) return `le ${dayOfMonth(a)} ${a.toFormat('LLLL')}`;
  if (a.year !== b.year) return `du ${dayOfMonth(a)} ${a.toFormat('LLLL yyyy')} au ${dayOfMonth(b)} ${b.toFormat('LLLL yyyy')}`;
  if (a.month !== b.month) return `du ${dayOfMonth(a)} ${a.toFormat('LLLL')} au ${dayOfMonth(b)} ${b.toFormat('LLLL')}`;
  return `du ${dayOfMonth(a)} au ${dayOfMonth(b)} ${b.toFormat('LLLL')}`;
}

/** The weekly template, consecutive days with the same hours together; days without hours are left out. */
function weekText(availability: readonly WeeklySlot[]): string[] {
  const byDay = DAYS.map((_name, index) => {
    const slots = availability.filter((slot) => slot.weekday === index + 1);
    return slots.length ? rangesText(slots) : '';
  });
  const parts: string[] = [];
  for (let start = 0; start < 7; ) {
    let end = start;
    while (end + 1 < 7 && byDay[end + 1] === byDay[start]) end += 1;
    if (byDay[start]) {
      const days = end === start ? DAYS[start]! : end === start + 1 ? `${DAYS[start]} et ${DAYS[end]}` : `du ${DAYS[start]} au ${DAYS[end]}`;
      parts.push(`${days} ${byDay[start]}`);
    }
    start = end + 1;
  }
  return parts.length ? parts : ['aucun créneau dans la semaine'];
}

/**
 * The summary of a profile's availability from `today` (YYYY-MM-DD, Paris) on: the week, then the
 * absences (consecutive days off as one range) and the dates with other hours, soonest first.
 * `gender` agrees the adjective ("absente", "absent"; "absent·e" when unknown).
 */
export function availabilitySummary(profile: { availability: readonly WeeklySlot[]; exceptions: readonly DatedException[]; gender?: string | undefined }, today: string): string {
  const absent = profile.gender === 'female' ? 'absente' : profile.gender === 'male' ? 'absent' : 'absent·e';
  const upcoming = profile.exceptions.filter((e) => e.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  const dated: string[] = [];
  let range: { from: string; to: string } | undefined;
  const closeRange = () => {
    if (range) dated.push(`${absent} ${dateRangeText(range.from, range.to)}`);
    range = undefined;
  };
  for (const exception of upcoming) {
    if (exception.slots.length === 0) {
      if (range && paris(range.to).plus({ days: 1 }).toISODate() === exception.date) range.to = exception.date;
      else {
        closeRange();
        range = { from: exception.date, to: exception.date };
      }
    } else {
      closeRange();
      dated.push(`disponible ${dateRangeText(exception.date, exception.date)} ${rangesText(exception.slots)}`);
    }
  }
  closeRange();
  const listed = dated.length > MAX_LISTED ? [...dated.slice(0, MAX_LISTED), `et ${dated.length - MAX_LISTED} autres dates`] : dated;
  const text = [...weekText(profile.availability), ...listed].join(' ; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
