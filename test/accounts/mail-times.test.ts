import { expect } from 'chai';
import { invitationMail, passwordChangedMail } from '../../server/accounts/mails';

// Account mails write their times in the recipient's structure's zone, named when it is not Paris's. Pure.

describe('Account mails: times in the recipient’s zone', () => {
  const link = { url: 'https://app.test/#/mot-de-passe?jeton=x', id: 'l1', expiresAt: new Date('2026-12-10T06:00:00Z') };

  it('an invitation to a professional in La Réunion says until when in La Réunion time', () => {
    const mail = invitationMail({ id: 'u1', email: 'a@test.test', name: 'A', timeZone: 'Indian/Reunion' }, link, { inviterName: 'B', structureName: 'PASS Saint-Denis' });
    expect(mail.text).to.include('jusqu’au jeudi 10 décembre 2026 à 10h00 (heure de La Réunion)');
  });

  it('without a zone (an interpreter, a mainland structure) it is Paris time, unnamed; in Guyane, Guyane time', () => {
    const mail = invitationMail({ id: 'u1', email: 'a@test.test', name: 'A' }, link, { inviterName: 'B' });
    expect(mail.text).to.include('jusqu’au jeudi 10 décembre 2026 à 07h00)');
    expect(passwordChangedMail({ id: 'u1', email: 'a@test.test', name: 'A', timeZone: 'America/Cayenne' }, link.expiresAt, 'https://app.test').text)
      .to.include('modifié le jeudi 10 décembre 2026 à 03h00 (heure de Guyane)');
  });
});
