import { expect } from 'chai';
import { DateTime } from 'luxon';
import { answerBefore, statusLabel } from '../../client/src/format';

// The client's wording of times and statuses: pure, no browser.

describe('What the client says (client)', () => {
  // Monday 7 December 2026, 09:00 in Paris.
  const now = DateTime.fromISO('2026-12-07T09:00', { zone: 'Europe/Paris' });
  const at = (wallClock: string) => DateTime.fromISO(wallClock, { zone: 'Europe/Paris' }).toUTC().toISO()!;

  it('an offer’s deadline says its day when it is not today: "demain 11h00", "jeudi 11h00", with its date beyond a week', () => {
    expect(answerBefore(at('2026-12-07T11:00'), now)).to.equal('11h00');
    expect(answerBefore(at('2026-12-08T11:00'), now)).to.equal('demain 11h00');
    expect(answerBefore(at('2026-12-10T11:00'), now)).to.equal('jeudi 11h00');
    expect(answerBefore(at('2026-12-14T11:00'), now)).to.equal('lundi 14 décembre 11h00');
  });

  it('"demain" is the next day in Paris, across the night of a clock change', () => {
    const sunday = DateTime.fromISO('2027-03-28T10:00', { zone: 'Europe/Paris' });
    expect(answerBefore(at('2027-03-29T11:00'), sunday)).to.equal('demain 11h00');
  });

  it('an interpreter reads their own assigned session as "Séance confirmée"; the requester as "Interprète confirmé·e"', () => {
    expect(statusLabel('assigned', 'interpreter')).to.equal('Séance confirmée');
    expect(statusLabel('assigned', 'requester')).to.equal('Interprète confirmé·e');
    expect(statusLabel('assigned', 'dispatcher')).to.equal('Attribuée');
    expect(statusLabel('open', 'dispatcher')).to.equal('En recherche');
  });
});
