import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { firstLoad, sourcesLoaded } from '../../scripts/bench/client';
import { attachLive } from '../../server/notify/live';
import { createLogger } from '../../server/platform/logger';
import { launchBrowser } from '../e2e/support';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';

// What a first visit (nothing cached) fetches, read in Chromium from the build `npm run build` left:
// the sources of each script fetched, from the maps kept beside the served folder.

const CHART_JS = /(^|\/)node_modules\/chart\.js\//;
const OTHER_ROLES = /^client\/src\/pages\/(admin|auditor)\//;

describe('The client loads a page\'s code only with that page (Chromium, first visit)', function () {
  this.timeout(60_000);
  const t = useTestApp();
  let server: http.Server;
  let live: { close(): Promise<void> };
  let base: string;
  let browser: Browser;
  const account = (email: string) => ({ email, password: TEST_PASSWORD });

  before(async () => {
    server = http.createServer(t.app);
    live = attachLive(server, createLogger('silent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await live?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('the login page loads neither Chart.js nor any page of the auditors or administrators', async () => {
    const load = await firstLoad(browser, base);
    const sources = await sourcesLoaded(load);
    expect(sources).to.include('client/src/pages/login.tsx');
    expect(sources.filter((source) => CHART_JS.test(source) || OTHER_ROLES.test(source))).to.deep.equal([]);
  });

  it('a GP\'s booking page loads neither Chart.js nor any page of the auditors or administrators', async () => {
    const structure = await aStructure({ name: 'Cabinet du Dr Martin', type: 'GP_PRACTICE' });
    const gp = await aUser('requester', { structureId: structure.id });
    const load = await firstLoad(browser, base, { account: account(gp.email), route: '/reserver' });
    expect(load.title).to.equal('Réserver · Interprétariat santé');
    const sources = await sourcesLoaded(load);
    expect(sources).to.include('client/src/pages/requester/book.tsx');
    expect(sources.filter((source) => CHART_JS.test(source) || OTHER_ROLES.test(source))).to.deep.equal([]);
  });

  it('an auditor\'s dashboard does load Chart.js (so the checks above can see it)', async () => {
    const auditor = await aUser('auditor');
    const load = await firstLoad(browser, base, { account: account(auditor.email) });
    expect(load.title).to.equal('Tableau de bord · Interprétariat santé');
    expect((await sourcesLoaded(load)).some((source) => CHART_JS.test(source))).to.equal(true);
  });

  it('the login page shows without waiting for /api/me when the browser holds no session', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // /api/me never answers: only a page that does not wait for it shows the form.
      await page.route('**/api/me', () => undefined);
      await page.goto(base);
      await page.getByRole('button', { name: 'Se connecter' }).waitFor({ timeout: 10_000 });
    } finally {
      await context.close();
    }
  });
});
