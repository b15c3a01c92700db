import type { InterpreterProfile } from '../matching/types';
import type { Actor } from '../platform/actor';

// What a profile change needs to know of the sessions an interpreter holds, told by booking (which
// directory never imports): which confirmed sessions a new profile could no longer take, and the
// withdrawal from them. Booking provides both at start (app.ts).

/** A confirmed session to come that a profile change would drop. */
export interface HeldSession {
  requestId: string;
  start: Date;
  end: Date;
  /** ISO 639-3. */
  language: string;
  modality: 'phone' | 'video' | 'onsite';
  /** Withdrawing now would be late (under 48 h before the start): counted in the interpreter's record. */
  late: boolean;
}

export interface HeldSessions {
  /** The interpreter's confirmed sessions to come that `after` could not take and `before` could, soonest first. */
  droppedBy(before: InterpreterProfile, after: InterpreterProfile, now: Date): Promise<HeldSession[]>;
  /** Withdraws the interpreter from these sessions by the withdrawal rules (each reopens and is offered again). */
  withdraw(interpreterId: string, sessions: readonly HeldSession[], by: Actor, now: Date): Promise<void>;
}

let provided: HeldSessions | undefined;

export function provideHeldSessions(sessions: HeldSessions): void {
  provided = sessions;
}

export function heldSessions(): HeldSessions {
  if (!provided) throw new Error('directory: no held sessions were provided (provideHeldSessions at start)');
  return provided;
}
