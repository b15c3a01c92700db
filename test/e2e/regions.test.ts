import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import type { Browser } from 'playwright-core';
import { euros, integer } from '../../client/src/format';
import { connectMongoose, DEFAULT_DB_NAME } from '../../server/platform/db';
import { engineBinaryPath, startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';
import { addDemo, NATIONAL_DEMO_AUDITOR, regionDemoCall } from '../../server/seed/region-demo';
import { regionDemo } from '../../server/seed/region-demo-directory';
import type { RegionsReport } from '../../shared/reports';
import { regionByCode } from '../../shared/regions';
import { DEMO_PASSWORD, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// The "Done when" of issue 27 as a national auditor sees it: the Occitanie, Pays de la Loire and La
// Réunion demos on one deployment, compared on the "Régions" page on a phone and a laptop. Each demo's
// history is three weeks of last January (the seed test covers the rest).

const LAPTOP = { viewport: { width: 1366, height: 768 } };
const SIZES = [['1366 px', LAPTOP], ['390 px', PHONE]] as const;
const REGIONS = ['76', '52', '04'];

describe('The national auditor compares the region demos in Chromium', function () {
  this.timeout(120_000);
  const year = DateTime.now().setZone('Europe/Paris').year - 1;
  let scratch: string;
  let engine: RunningEngine;
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);

  before(async function () {
    this.timeout(300_000);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'region-demos-'));
    engine = await startEmbeddedEngine(engineBinaryPath(), scratch);
    await connectMongoose(engine.uri, DEFAULT_DB_NAME);
    for (const code of REGIONS) {
      const now = DateTime.fromObject({ year, month: 1, day: 22, hour: 9 }, { zone: regionByCode(code)!.timeZone }).toJSDate();
      expect(await addDemo(code, { history: true, now })).to.equal(true);
    }
    await mongoose.disconnect();
    platform = await startPlatform({ MONGODB_URI: engine.uri, LOG_FILE: 'test-output/e2e-regions.log' }, { dataDir: path.join(scratch, 'platform') });
    browser = await launchBrowser();
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
    await engine?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  for (const [name, size] of SIZES) {
    it(`at ${name}, the Régions page shows the three regions with their own figures, and passes axe`, async () => {
      const national = await platform.token(NATIONAL_DEMO_AUDITOR.email);
      const report = (await platform.api<RegionsReport>(national, 'GET', `/api/reports/regions?year=${year}`)).body;
      const page = await logIn(await contexts.open(size), platform.url, NATIONAL_DEMO_AUDITOR.email);
      await page.getByRole('heading', { name: 'Vue nationale des régions' }).waitFor();
      await page.getByLabel('Année').selectOption(String(year));
      const table = page.getByTestId('regions-table');
      await table.locator('caption', { hasText: String(year) }).waitFor();
      for (const code of REGIONS) {
        const line = report.regions.find((r) => r.code === code)!;
        const cells = table.locator(`tr[data-region="${code}"] td`);
        expect(await table.locator(`tr[data-region="${code}"] th`).textContent(), code).to.equal(regionByCode(code)!.name);
        expect(line.usage.sessions, code).to.be.greaterThan(0);
        expect(await cells.nth(0).textContent(), `${code} structures`).to.equal(integer(line.structures));
        expect(await cells.nth(1).textContent(), `${code} sessions`).to.equal(integer(line.usage.sessions));
        expect(await cells.nth(3).textContent(), `${code} cost`).to.equal(euros(line.usage.costCents));
        expect(await cells.nth(4).textContent(), `${code} envelope`).to.equal(euros(line.budget.envelopeCents!));
        expect(await cells.nth(6).textContent(), `${code} requests`).to.equal(integer(line.access.requests));
      }
      // Regions without a demo are listed too, with nothing.
      expect(await table.locator('tr[data-region="84"] td').nth(4).textContent()).to.equal('aucune');
      await expectAccessible(page, `Régions page at ${name}`);
      if (size === PHONE) await expectNoSideways(page);
    });
  }

  it('La Réunion’s auditor simulates La Réunion’s year: the page names the region, its department and agencies, and the results say so', async () => {
    const demo = regionDemo('04')!;
    const page = await logIn(await contexts.open(LAPTOP), platform.url, demo.auditor.email);
    await page.getByRole('link', { name: 'Simulation' }).click();
    await page.getByTestId('simulation-year-hint').filter({ hasText: `pour la région La Réunion (ses ${demo.structures.length} structures bénéficiaires, en heure de La Réunion) contre ses ${demo.interpreters.length} interprètes` }).waitFor();
    expect(await page.getByLabel('Département (sur place)').locator('option').allTextContents()).to.deep.equal(['974 – La Réunion']);
    expect(await page.getByLabel('Agence retirée').locator('option').allTextContents()).to.deep.equal(['Aucune', ...demo.agencies.map((a) => a.name)]);
    await page.getByLabel('Facteur de demande').fill('0.05');
    const posted = page.waitForRequest((request) => request.url().endsWith('/api/simulations') && request.method() === 'POST');
    await page.getByRole('button', { name: 'Lancer la simulation' }).click();
    expect((await posted).postDataJSON()).to.include({ region: '04', demand: 0.05 });
    await page.getByTestId('simulation-region').filter({ hasText: 'région La Réunion' }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('simulation-region').textContent()).to.contain('heure de La Réunion');
  });

  it('a national auditor chooses the region the simulation replays: Auvergne-Rhône-Alpes first, then Occitanie with its departments', async () => {
    const page = await logIn(await contexts.open(PHONE), platform.url, NATIONAL_DEMO_AUDITOR.email);
    await page.getByRole('link', { name: 'Simulation' }).click();
    await page.getByTestId('simulation-year-hint').filter({ hasText: 'pour la région Auvergne-Rhône-Alpes' }).waitFor();
    await page.getByLabel('Région simulée').selectOption({ label: 'Occitanie' });
    await page.getByTestId('simulation-year-hint').filter({ hasText: `pour la région Occitanie (ses ${regionDemo('76')!.structures.length} structures bénéficiaires, en heure de Paris)` }).waitFor();
    expect(await page.getByLabel('Département (sur place)').locator('option').count()).to.equal(regionByCode('76')!.departments.length);
    await expectAccessible(page, 'simulation page of a national auditor');
  });

  it('a region with no demo starts from the pages: the administrator’s new Bretagne auditor sets its envelope from the dashboard, and the national page shows it', async () => {
    const bretagne = regionByCode('53')!;
    const admin = await platform.token('admin@demo.test');
    // The invitation form is admin.test.ts's; here the account is made with a password, to log in at once.
    const created = await platform.api(admin, 'POST', '/api/users', { email: 'ars.e2e-bretagne@demo.test', password: DEMO_PASSWORD, name: 'Auditrice ARS Bretagne', role: 'auditor', region: bretagne.code });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const thisYear = DateTime.now().setZone(bretagne.timeZone).year;
    const page = await logIn(await contexts.open(PHONE), platform.url, 'ars.e2e-bretagne@demo.test');
    await page.getByText(`Aucune enveloppe n’est fixée pour ${thisYear}`).waitFor();
    await page.getByRole('button', { name: 'Fixer l’enveloppe' }).click();
    await page.getByLabel(`Montant de l’enveloppe ${thisYear} (en euros)`).fill('150 000');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('envelope-amount').filter({ hasText: euros(15_000_000) }).waitFor();
    await expectAccessible(page, 'a new region’s auditor, envelope set');
    const national = await logIn(await contexts.open(LAPTOP), platform.url, NATIONAL_DEMO_AUDITOR.email);
    await national.getByTestId('regions-table').locator(`tr[data-region="${bretagne.code}"] td`).nth(4).filter({ hasText: euros(15_000_000) }).waitFor();
  });
});

describe('The first start with DEMO_REGION=04 on an empty embedded database', function () {
  // A real first start: La Réunion's demo and this year's usage so far, a minute on a busy machine.
  this.timeout(300_000);
  const LOG = 'test-output/e2e-demo-region.log';

  it('makes La Réunion’s demo instead of Auvergne-Rhône-Alpes’s: its auditor, structures, budget, usage so far and demo call', async () => {
    const platform = await startPlatform({ DEMO_REGION: '04', LOG_LEVEL: 'info', LOG_FILE: LOG }, { firstStart: true });
    try {
      const demo = regionDemo('04')!;
      const call = regionDemoCall('04');
      const deadline = Date.now() + 90_000;
      while (!(await readFile(LOG, 'utf8')).includes(`demo video call of ${call.label}`)) {
        expect(Date.now(), `no demo call in 90 s; see ${LOG}`).to.be.below(deadline);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const auditor = await platform.token(demo.auditor.email);
      const structures = (await platform.api<{ region: string }[]>(auditor, 'GET', '/api/structures?limit=500')).body;
      expect(structures.map((s) => s.region)).to.deep.equal(demo.structures.map(() => '04'));
      const thisYear = DateTime.now().setZone('Indian/Reunion');
      const budget = (await platform.api<{ envelopeCents: number; rows: { consumedCents: number }[] }>(auditor, 'GET', `/api/reports/budget?year=${thisYear.year}`)).body;
      expect(budget.envelopeCents).to.be.greaterThan(0);
      if (thisYear.minus({ days: 1 }).year === thisYear.year) expect(budget.rows.reduce((sum, r) => sum + r.consumedCents, 0)).to.be.greaterThan(0);
      const requester = await platform.token(call.requesterEmail);
      const requests = (await platform.api<{ status: string; modality: string; language: string; timeZone: string }[]>(requester, 'GET', '/api/requests?status=assigned')).body;
      expect(requests.find((r) => r.modality === 'video' && r.language === call.language), 'the demo call').to.include({ timeZone: 'Indian/Reunion' });
      // Only that region's demo: Auvergne-Rhône-Alpes's auditor does not exist.
      const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'ars@demo.test', password: DEMO_PASSWORD }) });
      expect(login.status).to.equal(401);
    } finally {
      await platform.stop();
    }
  });
});
