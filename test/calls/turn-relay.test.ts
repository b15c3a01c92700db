import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { turnCredentials } from '../../server/calls/turn';
import { requireTurnserver, startCoturn, type Coturn } from '../support/coturn';
import { launchCallBrowser, negotiate, Peer, serveBlankPage, statsUntil, type BlankSite } from './browser';

// Two browsers' audio through Debian's coturn and nothing else: relay-only peer connections in two
// browser contexts, signalled by the test, with time-limited credentials as the server will hand them out.
describe('Calls: audio relayed by coturn between two browsers', function () {
  this.timeout(60_000);
  let coturn: Coturn;
  let site: BlankSite;
  let browser: Browser;
  const peers: Peer[] = [];

  before(async () => {
    requireTurnserver(); // before a browser is launched for nothing
    [coturn, site, browser] = await Promise.all([startCoturn('turn-relay'), serveBlankPage(), launchCallBrowser()]);
  });
  after(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
    await browser?.close();
    await site?.close();
    await coturn?.stop();
  });

  const config = (user: string): RTCConfiguration => {
    const { username, credential } = turnCredentials(coturn.secret, user, 600, new Date());
    return { iceServers: [{ urls: coturn.urls, username, credential }], iceTransportPolicy: 'relay' };
  };

  it('relay-only peers hear each other: bytes and audio level grow, the selected pair is relayed', async () => {
    const [caller, callee] = await Promise.all([Peer.open(browser, site, config('interpreter')), Peer.open(browser, site, config('requester'))]);
    peers.push(caller, callee);
    await negotiate(caller, callee);
    for (const peer of [caller, callee]) {
      const first = await statsUntil(peer, (s) => s.bytesReceived > 0, 10_000, 'audio arrives');
      const later = await statsUntil(peer, (s) => s.bytesReceived > first.bytesReceived && s.audioLevel > 0, 10_000, 'audio keeps arriving, with a level');
      expect(later.local?.type, 'the selected pair\'s local candidate').to.equal('relay');
      expect(later.remote?.type, 'and its remote candidate').to.equal('relay');
    }
  });
});
