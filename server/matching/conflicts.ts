import type { Modality } from '../../shared/enums';
import type { Booking } from './types';

const MINUTE_MS = 60_000;

/** Why a job cannot go in an agenda: it overlaps a held booking, or it leaves no travel time between two on-site ones. */
export interface Clash {
  booking: Booking;
  kind: 'overlap' | 'travel';
}

/**
 * The held booking that clashes with `job`, an overlap before a travel clash: any overlap (intervals are
 * half-open), or, between two on-site jobs, less than `travelBufferMinutes` between them. Phone and video
 * need no travel time, so a remote job never has a travel clash. `ignoreRequestId` skips the job's own
 * booking when it is already held.
 */
export function findClash(
  bookings: Booking[],
  job: { start: Date; end: Date; modality: Modality; department?: string },
  travelBufferMinutes: number,
  ignoreRequestId?: string,
): Clash | undefined {
  const start = job.start.getTime();
  const end = job.end.getTime();
  // The buffer applies between any two places, even within one department: travel is never free.
  const buffer = job.modality === 'onsite' && travelBufferMinutes > 0 ? travelBufferMinutes * MINUTE_MS : 0;
  let travel: Booking | undefined;
  for (let i = 0; i < bookings.length; i += 1) {
    const booking = bookings[i]!;
    const bookingStart = booking.start.getTime();
    const bookingEnd = booking.end.getTime();
    // Most bookings are far away: rule them out before reading anything else about them.
    if (bookingStart >= end + buffer || start >= bookingEnd + buffer) continue;
    if (booking.requestId === ignoreRequestId) continue;
    if (bookingStart < end && start < bookingEnd) return { booking, kind: 'overlap' };
    if (buffer !== 0 && booking.modality === 'onsite') travel ??= booking;
  }
  return travel && { booking: travel, kind: 'travel' };
}

/** The first held booking that clashes with `job` (findClash), whatever the kind of clash. */
export function findConflict(...args: Parameters<typeof findClash>): Booking | undefined {
  return findClash(...args)?.booking;
}
