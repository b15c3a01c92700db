import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { REGION_DEPARTMENTS } from '../../shared/enums';
import { nextClockChange } from '../support/clock-changes';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// The booking form as a requester meets it: times the Paris clocks skip or show twice, a series with a
// gap, and the same request sent four times.

const CZECH = { email: 'e2e.tcheque@demo.test', password: DEMO_PASSWORD, name: 'Jana Dvořáková' };
const STRUCTURE = 'PASS Hôpital Édouard-Herriot (HCL)';
const inWords = (at: DateTime) => at.setZone('Europe/Paris').setLocale('fr').toFormat("cccc d LLLL yyyy 'à' HH'h'mm");
const shortWords = (at: DateTime) => at.setZone('Europe/Paris').setLocale('fr').toFormat("cccc d LLLL 'à' HH'h'mm");
const local = (at: DateTime) => at.setZone('Europe/Paris').toFormat("yyyy-LL-dd'T'HH:mm");

describe('The booking form in Chromium: Paris clock changes, series gaps, likely duplicates', function () {
  this.timeout(90_000);
  let platform: Platform;
  let browser: Browser;
  let token: string;
  let interpreterId: string;
  const contexts = frenchContexts(() => browser);
  const requestsNow = async () => (await platform.api<Array<{ id: string; start: string; language: string }>>(token, 'GET', '/api/requests?limit=1000')).body.filter((r) => r.language === 'ces');
  const idInUrl = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('id')!;

  /** A blank form with Czech chosen (only our interpreter speaks it), and the modality. */
  const freshForm = async (page: Page, modality: 'Téléphone' | 'Visioconférence') => {
    await page.goto(`${platform.url}/#/reserver`);
    await page.reload();
    const language = page.getByRole('combobox', { name: 'Langue du patient' });
    await language.pressSequentially('tcheque');
    await page.getByRole('option').first().filter({ hasText: /^Tchèque/ }).waitFor();
    await language.press('Enter');
    await page.getByRole('radio', { name: modality }).check();
    if (modality === 'Téléphone') await page.getByRole('radio', { name: 'À une date et une heure' }).check();
  };

  before(async function () {
    this.timeout(300_000);
    // "Now" waves of 10 s (the shortest allowed): a call nobody answers is given up within the test.
    platform = await startPlatform({ DISPATCH_NOW_WAVE_SECONDS: '10' });
    browser = await launchBrowser();
    interpreterId = await anAgencyInterpreter(platform, {
      ...CZECH, gender: 'female', languages: ['ces'], specialties: ['general'], modalities: ['phone', 'video'], departments: [...REGION_DEPARTMENTS],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    token = await platform.token('pass.lyon@demo.test');
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  it('on a phone: 02:30 on the March change day is said not to exist and nothing is sent; 02:30 on the October one asks which, and sends the one chosen', async () => {
    const page = await logIn(await contexts.open(PHONE), platform.url, 'pass.lyon@demo.test');
    await freshForm(page, 'Visioconférence');
    const before = (await requestsNow()).length;
    const spring = nextClockChange('spring');
    const field = page.getByLabel('Date et heure de début');
    await field.fill(`${spring}T02:30`);
    const words = DateTime.fromISO(spring).setLocale('fr').toFormat('d LLLL yyyy');
    await page.getByText(`Cette heure n’existe pas le ${words} (passage à l’heure d’été) : choisissez 03h00 ou plus tard.`).waitFor();
    expect(await page.getByTestId('coverage-hint').textContent(), 'no coverage for a time that does not exist').to.equal('');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Le formulaire contient des erreurs').waitFor();
    expect(await field.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(page, 'booking form, a time that does not exist');
    await expectNoSideways(page);
    expect((await requestsNow()).length, 'nothing was sent').to.equal(before);

    const autumn = nextClockChange('autumn');
    await field.fill(`${autumn}T02:30`);
    const question = page.getByRole('group', { name: /les horloges reculent d’une heure : 02h30 a lieu deux fois\. Laquelle \?/ });
    await question.waitFor();
    await page.getByText('Cette heure n’existe pas').waitFor({ state: 'detached' });
    await question.getByRole('radio', { name: '02h30, heure d’été (UTC+02:00)' }).waitFor();
    await screenshot(page, '02c-heure-double');
    await expectAccessible(page, 'booking form, a time that happens twice');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Choisissez laquelle : heure d’été ou heure d’hiver.').waitFor();
    expect((await requestsNow()).length, 'nothing sent before choosing').to.equal(before);
    await question.getByRole('radio', { name: '02h30, heure d’hiver (UTC+01:00)' }).check();
    await page.getByText('Choisissez laquelle').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const sent = await platform.api<{ start: string }>(token, 'GET', `/api/requests/${idInUrl(page)}`);
    expect(sent.body.start, 'the winter-time 02:30').to.equal(`${autumn}T01:30:00.000Z`);
  });

  it('in La Réunion: the form reads the time typed in La Réunion time, where 02:30 on the March change day is an ordinary time; the requester, a mainland dispatcher and the interpreter offered it see it labelled so', async () => {
    const admin = await platform.token('admin@demo.test');
    const structure = await platform.api<{ id: string }>(admin, 'POST', '/api/structures', { name: 'PASS CHU Félix-Guyon', type: 'PASS', department: '974' });
    expect(structure.status, JSON.stringify(structure.body)).to.equal(201);
    const email = 'pass.saint-denis@demo.test';
    const user = await platform.api(admin, 'POST', '/api/users', { email, password: DEMO_PASSWORD, name: 'Soignante Saint-Denis', role: 'requester', structureId: structure.body.id });
    expect(user.status, JSON.stringify(user.body)).to.equal(201);

    const page = await logIn(await contexts.open(DESKTOP), platform.url, email);
    await freshForm(page, 'Visioconférence');
    const spring = nextClockChange('spring');
    // The label names the zone once the structure is known: the time typed is then read there.
    await page.getByLabel('Date et heure de début (heure de La Réunion)').fill(`${spring}T02:30`);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    const sent = await platform.api<{ start: string; timeZone: string }>(await platform.token(email), 'GET', `/api/requests/${idInUrl(page)}`);
    const start = DateTime.fromISO(`${spring}T02:30`, { zone: 'Indian/Reunion' });
    expect(sent.body).to.include({ start: start.toUTC().toISO(), timeZone: 'Indian/Reunion' });
    const words = `${start.setLocale('fr').toFormat("cccc d LLLL yyyy 'à' HH'h'mm")} (heure de La Réunion)`;
    await page.locator(`[data-request-id="${idInUrl(page)}"]`).getByText(words).waitFor();

    const dispatcher = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch@demo.test');
    await dispatcher.goto(`${platform.url}/#/regulation`);
    await dispatcher.locator(`[data-request-id="${idInUrl(page)}"]`).getByText(words).waitFor();

    const interpreter = await logIn(await contexts.open(DESKTOP), platform.url, CZECH.email, CZECH.password);
    await interpreter.goto(`${platform.url}/#/propositions`);
    await interpreter.getByText(words).first().waitFor();
  });

  it('on a phone: a weekly series of six whose fourth session nobody can take says so before and at once after sending, and is listed as one group', async () => {
    const first = DateTime.now().setZone('Europe/Paris').plus({ days: 9 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const fourth = first.plus({ weeks: 3 });
    const admin = await platform.token('admin@demo.test');
    expect((await platform.api(admin, 'PATCH', `/api/interpreters/${interpreterId}`, { exceptions: [{ date: fourth.toISODate(), slots: [] }] })).status).to.equal(200);
    const gap = `Séance 4/6, ${inWords(fourth)} : aucun·e interprète en visioconférence ; possible : en visioconférence, ${[1, 2, 3].map((days) => `le ${shortWords(fourth.plus({ days }))} (1 interprète)`).join(', ')}.`;

    const page = await logIn(await contexts.open(PHONE), platform.url, 'pass.lyon@demo.test');
    await freshForm(page, 'Visioconférence');
    await page.getByLabel('Date et heure de début').fill(local(first));
    await page.getByText('Plus d’options').click();
    await page.getByRole('checkbox', { name: 'Séance répétée (suivi)' }).check();
    await page.getByLabel('Fréquence').selectOption('week');
    await page.getByLabel('Nombre de séances').fill('6');
    const hint = page.getByTestId('coverage-hint');
    await hint.getByText(gap).waitFor();
    await hint.getByText('Les 5 autres séances : au moins 1 interprète possible en tchèque.').waitFor();
    await expectAccessible(page, 'booking form, a series with a gap');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('heading', { name: 'Mes demandes' }).waitFor();

    const notice = page.getByTestId('series-gaps');
    await notice.waitFor();
    expect(await notice.locator('li').allTextContents()).to.deep.equal([gap]);
    await page.getByText('Demande envoyée : série de 6 séances. Personne ne peut assurer pour l’instant cette séance ; toutes les agences sont prévenues :').waitFor();
    const group = page.getByRole('list', { name: 'Série de 6 · Tchèque · Visioconférence' });
    expect(await group.count(), 'the six sessions in one group').to.equal(1);
    expect(await group.locator('h3').allTextContents()).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => `Série de 6 · séance ${n}/6`));
    await screenshot(page, '03b-serie-avec-trou');
    await expectAccessible(page, 'my requests, a series with a gap');
    await expectNoSideways(page);

    const sessions = (await platform.api<Array<{ id: string; occurrence: number }>>(token, 'GET', `/api/requests?seriesId=${idInUrl(page)}`)).body;
    const fourthId = sessions.find((s) => s.occurrence === 4)!.id;
    const dispatcher = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch.alpes@demo.test');
    const uncoveredCard = dispatcher.locator(`[data-request-id="${fourthId}"]`);
    await uncoveredCard.getByTestId('uncovered-for').waitFor();
    expect(await uncoveredCard.getByTestId('uncovered-for').textContent()).to.equal(`Pour ${STRUCTURE} · série de 6, séance 4/6`);
    await expectAccessible(dispatcher, 'dispatch, a series session nobody can take');
  });

  it('on a desktop: the same request four times asks before each of the later three; "Ne pas envoyer" sends nothing, a double click on "Envoyer quand même" sends one', async () => {
    const page = await logIn(await contexts.open(DESKTOP), platform.url, 'pass.lyon@demo.test');
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 20 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    const same = () => requestsNow().then((list) => list.filter((r) => r.start === start.toUTC().toISO()));
    const fill = async () => {
      await freshForm(page, 'Téléphone');
      await page.getByLabel('Date et heure de début').fill(local(start));
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    };
    await fill();
    await page.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    expect(await same()).to.have.length(1);

    for (const already of [1, 2, 3]) {
      await fill();
      const dialog = page.getByRole('dialog', { name: already === 1 ? 'Une demande semblable existe déjà' : 'Des demandes semblables existent déjà' });
      await dialog.waitFor();
      expect(await dialog.getByTestId('similar-requests').locator('li').allTextContents()).to.deep.equal(
        Array.from({ length: already }, () => `Tchèque · Téléphone, ${inWords(start)} (30 min) : en recherche.`),
      );
      await dialog.getByText('Envoyer quand même ?').waitFor();
      if (already === 1) {
        await expectAccessible(page, 'the likely-duplicate question');
        await dialog.getByRole('button', { name: 'Ne pas envoyer' }).click();
        await dialog.waitFor({ state: 'hidden' });
        expect(await same(), '"Ne pas envoyer" sends nothing').to.have.length(1);
        await page.getByRole('button', { name: 'Envoyer la demande' }).click();
        await dialog.waitFor();
      }
      await dialog.getByRole('button', { name: 'Envoyer quand même' }).dblclick();
      await page.getByRole('heading', { name: 'Mes demandes' }).waitFor();
      expect(await same(), `after sending anyway with ${already} already there`).to.have.length(already + 1);
    }
  });

  it('a "now" call nobody answered says who it was offered to, not the same person by video; it leaves the dispatchers’ list', async () => {
    // Our Czech interpreter does phone and video, and is not connected: the call is offered to her, she does not answer.
    const booked = await platform.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ces', modality: 'phone', start: 'now', durationMinutes: 20 });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    let status = 'open';
    for (let i = 0; i < 90 && status !== 'unfilled'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await platform.api<{ status: string }>(token, 'GET', `/api/requests/${booked.body.id}`)).body.status;
    }
    expect(status).to.equal('unfilled');

    const page = await logIn(await contexts.open(PHONE), platform.url, 'pass.lyon@demo.test');
    await page.goto(`${platform.url}/#/demandes?id=${booked.body.id}`);
    const advice = page.locator(`[data-request-id="${booked.body.id}"]`).getByTestId('uncovered-advice');
    await advice.waitFor();
    const text = (await advice.textContent()) ?? '';
    expect(text).to.match(/^Cette demande par téléphone a été proposée à 1 interprète : il ou elle n’a pas pu l’accepter à temps\./);
    expect(text, 'not the same person by video').not.to.contain('en visioconférence');
    expect(text, 'the search is over').not.to.contain('agences sont prévenues');
    await expectAccessible(page, 'my requests, a "now" call nobody answered');
    await expectNoSideways(page);

    const dispatcher = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch@demo.test');
    await dispatcher.getByRole('heading', { name: 'Demandes à pourvoir' }).waitFor();
    await dispatcher.getByText('Chargement…').waitFor({ state: 'detached' });
    expect(await dispatcher.locator(`[data-request-id="${booked.body.id}"]`).count(), 'not a request to assign any more').to.equal(0);
  });
});
