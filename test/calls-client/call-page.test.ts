import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import type { ClientMessage, IceServer, Participant } from '../../shared/call-protocol';
import { turnCredentials } from '../../server/calls/turn';
import { BACK, LOST } from '../../client/src/pages/call/texts';
import { startCoturn } from '../support/coturn';
import { startUdpGate } from '../support/udp-gate';
import type { PeerStats } from '../../client/src/call/media';
import { CHROMIUM, countDeviceRequests, devicesAsked, expectAccessible, expectNoSideways, PHONE, relayOnlyThrough } from '../e2e/support';
import { startFakeCallServer, type FakeAccount, type FakeCallServer, type FakeSession } from './fake-server';

// The call page and its media module in Chromium, with fake camera and microphone, against a stand-in
// for server/calls (./fake-server.ts) that follows the shared protocol. The figures are the browsers' own
// getStats(), read through window.__call.

const GUESTS: Record<string, Participant> = {
  'jeton-interprete': { id: 'm-interpreter', role: 'interpreter', name: 'Amina Haddad' },
  'jeton-pro': { id: 'm-pro', role: 'requester', name: 'Dr Claire Martin' },
  'jeton-invite': { id: 'm-guest', role: 'guest', name: 'Invité·e' },
  'jeton-invite-2': { id: 'm-guest-2', role: 'guest', name: 'Invité·e' },
};
const ACCOUNTS: Record<string, FakeAccount> = {
  'session-interprete': { user: { id: 'u-interpreter', email: 'amina@demo.test', name: 'Amina Haddad', role: 'interpreter' }, participant: GUESTS['jeton-interprete']! },
  'session-pro': { user: { id: 'u-pro', email: 'claire@demo.test', name: 'Dr Claire Martin', role: 'requester' }, participant: GUESTS['jeton-pro']! },
  'session-regulation': { user: { id: 'u-dispatch', email: 'dispatch@demo.test', name: 'Régulation', role: 'dispatcher' }, participant: { id: 'm-dispatch', role: 'requester', name: 'Régulation' } },
};
/** A laptop's screen, beside PHONE. */
const WIDE = { viewport: { width: 1366, height: 768 } };
const FLAGS = ['--headless', '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-gpu', '--no-first-run'];

type Stats = PeerStats[];
const stats = (page: Page) => page.evaluate(() => window.__call?.stats() ?? Promise.resolve([] as Stats));

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** How far an element's words sit from its middle (pixels): 0 for centred text. */
const textOffCentre = (element: Locator) => element.evaluate((e) => {
  const words = document.createRange();
  words.selectNodeContents(e);
  const text = words.getBoundingClientRect();
  const box = e.getBoundingClientRect();
  return Math.abs((text.left + text.right) / 2 - (box.left + box.right) / 2);
});

/**
 * The client as `npm test` built it for this very run (package.json's test script names it in CLIENT_DIST:
 * its build, compression included, costs some 20 s of a two-core machine); built afresh otherwise, so that
 * the file run alone never tests a stale build.
 */
const built = process.env.CLIENT_DIST ? path.resolve(process.env.CLIENT_DIST) : undefined;

async function buildClient(): Promise<string> {
  const dist = await mkdtemp(path.join(os.tmpdir(), 'call-client-'));
  // Vite's build sets NODE_ENV=production in this process when it is unset: put it back, or every server a later test spawns would start as production.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true, sourcemap: false } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return dist;
}

describe('The call page and its media in Chromium', function () {
  this.timeout(60_000);
  let dist: string;
  let server: FakeCallServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let turnServers: IceServer[] = [];

  /** A guest's page by invitation token, or with `account` a person's page by session cookie. */
  const open = async (requestId: string, token: string, account = false, screen: object = PHONE, relayThrough?: string) => {
    const context = await browser.newContext({ ...screen, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    contexts.push(context);
    if (account) await context.addCookies([{ name: 'sid', value: token, url: server.url }]);
    if (relayThrough) await relayOnlyThrough(context, relayThrough);
    await countDeviceRequests(context);
    // The test reaches the page's peer connections as an ICE failure would, without a hook in the page.
    await context.addInitScript(() => {
      const Native = RTCPeerConnection;
      const created: RTCPeerConnection[] = [];
      Object.assign(window, { __pcs: created });
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          created.push(this);
        }
      };
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${token}]`, error.message));
    await page.goto(`${server.url}/#/appel?id=${requestId}${account ? '' : `&invitation=${token}`}`);
    return page;
  };
  const joinCall = async (requestId: string, token: string, account = false, relayThrough?: string) => {
    const page = await open(requestId, token, account, PHONE, relayThrough);
    await page.getByLabel('Niveau du micro').waitFor();
    await page.getByRole('button', { name: "Rejoindre l’appel" }).click();
    await page.getByRole('button', { name: 'Raccrocher' }).waitFor();
    return page;
  };
  /** Every remote member's link carries sound (and picture): bytes growing, a level heard. */
  const flowing = async (page: Page, members: number, video: boolean) => {
    const first = await until('connected links', () => stats(page), (s) => s.length === members && s.every((p) => p.inboundAudioBytes > 0 && (!video || p.inboundVideoBytes > 0)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const heard = await until('audio levels', () => stats(page), (s) => s.every((p) => p.audioLevel > 0), 5_000);
    for (const now of heard) {
      const before = first.find((p) => p.peerId === now.peerId)!;
      expect(now.inboundAudioBytes, `sound from ${now.peerId}`).to.be.greaterThan(before.inboundAudioBytes);
      if (video) expect(now.inboundVideoBytes, `picture from ${now.peerId}`).to.be.greaterThan(before.inboundVideoBytes);
      else expect(now.inboundVideoBytes).to.equal(0);
      expect(now.selectedPairId, 'a selected candidate pair').to.be.a('string');
    }
    return heard;
  };
  const lastReport = (memberId: string) => server.received.filter((r) => r.from === memberId && r.message.type === 'media').at(-1)?.message;

  before(async function () {
    this.timeout(120_000);
    dist = built ?? (await buildClient());
    // One session per test: `visio-…` and `tel-…` are held in the platform, `tot` opens later, and in
    // `tel-tard-…` the others hear of a newcomer after its offer has reached them.
    const sessionOf = (id: string): FakeSession | undefined => {
      if (id === 'interdite') return { modality: 'video', refuse: { error: 'forbidden' } };
      if (id === 'finie') return { modality: 'phone', refuse: { error: 'closed' } };
      if (id === 'tel-coupure') return { modality: 'phone', iceServers: turnServers, resumeDelayMs: 12_000 };
      if (id === 'tot') return { modality: 'phone', refuse: { error: 'not_open_yet', opensAt: '2026-03-02T13:20:00Z' } };
      if (id.startsWith('visio-')) return { modality: 'video' };
      if (id.startsWith('tel-tard-')) return { modality: 'phone', userAddDelayMs: 1500 };
      return id.startsWith('tel-') ? { modality: 'phone' } : undefined;
    };
    server = await startFakeCallServer({ dist, sessionOf, guests: GUESTS, accounts: ACCOUNTS });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (dist && !built) await rm(dist, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });

  it('the call page and its media code come in a chunk of their own, which the other pages never load', async () => {
    const assets = await readdir(path.join(dist, 'assets'));
    const code = async (prefix: string) => Promise.all(assets.filter((f) => f.startsWith(prefix) && f.endsWith('.js')).map((f) => readFile(path.join(dist, 'assets', f), 'utf8')));
    const [entry] = await code('index-');
    const [call] = await code('call-page-');
    expect(call, 'a call-page chunk').to.contain('RTCPeerConnection');
    expect(entry, 'the entry chunk').not.to.contain('RTCPeerConnection');
  });

  it('three people in a video call each receive the two others’ sound and picture, and the server hears who is connected', async () => {
    const interpreter = await joinCall('visio-1', 'jeton-interprete');
    const pro = await joinCall('visio-1', 'jeton-pro');
    const guest = await joinCall('visio-1', 'jeton-invite');
    for (const page of [interpreter, pro, guest]) await flowing(page, 2, true);
    expect(lastReport('m-interpreter')).to.deep.equal({ type: 'media', peers: ['m-guest', 'm-pro'] });
    expect(lastReport('m-guest')).to.deep.equal({ type: 'media', peers: ['m-interpreter', 'm-pro'] });

    await interpreter.getByRole('status').filter({ hasText: 'Invité·e a rejoint l’appel' }).waitFor();
    await interpreter.locator('[data-member-id="m-pro"]').getByText('Professionnel·le · connecté·e').waitFor();
    expect(await interpreter.locator('video').count(), 'her own picture and the two others').to.equal(3);
    await until('the measured time counts', () => interpreter.getByRole('timer').textContent(), (t) => t !== null && t !== '00:00');
    // Her microphone and camera off: the others read it on her tile, and her sound still plays when she speaks again.
    await pro.getByRole('button', { name: 'Couper le micro' }).click();
    await pro.getByRole('button', { name: 'Couper la caméra' }).click();
    const proTile = interpreter.locator('[data-member-id="m-pro"]');
    await proTile.getByText('Professionnel·le · connecté·e · micro coupé · caméra coupée', { exact: true }).waitFor({ timeout: 5_000 });
    await proTile.getByText('Caméra coupée', { exact: true }).waitFor();
    await guest.locator('[data-member-id="m-pro"]').getByText('Professionnel·le · connecté·e · micro coupé · caméra coupée', { exact: true }).waitFor({ timeout: 5_000 });
    await pro.getByRole('button', { name: 'Réactiver le micro' }).click();
    await pro.getByRole('button', { name: 'Activer la caméra' }).click();
    await proTile.getByText('Professionnel·le · connecté·e', { exact: true }).waitFor({ timeout: 5_000 });
    expect(await proTile.getByText('Caméra coupée').count()).to.equal(0);
    await expectNoSideways(guest);
    await expectAccessible(guest, 'the call page of a guest, in a video call, on a phone');
  });

  it('an ICE restart renegotiates through the server with new ICE credentials, and sound and picture go on', async () => {
    const pages = [await joinCall('visio-restart', 'jeton-interprete'), await joinCall('visio-restart', 'jeton-pro'), await joinCall('visio-restart', 'jeton-invite')];
    const before = await Promise.all(pages.map((page) => flowing(page, 2, true)));
    const mark = server.received.length;
    // The professional's id sorts last: she is the impolite side of both her links, and restarts first.
    await pages[1]!.evaluate(() => {
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) if (pc.connectionState === 'connected') pc.restartIce();
    });
    const ufrag = (m: ClientMessage) => (m.type === 'offer' || m.type === 'answer' ? /a=ice-ufrag:(\S+)/.exec(m.value.sdp ?? '')?.[1] : undefined);
    const restarted = await until('the restarts’ offers and answers', async () => server.received.slice(mark).filter((r) => r.message.type === 'offer' || r.message.type === 'answer'), (list) => list.length === 4);
    expect(restarted.map((r) => `${r.from} ${r.message.type} ${'dest' in r.message ? r.message.dest : ''}`).sort()).to.deep.equal(['m-guest answer m-pro', 'm-interpreter answer m-pro', 'm-pro offer m-guest', 'm-pro offer m-interpreter']);
    const earlier = server.received.slice(0, mark).filter((r) => r.from === 'm-pro' && r.message.type === 'offer').map((r) => ufrag(r.message));
    const fresh = restarted.filter((r) => r.from === 'm-pro').map((r) => ufrag(r.message)!);
    expect(earlier.filter((u) => fresh.includes(u!)), 'new ICE credentials').to.deep.equal([]);
    // The answering pages hold the new credentials on a connected link. (Whether the selected candidate
    // pair changes is Chromium's choice on loopback, where the former pair still works: not asserted.)
    for (const page of [pages[0]!, pages[2]!]) {
      const remote = await page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
        .filter((pc) => pc.connectionState === 'connected').map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.remoteDescription?.sdp ?? '')?.[1]));
      expect(remote.filter((u) => fresh.includes(u!))).to.have.length(1);
    }
    await Promise.all(pages.map((page) => flowing(page, 2, true)));
  });

  it('a phone call carries sound only, in audio elements', async () => {
    const interpreter = await joinCall('tel-2', 'jeton-interprete');
    const pro = await joinCall('tel-2', 'jeton-pro');
    await flowing(interpreter, 1, false);
    await flowing(pro, 1, false);
    expect(await pro.locator('video').count()).to.equal(0);
    expect(await pro.locator('audio').count()).to.equal(1);
    expect(await pro.getByRole('button', { name: 'Couper la caméra' }).count()).to.equal(0);
  });

  it('after a network drop of its socket, a page joins again with resume and keeps its peer connections', async () => {
    const interpreter = await joinCall('tel-3', 'jeton-interprete');
    const pro = await joinCall('tel-3', 'jeton-pro');
    const [before] = await flowing(pro, 1, false);
    server.dropConnection('tel-3', 'm-pro');
    const proJoins = () => server.received.filter((r) => r.from === 'm-pro' && r.message.type === 'join' && r.message.requestId === 'tel-3').map((r) => r.message);
    const joins = await until('the page joins again', async () => proJoins(), (list) => list.length === 2);
    expect(joins.at(-1)).to.deep.equal({ type: 'join', requestId: 'tel-3', resume: true });
    const [after] = await flowing(pro, 1, false);
    expect(after!.selectedPairId, 'the same connection').to.equal(before!.selectedPairId);
    expect(after!.inboundAudioBytes).to.be.greaterThan(before!.inboundAudioBytes);
    expect(await interpreter.getByText('Dr Claire Martin a quitté l’appel').count(), 'nobody was told she left').to.equal(0);
    // The sound never stopped: the page has no loss to announce.
    expect(await pro.getByText('Connexion perdue, reconnexion…').count()).to.equal(0);
  });

  for (const [session, order] of [['tel-4', 'before'], ['tel-tard-4', 'after']]) {
    it(`when a member’s page reloads, the others connect afresh to its new page (told of it ${order} its offer)`, async () => {
      const interpreter = await joinCall(session!, 'jeton-interprete');
      const pro = await joinCall(session!, 'jeton-pro');
      const [before] = await flowing(interpreter, 1, false);
      // The same person in a new page, while the former one has not gone yet (its socket is then stale).
      const again = await joinCall(session!, 'jeton-pro');
      // At once: not after an unanswered offer is sent again (5 s).
      const after = await until('a new connection', () => stats(interpreter), (s) => s.length === 1 && s[0]!.selectedPairId !== undefined && s[0]!.inboundAudioBytes > 0 && s[0]!.inboundAudioBytes < before!.inboundAudioBytes, 4_000);
      expect(after[0]!.peerId).to.equal('m-pro');
      await pro.close();
      await flowing(interpreter, 1, false);
      await flowing(again, 1, false);
    });
  }

  it('an interpreter and a professional with accounts join their session’s call, with the phone to fall back on', async () => {
    const interpreter = await open('visio-comptes', 'session-interprete', true);
    await interpreter.getByText('Si l’appel est impossible : appelez le 04 72 11 22 33 (PASS de Lyon).').waitFor();
    await interpreter.getByLabel('Aperçu de votre caméra').waitFor();
    await interpreter.getByText('Arabe · Visio').waitFor();
    await expectNoSideways(interpreter);
    await expectAccessible(interpreter, 'the device check of an interpreter, video session, on a phone');
    await interpreter.getByRole('button', { name: "Rejoindre l’appel" }).click();
    await interpreter.getByText('Vous êtes seul·e dans l’appel pour l’instant : les autres participant·es vont arriver.').waitFor();
    const pro = await joinCall('visio-comptes', 'session-pro', true);
    await pro.getByText('Si l’appel est impossible, l’interprète vous appelle au 04 72 11 22 33.').waitFor();
    await flowing(interpreter, 1, true);
    await flowing(pro, 1, true);
    await interpreter.getByRole('button', { name: 'Raccrocher' }).click();
    await interpreter.getByRole('region', { name: 'Appel terminé' }).getByRole('link', { name: 'Mon agenda' }).waitFor();
    await pro.getByRole('status').filter({ hasText: 'Amina Haddad a quitté l’appel' }).waitFor();
    // Someone left: nobody is on the way any more.
    await pro.getByText('Vous êtes seul·e dans l’appel.', { exact: true }).waitFor();
    expect(await pro.getByText(/vont arriver/).count()).to.equal(0);
    await pro.getByRole('button', { name: 'Raccrocher' }).click();
    const back = pro.getByRole('region', { name: 'Appel terminé' }).getByRole('link', { name: 'Mes demandes' });
    expect(await back.getAttribute('href')).to.equal('#/demandes');
    expect(await textOffCentre(back), 'its words centred, as on the buttons beside it').to.be.below(2);
  });

  it('asks the server before any device: a person outside the session, a session over, a link no longer valid, a dispatcher read why at once, with no microphone opened', async () => {
    for (const screen of [PHONE, WIDE]) {
      const outsider = await open('interdite', 'session-pro', true, screen);
      await outsider.getByText('Vous ne participez pas à cette séance.').waitFor({ timeout: 3_000 });
      const over = await open('finie', 'session-pro', true, screen);
      await over.getByText('Cette séance est terminée : son appel est fermé.').waitFor({ timeout: 3_000 });
      const stale = await open('visio-7', 'jeton-perime', false, screen);
      await stale.getByText('Ce lien d’invitation n’est plus valable.').waitFor({ timeout: 3_000 });
      // Every signed-in role that reaches the call's address reads the call page's answer, not another page.
      const dispatcher = await open('interdite', 'session-regulation', true, screen);
      await dispatcher.getByText('Vous ne participez pas à cette séance.').waitFor({ timeout: 3_000 });
      expect(dispatcher.url()).to.match(/#\/appel\?id=interdite$/);
      await dispatcher.getByRole('heading', { name: 'Appel', level: 1 }).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const page of [outsider, over, stale, dispatcher]) {
        expect(await devicesAsked(page), `${page.url()}: no device asked`).to.equal(0);
        expect(await page.getByRole('button', { name: "Rejoindre l’appel" }).count()).to.equal(0);
        expect(await page.getByText(/caméra/).count(), 'no camera hint').to.equal(0);
        expect(await page.getByText(/Si l’appel est impossible/).count(), 'no phone to fall back on').to.equal(0);
        await expectNoSideways(page);
        await expectAccessible(page, `a refusal (${page.url()})`);
      }
      for (const context of contexts.splice(0)) await context.close();
    }
  });

  it('a professional invites one more person from inside the call without leaving it; the interpreter and guests cannot; a full call says so', async () => {
    const interpreter = await joinCall('tel-invite', 'jeton-interprete');
    expect(await interpreter.getByRole('region', { name: 'Inviter une personne' }).count()).to.equal(0);
    for (const screen of [PHONE, WIDE]) {
      const pro = await open('tel-invite', 'session-pro', true, screen);
      await pro.getByRole('button', { name: "Rejoindre l’appel" }).click();
      const invite = pro.getByRole('region', { name: 'Inviter une personne' });
      await invite.getByRole('button', { name: 'Inviter une personne dans l’appel' }).click();
      const link = invite.getByRole('textbox', { name: /Lien pour une personne de plus/ });
      expect(await link.inputValue()).to.contain('invitation=jeton-nouveau');
      // Whatever this browser allows, the click says what happened.
      await invite.getByRole('button', { name: 'Partager ou copier le lien' }).click();
      await until('an outcome', () => invite.getByRole('status').textContent(), (t) => /^(Lien copié\.|Lien partagé\.|Le lien est sélectionné)/.test(t ?? ''), 3_000);
      // Neither share nor clipboard: the link is selected, to copy by hand.
      await pro.evaluate(() => {
        Object.defineProperty(navigator, 'share', { value: undefined });
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('Refusé', 'NotAllowedError'));
      });
      await invite.getByRole('button', { name: 'Partager ou copier le lien' }).click();
      await invite.getByRole('status').getByText(/^Le lien est sélectionné ci-dessus : copiez-le/).waitFor({ timeout: 3_000 });
      expect(await link.evaluate((input: HTMLInputElement) => document.activeElement === input && input.selectionStart === 0 && input.selectionEnd === input.value.length)).to.equal(true);
      await expectNoSideways(pro);
      await expectAccessible(pro, 'inviting from the call');
      // Still in the call: the interpreter was told nothing.
      expect(await pro.getByRole('button', { name: 'Raccrocher' }).count()).to.equal(1);
      if (screen === PHONE) expect(await interpreter.getByText('Dr Claire Martin a quitté l’appel').count()).to.equal(0);
      expect(server.room('tel-invite')).to.have.members(['m-interpreter', 'm-pro']);
      if (screen === PHONE) await pro.context().close();
      else {
        const guests = [await joinCall('tel-invite', 'jeton-invite'), await joinCall('tel-invite', 'jeton-invite-2')];
        await invite.getByText('L’appel est complet (4 personnes au plus).').waitFor();
        expect(await invite.getByRole('button', { name: 'Inviter une personne dans l’appel' }).count()).to.equal(0);
        for (const guest of guests) expect(await guest.getByRole('region', { name: 'Inviter une personne' }).count()).to.equal(0);
      }
    }
  });

  it('the notice follows the call: lost when the sound stops, back as soon as it flows again, even before the server takes the page back', async function () {
    this.timeout(120_000);
    const coturn = await startCoturn('call-page-notice');
    const gate = await startUdpGate(coturn.port);
    try {
      turnServers = [{ urls: coturn.urls, ...turnCredentials(coturn.secret, 'appel', 600, new Date()) }];
      const interpreter = await joinCall('tel-coupure', 'jeton-interprete');
      const pro = await joinCall('tel-coupure', 'jeton-pro', false, gate.url);
      await flowing(pro, 1, false);
      await flowing(interpreter, 1, false);
      // The media stops while the signalling socket stays up: the page says so, and says when it is back.
      gate.shut();
      await pro.getByText(LOST).waitFor({ timeout: 15_000 });
      gate.open();
      await pro.getByText(BACK).waitFor({ timeout: 15_000 });
      await flowing(pro, 1, false);
      // The network goes, socket included; the sound comes back first (the server takes the page back 12 s after its new socket).
      gate.shut();
      server.dropConnection('tel-coupure', 'm-pro');
      const droppedAt = Date.now();
      await pro.getByText(LOST).waitFor({ timeout: 15_000 });
      gate.open();
      await pro.getByText(BACK).waitFor({ timeout: 10_000 });
      expect(Date.now() - droppedAt, 'back with the sound, before the server took the page back').to.be.below(12_000);
      await flowing(pro, 1, false);
    } finally {
      await gate.close();
      await coturn.stop();
    }
  });

  it('hanging up tells the others, then asks whether the sound was good and sends the answer', async () => {
    const interpreter = await joinCall('visio-5', 'jeton-interprete');
    const guest = await joinCall('visio-5', 'jeton-invite');
    await flowing(interpreter, 1, true);
    await guest.getByRole('button', { name: 'Raccrocher' }).click();
    await interpreter.getByRole('status').filter({ hasText: 'Invité·e a quitté l’appel' }).waitFor();
    expect(await stats(interpreter)).to.deep.equal([]);
    expect(await guest.evaluate(() => window.__call), 'the media module let go of the page').to.equal(undefined);
    await guest.getByText('Le son était-il bon ?').waitFor();
    await expectAccessible(guest, 'after a call');
    await guest.getByRole('button', { name: 'Non' }).click();
    await guest.getByText('Merci pour votre réponse.').waitFor();
    const sent = server.received.filter((r) => r.from === 'm-guest').map((r) => r.message.type);
    expect(sent.slice(-2)).to.deep.equal(['leave', 'quality']);
    expect(server.received.at(-1)).to.deep.equal({ from: 'm-guest', message: { type: 'quality', good: false } });
  });

  it('says in French why a call cannot be joined (too early, a link no longer valid, a microphone refused) and goes on without a refused camera', async () => {
    const early = await open('tot', 'jeton-pro');
    await early.getByRole('button', { name: "Rejoindre l’appel" }).click();
    await early.getByText('Cet appel s’ouvre 10 minutes avant la séance, à 14h20.').waitFor();
    expect(await early.getByRole('button', { name: "Rejoindre l’appel" }).isEnabled(), 'one may try again later').to.equal(true);

    const stale = await open('visio-6', 'jeton-perime');
    await stale.getByText('Ce lien d’invitation n’est plus valable.').waitFor();

    const context = await browser.newContext({ ...PHONE, locale: 'fr-FR' });
    contexts.push(context);
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const refused = await context.newPage();
    await refused.goto(`${server.url}/#/appel?id=tel-micro-refuse&invitation=jeton-pro`);
    await refused.getByText(/^Le navigateur n’a pas l’autorisation d’utiliser le micro\. Pour l’autoriser/).waitFor();
    expect(await refused.getByRole('button', { name: "Rejoindre l’appel" }).isDisabled()).to.equal(true);
    await refused.getByRole('button', { name: 'Réessayer' }).waitFor();
    await expectAccessible(refused, 'the device check, microphone refused');

    // A refused camera leaves the sound: the professional joins her video session without a picture.
    const noCamera = await browser.newContext({ ...PHONE, locale: 'fr-FR' });
    contexts.push(noCamera);
    await noCamera.addCookies([{ name: 'sid', value: 'session-pro', url: server.url }]);
    await noCamera.addInitScript(() => {
      const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (constraints) => (constraints?.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : ask(constraints));
    });
    const soundOnly = await noCamera.newPage();
    await soundOnly.goto(`${server.url}/#/appel?id=visio-sans-camera`);
    await soundOnly.getByText(/^Le navigateur n’a pas l’autorisation d’utiliser la caméra : vous participez avec le son seulement\./).waitFor();
    await soundOnly.getByRole('button', { name: "Rejoindre l’appel" }).click();
    await soundOnly.getByRole('button', { name: 'Raccrocher' }).waitFor();
    expect(await soundOnly.getByRole('button', { name: 'Couper la caméra' }).count()).to.equal(0);
  });
});
