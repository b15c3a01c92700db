import type { Modality } from '../../shared/enums';
import type { Booking } from './types';

const MINUTE_MS = 60_000;

/**
 * The first held booking that clashes with `job`: any overlap (intervals are half-open), or, between two
 * on-site jobs, less than `travelBufferMinutes` between them. Phone and video need no travel time.
 * `ignoreRequestId` skips the job's own booking when it is already held.
 */
export function findConflict(
  bookings: Booking[],
  job: { start: Date; end: Date; modality: Modality; department?: string },
  travelBufferMinutes: number,
  ignoreRequestId?: string,
): Booking | undefined {
  const start = job.start.getTime();
  const end = job.end.getTime();
  // The buffer applies between any two places, even within one department: travel is never free.
  const buffer = job.modality === 'onsite' && travelBufferMinutes > 0 ? travelBufferMinutes * MINUTE_MS : 0;
  for (let i = 0; i < bookings.length; i += 1) {
    const booking = bookings[i]!;
    const bookingStart = booking.start.getTime();
    const bookingEnd = booking.end.getTime();
    // Most bookings are far away: rule them out before reading anything else about them.
    if (bookingStart >= end + buffer || start >= bookingEnd + buffer) continue;
    const gap = buffer !== 0 && booking.modality === 'onsite' ? buffer : 0;
    if (bookingStart < end + gap && start < bookingEnd + gap && booking.requestId !== ignoreRequestId) return booking;
  }
  return undefined;
}
