import { dispatchHandlers } from './dispatch';
import { reconfirmationHandlers } from './reconfirmation';
import { verificationHandlers } from './verification';

/** Every durable job the booking component owns (dispatch, reminders, reconfirmation, verification), on one clock. */
export function bookingHandlers(clock: () => Date = () => new Date()) {
  return { ...dispatchHandlers(clock), ...reconfirmationHandlers(clock), ...verificationHandlers(clock) };
}
