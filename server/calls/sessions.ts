import { callOpensAt } from '../../shared/call-protocol';

// What calls need to know of a session, told by booking (which calls never imports): who may join, and
// when. Booking provides the lookup at start (app.ts), so the request stays the only record of who is
// assigned, and a reassignment or a cancellation takes effect on the next message without a copy to sync.

export interface CallSession {
  requestId: string;
  structureId: string;
  /** The assigned interpreter, once there is one. */
  interpreterId: string | null;
  modality: 'phone' | 'video' | 'onsite';
  status: 'open' | 'assigned' | 'completed' | 'cancelled' | 'unfilled';
  immediate: boolean;
  /** The booked slot's start: the session's, less the briefing with the professional. */
  start: Date;
  /** The booked slot's end: the session's, plus the debriefing. */
  end: Date;
}

export type SessionLookup = (requestId: string) => Promise<CallSession | null>;

/** A call stays open this long past the booked end (a consultation that runs over), unless completed or cancelled first. */
export const CALL_OVERRUN_MINUTES = 60;

let lookup: SessionLookup | undefined;

export function provideCallSessions(fn: SessionLookup): void {
  lookup = fn;
}

export function sessionOf(requestId: string): Promise<CallSession | null> {
  if (!lookup) throw new Error('calls: no session lookup was provided (provideCallSessions at start)');
  return lookup(requestId);
}

/** When the call page opens: 10 minutes before a booked slot (so before its briefing), at once for "now". */
export const opensAt = (session: Pick<CallSession, 'immediate' | 'start'>) => callOpensAt(session);

export const closesAt = (session: Pick<CallSession, 'end'>) => new Date(session.end.getTime() + CALL_OVERRUN_MINUTES * 60_000);

export const isCallSession = (session: Pick<CallSession, 'modality'>) => session.modality === 'phone' || session.modality === 'video';
