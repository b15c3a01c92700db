import { DateTime } from 'luxon';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// Issue 28: the auditor reads an agency's tariff in words and adds a version with the tenders' rules
// (5-minute units, a first hour, travel per km), the server's refusal shown at its field.

describe('The agencies’ tariffs in Chromium (issue 28)', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);

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

  it('the auditor adds a version with 5-minute units, a first hour and travel per km; a 10-minute unit is refused at its field', async () => {
    const page = await logIn(await contexts.open(PHONE), platform.url, 'ars@demo.test');
    const section = page.locator('section[aria-labelledby="ars-tariffs-title"]');
    await section.waitFor();
    await section.getByLabel('Agence').selectOption({ index: 1 });
    await section.getByTestId('tariff-rules').waitFor();
    // Versions are dated in Paris from today on: the form proposes today in Paris, not the UTC date (a day behind from midnight to 01:00 or 02:00).
    const today = DateTime.now().setZone('Europe/Paris');
    expect(await section.getByLabel(/^Applicable à partir du/).inputValue()).to.equal(today.toISODate());
    expect((await section.getByTestId('tariff-shared-rules').textContent())!).to.match(/^Majorations : nuit \(20h–8h\) \+25 %, dimanche \+25 %, jour férié \+50 %\. Annulation à moins de 24 h facturée 100 %, patient absent 100 %\.$/);
    const onsite = section.locator('fieldset', { hasText: 'Sur place' });
    await onsite.getByLabel('Déplacement selon la distance').selectOption('perKm');
    await onsite.getByLabel('Prix du km (€)').fill('0,45');
    await onsite.getByLabel('Première unité indivisible (min)').fill('60');
    await onsite.getByLabel('Prix de la première unité (€)').fill('58');
    const phone = section.locator('fieldset', { hasText: 'Téléphone' });
    await phone.getByLabel('Durée d’une tranche (min)').fill('10');
    await expectAccessible(page, 'tariff form at 390 px');
    await expectNoSideways(page);
    await section.getByRole('button', { name: 'Enregistrer la version' }).click();
    await phone.locator('.field-error').waitFor();
    expect(await phone.locator('.field--invalid input').inputValue()).to.equal('10');
    await phone.getByLabel('Durée d’une tranche (min)').fill('5');
    await phone.getByLabel('Prix d’une tranche (€)').fill('4');
    await section.getByRole('button', { name: 'Enregistrer la version' }).click();
    await section.getByText(`Nouvelle version enregistrée, applicable à partir du ${today.setLocale('fr').toFormat('d LLLL yyyy')}.`).waitFor();
    await section.getByText(`En vigueur : version du ${today.setLocale('fr').toFormat('d LLLL yyyy')}`).waitFor();
    // Intl writes euros with a narrow no-break space: read every space alike.
    const rules = (await section.getByTestId('tariff-rules').textContent())!.replace(/\s/g, ' ');
    expect(rules).to.contain('4,00 € par tranche de 5 min');
    expect(rules).to.contain('première unité de 60 min à 58,00 €');
    expect(rules).to.contain('0,45 € par km aller-retour');
  });
});
