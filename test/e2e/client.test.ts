import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { REGION_DEPARTMENTS } from '../../shared/enums';
import type { AccessReport } from '../../shared/reports';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// One story, in order, on a platform started as `npm start` starts it: a requester books in a phone-sized
// browser, an interpreter (another browser context) accepts, the requester's page follows without reload,
// a dispatcher assigns, an auditor reads the dashboard. Each page passes axe and is photographed.

const INTERPRETER = { email: 'e2e.interprete@demo.test', password: DEMO_PASSWORD, name: 'Tereza Novakova' };
const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');
// Node and Chromium may differ on which no-break space French number formats use.
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ');
const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describe('The web client in Chromium (end to end)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  const newContext = contexts.open;
  let requester: Page;
  let interpreter: Page;
  let requesterToken: string;
  const card = (page: Page, requestId: string) => page.locator(`[data-request-id="${requestId}"]`);
  const book = async (body: object) => {
    const res = await platform.api<{ id: string; start: string }>(requesterToken, 'POST', '/api/requests', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  };

  /** Waits for the platform's dispatch to offer the request to this interpreter, then accepts through the API. */
  const acceptWhenOffered = async (token: string, requestId: string) => {
    let offer: { id: string; requestId: string } | undefined;
    for (let i = 0; i < 50 && !offer; i += 1) {
      offer = (await platform.api<Array<{ id: string; requestId: string }>>(token, 'GET', '/api/offers')).body.find((o) => o.requestId === requestId);
      if (!offer) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(offer, 'offered').to.not.equal(undefined);
    expect((await platform.api(token, 'POST', `/api/offers/${offer!.id}/accept`)).status).to.equal(200);
  };

  /** A blank booking form, Czech chosen by keyboard: typed without its accent, Enter on the option. */
  const freshFormWithCzech = async () => {
    await requester.goto(`${platform.url}/#/reserver`);
    await requester.reload();
    const language = requester.getByRole('combobox', { name: 'Langue du patient' });
    await language.pressSequentially('tcheque');
    // Enter takes the first option: wait until the list answers the whole word, not a prefix of it.
    await requester.getByRole('option').first().filter({ hasText: /^Tchèque/ }).waitFor();
    await language.press('Enter');
    return language;
  };

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform();
    browser = await launchBrowser();
    // Czech: no demo interpreter speaks it, so every Czech request goes to this one.
    await anAgencyInterpreter(platform, {
      ...INTERPRETER, gender: 'female', languages: ['ces'], specialties: ['general', 'mental_health'],
      // The training mental-health sessions require (GET /api/qualifications).
      qualifications: [{ code: 'mental_health', obtainedOn: '2023-06-30' }],
      modalities: ['phone', 'video', 'onsite'], departments: [...REGION_DEPARTMENTS],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    const interpreterToken = await platform.token(INTERPRETER.email);
    await platform.api(interpreterToken, 'PATCH', '/api/interpreters/me', { phone: '+33 6 12 34 56 78', videoLink: 'https://visio.example.org/tereza' });
    requesterToken = await platform.token('pass.lyon@demo.test');
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  it('the login page is in French, accessible, and refuses a wrong password with a clear message', async () => {
    const context = await newContext(PHONE);
    const page = await context.newPage();
    await page.goto(platform.url);
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    await expectAccessible(page, 'login');
    await screenshot(page, '01-connexion');
    await page.getByLabel('Adresse e-mail').fill('pass.lyon@demo.test');
    await page.getByLabel('Mot de passe').fill('wrong-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Adresse e-mail invalide.').waitFor();
  });

  it('an interpreter on a phone waits on the offers page, live', async () => {
    const context = await newContext(PHONE);
    // Counts the chimes: the audible alert is made with the Web Audio API.
    await context.addInitScript(() => {
      const w = window as unknown as { chimes: number };
      w.chimes = 0;
      const original = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.chimes += 1;
        return original.call(this);
      };
    });
    interpreter = await logIn(context, platform.url, INTERPRETER.email);
    await interpreter.getByRole('heading', { name: 'Propositions' }).waitFor();
    await interpreter.getByText('Aucune proposition en ce moment').waitFor();
    await interpreter.getByRole('status', { name: 'Mises à jour en direct' }).or(interpreter.locator('.live-dot--connected')).first().waitFor();
    await expectAccessible(interpreter, 'offers (empty)');
  });

  it('the booking form checks fields with the server’s schema before sending anything', async () => {
    const context = await newContext(PHONE);
    requester = await logIn(context, platform.url, 'pass.lyon@demo.test');
    await requester.getByRole('heading', { name: 'Demander un·e interprète' }).waitFor();
    const before = (await platform.api<unknown[]>(requesterToken, 'GET', '/api/requests?limit=1000')).body.length;
    await requester.getByRole('radio', { name: 'Sur place' }).check();
    await requester.getByLabel('Adresse de la séance').fill('rue');
    await requester.getByLabel('Département').fill('999');
    await requester.getByRole('button', { name: 'Envoyer la demande' }).click();
    await requester.getByText('Choisissez une langue dans la liste.').waitFor();
    await requester.getByText('Au moins 5 caractères.').waitFor();
    await requester.getByText('Format invalide.').waitFor();
    await expectAccessible(requester, 'booking form with errors');
    // Sign language is seen: the phone is not offered for it.
    const language = requester.getByRole('combobox', { name: 'Langue du patient' });
    await language.pressSequentially('langue des signes fr');
    await requester.getByRole('option', { name: /Langue des signes française/ }).click();
    await requester.getByRole('radio', { name: 'Visioconférence' }).waitFor();
    expect(await requester.getByRole('radio', { name: 'Téléphone' }).count()).to.equal(0);
    expect((await platform.api<unknown[]>(requesterToken, 'GET', '/api/requests?limit=1000')).body.length, 'nothing was sent').to.equal(before);
  });

  it('a requester books by keyboard (language typed without accents); the interpreter hears and sees the offer and accepts; the requester’s page updates without reload', async () => {
    const language = await freshFormWithCzech();
    expect(await language.inputValue()).to.equal('Tchèque');
    await requester.getByRole('radio', { name: 'Téléphone' }).check();
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 1 }).set({ hour: 10, minute: 0 });
    await requester.getByLabel('Date et heure de début').fill(start.toFormat("yyyy-LL-dd'T'HH:mm"));
    await requester.getByLabel('Durée prévue').selectOption('45');
    await requester.getByLabel('Spécialité').selectOption('mental_health');
    await screenshot(requester, '02-reserver');
    await expectAccessible(requester, 'booking form');
    const started = Date.now();
    await requester.getByRole('button', { name: 'Envoyer la demande' }).click();
    await requester.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const requestId = new URLSearchParams(new URL(requester.url()).hash.split('?')[1]).get('id')!;
    expect(Date.now() - started, 'booking answered').to.be.below(5000);
    const mine = card(requester, requestId);
    await mine.getByText('En recherche').waitFor();
    await requester.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
    await expectNoSideways(requester);

    const offerAlert = interpreter.getByTestId('offer-alert');
    await offerAlert.waitFor({ timeout: 15_000 });
    expect(await offerAlert.textContent()).to.contain('Tchèque');
    expect(await interpreter.evaluate(() => (window as unknown as { chimes: number }).chimes), 'an audible alert played').to.be.greaterThan(0);
    const offer = interpreter.locator(`[data-request-id="${requestId}"]`);
    await screenshot(interpreter, '04-propositions');
    await expectAccessible(interpreter, 'offers');
    await expectNoSideways(interpreter);
    await offer.getByRole('button', { name: 'Accepter' }).click();
    await interpreter.getByText('Séance confirmée').waitFor();

    await mine.getByText('Interprète confirmé·e').waitFor({ timeout: 10_000 });
    await mine.getByText(INTERPRETER.name).waitFor();
    // The session is held in the platform's call: the card offers it, never the interpreter's personal number.
    // Mental health: the form proposed an exchange before the session, and the call opens before it.
    await mine.getByText('L’appel s’ouvre 10 minutes avant l’échange prévu avant la séance, dans la plateforme.').waitFor();
    expect(await mine.textContent()).not.to.contain('+33 6 12 34 56 78');
    expect(await requester.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'the page was not reloaded').to.equal(true);
    const stored = await platform.api<{ status: string; interpreter: { name: string } }>(requesterToken, 'GET', `/api/requests/${requestId}`);
    expect(stored.body.status).to.equal('assigned');
    // The screen, not the whole page: the demo's requester has a year of past requests below.
    await screenshot(requester, '03-mes-demandes', false);
    await expectAccessible(requester, 'my requests');
  });

  it('cancelling shows the late-cancellation fee before confirming, and that fee is the one billed', async () => {
    const soon = DateTime.now().plus({ hours: 3 }).startOf('minute');
    const request = await book({ language: 'ces', modality: 'video', start: soon.toUTC().toISO(), durationMinutes: 60 });
    const offer = interpreter.locator(`[data-request-id="${request.id}"]`);
    await offer.getByRole('button', { name: 'Accepter' }).click({ timeout: 15_000 });
    const mine = card(requester, request.id);
    await mine.getByText('Interprète confirmé·e').waitFor({ timeout: 10_000 });
    await mine.getByRole('button', { name: 'Annuler…' }).click();
    const dialog = requester.getByRole('dialog', { name: 'Annuler la demande' });
    const fee = dialog.getByTestId('cancellation-fee');
    await fee.waitFor();
    const quote = await platform.api<{ feeCents: number }>(requesterToken, 'GET', `/api/requests/${request.id}/cancellation-quote`);
    expect(quote.body.feeCents).to.be.greaterThan(0);
    expect(spaces(await fee.textContent())).to.contain(spaces(euros(quote.body.feeCents)));
    await screenshot(requester, '05-annulation', false);
    await expectAccessible(requester, 'cancel dialog');
    await dialog.getByLabel('Motif').fill('Patient transféré');
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await mine.getByText('Annulée').first().waitFor();
    const cancelled = await platform.api<{ status: string; cancellationFeeCents: number }>(requesterToken, 'GET', `/api/requests/${request.id}`);
    expect(cancelled.body).to.include({ status: 'cancelled', cancellationFeeCents: quote.body.feeCents });
  });

  it('a phone call "now" reaches the interpreter online; after it, they record the minutes and the outcome in their agenda', async () => {
    await requester.goto(`${platform.url}/#/reserver`);
    const language = requester.getByRole('combobox', { name: 'Langue du patient' });
    await language.pressSequentially('tchèq');
    await requester.getByRole('option', { name: /Tchèque/ }).click();
    await requester.getByRole('radio', { name: 'Maintenant' }).check();
    expect(await requester.getByLabel('Date et heure de début').count(), 'no date for "now"').to.equal(0);
    await requester.getByRole('button', { name: 'Trouver un·e interprète maintenant' }).click();
    await requester.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const requestId = new URLSearchParams(new URL(requester.url()).hash.split('?')[1]).get('id')!;
    await interpreter.locator(`[data-request-id="${requestId}"]`).getByRole('button', { name: 'Accepter' }).click({ timeout: 15_000 });
    await card(requester, requestId).getByText('Interprète confirmé·e').waitFor({ timeout: 10_000 });
    // Accepting a "now" call takes the interpreter into it (calls are tested in calls.test.ts); this test records the session afterwards.
    await interpreter.getByRole('heading', { name: 'Appel' }).waitFor();
    await interpreter.goto(`${platform.url}/#/propositions`);
    await interpreter.getByRole('heading', { name: 'Propositions' }).waitFor();

    await interpreter.getByRole('link', { name: 'Mon agenda' }).focus();
    await interpreter.keyboard.press('Enter');
    await interpreter.getByRole('heading', { name: 'Mon agenda' }).waitFor();
    // Focus moves to the new page's content (a screen reader starts reading there).
    await interpreter.waitForFunction(() => document.activeElement?.id === 'contenu', undefined, { timeout: 2000 });
    await interpreter.getByRole('radio', { name: 'Jour' }).check();
    const session = interpreter.locator(`[data-request-id="${requestId}"]`);
    await session.getByRole('form', { name: 'Enregistrer la séance' }).waitFor();
    await screenshot(interpreter, '06-agenda');
    // The outcomes are two radios, each with its name, spaced apart on a phone and on a laptop.
    for (const width of [1366, 390]) {
      await interpreter.setViewportSize({ width, height: width > 400 ? 768 : 844 });
      const [done, absent] = await Promise.all(['Séance réalisée', 'Patient absent'].map((name) => session.getByRole('radio', { name, exact: true }).evaluate((radio) => {
        const box = radio.closest('label')!.getBoundingClientRect();
        return { left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      })));
      const apart = absent!.top >= done!.bottom || absent!.left - done!.right >= 12;
      expect(apart, `${width} px: ${JSON.stringify([done, absent])}`).to.equal(true);
      await expectAccessible(interpreter, `agenda at ${width} px`);
      await expectNoSideways(interpreter);
    }
    // Nobody joined the platform's call in this test: the interpreter says they called the callback number, and declares the minutes.
    await session.getByLabel('L’appel n’a pas pu se faire dans la plateforme : j’ai appelé le numéro de rappel').check();
    await session.getByLabel('Minutes réellement interprétées').fill('25');
    await session.getByRole('button', { name: 'Enregistrer' }).click();
    await session.locator('.badge[data-status="completed"]').getByText('Séance réalisée', { exact: true }).waitFor();
    const done = await platform.api<{ status: string; completion: { actualMinutes: number; outcome: string }; costCents: number }>(requesterToken, 'GET', `/api/requests/${requestId}`);
    expect(done.body.status).to.equal('completed');
    expect(done.body.completion).to.include({ actualMinutes: 25, outcome: 'done' });
    expect(done.body.costCents).to.be.greaterThan(0);
    expect(spaces(await session.textContent())).to.contain(spaces(euros(done.body.costCents)));
    // The requester's page followed: the session is among the past ones, with its cost.
    await card(requester, requestId).getByText('Réalisée', { exact: true }).waitFor({ timeout: 10_000 });
  });

  it('"book again" from a past request fills the form with the same language, modality, duration and interpreter', async () => {
    const past = requester.getByRole('list', { name: 'Demandes passées' }).locator('li').filter({ hasText: 'Réalisée' }).first();
    await past.getByRole('button', { name: 'Réserver à nouveau' }).click();
    const language = requester.getByRole('combobox', { name: 'Langue du patient' });
    await requester.waitForFunction(() => (document.querySelector('[role=combobox]') as HTMLInputElement | null)?.value === 'Tchèque');
    expect(await language.inputValue()).to.equal('Tchèque');
    expect(await requester.getByRole('radio', { name: 'Téléphone' }).isChecked()).to.equal(true);
    await requester.getByText('Plus d’options').click();
    expect(await requester.getByRole('checkbox', { name: new RegExp(INTERPRETER.name) }).isChecked()).to.equal(true);
  });

  it('a weekly series is booked from the form, then cancelled from its first session with the following ones', async () => {
    await freshFormWithCzech();
    await requester.getByRole('radio', { name: 'Visioconférence' }).check();
    const first = DateTime.now().setZone('Europe/Paris').plus({ weeks: 2 }).set({ hour: 9, minute: 0 });
    await requester.getByLabel('Date et heure de début').fill(first.toFormat("yyyy-LL-dd'T'HH:mm"));
    await requester.getByText('Plus d’options').click();
    await requester.getByRole('checkbox', { name: 'Séance répétée (suivi)' }).check();
    await requester.getByLabel('Fréquence').selectOption('week');
    await requester.getByLabel('Nombre de séances').fill('3');
    await requester.getByRole('button', { name: 'Envoyer la demande' }).click();
    await requester.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const firstId = new URLSearchParams(new URL(requester.url()).hash.split('?')[1]).get('id')!;
    const created = await platform.api<{ seriesId: string }>(requesterToken, 'GET', `/api/requests/${firstId}`);
    const series = await platform.api<{ id: string; start: string }[]>(requesterToken, 'GET', `/api/requests?seriesId=${created.body.seriesId}`);
    expect(series.body.map((r) => DateTime.fromISO(r.start, { zone: 'Europe/Paris' }).toFormat('HH:mm'))).to.deep.equal(['09:00', '09:00', '09:00']);

    // The interpreter declines the first session's offer from their phone.
    await interpreter.getByRole('link', { name: 'Propositions' }).click();
    const offered = interpreter.locator(`[data-request-id="${firstId}"]`);
    await offered.getByRole('button', { name: 'Décliner' }).click({ timeout: 15_000 });
    await interpreter.getByText('Proposition déclinée.').waitFor();
    const live = await platform.api<{ requestId: string }[]>(await platform.token(INTERPRETER.email), 'GET', '/api/offers');
    expect(live.body.map((o) => o.requestId)).not.to.include(firstId);

    await card(requester, firstId).getByRole('button', { name: 'Annuler…' }).click();
    const dialog = requester.getByRole('dialog', { name: 'Annuler la demande' });
    await dialog.getByText('Annulation sans frais.').waitFor();
    await dialog.getByRole('checkbox', { name: /séances suivantes/ }).check();
    await dialog.getByLabel('Motif').fill('Fin du suivi');
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    for (const r of series.body) await card(requester, r.id).getByText('Annulée', { exact: true }).waitFor({ timeout: 10_000 });
    const after = await platform.api<{ status: string }[]>(requesterToken, 'GET', `/api/requests?seriesId=${created.body.seriesId}`);
    expect(after.body.map((r) => r.status)).to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
  });

  it('text typed by users is shown as text: markup in notes runs nothing', async () => {
    const payload = '<img src=x onerror="window.xss=1"><script>window.xss=2</script><b>gras</b>';
    const request = await book({ language: 'ces', modality: 'video', start: DateTime.now().plus({ days: 6 }).set({ hour: 11, minute: 0 }).toUTC().toISO(), durationMinutes: 30, notes: payload });
    await requester.goto(`${platform.url}/#/demandes`);
    await requester.reload();
    const notes = card(requester, request.id).locator('.notes');
    await notes.waitFor();
    expect(await notes.textContent()).to.equal(`Notes : ${payload}`);
    expect(await notes.locator('img, script, b').count(), 'no element was created from the text').to.equal(0);
    expect(await requester.evaluate(() => (window as unknown as { xss?: number }).xss)).to.equal(undefined);
  });

  it('a dispatcher sees the agency’s unfilled request, the ranked candidates with their reasons, and assigns in one click', async () => {
    const request = await book({ language: 'ces', modality: 'onsite', start: DateTime.now().plus({ days: 3 }).set({ hour: 14, minute: 0 }).toUTC().toISO(), durationMinutes: 90, specialty: 'mental_health', location: { address: '5 place d’Arsonval, Lyon', department: '69' } });
    const context = await newContext(DESKTOP);
    const dispatcher = await logIn(context, platform.url, 'dispatch@demo.test');
    const item = card(dispatcher, request.id);
    await item.waitFor();
    await item.getByRole('button', { name: 'Voir les interprètes' }).click();
    const assign = dispatcher.getByRole('button', { name: `Attribuer à ${INTERPRETER.name}` });
    await assign.waitFor();
    const candidate = dispatcher.locator('.candidate').filter({ hasText: INTERPRETER.name });
    expect(await candidate.locator('.reasons li').count(), 'reasons are shown').to.be.greaterThan(0);
    await screenshot(dispatcher, '07-regulation');
    await expectAccessible(dispatcher, 'dispatch');
    await assign.click();
    await dispatcher.getByText(`${INTERPRETER.name} est attribué·e`).waitFor();
    const stored = await platform.api<{ status: string; interpreter: { name: string } }>(requesterToken, 'GET', `/api/requests/${request.id}`);
    expect(stored.body.status).to.equal('assigned');
    expect(stored.body.interpreter.name).to.equal(INTERPRETER.name);
  });

  it('the booking form tells how many interpreters could come as it is filled in, and still books when nobody can', async () => {
    await freshFormWithCzech();
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 12 }).set({ hour: 7, minute: 5 });
    await requester.getByRole('radio', { name: 'Téléphone' }).check();
    await requester.getByLabel('Date et heure de début').fill(start.toFormat("yyyy-LL-dd'T'HH:mm"));
    const hint = requester.getByTestId('coverage-hint');
    await hint.getByText('1 interprète possible en tchèque par téléphone à cette heure-là.').waitFor();
    expect(await hint.getAttribute('role')).to.equal('status');
    await requester.getByRole('radio', { name: 'Sur place' }).check();
    await hint.getByText('Indiquez le département pour savoir qui peut venir sur place.').waitFor();
    await requester.getByLabel('Adresse de la séance').fill('12 rue de Rivoli, Paris');
    await requester.getByLabel('Département').fill('75');
    await hint.getByText('Aucun·e interprète en tchèque sur place à cette heure-là ; 1 par téléphone, 1 en visioconférence. Vous pouvez tout de même envoyer la demande : toutes les agences seront prévenues.').waitFor();
    await screenshot(requester, '02b-couverture');
    await expectAccessible(requester, 'booking form with the coverage hint');
    await requester.getByRole('button', { name: 'Envoyer la demande' }).click();
    await requester.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const requestId = new URLSearchParams(new URL(requester.url()).hash.split('?')[1]).get('id')!;
    const advice = card(requester, requestId).getByTestId('uncovered-advice');
    await advice.waitFor();
    expect(await advice.textContent()).to.contain('au même moment, par téléphone (1 interprète) ou en visioconférence (1 interprète)');
    await expectAccessible(requester, 'my requests with an uncovered one');
  });

  it('every agency’s dispatcher sees a request nobody can take in its own queue, with why each interpreter of the language cannot', async () => {
    const request = await book({ language: 'ces', modality: 'onsite', start: DateTime.now().plus({ days: 13 }).set({ hour: 9, minute: 0 }).toUTC().toISO(), durationMinutes: 60, location: { address: '3 rue de la Roquette, Paris', department: '75' } });
    const other = await logIn(await newContext(DESKTOP), platform.url, 'dispatch.alpes@demo.test');
    const uncovered = other.getByRole('region', { name: /Sans interprète possible/ });
    await card(other, request.id).waitFor();
    expect(await uncovered.locator(`[data-request-id="${request.id}"]`).count(), 'in the uncovered section').to.equal(1);
    await expectAccessible(other, 'dispatch with uncovered requests');

    const own = await logIn(await newContext(DESKTOP), platform.url, 'dispatch@demo.test');
    const item = card(own, request.id);
    await item.waitFor();
    await item.getByRole('button', { name: 'Voir les interprètes' }).click();
    const unavailable = own.getByRole('list', { name: 'Interprètes indisponibles et pourquoi' }).locator('.candidate').filter({ hasText: INTERPRETER.name });
    await unavailable.waitFor();
    expect(await unavailable.locator('.reasons li').allTextContents()).to.deep.equal(['N’intervient pas dans le département 75']);
    await own.getByText('Aucun·e interprète de votre agence n’est disponible pour cette demande.').waitFor();
    await screenshot(own, '07b-sans-interprete');
    await expectAccessible(own, 'dispatch, an uncovered request opened');
  });

  it('the structure confirms a session and rates it, and disputes another, from Mes demandes', async () => {
    const admin = await platform.token('admin@demo.test');
    const agencyId = (await platform.api<{ user: { agencyId: string } }>(await platform.token('dispatch@demo.test'), 'GET', '/api/me')).body.user.agencyId;
    /** A Slovak phone call made now, taken and completed by a new interpreter (free at any hour). */
    const completedSession = async (name: string, minutes: number) => {
      const email = `e2e.${name.toLowerCase()}@demo.test`;
      const created = await platform.api(admin, 'POST', '/api/interpreters', {
        email, password: DEMO_PASSWORD, name, agencyId, gender: 'female', languages: ['slk'], specialties: ['general'], modalities: ['phone'], departments: [],
        availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const token = await platform.token(email);
      const request = await book({ language: 'slk', modality: 'phone', start: 'now', durationMinutes: 30 });
      await acceptWhenOffered(token, request.id);
      const done = await platform.api(token, 'POST', `/api/requests/${request.id}/complete`, { actualMinutes: minutes, outcome: 'done', heldByCallback: true });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      return request.id;
    };
    const confirmed = await completedSession('Zuzana', 20);
    const contested = await completedSession('Katarina', 55);
    await requester.goto(`${platform.url}/#/demandes`);
    await requester.reload();
    const first = card(requester, confirmed).getByTestId('verification');
    await first.getByRole('button', { name: 'Confirmer la séance' }).click();
    await first.getByText('Séance confirmée par votre structure.').waitFor();
    await first.getByRole('radio', { name: '4' }).check();
    await first.getByLabel('Commentaire (facultatif)').fill('Interprète ponctuelle.');
    await first.getByRole('button', { name: 'Envoyer l’avis' }).click();
    await first.getByText('Votre avis : 4/5').waitFor();

    const second = card(requester, contested).getByTestId('verification');
    await second.getByRole('button', { name: 'Contester…' }).click();
    await second.getByLabel('Durée réelle selon vous (minutes, facultatif)').fill('30');
    await second.getByRole('button', { name: 'Envoyer la contestation' }).click();
    await second.locator('.field-error').first().waitFor(); // no reason: refused by the shared schema, nothing sent
    await second.getByLabel('Motif de la contestation').fill('La consultation a duré une demi-heure.');
    await second.getByRole('button', { name: 'Envoyer la contestation' }).click();
    await second.getByText(/Séance contestée \(durée indiquée : 30 min\)/).waitFor();
    await screenshot(requester, '03b-verification');
    await expectAccessible(requester, 'my requests with verification');
    const stored = await platform.api<{ verification: string; dispute: { actualMinutes: number } }>(requesterToken, 'GET', `/api/requests/${contested}`);
    expect(stored.body.verification).to.equal('disputed');
    expect(stored.body.dispute.actualMinutes).to.equal(30);
    expect((await platform.api<{ verification: string }>(requesterToken, 'GET', `/api/requests/${confirmed}`)).body.verification).to.equal('confirmed');
  });

  it('the interpreter reconfirms from the agenda, in one click', async () => {
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).set({ hour: 11, minute: 0 });
    const request = await book({ language: 'ces', modality: 'video', start: start.toUTC().toISO(), durationMinutes: 45 });
    const token = await platform.token(INTERPRETER.email);
    await acceptWhenOffered(token, request.id);
    await interpreter.goto(`${platform.url}/#/agenda`);
    await interpreter.reload();
    await interpreter.getByRole('radio', { name: 'Semaine' }).check();
    const session = interpreter.locator(`[data-request-id="${request.id}"]`);
    const weeksAhead = Math.round(start.startOf('week').diff(DateTime.now().setZone('Europe/Paris').startOf('week'), 'weeks').weeks);
    for (let week = 0; week < weeksAhead; week += 1) await interpreter.getByRole('button', { name: 'Semaine suivante' }).click();
    // A video session: the interpreter goes nowhere, they confirm they will be there.
    await session.getByRole('button', { name: 'Je confirme ma présence' }).click();
    await session.getByTestId('reconfirmed').waitFor();
    await expectAccessible(interpreter, 'agenda with a reconfirmation');
    const stored = await platform.api<{ reconfirmedAt: string | null }>(await platform.token(INTERPRETER.email), 'GET', `/api/requests/${request.id}`);
    expect(stored.body.reconfirmedAt).to.be.a('string');
  });

  describe('the auditor dashboard', () => {
    let auditor: Page;
    let auditorToken: string;
    const year = DateTime.now().setZone('Europe/Paris').year;
    type Totals = { sessions: number; minutes: number; costCents: number };
    const apiTotals = async () => (await platform.api<{ totals: Totals }>(auditorToken, 'GET', `/api/reports/usage?year=${year}&groupBy=structure`)).body.totals;
    const shownTotals = async () => ({
      sessions: Number(digits(await auditor.getByTestId('total-sessions').textContent())),
      costCents: Number(digits(await auditor.getByTestId('total-cost').textContent())),
      hours: spaces(await auditor.getByTestId('total-minutes').textContent()),
    });
    const hoursOf = (minutes: number) => spaces(`${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(minutes / 60)} h`);

    before(async () => {
      auditorToken = await platform.token('ars@demo.test');
      auditor = await logIn(await newContext(DESKTOP), platform.url, 'ars@demo.test');
      await auditor.getByRole('heading', { name: 'Tableau de bord ARS' }).waitFor();
      await auditor.getByTestId('total-sessions').waitFor();
    });

    it('shows the usage report’s totals, the charts, and passes axe', async () => {
      const totals = await apiTotals();
      expect(totals.sessions, 'the first start seeded this year’s usage').to.be.greaterThan(100);
      expect(await shownTotals()).to.deep.equal({ sessions: totals.sessions, costCents: totals.costCents, hours: hoursOf(totals.minutes) });
      expect(await auditor.locator('canvas[role="img"]').count(), 'bar, line and breakdown charts').to.be.at.least(4);
      expect(await auditor.locator('[data-testid="budget-table"] tbody tr').count()).to.be.greaterThan(10);
      await screenshot(auditor, '08-tableau-de-bord', false);
      await auditor.evaluate(() => document.getElementById('ars-allocations-title')?.scrollIntoView());
      await screenshot(auditor, '09-tableau-de-bord-structures', false);
      await auditor.evaluate(() => document.getElementById('ars-monthly-title')?.scrollIntoView());
      await screenshot(auditor, '10-tableau-de-bord-mois', false);
      await auditor.evaluate(() => window.scrollTo(0, 0));
      await expectAccessible(auditor, 'auditor dashboard');
    });

    it('shows unmet demand as the access report counts it: fill rate, unfilled requests, a chart and a table by language and by department, and passes axe', async () => {
      const access = (await platform.api<AccessReport>(auditorToken, 'GET', `/api/reports/access?year=${year}&groupBy=language`)).body;
      expect(access.totals.unfilled, 'the first start seeded unfilled requests').to.be.greaterThan(0);
      const panel = auditor.getByTestId('access-panel');
      await panel.getByTestId('access-fill-rate').waitFor({ timeout: 30_000 });
      const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(access.totals.fillRate!);
      expect(spaces(await panel.getByTestId('access-fill-rate').textContent())).to.equal(spaces(percent));
      expect(digits(await panel.getByTestId('access-unfilled').textContent())).to.equal(String(access.totals.unfilled));
      expect(await panel.locator('canvas[role="img"]').count(), 'by language and by department').to.equal(2);
      expect(await panel.locator('[data-testid="access-language-table"] tbody tr').count()).to.equal(access.rows.length);
      expect(await panel.locator('[data-testid="access-department-table"] tbody tr').count()).to.be.at.least(10);
      await auditor.evaluate(() => document.getElementById('ars-access-title')?.scrollIntoView());
      await screenshot(auditor, '11-demande-non-satisfaite', false);
      await auditor.evaluate(() => window.scrollTo(0, 0));
      await expectAccessible(auditor, 'auditor dashboard with the unmet demand');
    });

    it('fits a phone-sized screen, as the dispatcher’s page does', async () => {
      for (const email of ['ars@demo.test', 'dispatch@demo.test']) {
        const context = await newContext({ ...PHONE, viewport: { width: 360, height: 740 } });
        const page = await logIn(context, platform.url, email);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await expectNoSideways(page);
        await context.close();
      }
    });

    it('downloads the CSV exports with the session cookie', async () => {
      const link = auditor.getByRole('link', { name: `Activité ${year} par structure (CSV)` });
      const href = await link.getAttribute('href');
      const res = await auditor.context().request.get(`${platform.url}${href}`);
      expect(res.status()).to.equal(200);
      expect(res.headers()['content-type']).to.match(/text\/csv/);
      const text = await res.text();
      expect(text.charCodeAt(0), 'BOM for Excel').to.equal(0xfeff);
      expect(text.split('\n')[0]).to.contain(';');
    });

    it('edits an allocation: the budget and the audit trail show it', async () => {
      const row = auditor.locator('[data-testid="budget-table"] tbody tr').first();
      const structureId = await row.getAttribute('data-structure-id');
      await row.getByRole('button', { name: /Modifier/ }).click();
      await auditor.getByLabel(`Allocation ${year} (en euros)`).fill('12 345,67');
      await auditor.getByRole('button', { name: 'Enregistrer' }).click();
      await auditor.getByText('enregistrée', { exact: false }).waitFor();
      const budget = await platform.api<{ rows: { structureId: string; allocatedCents: number }[] }>(auditorToken, 'GET', `/api/reports/budget?year=${year}`);
      expect(budget.body.rows.find((r) => r.structureId === structureId)?.allocatedCents).to.equal(1_234_567);
      await auditor.waitForFunction((amount) => (document.querySelector('[data-testid="audit-table"]')?.textContent ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').includes(amount), spaces(euros(1_234_567)));
      const audit = await platform.api<{ after: unknown; entityId: string }[]>(auditorToken, 'GET', `/api/audit?year=${year}`);
      expect(audit.body.some((e) => e.entityId === structureId)).to.equal(true);
    });

    it('follows billed usage live: a late cancellation’s fee shows in the totals without a reload', async () => {
      const before = await apiTotals();
      await auditor.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
      const request = await book({ language: 'ces', modality: 'video', start: DateTime.now().plus({ hours: 5 }).startOf('minute').toUTC().toISO(), durationMinutes: 30 });
      const interpreterToken = await platform.token(INTERPRETER.email);
      let offerId: string | undefined;
      for (let i = 0; i < 50 && !offerId; i += 1) {
        const offers = await platform.api<{ id: string; requestId: string }[]>(interpreterToken, 'GET', '/api/offers');
        offerId = offers.body.find((o) => o.requestId === request.id)?.id;
        if (!offerId) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await platform.api(interpreterToken, 'POST', `/api/offers/${offerId}/accept`)).status).to.equal(200);
      const cancelled = await platform.api<{ cancellationFeeCents: number }>(requesterToken, 'POST', `/api/requests/${request.id}/cancel`, { reason: 'Patient hospitalisé' });
      expect(cancelled.body.cancellationFeeCents).to.be.greaterThan(0);
      await auditor.waitForFunction((expected) => document.querySelector('[data-testid="total-sessions"]')?.textContent?.replace(/\D/g, '') === String(expected), before.sessions + 1, { timeout: 15_000 });
      const after = await apiTotals();
      expect(await shownTotals()).to.deep.equal({ sessions: after.sessions, costCents: after.costCents, hours: hoursOf(after.minutes) });
      expect(await auditor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).to.equal(true);
    });

    it('runs a capacity simulation from the Simulation page: progress, then the scenario charted against the baseline, and passes axe', async function () {
      // The baseline is a whole year replayed in the server's worker: some seconds on a busy machine.
      this.timeout(180_000);
      const page = await logIn(await newContext(DESKTOP), platform.url, 'ars@demo.test');
      await page.getByRole('link', { name: 'Simulation' }).click();
      await page.getByRole('heading', { name: 'Simulation de capacité' }).waitFor();
      await page.getByLabel('Facteur de demande').fill('0.2');
      await page.getByLabel('Nombre').fill('3');
      const language = page.getByRole('combobox', { name: 'Langue' });
      await page.waitForFunction(() => (document.querySelector('[role=combobox]') as HTMLInputElement | null)?.value === 'Dari');
      await language.fill('');
      await language.pressSequentially('armen');
      await page.getByRole('option', { name: 'Arménien' }).click();
      await page.getByLabel('Téléphone').check();
      await page.getByLabel('Interprètes par vague (demandes réservées)').fill('5');
      await expectAccessible(page, 'simulation form');
      await page.getByRole('button', { name: 'Lancer la simulation' }).click();
      await page.getByTestId('simulation-progress').waitFor();
      await page.getByTestId('simulation-results').waitFor({ timeout: 170_000 });
      const totals = await page.getByTestId('simulation-totals').textContent();
      expect(totals).to.contain('Taux de demandes pourvues').and.to.contain('Coût');
      expect(await page.locator('[data-testid="simulation-results"] canvas[role="img"]').count()).to.equal(2);
      expect(await page.locator('[data-testid="simulation-language-table"] tbody tr').count()).to.be.greaterThan(10);
      await expectAccessible(page, 'simulation results');
      await page.getByTestId('simulation-results').evaluate((results) => results.scrollIntoView());
      await screenshot(page, '15-simulation', false);
    });
  });
});
