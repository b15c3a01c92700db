import { expect } from 'chai';
import { linkQuality, lossBetween, worstQuality } from '../../client/src/call/stats';
import { aloneText, callErrorText, cameraProblemText, clock, deviceErrorText, memberState, retryable, roleNote } from '../../client/src/pages/call/texts';

// The call page's pure parts: what it says, and the network hint from two getStats() samples. No browser.

describe('The call page’s words and network hint (client)', () => {
  it('says the server’s refusals in French, the opening time in Paris time', () => {
    expect(callErrorText('not_open_yet', false, '2026-03-02T13:20:00Z')).to.equal('Cet appel s’ouvre 10 minutes avant la séance, à 14h20.');
    expect(callErrorText('closed', true)).to.equal('Ce lien d’invitation n’est plus valable.');
    expect(callErrorText('forbidden', true)).to.equal('Ce lien d’invitation n’est plus valable.');
    expect(callErrorText('forbidden', false)).to.equal('Vous ne participez pas à cette séance.');
    expect(callErrorText('room_full', false)).to.equal('L’appel est complet (4 personnes au plus).');
    expect(['not_open_yet', 'room_full', 'closed', 'forbidden', 'not_found'].filter((e) => retryable(e as 'closed'))).to.deep.equal(['not_open_yet', 'room_full']);
  });

  it('tells how to allow the microphone when the browser refused it, and what else may be wrong', () => {
    expect(deviceErrorText('not_allowed', false)).to.match(/^Le navigateur n’a pas l’autorisation d’utiliser le micro\. Pour l’autoriser : /);
    expect(deviceErrorText('not_allowed', true)).to.contain('le micro et la caméra');
    expect(deviceErrorText('not_found', false)).to.equal('Aucun micro n’a été trouvé sur cet appareil : branchez un casque ou un micro, puis touchez « Réessayer ».');
    expect(deviceErrorText('not_readable', true)).to.match(/^Le micro ou la caméra est déjà utilisé par une autre application/);
    expect(cameraProblemText('not_found')).to.equal('Aucune caméra n’a été trouvée : vous participez avec le son seulement.');
  });

  it('shows the measured time as mm:ss, minutes going past an hour', () => {
    expect([0, 9.9, 61, 3599, 4502].map(clock)).to.deep.equal(['00:00', '00:09', '01:01', '59:59', '75:02']);
  });

  it('gives a member’s role under their name, once for a guest', () => {
    expect(roleNote('Amina Haddad', 'interpreter')).to.equal('Interprète');
    expect(roleNote('Dr Claire Martin', 'requester')).to.equal('Professionnel·le');
    expect(roleNote('Invité·e', 'guest')).to.equal(undefined);
  });

  it('says under a member’s name when their microphone or camera is off (the camera in a video call only)', () => {
    const pro = { id: 'u1', role: 'requester' as const, name: 'Dr Claire Martin' };
    expect(memberState(pro, true, true)).to.equal('Professionnel·le · connecté·e');
    expect(memberState({ ...pro, microphone: false, camera: false }, true, true)).to.equal('Professionnel·le · connecté·e · micro coupé · caméra coupée');
    expect(memberState({ ...pro, camera: false }, true, false)).to.equal('Professionnel·le · connecté·e');
    expect(memberState({ id: 'g1', role: 'guest', name: 'Invité·e', microphone: false }, false, false)).to.equal('Connexion en cours… · micro coupé');
  });

  it('alone in the call: the others are on their way only while nobody has come yet', () => {
    expect(aloneText(false)).to.equal('Vous êtes seul·e dans l’appel pour l’instant : les autres participant·es vont arriver.');
    expect(aloneText(true)).to.equal('Vous êtes seul·e dans l’appel.');
  });

  it('rates the network by its worst link: round trip and packets lost since the last sample', () => {
    expect(linkQuality(0.04, 0)).to.equal('bonne');
    expect(linkQuality(0.45, 0)).to.equal('moyenne');
    expect(linkQuality(0.04, 0.05)).to.equal('moyenne');
    expect(linkQuality(0.8, 0)).to.equal('faible');
    expect(linkQuality(undefined, 0.2)).to.equal('faible');
    expect(worstQuality(['bonne', 'faible', 'moyenne'])).to.equal('faible');
    expect(worstQuality([])).to.equal(undefined);
    expect(lossBetween({ packetsLost: 10, packetsReceived: 1000 }, { packetsLost: 20, packetsReceived: 1090 })).to.equal(0.1);
    expect(lossBetween(undefined, { packetsLost: 0, packetsReceived: 50 })).to.equal(0);
    expect(lossBetween({ packetsLost: 5, packetsReceived: 50 }, { packetsLost: 5, packetsReceived: 50 })).to.equal(0);
  });
});
