import { DateTime } from 'luxon';
import type { Modality } from '../../shared/enums';
import { zoneOfDepartment } from '../../shared/regions';
import { publicHoliday } from './holidays';
import type { Surcharges, Tariff, TravelRules } from './tariff';

// What a session costs, as a pure function of a tariff and the session; no clock, no database.
// - padded = max(worked, minimumMinutes). Without a first unit:
//   billedMinutes = ceil(padded / unitMinutes) * unitMinutes; baseCents = billedMinutes / unitMinutes * unitCents.
//   With a first unit (the first-hour rule: firstUnit.minutes billed whole at firstUnit.cents, then slices):
//   slices = ceil(max(0, padded - firstUnit.minutes) / unitMinutes);
//   billedMinutes = firstUnit.minutes + slices * unitMinutes; baseCents = firstUnit.cents + slices * unitCents.
//   unitMinutes is 1, 5, 15 or 30.
// - Surcharges apply to the minutes really worked; the padding up to the minimum or the started unit is
//   at base rate. The session is [start, start + minutes) in real time, so a daylight-saving day bills
//   what was worked, and each minute is classified in the local time of the session's department (its
//   region's zone: La Réunion's evening is La Réunion's, not Paris's) by the first class that applies:
//   public holiday in that department, then Sunday, then night ([nightStart, nightEnd), across
//   midnight), else normal. Surcharges never add up.
// - surchargeCents = round(sum over worked minutes of unitCents / unitMinutes * percent / 100) (the
//   slice's rate per minute, also under a first unit).
// - travelCents = travelFeeCents + distance part, never surcharged. The distance part (rules.travel, and
//   a one-way distanceKm given by the caller, server/billing/communes.ts; none when it is unknown):
//   billedKm = ceil(distanceKm x (roundTrip ? 2 : 1));
//   perKm: billedKm x perKmCents; zones: the cents of the first zone with upToKm >= distanceKm (else the last's);
//   plus round(billedKm x travelTimeCentsPerHour / travelSpeedKmh (60 when absent)).
// - costCents = baseCents + surchargeCents + travelCents.
// - A late cancellation of an accepted request is the booked duration priced as a session at the booked
//   start, each part times lateBilledPercent.
// - A patient's no-show: the booked duration priced as a session at the booked start. The interpreter had
//   travelled (on site): base and surcharge times noShowBilledPercent, travel in full. Had not (phone,
//   video, or on site before setting off): times noShowNotTravelledPercent (noShowBilledPercent when
//   absent), no travel.
// - Waiting time in a call is never an input: the minutes of a call are those the interpreter and another
//   participant were connected together (server/calls/together.ts).

export interface SessionToPrice {
  modality: Modality;
  start: Date;
  /** Minutes really worked. */
  minutes: number;
  /** The department whose holiday calendar and time zone apply: '69', '57', '974'... */
  department: string;
  /** One-way km from the interpreter's base commune to the session's (on site); absent: unknown, flat fee only. */
  distanceKm?: number;
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
  const padded = Math.max(minutes, rules.minimumMinutes);
  const first = rules.firstUnit;
  let billedMinutes: number;
  let baseCents: number;
  if (first === undefined) {
    const units = Math.ceil(padded / rules.unitMinutes);
    billedMinutes = units * rules.unitMinutes;
    baseCents = units * rules.unitCents;
  } else {
    const slices = Math.ceil(Math.max(0, padded - first.minutes) / rules.unitMinutes);
    billedMinutes = first.minutes + slices * rules.unitMinutes;
    baseCents = first.cents + slices * rules.unitCents;
  }
  const { nightPercent, sundayPercent, holidayPercent } = tariff.surcharges;
  const worked = classify(tariff.surcharges, session.start.getTime(), minutes, session.department);
  const percentMinutes = worked.nightMinutes * nightPercent + worked.sundayMinutes * sundayPercent + worked.holidayMinutes * holidayPercent;
  // One division, last: 1250 c per 15 min is not a whole number of cents per minute.
  const surchargeCents = Math.round((rules.unitCents * percentMinutes) / (rules.unitMinutes * 100));
  const travelCents = rules.travelFeeCents + (rules.travel !== undefined && session.distanceKm !== undefined ? distanceCents(rules.travel, session.distanceKm) : 0);
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
  c: { modality: Modality; start: Date; durationMinutes: number; department: string; cancelledAt: Date; wasAssigned: boolean; sessionStart?: Date; distanceKm?: number },
): Price | null {
  const early = (c.sessionStart ?? c.start).getTime() - c.cancelledAt.getTime() >= tariff.cancellation.freeBeforeMinutes * MINUTE;
  if (early || !c.wasAssigned) return null;
  const booked = priceSession(tariff, { modality: c.modality, start: c.start, minutes: c.durationMinutes, department: c.department, distanceKm: c.distanceKm });
  return share(booked, tariff.cancellation.lateBilledPercent);
}

/**
 * Patient no-show: the booked duration priced at the booked start. `travelled` (default: on site, where
 * the interpreter reports the no-show from the place) bills base and surcharge times noShowBilledPercent
 * and the travel in full (the kilometres were driven); otherwise noShowNotTravelledPercent (or
 * noShowBilledPercent) and no travel.
 */
export function priceNoShow(
  tariff: Tariff,
  s: { modality: Modality; start: Date; durationMinutes: number; department: string; travelled?: boolean; distanceKm?: number },
): Price {
  const travelled = s.travelled ?? s.modality === 'onsite';
  const booked = priceSession(tariff, { modality: s.modality, start: s.start, minutes: s.durationMinutes, department: s.department, distanceKm: s.distanceKm });
  const { noShowBilledPercent, noShowNotTravelledPercent } = tariff.cancellation;
  return share(booked, travelled ? noShowBilledPercent : (noShowNotTravelledPercent ?? noShowBilledPercent), travelled ? 100 : 0);
}

/** The distance part of travel (see the formula above); `km` one way, >= 0. */
function distanceCents(travel: TravelRules, km: number): number {
  const billedKm = Math.ceil(km * (travel.roundTrip ? 2 : 1));
  let cents = 0;
  if (travel.mode === 'perKm') cents = billedKm * (travel.perKmCents ?? 0);
  else if (travel.zones !== undefined && travel.zones.length > 0) {
    const zones = travel.zones;
    let zone = zones[zones.length - 1]!;
    for (const z of zones) {
      if (z.upToKm >= km) {
        zone = z;
        break;
      }
    }
    cents = zone.cents;
  }
  if (travel.travelTimeCentsPerHour) cents += Math.round((billedKm * travel.travelTimeCentsPerHour) / (travel.travelSpeedKmh ?? 60));
  return cents;
}

/** Real minutes between two instants, to the nearest minute (so 01:00 -> 04:00 local on 2026-03-29 is 120). */
export function minutesBetween(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / MINUTE);
}

/** Each part is scaled on its own, so that costCents stays the sum of the breakdown; travel by its own share. */
function share(price: Price, percent: number, travelPercent = percent): Price {
  const part = (cents: number, p: number) => Math.round((cents * p) / 100);
  const breakdown = { ...price.breakdown, baseCents: part(price.breakdown.baseCents, percent), surchargeCents: part(price.breakdown.surchargeCents, percent), travelCents: part(price.breakdown.travelCents, travelPercent) };
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
