import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { oneAccountPerRole } from './client';
import { stats } from './harness';

// Lighthouse's mobile audit (its default: a mid-range phone, simulated slow 4G and a 4× slower CPU) of the
// pages people open most on a phone, with Debian's Chromium. Lighthouse scales the CPU time it observes:
// on a busy machine the figures are worse than on an idle one, never better.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LighthouseRow {
  page: string;
  runs: number;
  /** Performance score, 0-100: median of the runs, and each run. */
  performance: number;
  performances: number[];
  /** Largest Contentful Paint, ms: median of the runs. */
  lcpMs: number;
  lcps: number[];
}

async function sessionCookie(base: string, account: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (res.status !== 200) throw new Error(`login ${account.email}: ${res.status}`);
  return res.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/**
 * `npm run bench -- lighthouse`: the login page, a GP's booking page and an interpreter's offers page,
 * `runs` times each (median kept), on the server at `base`.
 */
export async function benchLighthouse(base: string, runs = 3): Promise<LighthouseRow[]> {
  const accounts = await oneAccountPerRole();
  const pages = [
    { page: 'the login page', url: `${base}/`, cookie: undefined },
    { page: 'a GP\'s booking page (Réserver)', url: `${base}/#/reserver`, cookie: await sessionCookie(base, accounts.requester) },
    { page: 'an interpreter\'s offers page (Propositions)', url: `${base}/#/propositions`, cookie: await sessionCookie(base, accounts.interpreter) },
  ];
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const rows: LighthouseRow[] = [];
    for (const { page, url, cookie } of pages) {
      const performances: number[] = [];
      const lcps: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}) });
        const lhr = result?.lhr;
        if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr?.runtimeError?.message ?? 'no result'}`);
        performances.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
        lcps.push(lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN);
      }
      rows.push({ page, runs, performance: stats(performances).median, performances, lcpMs: stats(lcps).median, lcps });
    }
    return rows;
  } finally {
    chrome.kill();
  }
}
