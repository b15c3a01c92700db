import { expect } from 'chai';
import { inviteAttachment, organizerOf, renderInvite, type CalendarInvite } from '../../server/notify/ics';
import { parseInvite } from './support';

const invite: CalendarInvite = {
  method: 'REQUEST',
  uid: 'request-65f0c0ffee@sante-interpretes',
  sequence: 0,
  start: new Date('2025-03-14T09:30:00+01:00'),
  end: new Date('2025-03-14T10:15:00+01:00'),
  summary: 'Interprétariat arabe',
  attendee: { email: 'amina@exemple.fr', name: 'Amina K.' },
};
const organizer = { name: 'Interprétariat santé', email: 'no-reply@sante.test' };
const stamp = new Date('2025-03-01T12:00:00Z');

describe('ics: calendar invitations, as a calendar parses them', () => {
  it('a REQUEST names the platform as ORGANIZER and the recipient as ATTENDEE, with METHOD, UID, SEQUENCE and UTC times', () => {
    const parsed = parseInvite(renderInvite(invite, organizer, stamp));
    expect(parsed).to.deep.include({ method: 'REQUEST', uid: invite.uid, sequence: 0, status: 'CONFIRMED', summary: 'Interprétariat arabe', location: null, utc: true });
    expect(parsed.start.toISOString()).to.equal('2025-03-14T08:30:00.000Z');
    expect(parsed.end.toISOString()).to.equal('2025-03-14T09:15:00.000Z');
    expect(parsed.organizer).to.deep.equal({ email: 'no-reply@sante.test', name: 'Interprétariat santé' });
    expect(parsed.attendees).to.deep.equal([{ email: 'amina@exemple.fr', name: 'Amina K.' }]);
  });

  it('a CANCEL keeps the UID, says CANCELLED, and its attachment’s MIME method says CANCEL as its METHOD does', () => {
    const attachment = inviteAttachment({ ...invite, method: 'CANCEL', sequence: 3 }, organizer, stamp);
    expect(attachment.contentType).to.equal('text/calendar; charset=utf-8; method=CANCEL');
    expect(parseInvite(attachment.content)).to.deep.include({ method: 'CANCEL', uid: invite.uid, sequence: 3, status: 'CANCELLED' });
  });

  it('a summary with special characters and long lines is parsed back exactly, in lines of at most 75 octets ending with CRLF', () => {
    const summary = 'Séance 🩺 a\\b;c,d "cité" interprétariat 中文 et tigrinya ትግርኛ — '.repeat(5);
    const text = renderInvite({ ...invite, summary, location: 'CHU, bâtiment B; 2e étage', description: 'ligne 1\nligne 2' }, organizer, stamp);
    const parsed = parseInvite(text);
    expect(parsed.summary).to.equal(summary);
    expect(parsed.location).to.equal('CHU, bâtiment B; 2e étage');
    expect(parsed.description).to.equal('ligne 1\nligne 2');
    expect(text.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.filter((line) => line.startsWith(' ')).length).to.be.greaterThan(4);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
  });

  it('the ORGANIZER comes from the mail From, with or without a display name', () => {
    expect(organizerOf('Interprétariat santé <no-reply@sante.test>')).to.deep.equal(organizer);
    expect(organizerOf('"ARS, plateforme" <contact@ars.test>')).to.deep.equal({ name: 'ARS, plateforme', email: 'contact@ars.test' });
    expect(organizerOf('no-reply@localhost')).to.deep.equal({ name: 'no-reply@localhost', email: 'no-reply@localhost' });
  });
});
