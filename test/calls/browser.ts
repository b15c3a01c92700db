import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../e2e/support';

// Headless Chromium with a fake microphone, and a blank page on http://127.0.0.1 (a secure context, so
// getUserMedia works) that loads test/calls/peer-page.js as `window.peer`.

const PEER_SCRIPT = path.resolve('test/calls/peer-page.js');

export function launchCallBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
}

export interface BlankSite {
  url: string;
  close(): Promise<void>;
}

export async function serveBlankPage(): Promise<BlankSite> {
  const server = http.createServer((req, res) => {
    if (req.url === '/peer.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      fs.createReadStream(PEER_SCRIPT).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>call test</title><script src="/peer.js"></script></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface PeerStats {
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  audioLevel: number;
  totalAudioEnergy: number;
  bytesSent: number;
  pairId: string | null;
  local: { id: string; type: string; protocol: string; relayProtocol: string | null; address: string; port: number } | null;
  remote: { id: string; type: string; address: string; port: number } | null;
  iceConnectionState: RTCIceConnectionState;
  connectionState: RTCPeerConnectionState;
}

export interface Allocation {
  candidates: string[];
  errors: { errorCode: number; errorText: string; url: string }[];
}

type Description = { type: RTCSdpType; sdp?: string };

interface PeerPage {
  open(config: RTCConfiguration): Promise<void>;
  offer(restart: boolean): Promise<Description>;
  answer(offer: Description): Promise<Description>;
  accept(answer: Description): Promise<void>;
  stats(): Promise<PeerStats>;
  log(): Record<string, unknown>[];
  allocate(config: RTCConfiguration): Promise<Allocation>;
}

// Functions passed to page.evaluate run in the page: they can name a type, not call a helper of this file.
type PeerWindow = { peer: PeerPage };

/** One side of a call: a page of its own browser context, driven through `window.peer`. */
export class Peer {
  constructor(readonly page: Page) {}

  static async open(browser: Browser, site: BlankSite, config: RTCConfiguration): Promise<Peer> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('[call page]', error.message));
    await page.goto(site.url);
    await page.waitForFunction(() => 'peer' in window);
    await page.evaluate((c) => (window as unknown as PeerWindow).peer.open(c), config);
    return new Peer(page);
  }

  offer(restart = false) { return this.page.evaluate((r) => (window as unknown as PeerWindow).peer.offer(r), restart); }
  answer(offer: Description) { return this.page.evaluate((o) => (window as unknown as PeerWindow).peer.answer(o), offer); }
  accept(answer: Description) { return this.page.evaluate((a) => (window as unknown as PeerWindow).peer.accept(a), answer); }
  stats() { return this.page.evaluate(() => (window as unknown as PeerWindow).peer.stats()); }
  log() { return this.page.evaluate(() => (window as unknown as PeerWindow).peer.log()); }

  async close() { await this.page.context().close(); }
}

/** Offer from `caller`, answer from `callee`, both complete (the test is the signalling server). */
export async function negotiate(caller: Peer, callee: Peer, restart = false): Promise<void> {
  const offer = await caller.offer(restart);
  const answer = await callee.answer(offer);
  await caller.accept(answer);
}

/** Polls `peer`'s stats until `done` holds (then returns them) or `ms` pass (then throws with the last ones and the page's ICE events). */
export async function statsUntil(peer: Peer, done: (stats: PeerStats) => boolean, ms: number, what: string): Promise<PeerStats> {
  const deadline = Date.now() + ms;
  for (;;) {
    const stats = await peer.stats();
    if (done(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; last stats ${JSON.stringify(stats)}; the page's events ${JSON.stringify(await peer.log())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A relay-only allocation attempt from a blank page, with these ICE servers. */
export async function allocate(page: Page, iceServers: RTCIceServer[]): Promise<Allocation> {
  return page.evaluate((servers) => (window as unknown as PeerWindow).peer.allocate({ iceServers: servers }), iceServers);
}
