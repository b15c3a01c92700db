import os from 'node:os';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { turnCredentials } from '../../server/calls/turn';
import { requireTurnserver, startCoturn, type Coturn } from '../support/coturn';
import { startUdpGate } from '../support/udp-gate';
import { launchCallBrowser, negotiate, Peer, serveBlankPage, statsUntil, type BlankSite, type PeerStats } from './browser';

// How a test can cut a call's media in this Chromium, and what brings it back: facts the call page's
// reconnection tests rely on. Measured: playwright's setOffline leaves WebRTC alone; silently dropped
// datagrams (a UDP gate in front of coturn) stop media both ways and it resumes by itself on the same
// pair; a coturn restart loses the allocations, and only an ICE restart brings media back.
describe('Calls: cutting and restoring media in a test', function () {
  this.timeout(60_000);
  let coturn: Coturn;
  let site: BlankSite;
  let browser: Browser;

  before(async () => {
    requireTurnserver(); // before a browser is launched for nothing
    [coturn, site, browser] = await Promise.all([startCoturn('media-cuts'), serveBlankPage(), launchCallBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await coturn?.stop();
  });

  const relayOnly = (urls: string[], user: string): RTCConfiguration => {
    const { username, credential } = turnCredentials(coturn.secret, user, 600, new Date());
    return { iceServers: [{ urls, username, credential }], iceTransportPolicy: 'relay' };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Two connected peers, audio flowing both ways; `use` runs with them, then their contexts close. */
  async function call(callerConfig: RTCConfiguration, calleeConfig: RTCConfiguration, use: (caller: Peer, callee: Peer) => Promise<void>) {
    const caller = await Peer.open(browser, site, callerConfig);
    const callee = await Peer.open(browser, site, calleeConfig);
    try {
      await negotiate(caller, callee);
      for (const peer of [caller, callee]) await statsUntil(peer, (s) => s.bytesReceived > 1000, 10_000, 'audio flows');
      await use(caller, callee);
    } finally {
      await Promise.all([caller.close(), callee.close()]);
    }
  }
  const flowing = (peer: Peer, since: PeerStats, what: string) => statsUntil(peer, (s) => s.bytesReceived > since.bytesReceived + 1000, 5_000, what);

  for (const kind of ['host', 'relay'] as const) {
    it(`playwright's setOffline(true) does not cut an established call (${kind} candidates): bytes keep coming`, async function () {
      const hasNetwork = Object.values(os.networkInterfaces()).flat().some((address) => address && !address.internal);
      // Chromium gathers no loopback host candidate: host-to-host needs a real interface.
      if (kind === 'host' && !hasNetwork) this.skip();
      const config = kind === 'host' ? {} : relayOnly(coturn.urls, 'caller');
      await call(config, kind === 'host' ? {} : relayOnly(coturn.urls, 'callee'), async (caller, callee) => {
        expect((await caller.stats()).local?.type).to.equal(kind);
        await caller.page.context().setOffline(true);
        const offline = [await caller.stats(), await callee.stats()] as const;
        await flowing(caller, offline[0], 'the offline page still receives');
        await flowing(callee, offline[1], 'the other page still receives from the offline one');
        await caller.page.context().setOffline(false);
      });
    });
  }

  it('silently dropped datagrams (a UDP gate before coturn, shut 5 s) stop audio both ways; it resumes by itself on the same pair, and restartIce then picks a new pair', async () => {
    const gate = await startUdpGate(coturn.port);
    try {
      // Only the caller goes through the gate, and only over UDP: it has no other relay to fail over to.
      await call(relayOnly([gate.url], 'caller'), relayOnly(coturn.urls, 'callee'), async (caller, callee) => {
        const connected = await caller.stats();
        gate.shut();
        await sleep(500);
        const cut = [await caller.stats(), await callee.stats()] as const;
        await sleep(4_500);
        const stillCut = [await caller.stats(), await callee.stats()] as const;
        expect(stillCut[0].bytesReceived, 'the cut page receives nothing').to.equal(cut[0].bytesReceived);
        expect(stillCut[1].bytesReceived, 'nor does the other').to.equal(cut[1].bytesReceived);
        expect(gate.dropped).to.be.above(100);

        gate.open();
        const back = await flowing(caller, stillCut[0], 'audio comes back to the cut page by itself');
        await flowing(callee, stillCut[1], 'and to the other');
        expect(back.pairId, 'on the same candidate pair').to.equal(connected.pairId);

        await negotiate(caller, callee, true);
        const restarted = await statsUntil(caller, (s) => s.pairId !== connected.pairId && s.bytesReceived > back.bytesReceived + 1000, 5_000, 'after restartIce, audio on a new pair');
        expect(restarted.local?.type).to.equal('relay');
        expect(restarted.local?.id).to.not.equal(connected.local?.id);
      });
    } finally {
      await gate.close();
    }
  });

  it('a coturn restart cuts relayed audio for good; restartIce through the signalling brings it back on new relayed candidates', async () => {
    await call(relayOnly(coturn.urls, 'caller'), relayOnly(coturn.urls, 'callee'), async (caller, callee) => {
      const connected = await caller.stats();
      await coturn.restart();
      await sleep(500);
      const cut = [await caller.stats(), await callee.stats()] as const;
      await sleep(3_000);
      const stillCut = [await caller.stats(), await callee.stats()] as const;
      expect(stillCut[0].bytesReceived, 'the allocations are gone: nothing arrives').to.equal(cut[0].bytesReceived);
      expect(stillCut[1].bytesReceived).to.equal(cut[1].bytesReceived);

      await negotiate(caller, callee, true);
      const back = await statsUntil(caller, (s) => s.bytesReceived > stillCut[0].bytesReceived + 1000, 5_000, 'after restartIce, audio comes back');
      await flowing(callee, stillCut[1], 'to both');
      expect(back.pairId).to.not.equal(connected.pairId);
      expect(back.local?.type).to.equal('relay');
      // A new candidate; its relayed port may be the old one again, coturn's range being small and fresh.
      expect(back.local?.id).to.not.equal(connected.local?.id);
    });
  });
});
