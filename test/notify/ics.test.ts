import { expect } from 'chai';
import { buildIcs, foldLine } from '../../server/notify/ics';

const base = {
  uid: 'request-65f0c0ffee@sante-interpretes',
  start: new Date('2025-03-14T09:30:00+01:00'),
  end: new Date('2025-03-14T10:15:00+01:00'),
  summary: 'Interprétariat arabe',
  method: 'REQUEST' as const,
  sequence: 2,
  stamp: new Date('2025-03-01T12:00:00Z'),
};
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const property = (ics: string, name: string) =>
  unfold(ics)
    .split('\r\n')
    .filter((line) => line.startsWith(`${name}:`))
    .map((line) => line.slice(name.length + 1));

describe('ics: calendar invitations', () => {
  it('has one VEVENT with PRODID, VERSION 2.0, METHOD, UID, DTSTAMP, SEQUENCE and SUMMARY, and LOCATION only when given', () => {
    const ics = buildIcs(base);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).to.equal(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    expect(ics.match(/BEGIN:VEVENT/g)).to.have.length(1);
    expect(property(ics, 'PRODID')).to.have.length(1);
    expect(property(ics, 'VERSION')).to.deep.equal(['2.0']);
    expect(property(ics, 'METHOD')).to.deep.equal(['REQUEST']);
    expect(property(ics, 'UID')).to.deep.equal([base.uid]);
    expect(property(ics, 'SEQUENCE')).to.deep.equal(['2']);
    expect(property(ics, 'SUMMARY')).to.deep.equal(['Interprétariat arabe']);
    expect(property(ics, 'STATUS')).to.deep.equal(['CONFIRMED']);
    expect(property(ics, 'LOCATION')).to.deep.equal([]);
    expect(property(buildIcs({ ...base, location: 'CHU, bâtiment B' }), 'LOCATION')).to.deep.equal(['CHU\\, bâtiment B']);
  });

  it('writes DTSTART, DTEND and DTSTAMP in UTC as YYYYMMDDTHHMMSSZ', () => {
    const ics = buildIcs(base);
    expect(property(ics, 'DTSTART')).to.deep.equal(['20250314T083000Z']);
    expect(property(ics, 'DTEND')).to.deep.equal(['20250314T091500Z']);
    expect(property(ics, 'DTSTAMP')).to.deep.equal(['20250301T120000Z']);
  });

  it('escapes backslash, semicolon, comma and newlines in text values', () => {
    const ics = buildIcs({ ...base, summary: 'a\\b;c,d\ne\r\nf', description: 'ligne 1\nligne 2' });
    expect(property(ics, 'SUMMARY')).to.deep.equal(['a\\\\b\\;c\\,d\\ne\\nf']);
    expect(property(ics, 'DESCRIPTION')).to.deep.equal(['ligne 1\\nligne 2']);
  });

  it('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = buildIcs({ ...base, summary: 'x\ny', description: 'un\rdeux' });
    expect(ics.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
  });

  it('folds lines at 75 octets without ever splitting a multi-byte character, and unfolds to the original', () => {
    const summary = 'Séance 🩺 interprétariat 中文 et tigrinya ትግርኛ — '.repeat(6);
    const ics = buildIcs({ ...base, summary, location: 'é'.repeat(100) });
    const lines = Buffer.from(ics, 'utf8').toString('latin1').split('\r\n').slice(0, -1);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const line of lines) {
      const octets = Buffer.from(line, 'latin1');
      expect(octets.length).to.be.at.most(75);
      expect(() => decoder.decode(octets)).not.to.throw(); // a split character would be invalid UTF-8 on its own
    }
    expect(lines.filter((line) => line.startsWith(' ')).length).to.be.greaterThan(4);
    expect(property(ics, 'SUMMARY')).to.deep.equal([summary]);
    expect(property(ics, 'LOCATION')).to.deep.equal(['é'.repeat(100)]);
  });

  it('keeps a line of exactly 75 octets whole and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).to.equal('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).to.equal(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine(`${'x'.repeat(74)}é`)).to.equal(`${'x'.repeat(74)}\r\n é`);
  });

  it('a CANCEL has METHOD:CANCEL and STATUS:CANCELLED, with the same UID and a SEQUENCE as given', () => {
    const ics = buildIcs({ ...base, method: 'CANCEL', sequence: 3 });
    expect(property(ics, 'METHOD')).to.deep.equal(['CANCEL']);
    expect(property(ics, 'STATUS')).to.deep.equal(['CANCELLED']);
    expect(property(ics, 'UID')).to.deep.equal([base.uid]);
    expect(property(ics, 'SEQUENCE')).to.deep.equal(['3']);
  });
});
