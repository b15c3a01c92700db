import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startCoturn, type Coturn } from '../support/coturn';
import { anAgencyInterpreter, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// Calls in real browsers: Debian's Chromium with fake media devices (a beeping microphone, a test-pattern
// camera), WebRTC as the browser does it, Debian's coturn as the TURN server. Nothing of WebRTC is mocked:
// what each side receives is read from getStats() through the page's window.__call.

interface PeerStats { peerId: string; inboundAudioBytes: number; inboundVideoBytes: number; audioLevel: number; localCandidateType?: string; selectedPairId?: string }

const stats = (page: Page) => page.evaluate(() => (window as unknown as { __call?: { stats(): Promise<PeerStats[]> } }).__call?.stats() ?? Promise.resolve([] as PeerStats[]));

/** Waits until the page receives audio (and video when asked) from `count` others, growing and audible; the stats then. */
async function receiving(page: Page, count: number, video = false, timeoutMs = 30_000): Promise<PeerStats[]> {
  const deadline = Date.now() + timeoutMs;
  let before: PeerStats[] = [];
  for (;;) {
    const now = await stats(page);
    const growing = now.filter((p) => {
      const earlier = before.find((b) => b.peerId === p.peerId);
      return earlier && p.inboundAudioBytes > earlier.inboundAudioBytes && p.audioLevel > 0 && (!video || p.inboundVideoBytes > earlier.inboundVideoBytes);
    });
    if (growing.length >= count) return now;
    if (Date.now() > deadline) throw new Error(`${page.url()}: receiving from ${growing.length} of ${count}: ${JSON.stringify(now)}`);
    before = now;
    await page.waitForTimeout(500);
  }
}

describe('Calls in the browser: audio, video, guests, relay, a dropped network, the minutes measured', function () {
  this.timeout(600_000);
  let turn: Coturn;
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  let interpreterEmail: string;
  let interpreterId: string;

  before(async function () {
    this.timeout(360_000);
    turn = await startCoturn('coturn-e2e');
    platform = await startPlatform({ TURN_URLS: turn.urls.join(','), TURN_SECRET: turn.secret, LOG_FILE: 'test-output/e2e-calls-server.log' });
    browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
    interpreterEmail = `appel.arabe.${Date.now()}@demo.test`;
    const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
    interpreterId = await anAgencyInterpreter(platform, { email: interpreterEmail, password: 'appel-appel-appel', name: 'Samira Appel', gender: 'female', languages: ['ara'], specialties: ['general'], modalities: ['phone', 'video'], departments: ['69'], availability: everyDay });
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
    await turn?.stop();
  });

  const login = async (options: object, email: string, password?: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await contexts.open(options);
    await context.grantPermissions(['microphone', 'camera']);
    const page = await logIn(context, platform.url, email, password);
    return { context, page };
  };

  it('a "now" phone call: the interpreter accepts and is taken into the call, the GP joins with one tap, both hear each other; the minutes are measured', async () => {
    const interpreter = await login(PHONE, interpreterEmail, 'appel-appel-appel');
    await interpreter.page.goto(`${platform.url}/#/propositions`);
    const requester = await login(PHONE, 'pass.lyon@demo.test');
    const token = await platform.token('pass.lyon@demo.test');
    const booked = await platform.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15, callbackPhone: '+33 4 72 00 11 22' });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    await requester.page.goto(`${platform.url}/#/demandes?id=${booked.body.id}`);
    const offer = interpreter.page.locator(`[data-request-id="${booked.body.id}"]`);
    await offer.getByRole('button', { name: 'Accepter' }).click({ timeout: 20_000 });
    // Straight into the call: the page joins by itself once the microphone answers.
    await interpreter.page.getByRole('button', { name: 'Raccrocher' }).waitFor({ timeout: 20_000 });
    await requester.page.getByRole('link', { name: "Rejoindre l'appel" }).first().click();
    await requester.page.getByRole('button', { name: "Rejoindre l'appel" }).click();
    await requester.page.getByRole('button', { name: 'Raccrocher' }).waitFor();
    const heard = await receiving(requester.page, 1);
    await receiving(interpreter.page, 1);
    expect(heard[0]!.audioLevel).to.be.greaterThan(0);
    const connectedAt = Date.now();
    await expectAccessible(requester.page, 'call page during a call');
    await expectNoSideways(requester.page);
    await screenshot(requester.page, '20-appel', false);
    // The fallback is said on the page: who calls whom.
    await interpreter.page.getByText('+33 4 72 00 11 22').first().waitFor();

    await interpreter.page.waitForTimeout(6000);
    await requester.page.getByRole('button', { name: 'Raccrocher' }).click();
    const apartAt = Date.now();
    await requester.page.getByText('Le son était-il bon ?').waitFor();
    await requester.page.getByRole('button', { name: 'Oui' }).click();
    await interpreter.page.getByRole('button', { name: 'Raccrocher' }).click();
    const seen = await platform.api<{ call: { measuredSeconds: number; participants: number } }>(token, 'GET', `/api/requests/${booked.body.id}`);
    const together = (apartAt - connectedAt) / 1000;
    expect(Math.abs(seen.body.call.measuredSeconds - together), `measured ${seen.body.call.measuredSeconds} s, both connected for about ${together.toFixed(1)} s`).to.be.at.most(2);
    expect(seen.body.call.participants).to.equal(0);
    // The export lists the call's events, the answer about the sound included (sent on the socket: read until it is there).
    let kinds: string[] = [];
    for (let i = 0; i < 20 && !kinds.includes('quality'); i += 1) {
      const exported = await platform.api<{ call: { events: Array<{ kind: string; good?: boolean }> } }>(token, 'GET', `/api/requests/${booked.body.id}/export`);
      kinds = exported.body.call.events.map((e) => e.kind);
      if (!kinds.includes('quality')) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(kinds).to.include.members(['join', 'together', 'apart', 'leave', 'quality']);
  });

});
