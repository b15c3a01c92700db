import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// Qualifications as the agency enters them (the dispatcher's "Interprètes", the admin's interpreter form),
// and what matching then does with them, on a platform started as `npm start` starts it.

const INTERPRETER = { email: 'e2e.qualif@demo.test', password: DEMO_PASSWORD, name: 'Tereza Novotna' };
const parisDay = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).startOf('day');

describe('Qualifications pages in Chromium (end to end)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  let interpreterId: string;
  let requesterToken: string;

  /** How many could take a Czech mental-health video session at 10:00 Paris, `days` from today. */
  const mentalHealthCoverage = async (days: number) => {
    const start = encodeURIComponent(parisDay(days).set({ hour: 10 }).toISO()!);
    return (await platform.api<{ eligible: number }>(requesterToken, 'GET', `/api/requests/coverage?language=ces&modality=video&start=${start}&durationMinutes=60&specialty=mental_health`)).body.eligible;
  };

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform({ LOG_FILE: 'test-output/e2e-qualifications-server.log' });
    browser = await launchBrowser();
    // Czech: no demo interpreter speaks it, so the counts below are hers alone.
    interpreterId = await anAgencyInterpreter(platform, {
      ...INTERPRETER, gender: 'female', languages: ['ces'], specialties: ['general', 'mental_health'], modalities: ['video'], departments: [],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    requesterToken = await platform.token('pass.lyon@demo.test');
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  it('a dispatcher on a phone enters the mental-health training of an interpreter of the agency; a validity ending before it was obtained is refused in the page; matching then offers her mental-health sessions until the last valid day', async () => {
    expect(await mentalHealthCoverage(5), 'untrained: no mental-health session').to.equal(0);
    const page = await logIn(await contexts.open(PHONE), platform.url, 'dispatch@demo.test');
    await page.goto(`${platform.url}/#/interpretes`);
    const card = page.locator(`[data-interpreter-id="${interpreterId}"]`);
    await card.getByText('Aucune qualification enregistrée').waitFor();
    await card.getByRole('link', { name: `Modifier les qualifications de ${INTERPRETER.name}` }).click();
    await page.getByRole('heading', { name: `Qualifications de ${INTERPRETER.name}` }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une qualification' }).click();
    // The new row proposes the first qualification she does not hold; she is trained in mental health.
    await page.locator('fieldset.qualification').last().getByLabel('Qualification').selectOption({ label: 'Formation santé mentale' });
    const training = page.getByRole('group', { name: 'Formation santé mentale' });
    await training.getByLabel('Obtenue le').fill('2024-03-04');
    const lastDay = parisDay(10);
    await training.getByLabel('Valable jusqu’au (facultatif)').fill('2024-01-31');
    await page.getByRole('button', { name: 'Valider les qualifications' }).click();
    await training.getByText('La fin de validité précède la date d’obtention.').waitFor();
    expect(await training.getByLabel('Valable jusqu’au (facultatif)').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(page, 'qualifications form, refused');
    expect((await platform.api<{ qualifications: unknown[] }>(await platform.token('dispatch@demo.test'), 'GET', `/api/interpreters/${interpreterId}`)).body.qualifications, 'nothing sent').to.deep.equal([]);

    await training.getByLabel('Valable jusqu’au (facultatif)').fill(lastDay.toISODate()!);
    await page.getByRole('button', { name: 'Valider les qualifications' }).click();
    await page.getByText('Qualifications enregistrées').waitFor();
    await expectAccessible(page, 'qualifications form, saved');
    await expectNoSideways(page);
    expect(await mentalHealthCoverage(5), 'trained: offered').to.equal(1);
    expect(await mentalHealthCoverage(10), 'through her last valid day').to.equal(1);
    expect(await mentalHealthCoverage(11), 'not after it').to.equal(0);

    await page.getByRole('link', { name: '← Tous les interprètes' }).click();
    expect(await card.getByRole('list', { name: 'Qualifications' }).textContent()).to.equal(`Formation santé mentale : expire dans 10 jours (${lastDay.setLocale('fr').toFormat('d LLLL yyyy')})`);
  });

  it('the admin’s interpreter form shows and keeps her qualifications, axe clean on a desktop', async () => {
    const admin = await logIn(await contexts.open(DESKTOP), platform.url, 'admin@demo.test');
    await admin.goto(`${platform.url}/#/interpretes`);
    await admin.getByLabel('Rechercher (nom, e-mail)').fill('e2e.qualif@');
    await admin.getByRole('button', { name: `Modifier ${INTERPRETER.name}` }).click();
    const training = admin.getByRole('group', { name: 'Formation santé mentale' });
    expect(await training.getByLabel('Obtenue le').inputValue()).to.equal('2024-03-04');
    await expectAccessible(admin, 'interpreter form with qualifications');
    await training.getByRole('button', { name: 'Retirer Formation santé mentale' }).click();
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText(`${INTERPRETER.name} est enregistré·e.`).waitFor();
    expect(await mentalHealthCoverage(5), 'the training taken away').to.equal(0);
  });

  for (const [size, viewport] of [['1366 px', { viewport: { width: 1366, height: 768 } }], ['390 px', PHONE]] as const) {
    it(`the auditor reads, by language and specialty, the qualified interpreters and those expiring within 90 days (${size}), as the report gives them, axe clean`, async () => {
      const report = (await platform.api<{ rows: Array<{ languageName: string; specialtyName: string; required: string[]; interpreters: number; qualified: number; expiringSoon: number }> }>(await platform.token('ars@demo.test'), 'GET', '/api/reports/qualifications')).body;
      const required = report.rows.filter((r) => r.required.length > 0);
      expect(required.some((r) => r.expiringSoon > 0), 'the demo has trainings expiring within 90 days').to.equal(true);
      const page = await logIn(await contexts.open(viewport), platform.url, 'ars@demo.test');
      const table = page.getByTestId('qualifications-table');
      await table.waitFor();
      const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent)));
      expect(shown).to.deep.equal(required.map((r) => [r.languageName, r.specialtyName, String(r.interpreters), String(r.qualified), String(r.expiringSoon)]));
      await page.getByRole('region', { name: 'Interprètes qualifié·es par langue et spécialité' }).waitFor();
      await expectAccessible(page, `auditor qualifications (${size})`);
      await expectNoSideways(page);
    });
  }
});
