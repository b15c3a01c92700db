import { DateTime } from 'luxon';
import type { Modality } from '../../shared/enums';
import { zoneOfDepartment } from '../../shared/regions';
import { publicHoliday } from './holidays';
import type { Surcharges, Tariff } from './tariff';

// What a session costs, as a pure function of a tariff and the session; no clock, no database.
// - billedMinutes = ceil(max(worked, minimumMinutes) / unitMinutes) * unitMinutes;
//   baseCents = billedMinutes / unitMinutes * unitCents.
// - Surcharges apply to the minutes really worked; the padding up to the minimum or the started unit is
//   at base rate. The session is [start, start + minutes) in real time, so a daylight-saving day bills
//   what was worked, and each minute is classified in the local time of the session's department (its
//   region's zone: La Réunion's evening is La Réunion's, not Paris's) by the first class that applies:
//   public holiday in that department, then Sunday, then night ([nightStart, nightEnd), across
//   midnight), else normal. Surcharges never add up.
// - surchargeCents = round(sum over worked minutes of unitCents / unitMinutes * percent / 100).
// - travelCents = travelFeeCents, never surcharged; costCents = baseCents + surchargeCents + travelCents.
// - A late cancellation of an accepted request, or a patient's no-show, is the booked duration priced as
//   a session at the booked start, times lateBilledPercent or noShowBilledPercent.

export interface SessionToPrice {
  modality: Modality;
  start: Date;
  /** Minutes really worked. */
  minutes: number;
  /** The department whose holiday calendar and time zone apply: '69', '57', '974'... */
  department: string;
}

export interface Price {
  billedMinutes: number;
  costCents: number;
  breakdown: {
    normalMinutes: number;
    nightMinutes: number;
    sundayMinutes: number;
    holidayMinutes: number;
    baseCents: number;
    surchargeCents: number;
    travelCents: number;
  };
}

export function priceSession(tariff: Tariff, session: SessionToPrice): Price {
  const { minutes } = session;
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`Worked minutes must be a whole number >= 0, not ${minutes}`);
  const rules = tariff.modalities[session.modality];
  const billedMinutes = Math.ceil(Math.max(minutes, rules.minimumMinutes) / rules.unitMinutes) * rules.unitMinutes;
  const baseCents = (billedMinutes / rules.unitMinutes) * rules.unitCents;
  const { nightPercent, sundayPercent, holidayPercent } = tariff.surcharges;
  const worked = classify(tariff.surcharges, session.start.getTime(), minutes, session.department);
  const percentMinutes = worked.nightMinutes * nightPercent + worked.sundayMinutes * sundayPercent + worked.holidayMinutes * holidayPercent;
  // One division, last: 1250 c per 15 min is not a whole number of cents per minute.
  const surchargeCents = Math.round((rules.unitCents * percentMinutes) / (rules.unitMinutes * 100));
  const travelCents = rules.travelFeeCents;
  // Spelled out: object spread costs about 1.8 µs a call on this Node 20, some 60 times a literal.
  const { normalMinutes, nightMinutes, sundayMinutes, holidayMinutes } = worked;
  const breakdown = { normalMinutes, nightMinutes, sundayMinutes, holidayMinutes, baseCents, surchargeCents, travelCents };
  return { billedMinutes, costCents: baseCents + surchargeCents + travelCents, breakdown };
}

/**
 * A cancellation: null when free (early, or nobody had accepted); otherwise the booked duration priced as
 * a session at the booked start, times lateBilledPercent. Lateness counts from `sessionStart` (the
 * session's own start, after its briefing), `start` when absent.
 */
export function priceCancellation(
  tariff: Tariff,
  c: { modality: Modality; start: Date; durationMinutes: number; department: string; cancelledAt: Date; wasAssigned: boolean; sessionStart?: Date },
): Price | null {
  const early = (c.sessionStart ?? c.start).getTime() - c.cancelledAt.getTime() >= tariff.cancellation.freeBeforeMinutes * MINUTE;
  if (early || !c.wasAssigned) return null;
  const booked = priceSession(tariff, { modality: c.modality, start: c.start, minutes: c.durationMinutes, department: c.department });
  return share(booked, tariff.cancellation.lateBilledPercent);
}

/** Patient no-show: the booked duration priced at the booked start, times noShowBilledPercent. */
export function priceNoShow(tariff: Tariff, s: { modality: Modality; start: Date; durationMinutes: number; department: string }): Price {
  const booked = priceSession(tariff, { modality: s.modality, start: s.start, minutes: s.durationMinutes, department: s.department });
  return share(booked, tariff.cancellation.noShowBilledPercent);
}

/** Real minutes between two instants, to the nearest minute (so 01:00 -> 04:00 local on 2026-03-29 is 120). */
export function minutesBetween(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / MINUTE);
}

/** Each part is scaled on its own, so that costCents stays the sum of the breakdown. */
function share(price: Price, percent: number): Price {
  const part = (cents: number) => Math.round((cents * percent) / 100);
  const breakdown = { ...price.breakdown, baseCents: part(price.breakdown.baseCents), surchargeCents: part(price.breakdown.surchargeCents), travelCents: part(price.breakdown.travelCents) };
  return { billedMinutes: price.billedMinutes, costCents: breakdown.baseCents + breakdown.surchargeCents + breakdown.travelCents, breakdown };
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A local day of a zone as UTC milliseconds: its bounds [start, end) and night windows, computed once with luxon. */
interface LocalDay {
  date: string;
  sunday: boolean;
  start: number;
  end: number;
  nights: readonly (readonly [number, number])[];
}

/** Local days by zone and night times ('Europe/Paris 20:00-08:00'), then by day number (n for the local date of UTC day n). */
const calendars = new Map<string, Map<number, LocalDay>>();

function classify(surcharges: Surcharges, start: number, minutes: number, department: string) {
  const zone = zoneOfDepartment(department);
  const key = `${zone} ${surcharges.nightStart}-${surcharges.nightEnd}`;
  let days = calendars.get(key);
  if (!days) calendars.set(key, (days = new Map()));
  const end = start + minutes * MINUTE;
  const worked = { normalMinutes: 0, nightMinutes: 0, sundayMinutes: 0, holidayMinutes: 0 };
  // An instant's local date is its UTC date, the day before (west of UTC: the Antilles, Guyane) or the
  // day after (east: Paris, La Réunion, Mayotte): start from the day before.
  for (let n = Math.floor(start / DAY) - 1; ; n += 1) {
    let day = days.get(n);
    if (!day) days.set(n, (day = localDay(surcharges, n, zone)));
    if (day.start >= end) return worked;
    const inDay = minutesWithin(start, minutes, day.start, day.end);
    if (inDay === 0) continue;
    if (publicHoliday(day.date, department)) worked.holidayMinutes += inDay;
    else if (day.sunday) worked.sundayMinutes += inDay;
    else {
      let night = 0;
      for (const [from, to] of day.nights) night += minutesWithin(start, minutes, from, to);
      worked.nightMinutes += night;
      worked.normalMinutes += inDay - night;
    }
  }
}

/** How many of the `count` minutes starting at `start` begin within [from, to). */
function minutesWithin(start: number, count: number, from: number, to: number): number {
  return firstMinuteFrom(start, count, to) - firstMinuteFrom(start, count, from);
}

function firstMinuteFrom(start: number, count: number, instant: number): number {
  return Math.min(count, Math.max(0, Math.ceil((instant - start) / MINUTE)));
}

function localDay(surcharges: Surcharges, n: number, zone: string): LocalDay {
  const midnight = DateTime.fromMillis(n * DAY, { zone: 'utc' }).setZone(zone, { keepLocalTime: true });
  const at = (hhmm: string) => midnight.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) }).toMillis();
  const start = midnight.toMillis();
  const end = midnight.plus({ days: 1 }).toMillis();
  const nightStart = at(surcharges.nightStart);
  const nightEnd = at(surcharges.nightEnd);
  // A night starting later than it ends runs across midnight: this day's early morning and its evening.
  const nights = nightStart > nightEnd ? ([[start, nightEnd], [nightStart, end]] as const) : ([[nightStart, nightEnd]] as const);
  return { date: midnight.toISODate()!, sunday: midnight.weekday === 7, start, end, nights };
}
