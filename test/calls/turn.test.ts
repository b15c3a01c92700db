import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { turnCredentials } from '../../server/calls/turn';
import { requireTurnserver, startCoturn, type Coturn } from '../support/coturn';
import { allocate, launchCallBrowser, serveBlankPage, type BlankSite } from './browser';

describe('Calls: time-limited TURN credentials', () => {
  it('are coturn\'s use-auth-secret pair: "<expiry>:<user>" and base64(HMAC-SHA1(secret, username))', () => {
    // Computed apart, once: printf %s '1735693200:interpreter-42' | openssl dgst -sha1 -hmac north-wind -binary | base64
    const credentials = turnCredentials('north-wind', 'interpreter-42', 3600, new Date('2025-01-01T00:00:00Z'));
    expect(credentials).to.deep.equal({
      username: '1735693200:interpreter-42',
      credential: 'S+5aD3ZesW9U+Lw7EAv7i7O2J3E=',
      expiresAt: new Date('2025-01-01T01:00:00Z'),
    });
  });

  it('count the lifetime in whole seconds from now, milliseconds dropped', () => {
    const { username, expiresAt } = turnCredentials('s', 'u', 60, new Date('2025-01-01T00:00:00.999Z'));
    expect(username).to.equal('1735689660:u');
    expect(expiresAt.toISOString()).to.equal('2025-01-01T00:01:00.000Z');
  });

  it('refuse an empty secret or user and a lifetime that is not a positive whole number of seconds', () => {
    const now = new Date();
    expect(() => turnCredentials('', 'u', 60, now)).to.throw(RangeError);
    expect(() => turnCredentials('s', '', 60, now)).to.throw(RangeError);
    for (const ttl of [0, -1, 1.5, Number.NaN]) expect(() => turnCredentials('s', 'u', ttl, now)).to.throw(RangeError);
  });

  describe('as Debian\'s coturn checks them, from Chromium', function () {
    this.timeout(60_000);
    let coturn: Coturn;
    let site: BlankSite;
    let browser: Browser;
    let page: Page;

    before(async () => {
      requireTurnserver(); // before a browser is launched for nothing
      [coturn, site, browser] = await Promise.all([startCoturn('turn-credentials'), serveBlankPage(), launchCallBrowser()]);
      page = await browser.newPage();
      await page.goto(site.url);
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await coturn?.stop();
    });

    const relayCandidates = (candidates: string[]) => candidates.filter((c) => / typ relay /.test(c));

    it('a relay is allocated, over UDP and over TCP, with credentials computed from the secret', async () => {
      const { username, credential } = turnCredentials(coturn.secret, 'interpreter-42', 600, new Date());
      for (const url of coturn.urls) {
        const { candidates, errors } = await allocate(page, [{ urls: url, username, credential }]);
        expect(errors, url).to.deep.equal([]);
        const relays = relayCandidates(candidates);
        expect(relays, url).to.not.be.empty;
        for (const candidate of relays) expect(Number(candidate.split(' ')[5]), `${url}: a port of coturn's relay range`).to.be.within(coturn.relayPorts.min, coturn.relayPorts.max);
      }
    });

    it('a credential computed with another secret is refused (401), no relay', async () => {
      const { username, credential } = turnCredentials('not-the-secret', 'interpreter-42', 600, new Date());
      const { candidates, errors } = await allocate(page, [{ urls: coturn.urls, username, credential }]);
      expect(relayCandidates(candidates)).to.deep.equal([]);
      expect(errors.map((e) => e.errorCode)).to.include(401);
    });

    it('an expired credential is refused (401), no relay, although its password is right for its username', async () => {
      const { username, credential, expiresAt } = turnCredentials(coturn.secret, 'interpreter-42', 600, new Date(Date.now() - 3_600_000));
      expect(expiresAt.getTime()).to.be.below(Date.now());
      const { candidates, errors } = await allocate(page, [{ urls: coturn.urls, username, credential }]);
      expect(relayCandidates(candidates)).to.deep.equal([]);
      expect(errors.map((e) => e.errorCode)).to.include(401);
    });
  });
});
