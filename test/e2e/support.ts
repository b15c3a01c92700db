import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { copyTemplate, FIRST_START_LOG, holdsNoDatabase, seededTemplate } from './first-start';

// Browser tests run the platform as a newcomer would (`npm start` on an empty embedded database, demo
// data seeded by the first start, run once per test run: first-start.ts) and drive Debian's Chromium; no
// browser is downloaded.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = path.resolve('docs/screenshots');
export const DEMO_PASSWORD = 'demo-demo-demo';

/**
 * A port for a server the test starts, below the kernel's ephemeral range (Linux's ip_local_port_range,
 * 32768-60999): a port the kernel hands out for `listen(0)`, freed for the server to take seconds later,
 * could meanwhile become the local end of one of the run's outgoing connections (CI's EADDRINUSE in a
 * browser test's `before all`). Picked at random in 20000-31999 and checked free; startPlatform tries
 * another should a concurrent test have taken it.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface Platform {
  url: string;
  stop(): Promise<void>;
  /** A bearer token for a demo account, to arrange or check through the API what the browser does. */
  token(email: string): Promise<string>;
  api<T = unknown>(token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Ends the server abruptly (SIGKILL by default): no shutdown, its engine left behind. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  dataDir: string;
}

/**
 * Starts `server/main.ts` on a fresh embedded database (demo data seeded); `env` adds or overrides settings.
 * An empty data directory gets a copy of the run's first start (first-start.ts) unless `firstStart` asks
 * for the real thing; a database given through `MONGODB_URI`, or `SEED_DEMO=never`, is left as it is.
 */
export async function startPlatform(env: Record<string, string> = {}, options: { dataDir?: string; firstStart?: boolean } = {}): Promise<Platform> {
  // A given data directory is kept (a restart reuses it); a fresh one is removed at stop.
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'e2e-')));
  const seeded = !env.MONGODB_URI && (env.SEED_DEMO ?? process.env.SEED_DEMO) !== 'never';
  if (seeded && !options.firstStart && (await holdsNoDatabase(dataDir))) {
    await copyTemplate(await firstStartTemplate(), dataDir);
  }
  fs.mkdirSync('test-output', { recursive: true });
  const logFile = env.LOG_FILE ?? 'test-output/e2e-server.log';
  const log = fs.createWriteStream(logFile);
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let url: string;
  // A real first start seeds a year of history, its requests included: two minutes and more on a busy machine.
  const deadline = Date.now() + 240_000;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    let stderr = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', MONGODB_URI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The log ends once both outputs have closed ('close' comes after them), never when the first one ends.
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    exited = closed;
    url = `http://127.0.0.1:${port}`;
    let ready = false;
    while (!ready) {
      const status = await fetch(`${url}/ready`).then((r) => r.status, () => 0);
      if (status === 200) ready = true;
      else if (child.exitCode !== null || Date.now() > deadline) break;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (ready) break;
    child.kill('SIGKILL');
    await closed;
    // Another process took the port between the check and the server's listen: another port, up to three times.
    if (/EADDRINUSE/.test(stderr) && attempt < 3 && Date.now() < deadline) continue;
    throw new Error(`the platform did not start (exit ${child.exitCode}); see ${logFile}:\n${await readFile(logFile, 'utf8').catch(() => '')}`);
  }
  const tokens = new Map<string, string>();
  const api = async <T>(token: string, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  return {
    url,
    api,
    dataDir,
    async kill(signal = 'SIGKILL') {
      child.kill(signal);
      await exited;
      await new Promise((resolve) => log.end(resolve));
    },
    async token(email) {
      if (!tokens.has(email)) {
        const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
        if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
        tokens.set(email, ((await res.json()) as { token: string }).token);
      }
      return tokens.get(email)!;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      await new Promise((resolve) => log.end(resolve));
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The data directory of the run's real first start (`npm start` on an empty database, its log kept at info level), made on first use. */
export function firstStartTemplate(): Promise<string> {
  return seededTemplate(async (dir) => {
    const platform = await startPlatform({ LOG_LEVEL: 'info', LOG_FILE: FIRST_START_LOG }, { dataDir: dir, firstStart: true });
    // The first start books the demo call just after it is ready (server/seed/demo-call.ts): a template
    // stopped before that ends would leave every copy an open request whose start passes during the run.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const log = await readFile(FIRST_START_LOG, 'utf8').catch(() => '');
      if (log.includes('demo video call of PASS Lyon') || log.includes('the demo call could not be booked')) break;
      if (Date.now() > deadline) throw new Error(`the first start did not book its demo call in 90 s; see ${FIRST_START_LOG}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return platform;
  });
}

/** `extra`: more Chromium switches (the call tests' fake microphone and camera). */
export function launchBrowser(extra: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...extra], headless: true });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** A logged-in page: through the login form, as a person would. */
export async function logIn(context: BrowserContext, url: string, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser ${email}]`, error.message));
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = () => readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is; the serious and critical violations. It is
 * evaluated through the DevTools protocol, so the page's Content-Security-Policy stays on.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource());
  const result = await page.evaluate(() => (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

/** Creates an interpreter of the demo dispatcher's agency (`dispatch@demo.test`) through the admin API; answers its id. */
export async function anAgencyInterpreter(platform: Platform, profile: Record<string, unknown>): Promise<string> {
  const admin = await platform.token('admin@demo.test');
  const dispatcher = await platform.api<{ user: { agencyId: string } }>(await platform.token('dispatch@demo.test'), 'GET', '/api/me');
  const created = await platform.api<{ id: string }>(admin, 'POST', '/api/interpreters', { agencyId: dispatcher.body.user.agencyId, ...profile });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  return created.body.id;
}

/** Fails with axe's serious and critical violations of the page as it is, named for the message. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).to.deep.equal([]);
}

/** Fails when the page is wider than its window (a phone would scroll sideways). */
export async function expectNoSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page scrolls sideways on a phone').to.be.at.most(1);
}

/** Browser contexts in French and Paris time, as the users are; `closeAll` in the suite's after hook. */
export function frenchContexts(browser: () => Browser) {
  const contexts: BrowserContext[] = [];
  return {
    async open(options: object): Promise<BrowserContext> {
      const context = await browser().newContext({ ...options, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      contexts.push(context);
      return context;
    },
    async closeAll(): Promise<void> {
      for (const context of contexts) await context.close().catch(() => undefined);
    },
  };
}

/** The context's pages send their media only through this TURN address (a gate a test can shut), relay only. */
export async function relayOnlyThrough(context: BrowserContext, turnUrl: string): Promise<void> {
  await context.addInitScript((url: string) => {
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = function (config?: RTCConfiguration) {
      const iceServers = (config?.iceServers ?? []).filter((s) => s.username).map((s) => ({ ...s, urls: [url] }));
      return new Native({ ...config, iceServers, iceTransportPolicy: 'relay' });
    } as unknown as typeof RTCPeerConnection;
    window.RTCPeerConnection.prototype = Native.prototype;
  }, turnUrl);
}

/** Counts the context's pages' requests for the microphone or camera; read with devicesAsked(page). */
export async function countDeviceRequests(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    Object.assign(window, { devicesAsked: 0 });
    navigator.mediaDevices.getUserMedia = (constraints) => {
      (window as unknown as { devicesAsked: number }).devicesAsked += 1;
      return ask(constraints);
    };
  });
}

export const devicesAsked = (page: Page) => page.evaluate(() => (window as unknown as { devicesAsked: number }).devicesAsked);
