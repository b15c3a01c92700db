import { DateTime } from 'luxon';
import type { Modality } from '../../shared/enums';

export interface ModalityTariff {
  /** Price of one billing unit, in cents. */
  unitCents: number;
  /** Length of a billing unit in minutes: 1 (per minute), 5, 15 or 30 (per started block). */
  unitMinutes: number;
  /** Sessions shorter than this are billed as this long. */
  minimumMinutes: number;
  /** Flat fee for travelling to an on-site session (0 for phone and video), billed whatever the distance. */
  travelFeeCents: number;
  /**
   * The first-hour rule of 2025 tenders ("première heure indivisible, puis par tranche de 15 min"): the
   * first `minutes` are one unit billed `cents` whole, then slices of unitMinutes at unitCents. Absent:
   * every unit is unitMinutes long.
   */
  firstUnit?: FirstUnit;
  /** Travel by distance from the interpreter's base commune (on site); absent: the flat fee only. */
  travel?: TravelRules;
}

export interface FirstUnit {
  /** Length of the first unit, minutes (60 for a first hour). */
  minutes: number;
  /** Its price, cents. */
  cents: number;
}

/**
 * Travel priced on the distance between the interpreter's base commune and the session's commune (the
 * great-circle distance between the communes' centres, one way, server/billing/communes.ts), on top of
 * travelFeeCents. The distance is doubled for a round trip, then rounded up to the kilometre begun.
 */
export interface TravelRules {
  /** perKm: billed km x perKmCents; zones: the price of the first zone reaching the one-way distance. */
  mode: 'perKm' | 'zones';
  /** Cents per billed kilometre (mode perKm). */
  perKmCents?: number;
  /**
   * Zones by one-way distance, nearest first (mode zones): the first whose upToKm >= the distance bills
   * its cents; beyond the last, the last one's (tenders' "au-delà" zone). Swiss cantonal lists use this.
   */
  zones?: TravelZone[];
  /** Bill the kilometres there and back (true) or one way. */
  roundTrip: boolean;
  /** Travel time, cents an hour, for the billed kilometres at travelSpeedKmh; absent: not billed. */
  travelTimeCentsPerHour?: number;
  /** The average speed that turns billed kilometres into travel time; 60 when absent. */
  travelSpeedKmh?: number;
}

export interface TravelZone {
  upToKm: number;
  cents: number;
}

export interface Surcharges {
  /** +N % on night minutes. */
  nightPercent: number;
  /** 'HH:mm', local time of the session's department (its region's zone). */
  nightStart: string;
  /** 'HH:mm', local time as nightStart; earlier than nightStart means the next morning. */
  nightEnd: string;
  sundayPercent: number;
  /** French public holidays, including the two extra days of departments 57, 67 and 68. */
  holidayPercent: number;
}

export interface CancellationRules {
  /** A cancellation this many minutes or more before the start is free. */
  freeBeforeMinutes: number;
  /** Share of the booked duration's price billed for a late cancellation. */
  lateBilledPercent: number;
  /** Share of the booked duration's price billed when the patient does not come and the interpreter had travelled (on site); travel is billed in full. */
  noShowBilledPercent: number;
  /**
   * Share billed for a no-show where the interpreter had not travelled (phone, video, or on site without
   * having set off); no travel is billed. Absent: noShowBilledPercent (the 2022 rule, one share for all).
   */
  noShowNotTravelledPercent?: number;
}

export interface Tariff {
  /** 'default-2022', or '<agencyId>:<n>' for an agency's own versions. */
  version: string;
  /** 'YYYY-MM-DD', the Paris date from which this version applies. */
  validFrom: string;
  modalities: Record<Modality, ModalityTariff>;
  surcharges: Surcharges;
  cancellation: CancellationRules;
  /**
   * The region (INSEE code, shared/regions.ts) whose sessions this version prices: an agency holding
   * conventions in several regions has each region's prices, set by that region's auditors. Absent: it
   * prices the agency's sessions in every region that has no version of its own then.
   */
  region?: string;
}

/**
 * Calibrated on ARS Auvergne-Rhône-Alpes 2022 (632,800 EUR for 12,031 h, 52.60 EUR/h). Daytime hourly
 * rates are 48 (phone), 50 (video) and 58 EUR + 15 EUR travel per visit (on site); with billed hours
 * 50 % phone, 30 % video, 20 % on site in 90-minute visits (58 + 15 / 1.5 = 68 EUR/h), the average is
 * 0.5 x 48 + 0.3 x 50 + 0.2 x 68 = 52.60 EUR/h before night, Sunday and holiday surcharges.
 */
export const DEFAULT_TARIFF: Tariff = {
  version: 'default-2022',
  validFrom: '2000-01-01',
  modalities: {
    phone: { unitCents: 1200, unitMinutes: 15, minimumMinutes: 15, travelFeeCents: 0 },
    video: { unitCents: 1250, unitMinutes: 15, minimumMinutes: 30, travelFeeCents: 0 },
    onsite: { unitCents: 2900, unitMinutes: 30, minimumMinutes: 60, travelFeeCents: 1500 },
  },
  surcharges: { nightPercent: 25, nightStart: '20:00', nightEnd: '08:00', sundayPercent: 25, holidayPercent: 50 },
  cancellation: { freeBeforeMinutes: 24 * 60, lateBilledPercent: 100, noShowBilledPercent: 100 },
};

/**
 * The version that applies to a session starting at `start` in `region` (the region of the session's
 * department): the one with the latest validFrom <= the Paris date of start among that region's own
 * versions, or, when the region has none applying yet, among the versions of no region. Paris, wherever
 * the session: versions are dated in the agency's calendar, from today on, and a session's own date
 * (La Réunion is hours ahead) could let a new version reprice a session held.
 */
export function tariffFor(versions: readonly Tariff[], start: Date, region?: string): Tariff {
  const date = DateTime.fromJSDate(start, { zone: 'Europe/Paris' }).toISODate()!;
  let chosen: Tariff | undefined;
  for (const version of versions) {
    // 'YYYY-MM-DD' strings compare in date order.
    if (version.validFrom > date || (version.region !== undefined && version.region !== region)) continue;
    if (!chosen || rank(version, chosen) > 0) chosen = version;
  }
  if (!chosen) throw new RangeError(`No tariff version applies on ${date}`);
  return chosen;
}

/** Positive when `a` wins over `b`: a region's own version over any of no region, then the later validFrom. */
const rank = (a: Tariff, b: Tariff) => Number(a.region !== undefined) - Number(b.region !== undefined) || a.validFrom.localeCompare(b.validFrom);
