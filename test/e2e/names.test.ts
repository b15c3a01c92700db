import { expect } from 'chai';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// Names as people write them, on a platform started as `npm start` starts it: a structures file saved by
// Excel in Windows-1252, languages by their usual names ("darija", "farsi", "wolof") in every picker and
// filter, and the simulator offering the languages people book. Phone and desktop, axe clean.

describe('Names as people write them, in Chromium (end to end)', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform({ LOG_FILE: 'test-output/e2e-names-server.log' });
    browser = await launchBrowser();
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  const options = (page: Page) => page.getByRole('listbox', { name: 'Langues trouvées' }).getByRole('option').allTextContents();

  it('imports "Hôpital Édouard-Herriot" from a file Excel saved in Windows-1252, and refuses a UTF-16 file with how to save it', async () => {
    const admin = await logIn(await contexts.open(DESKTOP), platform.url, 'admin@demo.test');
    await admin.getByRole('link', { name: 'Structures', exact: true }).click();
    await admin.getByRole('heading', { name: 'Structures' }).waitFor();
    await admin.getByRole('button', { name: 'Importer un fichier CSV' }).click();
    const csv = 'nom;type;département;commune;FINESS\r\nHôpital Édouard-Herriot;Service hospitalier;69;Lyon 3e;\r\n';
    await admin.getByLabel('Fichier CSV').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'windows-1252') });
    await admin.getByText('excel.csv : 1 structure à créer, aucune erreur.').waitFor();
    expect(await admin.locator('tr[data-row="2"] td').first().textContent()).to.include('Hôpital Édouard-Herriot');
    expect(await admin.locator('tr[data-row="2"] td').first().textContent(), 'the type in words, not its code').to.include('· Service hospitalier ·');
    await admin.getByRole('button', { name: 'Importer 1 structure' }).click();
    await admin.getByText('1 structure importée.').waitFor();
    const names = (await platform.api<Array<{ name: string }>>(await platform.token('admin@demo.test'), 'GET', '/api/structures?q=herriot')).body.map((s) => s.name);
    expect(names).to.include('Hôpital Édouard-Herriot');

    await admin.getByLabel('Fichier CSV').setInputFiles({ name: 'unicode.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]) });
    await admin.getByText('Enregistrez le fichier au format CSV UTF-8', { exact: false }).waitFor();
    await expectAccessible(admin, 'import refused');
  });

  it('the admin finds interpreters by a language’s name ("wolof"), and an unknown name lists nobody, on a phone and a desktop', async () => {
    for (const size of [PHONE, DESKTOP]) {
      const admin = await logIn(await contexts.open(size), platform.url, 'admin@demo.test');
      await admin.getByRole('link', { name: 'Interprètes', exact: true }).click();
      await admin.getByRole('heading', { name: 'Interprètes' }).waitFor();
      await admin.locator('.cards .card').nth(5).waitFor();
      await admin.getByLabel('Langue', { exact: true }).fill('wolof');
      await admin.waitForFunction(() => document.querySelectorAll('.cards .card').length === 1);
      expect(await admin.locator('.cards .card .card-head h2').allTextContents()).to.deep.equal(['Awa Diop']);
      await admin.getByLabel('Langue', { exact: true }).fill('klingonien');
      await admin.getByText('Aucune langue ne porte ce nom', { exact: false }).waitFor();
      expect(await admin.locator('.cards .card').count(), 'an unknown language never lists everyone').to.equal(0);
      await expectAccessible(admin, 'interpreters filtered by an unknown language');
      if (size === PHONE) await expectNoSideways(admin);
    }
  });

  it('the booking form finds "darija" and shows it beside "Arabe marocain", without codes; "farsi" finds Persian', async () => {
    const requester = await logIn(await contexts.open(PHONE), platform.url, 'pass.lyon@demo.test');
    await requester.goto(`${platform.url}/#/reserver`);
    const language = requester.getByRole('combobox', { name: 'Langue du patient' });
    await language.pressSequentially('darija');
    await requester.getByRole('listbox', { name: 'Langues trouvées' }).getByRole('option').first().filter({ hasText: /^Arabe marocain · darija$/ }).waitFor();
    expect((await options(requester)).some((text) => /\([a-z]{3}\)/.test(text)), 'no ISO code in the options').to.equal(false);
    await expectAccessible(requester, 'booking form, darija');
    await expectNoSideways(requester);
    await language.press('Enter');
    expect(await language.inputValue()).to.equal('Arabe marocain');
    // Clearing the chosen language and typing at once, in one task (as a fast typist on a slow phone):
    // the letters typed stay, they are not wiped when the cleared value comes back to the field.
    await language.evaluate((input: HTMLInputElement) => {
      for (const text of ['', 'f']) {
        input.value = text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }
    });
    await requester.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 150)))));
    expect(await language.inputValue(), 'the letter typed right after clearing').to.equal('f');
    await language.pressSequentially('arsi');
    await requester.getByRole('listbox', { name: 'Langues trouvées' }).getByRole('option').first().filter({ hasText: /^Persan · farsi$/ }).waitFor();
  });

  it('the dispatcher’s interpreter list finds the Moroccan Arabic interpreter by "darija"', async () => {
    const dispatcher = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch@demo.test');
    await dispatcher.getByRole('link', { name: 'Interprètes', exact: true }).click();
    await dispatcher.getByLabel('Rechercher par nom ou langue').fill('darija');
    await dispatcher.waitForFunction(() => document.querySelectorAll('.cards .card').length === 1);
    expect(await dispatcher.locator('.cards .card .card-head h2').allTextContents()).to.deep.equal(['Youssef El Amrani']);
  });

  it('the simulator offers the languages people book, by name: Armenian, never "\'Are\'are"', async () => {
    const auditor = await logIn(await contexts.open(DESKTOP), platform.url, 'ars@demo.test');
    await auditor.getByRole('link', { name: 'Simulation' }).click();
    const language = auditor.getByRole('combobox', { name: 'Langue' });
    await auditor.waitForFunction(() => (document.querySelector('[role=combobox]') as HTMLInputElement | null)?.value === 'Dari');
    await language.fill('');
    await language.pressSequentially('are');
    await auditor.getByRole('listbox', { name: 'Langues trouvées' }).getByRole('option').first().waitFor();
    expect(await options(auditor), 'of the 7,000 languages, only those in use').to.deep.equal(['Bulgare']);
    await language.fill('');
    await language.pressSequentially('’are’are');
    await auditor.getByText('Aucune langue trouvée pour « ’are’are ».').waitFor();
    await language.fill('');
    await language.pressSequentially('armen');
    await auditor.getByRole('option', { name: 'Arménien' }).click();
    expect(await language.inputValue()).to.equal('Arménien');
    await expectAccessible(auditor, 'simulation form');
  });
});
