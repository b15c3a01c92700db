import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startIdentityProvider, type LocalIdentityProvider } from '../accounts/identity-provider';
import { startSmtpSink, waitFor, type SmtpSink } from '../notify/support';
import { DEMO_PASSWORD, DESKTOP, expectAccessible, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// Accounts as people meet them, on a platform started as `npm start` starts it, mailing through a real
// SMTP server in this process: a forgotten password, an invitation by a structure's referent, one's own
// password changed. Each page passes axe and is photographed.

const LINK = /^(http:\/\/\S+?)\/(#\/mot-de-passe\?jeton=[A-Za-z0-9_-]{43})$/m;
const CHOSEN = 'trois-pommes-vertes-au-soleil';

describe('Accounts in Chromium (end to end)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let sink: SmtpSink;
  let browser: Browser;
  let idp: LocalIdentityProvider;
  const contexts = frenchContexts(() => browser);
  const newContext = contexts.open;
  /** The link of the last mail to `email` with that subject, once the outbox has sent it, opened on the platform. */
  const linkMailedTo = async (email: string, subject: string) => {
    let text: string | undefined;
    await waitFor(async () => {
      const mails = (await sink.parsed()).filter((m) => m.subject === subject && (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes(email)));
      text = mails.at(-1)?.text;
      return text !== undefined;
    }, 15_000);
    const [, origin, fragment] = LINK.exec(text!)!;
    expect(origin, 'the link uses the public URL').to.equal(`http://localhost:${new URL(platform.url).port}`);
    return `${platform.url}/${fragment}`;
  };
  const choosePassword = async (page: Page, link: string) => {
    // The page is served with no Referer ever sent from it (the token is in the fragment, which is never sent anyway).
    expect((await fetch(`${platform.url}/`)).headers.get('referrer-policy')).to.equal('no-referrer');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choisir mon mot de passe' }).waitFor();
    expect(page.url(), 'the token left the address bar').not.to.contain('jeton');
    expect(await page.evaluate(() => location.hash)).to.equal('#/mot-de-passe');
  };

  before(async function () {
    this.timeout(180_000);
    sink = await startSmtpSink();
    idp = await startIdentityProvider();
    platform = await startPlatform({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, LOG_FILE: 'test-output/e2e-accounts-server.log', ...idp.env });
    idp.serve(`http://localhost:${new URL(platform.url).port}`);
    browser = await launchBrowser();
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
    await sink?.close();
    await idp?.close();
  });

  it('a forgotten password: the link by mail, a common password refused in French, a new one chosen, then a login', async () => {
    const page = await (await newContext(PHONE)).newPage();
    await page.goto(platform.url);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('gp.vichy');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText('Adresse e-mail invalide.').waitFor();
    await page.getByLabel('Adresse e-mail').fill('gp.vichy@demo.test');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText('Si un compte existe pour gp.vichy@demo.test, un e-mail vient d’y être envoyé').waitFor();
    await expectAccessible(page, 'forgotten password');
    await screenshot(page, '11-mot-de-passe-oublie');

    await choosePassword(page, await linkMailedTo('gp.vichy@demo.test', 'Réinitialisation de votre mot de passe'));
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('court');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Au moins 12 caractères.').waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('motdepasse2024');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('motdepasse2024');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Ce mot de passe fait partie des plus courants', { exact: false }).waitFor();
    await expectAccessible(page, 'set password, refused');
    await screenshot(page, '12-choisir-mot-de-passe');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(CHOSEN);
    await page.getByLabel('Confirmez le nouveau mot de passe').fill(CHOSEN);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe est enregistré.', { exact: false }).waitFor();

    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill('gp.vichy@demo.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill(CHOSEN);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    const old = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'gp.vichy@demo.test', password: DEMO_PASSWORD }) });
    expect(old.status, 'the old password no longer works').to.equal(401);

    // "Mon compte": back to the demo password; this session stays open.
    await page.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor();
    await page.getByLabel('Mot de passe actuel').fill('pas-le-bon-mot-de-passe');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('Confirmez le nouveau mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByText('Mot de passe actuel incorrect.').waitFor();
    await page.getByLabel('Mot de passe actuel').fill(CHOSEN);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByText('Mot de passe changé.', { exact: false }).waitFor();
    await expectAccessible(page, 'my account');
    await screenshot(page, '13-mon-compte');
    await page.getByRole('link', { name: 'Réserver' }).click();
    await page.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
  });

  it('a PASS’s referent invites a colleague, who chooses a password from the mail and reaches the booking form; deactivated, she is out at once', async () => {
    const referent = await logIn(await newContext(DESKTOP), platform.url, 'pass.lyon@demo.test');
    await referent.getByRole('link', { name: 'Mon équipe' }).click();
    await referent.getByRole('heading', { name: 'Mon équipe' }).waitFor();
    await referent.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await referent.getByText('Ce champ est obligatoire.').first().waitFor();
    await referent.getByLabel('Nom').fill('Camille Martin');
    await referent.getByLabel('Adresse e-mail professionnelle').fill('camille.martin@demo.test');
    await referent.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await referent.getByText('Invitation envoyée à camille.martin@demo.test', { exact: false }).waitFor();
    const card = referent.locator('.card').filter({ hasText: 'Camille Martin' });
    await card.getByText('Invitation envoyée', { exact: true }).waitFor();
    await expectAccessible(referent, 'team');
    await screenshot(referent, '14-mon-equipe');

    const camille = await (await newContext(PHONE)).newPage();
    await choosePassword(camille, await linkMailedTo('camille.martin@demo.test', 'Votre compte Interprétariat santé : choisissez votre mot de passe'));
    await expectAccessible(camille, 'set password from an invitation');
    await camille.getByLabel('Nouveau mot de passe', { exact: true }).fill(CHOSEN);
    await camille.getByLabel('Confirmez le nouveau mot de passe').fill(CHOSEN);
    await camille.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    // The invitation's password chosen, she is signed in: no login to type.
    await camille.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
    expect(await camille.getByRole('link', { name: 'Mon équipe' }).count(), 'not a referent').to.equal(0);

    await referent.reload();
    await card.getByText('Actif·ve', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Désactiver Camille Martin' }).click();
    await card.getByText('Désactivé·e', { exact: true }).waitFor();
    await camille.getByRole('link', { name: 'Mes demandes' }).click();
    await camille.getByRole('button', { name: 'Se connecter' }).waitFor();
    await card.getByRole('button', { name: 'Réactiver Camille Martin' }).click();
    await card.getByText('Actif·ve', { exact: true }).waitFor();
  });

  it('an administrator invites a requester, finding her structure among 116 by typing part of its name without accents or capitals; from the mail she chooses a password and is signed in', async () => {
    for (const [size, email] of [[DESKTOP, 'lea.girard@demo.test'], [PHONE, 'yanis.roux@demo.test']] as const) {
      const admin = await logIn(await newContext(size), platform.url, 'admin@demo.test');
      await admin.getByRole('link', { name: 'Utilisateurs', exact: true }).click();
      await admin.getByRole('button', { name: 'Inviter un utilisateur' }).click();
      const form = admin.getByRole('form', { name: 'Inviter un utilisateur' });
      await form.getByLabel('Nom').fill(email === 'lea.girard@demo.test' ? 'Léa Girard' : 'Yanis Roux');
      await form.getByLabel('Adresse e-mail').fill(email);
      await form.getByLabel('Rôle').selectOption('requester');
      const structure = form.getByRole('combobox', { name: 'Structure' });
      await structure.pressSequentially('CELESTINS vich');
      const options = admin.getByRole('listbox', { name: 'Structures trouvées' }).getByRole('option');
      await options.first().filter({ hasText: 'Cabinet médical des Célestins, Vichy' }).waitFor();
      expect(await options.count(), 'only the matching structure').to.equal(1);
      await expectAccessible(admin, `invitation's structure picker, open (${size === PHONE ? 'phone' : 'desktop'})`);
      await structure.press('Enter');
      expect(await structure.inputValue()).to.equal('Cabinet médical des Célestins, Vichy');
      await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await admin.getByText(`Invitation envoyée à ${email}`, { exact: false }).waitFor();
      await expectAccessible(admin, 'users after an invitation');

      const invited = await (await newContext(size)).newPage();
      await choosePassword(invited, await linkMailedTo(email, 'Votre compte Interprétariat santé : choisissez votre mot de passe'));
      await invited.getByLabel('Nouveau mot de passe', { exact: true }).fill(CHOSEN);
      await invited.getByLabel('Confirmez le nouveau mot de passe').fill(CHOSEN);
      await invited.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await invited.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
      await invited.getByRole('button', { name: 'Se déconnecter' }).waitFor();
      const me = await invited.evaluate(async () => (await fetch('/api/me')).json() as Promise<{ user: { email: string; structureId: string } }>);
      expect(me.user.email).to.equal(email);
    }
  });

  it('signs in with Pro Santé Connect through the provider: someone nobody invited is told to ask for one, a known GP lands on her pages', async () => {
    // The address users reach (PUBLIC_URL), where the provider sends them back.
    const publicUrl = `http://localhost:${new URL(platform.url).port}`;
    idp.accounts.set('psc-stranger', { SubjectNameID: '810000000011', email: 'personne@ailleurs.test' });
    idp.accounts.set('psc-gp', { SubjectNameID: '810000000010', email: 'gp.vichy@demo.test' });
    const stranger = await (await newContext(PHONE)).newPage();
    idp.signInAs('psc-stranger');
    await stranger.goto(publicUrl);
    await stranger.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
    await stranger.getByText('Aucun compte n’est associé à cette identité : demandez une invitation à votre structure ou à l’ARS.').waitFor();
    expect(await stranger.evaluate(() => location.hash), 'the code left the address bar').to.equal('#/');
    await stranger.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    await expectAccessible(stranger, 'login, identity unknown');
    await screenshot(stranger, '15-connexion-identite-inconnue');

    const gp = await (await newContext(DESKTOP)).newPage();
    idp.signInAs('psc-gp');
    await gp.goto(publicUrl);
    await gp.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
    await gp.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
    await gp.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  });
});
