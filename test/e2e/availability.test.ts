import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// "Mes disponibilités" and the dispatcher's "Interprètes", on a platform started as `npm start` starts
// it: what is saved in the page is what matching uses for the next request.

const INTERPRETER = { email: 'e2e.dispo@demo.test', password: DEMO_PASSWORD, name: 'Zuzana Horakova' };
const parisDay = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).startOf('day');

describe('Availability pages in Chromium (end to end)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  const newContext = contexts.open;
  let requesterToken: string;
  let interpreterToken: string;
  let interpreterId: string;

  /** A Czech video request at 10:00 Paris, `days` from today: nobody but our interpreter speaks Czech in the demo data. */
  const book = async (days: number) => {
    const start = parisDay(days).set({ hour: 10 }).toISO();
    const res = await platform.api<{ id: string; coverage: { eligible: number } }>(requesterToken, 'POST', '/api/requests', { language: 'ces', modality: 'video', start, durationMinutes: 60 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  };
  const offeredIds = async () => (await platform.api<{ requestId: string }[]>(interpreterToken, 'GET', '/api/offers')).body.map((o) => o.requestId);
  /** Waits for the dispatch worker to offer this request to the interpreter. */
  const waitForOffer = async (requestId: string) => {
    for (let i = 0; i < 75; i += 1) {
      if ((await offeredIds()).includes(requestId)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`request ${requestId} was never offered`);
  };

  before(async function () {
    this.timeout(180_000);
    platform = await startPlatform({ LOG_FILE: 'test-output/e2e-availability-server.log' });
    browser = await launchBrowser();
    // Without a week given: every day from 08:00 to 20:00.
    interpreterId = await anAgencyInterpreter(platform, { ...INTERPRETER, gender: 'female', languages: ['ces'], specialties: ['general'], modalities: ['phone', 'video', 'onsite'], departments: ['69'] });
    interpreterToken = await platform.token(INTERPRETER.email);
    requesterToken = await platform.token('pass.lyon@demo.test');
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  it('an interpreter on a phone keeps their week and declares an absence by keyboard; a request during the absence is not offered to them, the others are', async () => {
    const page = await logIn(await newContext(PHONE), platform.url, INTERPRETER.email);
    await page.getByRole('link', { name: 'Mes disponibilités' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mes disponibilités' }).waitFor();
    await page.getByTestId('availability-summary').getByText('Du lundi au dimanche 8h–20h').waitFor();

    // Monday: 9h-12h and 14h-18h, typed as people type them.
    const monday = page.getByRole('group', { name: 'Lundi' });
    await monday.getByLabel('De (lundi, créneau 1)').fill('9h');
    await monday.getByLabel('à (lundi, créneau 1)').fill('12');
    await monday.getByRole('button', { name: 'Ajouter un créneau (lundi)' }).focus();
    await page.keyboard.press('Enter');
    // The new row's first input has the focus.
    await page.keyboard.type('14h');
    await page.keyboard.press('Tab');
    await page.keyboard.type('18:00');

    // A slot that ends before it starts is refused before anything is sent, next to its inputs.
    const tuesdayEnd = page.getByLabel('à (mardi, créneau 1)');
    await tuesdayEnd.fill('07:00');
    await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    const error = page.getByRole('group', { name: 'Mardi' }).getByText('La fin doit être après le début.');
    await error.waitFor();
    expect(await tuesdayEnd.getAttribute('aria-invalid')).to.equal('true');
    expect(await tuesdayEnd.getAttribute('aria-describedby')).to.contain(await error.getAttribute('id'));
    const invalid = await page.evaluate(() => Array.from(document.querySelectorAll('[aria-invalid="true"]')).map((e) => `${e.id}=${(e as HTMLInputElement).value}`).join(' '));
    expect(await page.evaluate(() => document.activeElement?.id), `the first field in error has the focus (invalid: ${invalid})`)
      .to.equal(await page.getByLabel('De (mardi, créneau 1)').getAttribute('id'));
    await expectAccessible(page, 'availability with an error');
    await tuesdayEnd.fill('20:00');

    // An absence of three days, ten days from now.
    const [first, last] = [parisDay(10), parisDay(12)];
    await page.getByRole('button', { name: 'Ajouter une absence' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Du (absence 1)').fill(first.toISODate()!);
    await page.getByLabel('au (absence 1)').fill(last.toISODate()!);
    await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    await page.getByText('Disponibilités enregistrées').waitFor();
    const summary = await page.getByTestId('availability-summary').textContent();
    expect(summary).to.match(/^Lundi 9h–12h, 14h–18h ; du mardi au dimanche 8h–20h ; absente du \d+(er)? (\p{L}+ )?au \d+(er)? \p{L}+$/u);
    await expectNoSideways(page);
    await screenshot(page, '11-mes-disponibilites');
    await expectAccessible(page, 'availability');

    const stored = await platform.api<{ availability: unknown[]; exceptions: { date: string; slots: unknown[] }[] }>(interpreterToken, 'GET', '/api/interpreters/me');
    expect(stored.body.exceptions).to.deep.equal([0, 1, 2].map((n) => ({ date: first.plus({ days: n }).toISODate(), slots: [] })));
    expect(stored.body.availability).to.deep.include.members([{ weekday: 1, from: '09:00', to: '12:00' }, { weekday: 1, from: '14:00', to: '18:00' }]);

    const during = await book(11);
    expect(during.coverage.eligible, 'nobody can take it').to.equal(0);
    const after = await book(13);
    expect(after.coverage.eligible).to.equal(1);
    await waitForOffer(after.id);
    expect(await offeredIds(), 'the request during the absence').not.to.include(during.id);

    // The absence given back: a new request on one of those days is offered again.
    await page.getByRole('button', { name: /^Supprimer l’absence/ }).click();
    await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    // The first save's notice is still shown: the summary, redrawn from the saved profile, says when this save landed.
    await page.getByTestId('availability-summary').filter({ hasNotText: /absent/ }).waitFor();
    await page.getByText('Disponibilités enregistrées').waitFor();
    const again = await book(12);
    expect(again.coverage.eligible).to.equal(1);
    await waitForOffer(again.id);
  });

  it('an absence over a confirmed session shows the session first; kept, nothing is saved; confirmed, the interpreter withdraws and it is offered again', async () => {
    const session = await book(16);
    await waitForOffer(session.id);
    const offerId = (await platform.api<{ id: string; requestId: string }[]>(interpreterToken, 'GET', '/api/offers')).body.find((o) => o.requestId === session.id)!.id;
    expect((await platform.api(interpreterToken, 'POST', `/api/offers/${offerId}/accept`)).status).to.equal(200);
    const day = parisDay(16);

    const page = await logIn(await newContext(PHONE), platform.url, INTERPRETER.email);
    await page.getByRole('link', { name: 'Mes disponibilités' }).click();
    await page.getByRole('heading', { name: 'Mes disponibilités' }).waitFor();
    const declare = async () => {
      await page.getByRole('button', { name: 'Ajouter une absence' }).click();
      await page.getByLabel('Du (absence 1)').fill(day.minus({ days: 1 }).toISODate()!);
      await page.getByLabel('au (absence 1)').fill(day.plus({ days: 1 }).toISODate()!);
      await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    };
    await declare();
    const dialog = page.getByRole('dialog', { name: 'Une séance confirmée pendant ce changement' });
    await dialog.waitFor();
    expect((await dialog.getByTestId('dropped-sessions').textContent())?.trim()).to.equal(`${day.setLocale('fr').toFormat('cccc d LLLL')}, 10h00–11h00 · Tchèque · Visioconférence`);
    await expectNoSideways(page);
    await expectAccessible(page, 'an absence over a confirmed session');
    await screenshot(page, '11b-absence-seance-confirmee');
    await dialog.getByRole('button', { name: 'Garder cette séance' }).click();
    await page.getByText('Rien n’a été enregistré : vos séances confirmées sont gardées.', { exact: false }).waitFor();
    expect((await platform.api<{ exceptions: unknown[] }>(interpreterToken, 'GET', '/api/interpreters/me')).body.exceptions).to.deep.equal([]);
    expect((await platform.api<{ status: string }>(requesterToken, 'GET', `/api/requests/${session.id}`)).body.status).to.equal('assigned');

    await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    await dialog.getByRole('button', { name: 'Me désister et enregistrer' }).click();
    await page.getByText('Une séance est reproposée à d’autres interprètes.', { exact: false }).waitFor();
    expect((await platform.api<{ status: string }>(requesterToken, 'GET', `/api/requests/${session.id}`)).body.status).to.equal('open');
    expect((await platform.api<{ exceptions: unknown[] }>(interpreterToken, 'GET', '/api/interpreters/me')).body.exceptions).to.have.length(3);
    // The absence given back for the tests that follow.
    expect((await platform.api(interpreterToken, 'PATCH', '/api/interpreters/me', { exceptions: [] })).status).to.equal(200);
  });

  it('a dispatcher finds an interpreter of the agency and changes their week; matching follows', async () => {
    const page = await logIn(await newContext(DESKTOP), platform.url, 'dispatch@demo.test');
    await page.getByRole('link', { name: 'Interprètes' }).click();
    await page.getByRole('heading', { name: 'Interprètes de l’agence' }).waitFor();
    const card = page.locator(`[data-interpreter-id="${interpreterId}"]`);
    await card.getByTestId('availability-summary').waitFor();
    expect(await card.getByTestId('record').textContent(), 'the agency sees the record').to.equal('Pas encore noté·e · aucun désistement tardif');
    expect(await page.locator('[data-interpreter-id]').count(), 'the agency’s interpreters').to.be.greaterThan(5);
    await screenshot(page, '12-interpretes', false);
    await expectAccessible(page, 'agency interpreters');
    await page.getByLabel('Rechercher par nom ou langue').fill('tcheque');
    await page.waitForFunction(() => document.querySelectorAll('[data-interpreter-id]').length === 1);

    await card.getByRole('link', { name: `Modifier les disponibilités de ${INTERPRETER.name}` }).click();
    await page.getByRole('heading', { name: `Disponibilités de ${INTERPRETER.name}` }).waitFor();
    await page.getByRole('group', { name: 'Samedi' }).getByRole('radio', { name: 'Indisponible' }).check();
    await page.getByRole('group', { name: 'Dimanche' }).getByRole('radio', { name: 'Toute la journée' }).check();
    await page.getByRole('checkbox', { name: '38 – Isère' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Disponibilités enregistrées').waitFor();
    expect(await page.getByTestId('availability-summary').textContent()).to.contain('dimanche toute la journée');
    await screenshot(page, '13-disponibilites-regulation');
    await expectAccessible(page, 'an interpreter’s availability, by the dispatcher');

    const stored = await platform.api<{ availability: { weekday: number; from: string; to: string }[]; departments: string[] }>(interpreterToken, 'GET', '/api/interpreters/me');
    expect(stored.body.availability.filter((slot) => slot.weekday >= 6)).to.deep.equal([{ weekday: 7, from: '00:00', to: '24:00' }]);
    expect(stored.body.departments).to.deep.equal(['38', '69']);
    const saturday = parisDay(7 + ((6 - parisDay(0).weekday + 7) % 7)).set({ hour: 10 }).toISO()!;
    const coverage = await platform.api<{ eligible: number }>(requesterToken, 'GET', `/api/requests/coverage?language=ces&modality=video&start=${encodeURIComponent(saturday)}&durationMinutes=60`);
    expect(coverage.body.eligible, 'nobody on Saturdays now').to.equal(0);

    await page.getByRole('link', { name: '← Tous les interprètes' }).click();
    await page.getByRole('heading', { name: 'Interprètes de l’agence' }).waitFor();
    const phone = await logIn(await newContext({ ...PHONE, viewport: { width: 360, height: 740 } }), platform.url, 'dispatch@demo.test');
    await phone.goto(`${platform.url}/#/interpretes?id=${interpreterId}`);
    await phone.getByRole('heading', { name: `Disponibilités de ${INTERPRETER.name}` }).waitFor();
    await expectNoSideways(phone);
  });
});
