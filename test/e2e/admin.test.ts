import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startSmtpSink, waitFor, type SmtpSink } from '../notify/support';
import { DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// The administration as admin@demo.test meets it, on a platform started as `npm start` starts it and
// mailing through a real SMTP server in this process: a structure created, deactivated and reactivated;
// a user of it invited, who follows the mail's link and logs in; a CSV file of structures refused whole
// for one bad row, then imported once corrected. Each page passes axe and is photographed.

const LINK = /^http:\/\/\S+?\/(#\/mot-de-passe\?jeton=[A-Za-z0-9_-]{43})$/m;
const CHOSEN = 'quatre-chevaux-dans-le-pre';

describe('Administration in Chromium (end to end)', function () {
  this.timeout(120_000);
  let platform: Platform;
  let sink: SmtpSink;
  let browser: Browser;
  let admin: Page;
  const contexts = frenchContexts(() => browser);
  const structureNames = async () => {
    const res = await platform.api<Array<{ name: string }>>(await platform.token('admin@demo.test'), 'GET', '/api/structures');
    return res.body.map((s) => s.name).sort();
  };

  before(async function () {
    this.timeout(180_000);
    sink = await startSmtpSink();
    platform = await startPlatform({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, LOG_FILE: 'test-output/e2e-admin-server.log' });
    browser = await launchBrowser();
    admin = await logIn(await contexts.open(DESKTOP), platform.url, 'admin@demo.test');
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
    await sink?.close();
  });

  it('creates a structure, deactivates it after a confirmation, and reactivates it', async () => {
    await admin.getByRole('heading', { name: 'Structures' }).waitFor();
    await admin.getByRole('button', { name: 'Nouvelle structure' }).click();
    const form = admin.getByRole('form', { name: 'Nouvelle structure' });
    await form.getByRole('button', { name: 'Créer la structure' }).click();
    await form.getByText('Ce champ est obligatoire.').first().waitFor();
    await form.getByLabel('Nom', { exact: true }).fill('Cabinet médical des Tanneurs');
    await form.getByLabel('Type', { exact: true }).selectOption('GP_PRACTICE');
    await form.getByLabel('Département', { exact: true }).fill('7');
    await form.getByLabel('Commune (facultatif)').fill('Annonay');
    await form.getByRole('button', { name: 'Créer la structure' }).click();
    await admin.getByText('Cabinet médical des Tanneurs est créée', { exact: false }).waitFor();

    await admin.getByLabel('Rechercher (nom, commune, FINESS)').fill('tanneurs');
    const card = admin.locator('.card').filter({ hasText: 'Cabinet médical des Tanneurs' });
    await card.getByText('Actif·ve', { exact: true }).waitFor();
    await waitFor(async () => (await admin.locator('.cards .card').count()) === 1, 10_000);
    await card.getByRole('button', { name: 'Désactiver Cabinet médical des Tanneurs' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Désactiver Cabinet médical des Tanneurs ?' });
    await dialog.getByText('l’historique (demandes, séances, consommation) est gardé', { exact: false }).waitFor();
    await expectAccessible(admin, 'deactivation dialog');
    await dialog.getByRole('button', { name: 'Désactiver', exact: true }).click();
    await admin.getByText('est désactivé·e ; son historique est gardé', { exact: false }).waitFor();
    await admin.getByLabel('État', { exact: true }).selectOption('false');
    await card.getByText('Désactivé·e', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Réactiver Cabinet médical des Tanneurs' }).click();
    await admin.getByText('est de nouveau actif·ve', { exact: false }).waitFor();
    await admin.getByLabel('État', { exact: true }).selectOption('true');
    await card.getByText('Actif·ve', { exact: true }).waitFor();
    await admin.getByLabel('Rechercher (nom, commune, FINESS)').fill('');
    await admin.locator('.cards .card').nth(2).waitFor();
    await expectAccessible(admin, 'structures');
    await screenshot(admin, '15-admin-structures', false);
  });

  it('invites a user of that structure: the mail’s link, a password chosen, and she is on the booking form, signed in', async () => {
    await admin.getByLabel('Rechercher (nom, commune, FINESS)').fill('TANNEURS');
    await admin.locator('.card').filter({ hasText: 'Cabinet médical des Tanneurs' }).getByRole('link', { name: 'Utilisateurs de Cabinet médical des Tanneurs' }).click();
    await admin.getByRole('heading', { name: 'Utilisateurs' }).waitFor();
    await admin.getByRole('button', { name: 'Inviter un utilisateur' }).click();
    const form = admin.getByRole('form', { name: 'Inviter un utilisateur' });
    await form.getByLabel('Nom', { exact: true }).fill('Inès Garnier');
    await form.getByLabel('Adresse e-mail').fill('ines.garnier@demo.test');
    expect(await form.getByLabel('Rôle').inputValue(), 'a user of the structure chosen is a requester').to.equal('requester');
    await form.getByLabel('Référent·e de la structure', { exact: false }).check();
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await admin.getByText('Invitation envoyée à ines.garnier@demo.test', { exact: false }).waitFor();
    const card = admin.locator('.card').filter({ hasText: 'Inès Garnier' });
    await card.getByText('Invitation envoyée', { exact: true }).waitFor();
    await card.getByText('référent·e', { exact: false }).waitFor();
    await expectAccessible(admin, 'users');
    await screenshot(admin, '16-admin-utilisateurs');

    let text: string | undefined;
    await waitFor(async () => {
      text = (await sink.parsed()).find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes('ines.garnier@demo.test')))?.text;
      return text !== undefined;
    }, 15_000);
    expect(text).to.include('pour Cabinet médical des Tanneurs');
    const ines = await (await contexts.open(PHONE)).newPage();
    await ines.goto(`${platform.url}/${LINK.exec(text!)![1]}`);
    await ines.getByRole('heading', { name: 'Choisir mon mot de passe' }).waitFor();
    await ines.getByLabel('Nouveau mot de passe', { exact: true }).fill(CHOSEN);
    await ines.getByLabel('Confirmez le nouveau mot de passe').fill(CHOSEN);
    await ines.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    // The invitation signs her in: straight to the booking form, no login in between.
    await ines.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
    await ines.getByRole('link', { name: 'Mon équipe' }).waitFor();

    await admin.reload();
    await card.getByText('Actif·ve', { exact: true }).waitFor();
  });

  it('imports structures from a CSV file: a bad row refuses the whole file, the corrected file goes in whole', async () => {
    await admin.getByRole('link', { name: 'Structures', exact: true }).click();
    await admin.getByRole('heading', { name: 'Structures' }).waitFor();
    const before = await structureNames();
    const rows = ['Centre de santé Jean Moulin;CDS;42;Saint-Étienne;', 'EMPP Drôme;EMPP;26;Valence;', 'MSP du Vercors;MSP;380;Villard-de-Lans;'];
    const file = (lines: string[]) => ({ name: 'structures.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFFnom;type;département;commune;FINESS\r\n${lines.join('\r\n')}\r\n`) });
    await admin.getByRole('button', { name: 'Importer un fichier CSV' }).click();
    await admin.getByLabel('Fichier CSV').setInputFiles(file(rows));
    await admin.getByText('structures.csv : 1 erreur sur 1 ligne (2 structures sans erreur)', { exact: false }).waitFor();
    const bad = admin.locator('tr[data-row="4"]');
    await bad.getByText('département : un numéro de département', { exact: false }).waitFor();
    expect(await bad.getAttribute('class')).to.equal('import-row--invalid');
    expect(await admin.getByRole('button', { name: /^Importer \d/ }).count(), 'no import while a row has an error').to.equal(0);
    expect(await structureNames(), 'the preview wrote nothing').to.deep.equal(before);
    await expectAccessible(admin, 'import preview');
    await screenshot(admin, '17-admin-import', false);

    await admin.getByLabel('Fichier CSV').setInputFiles(file([...rows.slice(0, 2), 'MSP du Vercors;MSP;38;Villard-de-Lans;']));
    await admin.getByText('structures.csv : 3 structures à créer, aucune erreur.').waitFor();
    await admin.getByRole('button', { name: 'Importer 3 structures' }).click();
    await admin.getByText('3 structures importées.').waitFor();
    expect(await structureNames()).to.deep.equal([...before, 'Centre de santé Jean Moulin', 'EMPP Drôme', 'MSP du Vercors'].sort());
  });

  it('an agency’s invoicing details (SIRET, VAT number, VAT exemption) are set in its form: a malformed VAT number is refused, the corrected one kept', async () => {
    await admin.getByRole('link', { name: 'Agences', exact: true }).click();
    await admin.getByRole('heading', { name: 'Agences' }).waitFor();
    const card = admin.locator('.cards .card').first();
    const id = (await card.getAttribute('data-agency-id'))!;
    const name = (await card.locator('.card-head h2').textContent())!;
    await card.getByRole('button', { name: `Modifier ${name}` }).click();
    const vatId = admin.getByLabel('N° de TVA intracommunautaire');
    await vatId.fill('FR32 1234');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.locator('#' + (await vatId.getAttribute('id'))! + '[aria-invalid="true"]').waitFor();
    await expectAccessible(admin, 'agency form, VAT number refused');
    await screenshot(admin, '18b-admin-agence-facturation');
    await admin.getByLabel('SIRET', { exact: true }).fill('123 456 789 00011');
    await vatId.fill('fr32 123 456 789');
    await admin.getByLabel('Mention d’exonération de TVA').fill('Exonération de TVA, article 261-4-1° du CGI');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText(`${name} est enregistrée.`).waitFor();
    const saved = await platform.api<Record<string, unknown>>(await platform.token('admin@demo.test'), 'GET', `/api/agencies/${id}`);
    expect(saved.body).to.include({ siret: '12345678900011', vatId: 'FR32123456789', vatExemptionReason: 'Exonération de TVA, article 261-4-1° du CGI' });
  });

  it('the agencies and interpreters pages, the interpreter form and the availability editor pass axe; a phone gets them without sideways scrolling', async () => {
    await admin.getByRole('link', { name: 'Agences', exact: true }).click();
    await admin.getByRole('heading', { name: 'Agences' }).waitFor();
    await admin.locator('.cards .card').first().waitFor();
    await expectAccessible(admin, 'agencies');
    await screenshot(admin, '18-admin-agences');

    await admin.getByRole('link', { name: 'Interprètes', exact: true }).click();
    await admin.getByRole('heading', { name: 'Interprètes' }).waitFor();
    await admin.getByLabel('Rechercher (nom, e-mail)').fill('interp01@');
    await admin.locator('.cards .card').first().waitFor();
    await admin.getByRole('button', { name: 'Nouvel·le interprète' }).click();
    await admin.getByRole('button', { name: 'Créer et inviter' }).click();
    await admin.getByText('Choisissez au moins une modalité.').waitFor();
    await expectAccessible(admin, 'interpreters, form refused');
    await screenshot(admin, '19-admin-interpretes');
    await admin.getByRole('button', { name: 'Annuler' }).click();
    await admin.getByRole('link', { name: /^Disponibilités de / }).first().click();
    await admin.getByRole('heading', { name: /^Disponibilités de / }).waitFor();
    await expectAccessible(admin, 'availability (admin)');

    const phone = await logIn(await contexts.open(PHONE), platform.url, 'admin@demo.test');
    for (const name of ['Structures', 'Agences', 'Utilisateurs', 'Interprètes']) {
      await phone.getByRole('link', { name, exact: true }).click();
      await phone.getByRole('heading', { name, exact: true }).waitFor();
      await phone.locator('.cards .card').first().waitFor();
      await expectNoSideways(phone);
    }
    // The interpreters' import panel lists every column, the optional qualifications last, and its long
    // column list wraps at 390 px (it made the page 765 px wide).
    await phone.getByRole('button', { name: 'Importer un fichier CSV' }).click();
    const panel = phone.getByRole('region', { name: 'Importer des interprètes' });
    expect(await panel.locator('code').textContent()).to.match(/;genre;qualifications$/);
    await panel.getByText('La colonne qualifications est facultative', { exact: false }).waitFor();
    await expectNoSideways(phone);
    await expectAccessible(phone, 'interpreters import panel at 390 px');
  });

  it('invites an ARS auditor for a region: the form asks which (Auvergne-Rhône-Alpes first), and the list names it', async () => {
    await admin.getByRole('link', { name: 'Utilisateurs', exact: true }).click();
    await admin.getByRole('heading', { name: 'Utilisateurs' }).waitFor();
    await admin.getByRole('button', { name: 'Inviter un utilisateur' }).click();
    const form = admin.getByRole('form', { name: 'Inviter un utilisateur' });
    await form.getByLabel('Nom', { exact: true }).fill('Odile Marty');
    await form.getByLabel('Adresse e-mail').fill('odile.marty@demo.test');
    await form.getByLabel('Rôle').selectOption('auditor');
    expect(await form.getByLabel('Région').inputValue()).to.equal('84');
    await form.getByLabel('Région').selectOption('76');
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await admin.getByText('Invitation envoyée à odile.marty@demo.test', { exact: false }).waitFor();
    await admin.locator('.card').filter({ hasText: 'Odile Marty' }).getByText('ARS · Occitanie', { exact: false }).waitFor();
    await expectAccessible(admin, 'users, an auditor invited');
  });

  it('starts a region from the Régions page: its envelope set, as the national view then reads it; axe clean, and a phone without sideways scrolling', async () => {
    await admin.getByRole('link', { name: 'Régions', exact: true }).click();
    await admin.getByRole('heading', { name: 'Régions', exact: true }).waitFor();
    const year = Number(await admin.getByLabel('Année').inputValue());
    const card = admin.locator('.card[data-region="52"]');
    await card.getByText(`Enveloppe ${year} non fixée`, { exact: true }).waitFor();
    await card.getByRole('button', { name: `Fixer l’enveloppe ${year} de Pays de la Loire` }).click();
    await admin.getByLabel(`Montant de l’enveloppe ${year} (en euros)`).fill('1 250 000');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByRole('status').filter({ hasText: /^Enveloppe \d{4} de Pays de la Loire : 1\s250\s000,00\s€\.$/ }).waitFor();
    await card.getByTestId('region-envelope').filter({ hasText: /^Enveloppe \d{4} : 1\s250\s000,00\s€$/ }).waitFor();
    const national = await platform.api<{ regions: Array<{ code: string; budget: { envelopeCents: number | null } }> }>(await platform.token('admin@demo.test'), 'GET', `/api/reports/regions?year=${year}`);
    expect(national.body.regions.find((r) => r.code === '52')?.budget.envelopeCents).to.equal(125_000_000);
    await expectAccessible(admin, 'regions (admin)');

    const phone = await logIn(await contexts.open(PHONE), platform.url, 'admin@demo.test');
    await phone.getByRole('link', { name: 'Régions', exact: true }).click();
    await phone.locator('.card[data-region="52"]').getByTestId('region-envelope').filter({ hasText: /1\s250\s000,00\s€/ }).waitFor();
    await expectNoSideways(phone);
  });
});
