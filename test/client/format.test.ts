import { expect } from 'chai';
import { DateTime } from 'luxon';
import { answerBefore, callbackNote, dateTime, readLocalInput, statusLabel, time } from '../../client/src/format';

// The client's wording of times and statuses: pure, no browser.

describe('What the client says (client)', () => {
  it('says when the minutes were declared after a callback, beside what the call measured', () => {
    expect(callbackNote({ completion: { heldByCallback: true }, call: { measuredSeconds: 28 } })).to.equal('Tenue par téléphone au numéro de rappel : durée déclarée par l’interprète (l’appel de la plateforme a mesuré 0 min 28 s).');
    expect(callbackNote({ completion: { heldByCallback: true }, call: { measuredSeconds: 0 } })).to.equal('Tenue par téléphone au numéro de rappel : durée déclarée par l’interprète (l’appel de la plateforme n’a rien mesuré).');
    expect(callbackNote({ completion: {}, call: { measuredSeconds: 1500 } })).to.equal(undefined);
  });

  // Monday 7 December 2026, 09:00 in Paris.
  const now = DateTime.fromISO('2026-12-07T09:00', { zone: 'Europe/Paris' });
  const at = (wallClock: string) => DateTime.fromISO(wallClock, { zone: 'Europe/Paris' }).toUTC().toISO()!;

  it('an offer’s deadline says its day when it is not today: "demain 11h00", "jeudi 11h00", with its date beyond a week', () => {
    expect(answerBefore(at('2026-12-07T11:00'), now)).to.equal('11h00');
    expect(answerBefore(at('2026-12-08T11:00'), now)).to.equal('demain 11h00');
    expect(answerBefore(at('2026-12-10T11:00'), now)).to.equal('jeudi 11h00');
    expect(answerBefore(at('2026-12-14T11:00'), now)).to.equal('lundi 14 décembre 11h00');
  });

  it('an offer’s deadline is said in the session’s zone, named when not Paris’s: a Réunion session’s card reads one clock', () => {
    // 07h00 in Paris is 10h00 in La Réunion; the card's session line says "(heure de La Réunion)" too.
    expect(answerBefore(at('2026-12-15T07:00'), now, 'Indian/Reunion')).to.equal('mardi 15 décembre 10h00 (heure de La Réunion)');
    expect(answerBefore(at('2026-12-10T07:00'), now, 'Europe/Paris')).to.equal('jeudi 07h00');
    // The day is counted on the session's clock: 22h00 in Paris is already tomorrow in La Réunion.
    expect(answerBefore(at('2026-12-07T22:00'), now, 'Indian/Reunion')).to.equal('demain 01h00 (heure de La Réunion)');
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

  it('a request’s time is shown in its zone, named when it is not Paris’s: a Réunion session at Réunion time', () => {
    const reunion = '2026-12-15T06:00:00.000Z';
    expect(dateTime(reunion, 'Indian/Reunion')).to.equal('mardi 15 décembre 2026 à 10h00 (heure de La Réunion)');
    expect(dateTime(reunion, 'Europe/Paris')).to.equal('mardi 15 décembre 2026 à 07h00');
    expect(dateTime(reunion)).to.equal('mardi 15 décembre 2026 à 07h00');
    expect(time(reunion, 'America/Cayenne')).to.equal('03h00');
  });

  it('the booking form reads the time typed in its structure’s zone: 02:30 on the last Sunday of March is one time in Guyane, none in Paris', () => {
    expect(readLocalInput('2027-03-28T02:30', 'America/Cayenne')).to.deep.equal({ kind: 'one', at: { iso: '2027-03-28T02:30:00-03:00', offsetMinutes: -180 } });
    expect(readLocalInput('2027-03-28T02:30')).to.deep.equal({ kind: 'skipped', firstAfter: '03:00' });
    expect(readLocalInput('2027-10-31T02:30', 'Indian/Reunion')).to.deep.equal({ kind: 'one', at: { iso: '2027-10-31T02:30:00+04:00', offsetMinutes: 240 } });
  });
});
