import { expect } from 'chai';
import { offerPush, reconfirmPush } from '../../server/notify/push';

// A push about a session outside Paris time names its zone, for the service worker to write the time
// there ("à 10h00 (heure de La Réunion)"); Paris-time pushes stay as they were. Pure.

describe('Push messages name the zone of a session outside Paris time', () => {
  const madeAt = new Date('2026-12-08T09:00:00Z');
  const offer = (timeZone: string) => ({
    id: 'o1', interpreterId: 'i1', madeAt, expiresAt: '2026-12-08T10:00:00Z', languageName: 'Arabe',
    request: { language: 'ara', modality: 'video' as const, immediate: false, start: '2026-12-15T06:00:00.000Z', durationMinutes: 60, timeZone },
  });
  const ask = (timeZone: string) => ({ requestId: 'r1', interpreterId: 'i1', askedAt: madeAt, deadline: new Date('2026-12-14T14:00:00Z'), languageName: 'Arabe', modality: 'video' as const, start: '2026-12-15T06:00:00.000Z', durationMinutes: 60, timeZone });

  it('an offer and a reconfirmation in La Réunion carry its zone and its name', () => {
    expect(offerPush(offer('Indian/Reunion'), 0)!.message).to.include({ timeZone: 'Indian/Reunion', zoneName: 'heure de La Réunion' });
    expect(reconfirmPush(ask('Indian/Reunion'), 0)!.message).to.include({ timeZone: 'Indian/Reunion', zoneName: 'heure de La Réunion' });
  });

  it('in Paris time they carry neither', () => {
    expect(offerPush(offer('Europe/Paris'), 0)!.message).not.to.have.any.keys('timeZone', 'zoneName');
    expect(reconfirmPush(ask('Europe/Paris'), 0)!.message).not.to.have.any.keys('timeZone', 'zoneName');
  });
});
