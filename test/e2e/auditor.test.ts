import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// The auditor's pages as a person sees them on a laptop (1366 px, the commonest office screen) and on a
// phone: tables whole, the month under way named, targets big enough to hit, the simulation replaying
// the dashboard's year.

const LAPTOP = { viewport: { width: 1366, height: 768 } };
const SIZES = [['1366 px', LAPTOP], ['390 px', PHONE]] as const;

/** Links and buttons of the page's content lower than 24 px (WCAG 2.2, 2.5.8), as `text: height`. */
const smallTargets = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.ars a, .ars button'))
  .map((el) => ({ el, box: el.getBoundingClientRect() }))
  .filter(({ el, box }) => box.width > 0 && el.offsetParent !== null && box.height < 24)
  .map(({ el, box }) => `${el.textContent?.trim().slice(0, 40)}: ${box.height.toFixed(1)} px`));

describe('The auditor’s pages in Chromium', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  const year = DateTime.now().setZone('Europe/Paris').year;

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  const dashboard = async (size: object) => {
    const page = await logIn(await contexts.open(size), platform.url, 'ars@demo.test');
    await page.getByTestId('budget-table').waitFor();
    await page.getByTestId('usage-language-table').waitFor();
    return page;
  };

  it('at 1366 px every table of the dashboard fits its frame, the access report’s too: the budget table shows its last column, Prévision, without scrolling', async () => {
    const page = await dashboard(LAPTOP);
    await page.getByText('Voir les données mois par mois').click();
    // The access report's tables too (by language, by department), drawn once their figures arrive.
    await page.getByTestId('access-department-table').waitFor();
    const overflowing = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.ars-table-wrap'))
      .filter((frame) => frame.scrollWidth > frame.clientWidth + 1)
      .map((frame) => `${frame.querySelector('caption')?.textContent?.slice(0, 60)}: ${frame.scrollWidth} > ${frame.clientWidth}`));
    await page.getByTestId('budget-table').scrollIntoViewIfNeeded();
    await screenshot(page, '09b-tableau-de-bord-budget-1366', false);
    expect(overflowing).to.deep.equal([]);
    const forecast = await page.getByTestId('budget-table').getByRole('button', { name: /Prévision/ }).boundingBox();
    const frame = await page.locator('.ars-table-wrap', { has: page.getByTestId('budget-table') }).boundingBox();
    expect(forecast!.x + forecast!.width).to.be.at.most(frame!.x + frame!.width);
  });

  it('marks the month under way on the monthly chart and in its table', async () => {
    const page = await dashboard(LAPTOP);
    const month = DateTime.now().setZone('Europe/Paris').setLocale('fr');
    const chart = page.locator('section[aria-labelledby="ars-monthly-title"] canvas');
    expect(await chart.getAttribute('aria-label')).to.include(`${month.toFormat('LLLL')}, en cours, n’est pas terminé`);
    expect(await page.locator('section[aria-labelledby="ars-monthly-title"] figcaption').textContent()).to.include(`Le mois de ${month.toFormat('LLLL')} est en cours`);
    await page.getByText('Voir les données mois par mois').click();
    const rows = await page.getByTestId('usage-month-table').locator('tbody th').allTextContents();
    expect(rows.filter((r) => r.includes('(mois en cours)'))).to.deep.equal([`${month.toFormat('LLLL yyyy')} (mois en cours)`]);
  });

  for (const [name, size] of SIZES) {
    it(`at ${name}, links and sort buttons are at least 24 px high, and the dashboard and the simulation page pass axe`, async () => {
      const page = await dashboard(size);
      await page.getByText('Voir les données mois par mois').click();
      expect(await smallTargets(page), 'dashboard').to.deep.equal([]);
      await expectAccessible(page, `auditor dashboard at ${name}`);
      if (size === PHONE) await expectNoSideways(page);
      await page.getByRole('link', { name: 'Simulation' }).click();
      await page.getByRole('heading', { name: 'Simulation de capacité' }).waitFor();
      expect(await smallTargets(page), 'simulation').to.deep.equal([]);
      await expectAccessible(page, `simulation at ${name}`);
    });
  }

  it('the simulation replays the year the dashboard shows when it has history, not 2022', async () => {
    const page = await dashboard(LAPTOP);
    await page.getByRole('link', { name: 'Simulation' }).click();
    const yearField = page.getByLabel('Année rejouée');
    await page.getByText(`La demande de ${year} est rejouée`, { exact: false }).waitFor();
    // The auditor's region, whose demo world the page's levers are drawn from.
    await page.getByTestId('simulation-year-hint').filter({ hasText: 'pour la région Auvergne-Rhône-Alpes (ses 116 structures bénéficiaires, en heure de Paris) contre ses 44 interprètes' }).waitFor();
    expect(await page.getByLabel('Agence retirée').locator('option').allTextContents()).to.deep.equal(['Aucune', 'Interprétariat Santé Auvergne-Rhône-Alpes', 'Alpes Interprètes Médicaux']);
    expect(await yearField.inputValue()).to.equal(String(year));
    const posted = page.waitForRequest((request) => request.url().endsWith('/api/simulations') && request.method() === 'POST');
    await page.getByRole('button', { name: 'Lancer la simulation' }).click();
    expect((await posted).postDataJSON()).to.include({ year });
  });

  it('a national auditor lands on every region side by side, this year’s figures in the Auvergne-Rhône-Alpes row; the page passes axe', async () => {
    const admin = await platform.token('admin@demo.test');
    const created = await platform.api(admin, 'POST', '/api/users', { email: 'e2e.national@demo.test', password: 'demo-demo-demo', name: 'Inspection nationale', role: 'national_auditor' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    for (const [name, size] of SIZES) {
      const page = await logIn(await contexts.open(size), platform.url, 'e2e.national@demo.test');
      await page.getByRole('heading', { name: 'Vue nationale des régions' }).waitFor();
      const table = page.getByTestId('regions-table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).to.equal(18);
      const ara = table.locator('tr[data-region="84"]');
      expect(await ara.locator('th').textContent()).to.equal('Auvergne-Rhône-Alpes');
      expect(Number((await ara.locator('td').nth(1).textContent())!.replace(/\D/g, ''))).to.be.greaterThan(0);
      await expectAccessible(page, `national view at ${name}`);
      if (size === PHONE) await expectNoSideways(page);
    }
  });
});
