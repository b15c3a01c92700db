import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { answerBefore, dateTime, euros, integer, time, zoneLabel } from '../../client/src/format';
import { connectMongoose, DEFAULT_DB_NAME } from '../../server/platform/db';
import { engineBinaryPath, startEmbeddedEngine, type RunningEngine } from '../../server/platform/embedded-engine';
import { addDemo, NATIONAL_DEMO_AUDITOR, regionDemoCall } from '../../server/seed/region-demo';
import { regionDemo } from '../../server/seed/region-demo-directory';
import type { RegionsReport } from '../../shared/reports';
import type { InterpreterView } from '../../shared/interpreter-view';
import { regionByCode, regionOf } from '../../shared/regions';
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

  // La Réunion's people read their own region's clock and departments (the pages once said Paris and
  // Auvergne-Rhône-Alpes's 01 ... 74 to everyone).
  const reunion = regionDemo('04')!;
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

  it('at 390 px, a Réunion interpreter’s “Mes disponibilités” writes the week in La Réunion’s time and offers La Réunion’s departments', async () => {
    const email = reunion.interpreters[0]!.email;
    const profile = (await platform.api<InterpreterView>(await platform.token(email), 'GET', '/api/interpreters/me')).body;
    // The zone matching reads the weekly template in (the agency's), and the agency's region.
    expect(profile).to.include({ timeZone: regionByCode('04')!.timeZone, region: '04' });
    const page = await logIn(await contexts.open(PHONE), platform.url, email);
    await page.goto(`${platform.url}/#/disponibilites`);
    const week = page.getByRole('group', { name: 'Semaine type' });
    await week.getByText(`${capitalised(zoneLabel(profile.timeZone))}. Plusieurs créneaux`).waitFor();
    expect(await week.getByText('Heures de Paris').count()).to.equal(0);
    const boxes = page.getByRole('group', { name: 'Départements de la région' }).getByRole('checkbox');
    const expected = regionByCode(profile.region!)!.departments.map((d) => `${d.code} – ${d.name}`);
    expect(await page.getByRole('group', { name: 'Départements de la région' }).locator('label').allTextContents()).to.deep.equal(expected);
    expect(await boxes.count()).to.equal(expected.length);
    await expectAccessible(page, 'Réunion interpreter’s availability, 390 px');
    await expectNoSideways(page);
  });

  it('at 390 px, the booking form of a Réunion structure suggests its region’s departments for on-site sessions', async () => {
    const email = reunion.structures.find((s) => s.email.startsWith('gp.'))!.email;
    const token = await platform.token(email);
    const me = (await platform.api<{ user: { structureId: string } }>(token, 'GET', '/api/me')).body;
    const structure = (await platform.api<{ department: string }>(token, 'GET', `/api/structures/${me.user.structureId}`)).body;
    const page = await logIn(await contexts.open(PHONE), platform.url, email);
    await page.goto(`${platform.url}/#/reserver`);
    await page.getByRole('radio', { name: 'Sur place' }).check();
    const field = page.getByRole('combobox', { name: 'Département' });
    const list = page.locator(`datalist#${await field.getAttribute('list')}`);
    await list.locator('option').first().waitFor({ state: 'attached' });
    const suggested = await list.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(suggested).to.deep.equal(regionOf(structure.department)!.departments.map((d) => d.code));
    expect(suggested).not.to.include('69');
    await expectAccessible(page, 'Réunion booking form, on site, 390 px');
    await expectNoSideways(page);
  });

  it('at 390 px, the offer card of a Réunion session writes its answer deadline on the session’s clock, named', async () => {
    const requester = await platform.token(reunion.structures.find((s) => s.email.startsWith('gp.'))!.email);
    const zone = regionByCode('04')!.timeZone;
    // interp01 is available around the clock; whoever of the language's interpreters dispatch chose answers.
    const start = DateTime.now().setZone(zone).plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toISO()!;
    const made = await platform.api<{ id: string }>(requester, 'POST', '/api/requests', { language: reunion.interpreters[0]!.languages[0], modality: 'video', durationMinutes: 45, start, briefingMinutes: 10 });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    type Offer = { requestId: string; expiresAt: string; request: { timeZone?: string } };
    let found: { email: string; offer: Offer } | undefined;
    for (let i = 0; i < 75 && !found; i += 1) {
      for (const { email } of reunion.interpreters) {
        const offer = (await platform.api<Offer[]>(await platform.token(email), 'GET', '/api/offers')).body.find((o) => o.requestId === made.body.id);
        if (offer) found = { email, offer };
      }
      if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found, 'offered to a Réunion interpreter').to.not.equal(undefined);
    expect(found!.offer.request.timeZone).to.equal(zone);
    const page = await logIn(await contexts.open(PHONE), platform.url, found!.email);
    await page.goto(`${platform.url}/#/propositions`);
    const card = page.locator(`[data-request-id="${made.body.id}"]`);
    await card.getByText(dateTime(start, zone)).waitFor();
    const deadline = answerBefore(found!.offer.expiresAt, DateTime.now(), zone);
    expect(deadline).to.match(/\(heure de La Réunion\)$/);
    await card.getByText(`Répondre avant ${deadline}`, { exact: true }).waitFor();
    await expectAccessible(page, 'Réunion offer card, 390 px');
    await expectNoSideways(page);
  });

  /** Axe's landmark-unique (a "moderate" rule, which expectAccessible lets through): two regions of one name. */
  const landmarkClashes = (page: Page) => page.evaluate(async () => (await (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: { nodes: { target: string[] }[] }[] }> } }).axe.run(document, { runOnly: { type: 'rule', values: ['landmark-unique'] } })).violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))));

  it('at 390 px, La Réunion’s auditor reads the dashboard in La Réunion’s time, its region named', async () => {
    const zone = regionByCode('04')!.timeZone;
    const token = await platform.token(reunion.auditor.email);
    const thisYear = DateTime.now().setZone(zone).year;
    expect((await platform.api(token, 'PUT', `/api/envelopes/${thisYear}`, { amountCents: 12_345_600 })).status).to.equal(200);
    const [entry] = (await platform.api<{ at: string }[]>(token, 'GET', `/api/audit?year=${thisYear}&limit=1`)).body;
    const page = await logIn(await contexts.open(PHONE), platform.url, reunion.auditor.email);
    await page.getByRole('heading', { level: 1, name: `Tableau de bord ARS ${regionByCode('04')!.name}` }).waitFor();
    const updated = page.getByTestId('updated-at');
    await updated.locator('time').waitFor();
    const loadedAt = (await updated.locator('time').getAttribute('datetime'))!;
    expect(await updated.textContent()).to.equal(`Mis à jour à ${time(loadedAt, zone)} (${zoneLabel(zone)})`);
    const firstDate = page.getByTestId('audit-table').locator('tbody tr').first().locator('td').first();
    expect(await firstDate.textContent()).to.equal(dateTime(entry!.at, zone));
    expect(await firstDate.textContent()).to.contain('(heure de La Réunion)');
    await expectAccessible(page, 'Réunion auditor’s dashboard, 390 px');
    await expectNoSideways(page);
  });

  it('the auditor’s dashboard names its breakdowns apart: usage’s “Par langue” and unmet demand’s are two regions of different names', async () => {
    const page = await logIn(await contexts.open(PHONE), platform.url, reunion.auditor.email);
    await page.getByRole('region', { name: 'Répartition : Par langue', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Demande non satisfaite : Par langue', exact: true }).waitFor();
    await expectAccessible(page, 'Réunion auditor’s dashboard, 390 px');
    expect(await landmarkClashes(page), 'regions sharing a name').to.deep.equal([]);
  });

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
