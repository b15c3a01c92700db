import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import addressparser from 'nodemailer/lib/addressparser';

// A calendar invitation for one session, sent by e-mail (iTIP, RFC 5546, over iMIP, RFC 6047) so that it
// lands in the recipient's calendar. ical-generator writes the iCalendar text (escaping, folding, UTC
// times); this file only says what goes in: the platform organizes, the one recipient attends.

export type CalendarMethod = 'REQUEST' | 'CANCEL';

/** One session as one recipient's calendar gets it; no patient field ever goes in. */
export interface CalendarInvite {
  method: CalendarMethod;
  /** The same for the request's whole life, so that an update or a CANCEL replaces what was sent before. */
  uid: string;
  /** 0 for the first REQUEST, one more at each change sent: a calendar ignores anything not newer. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** The recipient of the mail the invitation is attached to. */
  attendee: { email: string; name?: string };
}

export interface Mailbox {
  name: string;
  email: string;
}

const ICS_FILENAME = 'seance.ics';

// A parameter value (CN) may not hold a double quote at all (RFC 5545, 3.1): drop it rather than send a line calendars refuse.
const cn = (name: string) => name.replace(/"/g, '');

/** The mail's From ("Name <address>" or a bare address) as the invitation's ORGANIZER. */
export function organizerOf(from: string): Mailbox {
  const [first] = addressparser(from, { flatten: true });
  if (!first?.address) throw new Error('the mail From has no address to organize calendar invitations with');
  return { name: first.name || first.address, email: first.address };
}

/** The iCalendar text: METHOD in the VCALENDAR, ORGANIZER and ATTENDEE in the VEVENT; `stamp` is its DTSTAMP. */
export function renderInvite(invite: CalendarInvite, organizer: Mailbox, stamp: Date): string {
  const calendar = ical({ method: ICalCalendarMethod[invite.method], prodId: { company: 'Sante Interpretes', product: 'Reservations', language: 'FR' } });
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp,
    start: invite.start,
    end: invite.end,
    summary: invite.summary,
    description: invite.description ?? null,
    location: invite.location ?? null,
    organizer: { name: cn(organizer.name), email: organizer.email },
    // The session is already agreed when it is sent: nobody is asked to answer the no-reply organizer.
    attendees: [{ email: invite.attendee.email, name: invite.attendee.name ? cn(invite.attendee.name) : null, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED, rsvp: false }],
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.OPAQUE,
  });
  // Every content line ends with CRLF (RFC 5545, 3.1), the last one too, which the library leaves off.
  return `${calendar.toString()}\r\n`;
}

/** The mail attachment: its MIME method= says what the METHOD inside says, as iMIP requires. */
export function inviteAttachment(invite: CalendarInvite, organizer: Mailbox, stamp: Date) {
  return { filename: ICS_FILENAME, content: renderInvite(invite, organizer, stamp), contentType: `text/calendar; charset=utf-8; method=${invite.method}` };
}
