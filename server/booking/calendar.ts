import { Types } from 'mongoose';
import { interpreterContact } from '../directory/interpreters';
import { userEmail } from '../directory/users';
import type { CalendarAttendee, CalendarRole, CalendarUpdate, RequestDoc } from './store';

// Who has a session in their calendar. A REQUEST puts it there and only a CANCEL with the same UID and a
// higher SEQUENCE takes it out (iTIP, RFC 5546), so a request records each holder and the sequence of the
// last invitation sent, both written by the conditional update that makes the change: a change lands
// once, so its invitations are decided once, and a retry finds them decided.

export type { CalendarAttendee, CalendarRole, CalendarUpdate };

/** Who has the session in their calendar now. */
export const holdersOf = (doc: RequestDoc): CalendarAttendee[] => (doc.calendarAttendees ?? []) as CalendarAttendee[];

const same = (a: CalendarAttendee, b: CalendarAttendee) => a.userId.equals(b.userId) && a.email === b.email;

/**
 * The calendar part of one change: given the request as the change lands, who has the session afterwards,
 * and whether they are sent it again (an assignment, which names a new interpreter). Passed to a
 * transition as `calendar: change.plan`; once the transition has landed, `lost` is who must get a CANCEL.
 */
export class CalendarChange {
  /** The holders the change that landed took the session from (each plan overwrites it: the last one landed). */
  lost: CalendarAttendee[] = [];

  constructor(
    private readonly holdersAfter: (current: RequestDoc) => CalendarAttendee[],
    private readonly resent: boolean,
  ) {}

  readonly plan = (current: RequestDoc): CalendarUpdate | null => {
    const holders = this.holdersAfter(current);
    this.lost = holdersOf(current).filter((held) => !holders.some((kept) => same(held, kept)));
    if (this.lost.length === 0 && !(this.resent && holders.length > 0)) return null;
    return { $set: { calendarAttendees: holders }, $inc: { calendarSequence: 1 } };
  };
}

/** An assignment: the requester (an update naming the new interpreter) and the interpreter, each with an address to send it to. */
export async function assignmentChange(requesterId: Types.ObjectId, interpreterId: string): Promise<CalendarChange> {
  const [requester, interpreter] = await Promise.all([userEmail(requesterId.toString()), interpreterContact(interpreterId)]);
  const holders: CalendarAttendee[] = [
    ...(requester ? [{ role: 'requester' as const, userId: requesterId, email: requester }] : []),
    ...(interpreter ? [{ role: 'interpreter' as const, userId: new Types.ObjectId(interpreterId), email: interpreter.email }] : []),
  ];
  return new CalendarChange(() => holders, true);
}

/** One person leaves the session (a withdrawing interpreter): the others keep it in their calendar as it is. */
export const leavingChange = (userId: string) => new CalendarChange((current) => holdersOf(current).filter((held) => !held.userId.equals(userId)), false);

/** The session is off (cancelled, or nobody came after a withdrawal): everyone who had it gets a CANCEL. */
export const endingChange = () => new CalendarChange(() => [], false);
