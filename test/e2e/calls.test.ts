import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startCoturn, type Coturn } from '../support/coturn';
import { startUdpGate } from '../support/udp-gate';
import { anAgencyInterpreter, countDeviceRequests, DESKTOP, devicesAsked, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, relayOnlyThrough, screenshot, startPlatform, type Platform } from './support';

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

  /** The agency's dispatcher assigns the test's interpreter, once dispatch has named the agencies that can take the request (a job, just after booking). */
  const assignTo = async (requestId: string) => {
    const dispatcher = await platform.token('dispatch@demo.test');
    let assigned = await platform.api(dispatcher, 'POST', `/api/requests/${requestId}/assign`, { interpreterId });
    for (let i = 0; i < 40 && assigned.status === 404; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assigned = await platform.api(dispatcher, 'POST', `/api/requests/${requestId}/assign`, { interpreterId });
    }
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
  };
  const apiToken = async (email: string, password: string) => {
    const res = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    return ((await res.json()) as { token: string }).token;
  };
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
    // One tap: the notice's link joins as soon as the microphone answers (the demo's call of the first start has its own link below).
    await requester.page.getByTestId('notice').getByRole('link', { name: "Rejoindre l’appel" }).click();
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
    // Both have hung up once the server says nobody is connected (the hang-ups travel over the sockets).
    let seen = await platform.api<{ call: { measuredSeconds: number; participants: number } }>(token, 'GET', `/api/requests/${booked.body.id}`);
    for (let i = 0; i < 40 && seen.body.call.participants > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await platform.api<{ call: { measuredSeconds: number; participants: number } }>(token, 'GET', `/api/requests/${booked.body.id}`);
    }
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
    // The interpreter completes without typing minutes: the measured time is what is billed.
    const interpreterToken = await apiToken(interpreterEmail, 'appel-appel-appel');
    const done = await platform.api<{ completion: { actualMinutes: number } }>(interpreterToken, 'POST', `/api/requests/${booked.body.id}/complete`, { outcome: 'done' });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body.completion.actualMinutes).to.equal(Math.ceil(seen.body.call.measuredSeconds / 60));
    // The answer about the sound goes with the session the structure verifies and rates.
    await requester.page.goto(`${platform.url}/#/demandes?id=${booked.body.id}`);
    await requester.page.locator(`[data-request-id="${booked.body.id}"]`).getByTestId('call-sound').getByText('Son de l’appel, d’après les participants : bon').waitFor();
  });


  /** A phone session booked "now" and assigned by the agency's dispatcher to the test's interpreter. */
  const assignedNowCall = async () => {
    const token = await platform.token('pass.lyon@demo.test');
    const booked = await platform.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15, callbackPhone: '+33 4 72 00 11 22' });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    await assignTo(booked.body.id);
    return booked.body.id;
  };

  it('who may not join reads why at once, before any device opens: another structure, an interpreter not assigned, a dispatcher, and anyone once the session is over', async () => {
    const id = await assignedNowCall();
    const WIDE = { viewport: { width: 1366, height: 768 } };
    /** The call page opened by this account, its requests for the microphone or camera counted. */
    const callPage = async (email: string, screen: object) => {
      const { context, page } = await login(screen, email);
      await countDeviceRequests(context);
      await page.goto(`${platform.url}/#/appel?id=${id}`);
      await page.reload();
      return page;
    };
    const refusedAtOnce = async (page: Page, text: string) => {
      await page.getByText(text).waitFor({ timeout: 5_000 });
      await page.waitForTimeout(500);
      expect(await devicesAsked(page), 'no device asked').to.equal(0);
      expect(await page.getByRole('button', { name: "Rejoindre l’appel" }).count()).to.equal(0);
      expect(await page.getByText(/Si l’appel est impossible/).count(), 'no phone to fall back on').to.equal(0);
      expect(page.url()).to.contain(`#/appel?id=${id}`);
      await expectNoSideways(page);
      await expectAccessible(page, `a refused call page (${page.url()})`);
    };
    for (const [email, screen] of [['gp.vichy@demo.test', PHONE], ['interp03@demo.test', WIDE], ['dispatch@demo.test', PHONE], ['dispatch@demo.test', WIDE]] as const) {
      await refusedAtOnce(await callPage(email, screen), 'Vous ne participez pas à cette séance.');
    }
    const done = await platform.api(await apiToken(interpreterEmail, 'appel-appel-appel'), 'POST', `/api/requests/${id}/complete`, { outcome: 'done', heldByCallback: true, actualMinutes: 5 });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    for (const screen of [PHONE, WIDE]) await refusedAtOnce(await callPage('pass.lyon@demo.test', screen), 'Cette séance est terminée : son appel est fermé.');
  });

  it('a network dropped for 5 s mid-call comes back without a new join; a reloaded page joins the same call again', async () => {
    const id = await assignedNowCall();
    const gate = await startUdpGate(turn.port);
    try {
      const interpreter = await login(PHONE, interpreterEmail, 'appel-appel-appel');
      const requester = await login(PHONE, 'pass.lyon@demo.test');
      // The requester's media goes through a gate in front of coturn (relay only), so that the test can cut it.
      await relayOnlyThrough(requester.context, gate.url);
      for (const page of [interpreter.page, requester.page]) {
        await page.goto(`${platform.url}/#/appel?id=${id}`);
        await page.reload();
        await page.getByRole('button', { name: "Rejoindre l’appel" }).click();
        await page.getByRole('button', { name: 'Raccrocher' }).waitFor();
      }
      await receiving(requester.page, 1);
      await receiving(interpreter.page, 1);
      // The call's view is marked: the same one must still be there after the drop (the page never left the call).
      await requester.page.getByRole('button', { name: 'Raccrocher' }).evaluate((button) => button.setAttribute('data-before-drop', 'yes'));

      // Offline: the socket drops, and every relayed packet in or out is lost.
      gate.shut();
      await requester.context.setOffline(true);
      await requester.page.waitForTimeout(5000);
      const lost = await stats(interpreter.page);
      await interpreter.page.waitForTimeout(1000);
      expect((await stats(interpreter.page))[0]!.inboundAudioBytes, 'nothing came through while offline').to.equal(lost[0]!.inboundAudioBytes);
      gate.open();
      await requester.context.setOffline(false);
      await receiving(requester.page, 1, false, 30_000);
      await receiving(interpreter.page, 1, false, 30_000);
      await requester.page.getByText('Reconnecté·e').waitFor({ timeout: 20_000 });
      expect(await requester.page.getByRole('button', { name: "Rejoindre l’appel" }).count(), 'still in the call, no new join').to.equal(0);
      expect(await requester.page.locator('[data-before-drop="yes"]').count(), 'the same call view, never left').to.equal(1);
      const token = await platform.token('pass.lyon@demo.test');
      // The notice says "Reconnecté·e" once the sound flows; the page's socket may come back a little later.
      let during = await platform.api<{ call: { participants: number } }>(token, 'GET', `/api/requests/${id}`);
      for (let i = 0; i < 40 && during.body.call.participants !== 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        during = await platform.api<{ call: { participants: number } }>(token, 'GET', `/api/requests/${id}`);
      }
      expect(during.body.call.participants).to.equal(2);

      // A reload: the page joins the same call again by itself, and both hear each other.
      await interpreter.page.reload();
      await interpreter.page.getByRole('button', { name: 'Raccrocher' }).waitFor({ timeout: 20_000 });
      await receiving(interpreter.page, 1);
      await receiving(requester.page, 1);
      for (const page of [requester.page, interpreter.page]) await page.getByRole('button', { name: 'Raccrocher' }).click();
      const done = await platform.api(await apiToken(interpreterEmail, 'appel-appel-appel'), 'POST', `/api/requests/${id}/complete`, { outcome: 'done' });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
    } finally {
      await gate.close();
    }
  });

  it('a video session with a guest: three people receive each other’s audio and video, through coturn when relay is forced', async () => {
    const token = await platform.token('pass.lyon@demo.test');
    const start = new Date(Date.now() + 5 * 60_000).toISOString();
    const booked = await platform.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ara', modality: 'video', start, durationMinutes: 30 });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    // The agency's dispatcher assigns the test's interpreter (a wave may have reached others first).
    await assignTo(booked.body.id);
    const link = await platform.api<{ joinUrl: string; expiresAt: string }>(token, 'POST', `/api/requests/${booked.body.id}/guests`, {});
    expect(link.status).to.equal(201);

    // Relay forced in every page of this test: media must go through coturn.
    const relayOnly = (context: BrowserContext) => context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      window.RTCPeerConnection = function (config?: RTCConfiguration) {
        return new Native({ ...config, iceTransportPolicy: 'relay' });
      } as unknown as typeof RTCPeerConnection;
      window.RTCPeerConnection.prototype = Native.prototype;
    });
    const requester = await login(DESKTOP, 'pass.lyon@demo.test');
    const interpreter = await login(DESKTOP, interpreterEmail, 'appel-appel-appel');
    const guestContext = await contexts.open(PHONE);
    await guestContext.grantPermissions(['microphone', 'camera']);
    for (const context of [requester.context, interpreter.context, guestContext]) await relayOnly(context);
    const guest = await guestContext.newPage();
    await guest.goto(link.body.joinUrl.replace(/^https?:\/\/[^/]+/, platform.url));

    for (const page of [interpreter.page, requester.page]) {
      await page.goto(`${platform.url}/#/appel?id=${booked.body.id}`);
      // A new document, so that the relay-only script added after login applies.
      await page.reload();
      await page.getByRole('button', { name: "Rejoindre l’appel" }).click();
      await page.getByRole('button', { name: 'Raccrocher' }).waitFor();
    }
    await guest.getByRole('button', { name: "Rejoindre l’appel" }).click();
    await guest.getByRole('button', { name: 'Raccrocher' }).waitFor();
    for (const page of [interpreter.page, requester.page, guest]) {
      const peers = await receiving(page, 2, true);
      expect(peers.every((p) => p.localCandidateType === 'relay'), JSON.stringify(peers)).to.equal(true);
    }
    await expectAccessible(guest, 'guest call page');
    await screenshot(requester.page, '21-appel-video', false);
    for (const page of [guest, requester.page, interpreter.page]) await page.getByRole('button', { name: 'Raccrocher' }).click();
  });
});
