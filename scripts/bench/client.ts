import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createAgency } from '../../server/directory/agencies';
import { createInterpreter } from '../../server/directory/interpreters';
import { createStructure } from '../../server/directory/structures';
import { createUser } from '../../server/directory/users';

// What a phone downloads on a first visit (empty cache), as Chromium receives it: each script and style
// with its transfer size (compressed as sent) and encoding. The maps kept beside the build
// (client/dist-maps) say which sources each script carries, to check what a page does not load.

const MAPS = path.resolve('client/dist-maps');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR' };

export interface Fetched {
  /** The path on the server (`/assets/index-….js`). */
  path: string;
  type: 'script' | 'stylesheet';
  /** Bytes of the body as sent, compressed when it was. */
  bytes: number;
  encoding: string;
}

export interface FirstLoad {
  /** The page's title once shown ("Réserver · Interprétariat santé"). */
  title: string;
  files: Fetched[];
  scriptBytes: number;
  styleBytes: number;
}

export interface Visit {
  /** Signed in first through the API (the session cookie set, nothing else cached); none: the login page. */
  account?: { email: string; password: string };
  /** The hash route; `/` is the role's first page. */
  route?: string;
}

/** Loads one page in a fresh context of `browser` (nothing cached) and lists the scripts and styles it fetched. */
export async function firstLoad(browser: Browser, base: string, visit: Visit = {}): Promise<FirstLoad> {
  const context = await browser.newContext(PHONE);
  try {
    if (visit.account) {
      const login = await context.request.post(`${base}/api/auth/login`, { data: visit.account });
      if (!login.ok()) throw new Error(`login ${visit.account.email}: ${login.status()}`);
    }
    const page = await context.newPage();
    const pending: Promise<Fetched | undefined>[] = [];
    page.on('requestfinished', (request) => {
      const type = request.resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      pending.push((async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        return { path: new URL(request.url()).pathname, type, bytes: sizes.responseBodySize, encoding: response?.headers()['content-encoding'] ?? 'identity' };
      })());
    });
    await page.goto(`${base}/#${visit.route ?? '/'}`, { waitUntil: 'networkidle' });
    // Shown: the login form, or the page's heading with no "Chargement…" left in the page.
    await page.locator('h1').first().waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    const files = (await Promise.all(pending)).filter((file): file is Fetched => file !== undefined);
    const sum = (type: Fetched['type']) => files.filter((file) => file.type === type).reduce((total, file) => total + file.bytes, 0);
    return { title: await page.title(), files, scriptBytes: sum('script'), styleBytes: sum('stylesheet') };
  } finally {
    await context.close();
  }
}

/** The source files a served script was built from (`client/src/pages/auditor/charts.tsx`, `node_modules/chart.js/…`). */
export async function sourcesOf(scriptPath: string): Promise<string[]> {
  const map = JSON.parse(await readFile(path.join(MAPS, `${scriptPath}.map`), 'utf8')) as { sources: string[] };
  const dir = path.dirname(path.join(path.resolve('client/dist'), scriptPath));
  return map.sources.map((source) => path.relative(process.cwd(), path.resolve(dir, source)).split(path.sep).join('/'));
}

/** Every source the scripts of a load were built from. */
export async function sourcesLoaded(load: FirstLoad): Promise<string[]> {
  const scripts = load.files.filter((file) => file.type === 'script' && file.path.startsWith('/assets/'));
  return (await Promise.all(scripts.map((file) => sourcesOf(file.path)))).flat();
}

const PASSWORD = 'bench-first-load-2026';

/** One account of each role in the database the server at `base` uses, to sign in with. */
export async function oneAccountPerRole() {
  const tag = Date.now().toString(36);
  const [structure, agency] = await Promise.all([
    createStructure({ name: `Cabinet bench ${tag}`, type: 'GP_PRACTICE', department: '69' }),
    createAgency({ name: `Agence bench ${tag}`, departments: ['69'] }),
  ]);
  const user = (role: 'requester' | 'dispatcher' | 'auditor' | 'admin', attach: { structureId?: string; agencyId?: string } = {}) =>
    createUser({ email: `first-load-${role}-${tag}@bench.test`, password: PASSWORD, name: `Bench ${role}`, role, ...attach });
  const [requester, interpreter, dispatcher, auditor, admin] = await Promise.all([
    user('requester', { structureId: structure.id }),
    createInterpreter({ email: `first-load-interpreter-${tag}@bench.test`, password: PASSWORD, name: 'Bench interpreter', agencyId: agency.id, gender: 'female', languages: ['ara'], specialties: ['general'], modalities: ['phone'], departments: ['69'] }),
    user('dispatcher', { agencyId: agency.id }),
    user('auditor'),
    user('admin'),
  ]);
  const account = (email: string) => ({ email, password: PASSWORD });
  return { requester: account(requester.email), interpreter: account(interpreter.email), dispatcher: account(dispatcher.email), auditor: account(auditor.email), admin: account(admin.email) };
}

export interface ClientBench {
  login: FirstLoad;
  roles: { role: string; load: FirstLoad; chartJs: boolean }[];
}

/**
 * `npm run bench -- client`: the login page, then each role's first page, each in a fresh browser context
 * (a first visit: nothing cached), as a phone on the server at `base` receives them.
 */
export async function benchClient(base: string): Promise<ClientBench> {
  const accounts = await oneAccountPerRole();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  try {
    const login = await firstLoad(browser, base);
    const roles = [];
    for (const [role, account] of Object.entries(accounts)) {
      const load = await firstLoad(browser, base, { account });
      roles.push({ role, load, chartJs: (await sourcesLoaded(load)).some((source) => source.includes('node_modules/chart.js/')) });
    }
    return { login, roles };
  } finally {
    await browser.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const WHO: Record<string, string> = { requester: 'a GP', interpreter: 'an interpreter', dispatcher: 'a dispatcher', auditor: 'an auditor', admin: 'an administrator' };

/** The bench's rows: each role's first load, the GP's held to the 90 KB of compressed JavaScript. */
export function clientRows(r: ClientBench): { name: string; figure: string; limit: string; ok: boolean }[] {
  const describe = (load: FirstLoad) => `${kb(load.scriptBytes)} of JavaScript in ${load.files.filter((f) => f.type === 'script').length} file(s) (${[...new Set(load.files.map((f) => f.encoding))].join(', ')}), ${kb(load.styleBytes)} of styles`;
  return [
    { name: 'First load of the login page on a phone (Chromium, empty cache, bytes as received)', figure: describe(r.login), limit: 'JavaScript ≤ 90 KB', ok: r.login.scriptBytes <= 90_000 },
    ...r.roles.map(({ role, load, chartJs }) => ({
      name: `First load of ${WHO[role]}'s first page, "${load.title.split(' · ')[0]}", signed in (Chromium, empty cache, bytes as received)`,
      figure: `${describe(load)}; Chart.js ${chartJs ? 'loaded' : 'not loaded'}`,
      limit: role === 'requester' ? 'JavaScript ≤ 90 KB, no Chart.js' : '(information)',
      ok: role !== 'requester' || (load.scriptBytes <= 90_000 && !chartJs),
    })),
  ];
}
