import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { REGION_DEPARTMENTS } from '../../shared/enums';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// The HAS 2017 reference in the pages: the exchange before and after a session, on the booking form
// and the interpreter's cards.

const SLOVAK = { email: 'e2e.slovaque@demo.test', password: DEMO_PASSWORD, name: 'Zuzana Kováčová' };
const WIDE = { viewport: { width: 1366, height: 900 } };

describe('Interpreting as the HAS reference describes it, in Chromium', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: Browser;
  let requesterToken: string;
  let interpreterToken: string;
  const contexts = frenchContexts(() => browser);

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform();
    browser = await launchBrowser();
    await anAgencyInterpreter(platform, {
      ...SLOVAK, gender: 'female', languages: ['slk'], specialties: ['general'], modalities: ['phone', 'video'], departments: [...REGION_DEPARTMENTS],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    requesterToken = await platform.token('pass.lyon@demo.test');
    interpreterToken = await platform.token(SLOVAK.email);
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  const book = async (body: object) => {
    const res = await platform.api<{ id: string }>(requesterToken, 'POST', '/api/requests', { language: 'slk', modality: 'video', durationMinutes: 45, ...body });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id;
  };
  /** Waits for dispatch to offer the request to the interpreter (the offer's card shows then). */
  const offered = async (requestId: string) => {
    for (let i = 0; i < 75; i += 1) {
      const offers = (await platform.api<Array<{ id: string; requestId: string }>>(interpreterToken, 'GET', '/api/offers')).body;
      const offer = offers.find((o) => o.requestId === requestId);
      if (offer) return offer.id;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('not offered');
  };

  /** The session's card on the interpreter's agenda: this week's, or the next. */
  const agendaCard = async (page: Page, requestId: string) => {
    await page.goto(`${platform.url}/#/agenda`);
    await page.getByText('Chargement…').waitFor({ state: 'detached' });
    const card = page.locator(`[data-request-id="${requestId}"]`);
    if ((await card.count()) === 0) await page.getByRole('button', { name: 'Semaine suivante' }).click();
    return card;
  };

  for (const [size, options] of [['390 px', PHONE], ['1366 px', WIDE]] as const) {
    it(`at ${size}, the booking form proposes 10 minutes before and after for mental health, editable, and sends what the person set`, async () => {
      const page = await logIn(await contexts.open(options), platform.url, 'pass.lyon@demo.test');
      await page.goto(`${platform.url}/#/reserver`);
      const language = page.getByRole('combobox', { name: 'Langue du patient' });
      await language.pressSequentially('slovaque');
      await page.getByRole('option').first().filter({ hasText: /^Slovaque/ }).waitFor();
      await language.press('Enter');
      await page.getByRole('radio', { name: 'Visioconférence' }).check();
      const before = page.getByLabel('Temps d’échange avant');
      const after = page.getByLabel('Temps d’échange après');
      expect(await before.inputValue(), 'none proposed without a specialty').to.equal('0');
      await page.getByLabel('Spécialité').selectOption({ label: 'Santé mentale' });
      expect(await before.inputValue()).to.equal('10');
      expect(await after.inputValue()).to.equal('10');
      await page.getByText('conseillées en santé mentale (recommandations HAS)').waitFor();
      await after.fill('15');
      await expectAccessible(page, `booking form with exchanges, ${size}`);
      await expectNoSideways(page);
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.waitForURL(/#\/demandes/);
      const id = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('id')!;
      const sent = (await platform.api<{ specialty: string; briefingMinutes: number; debriefingMinutes: number }>(requesterToken, 'GET', `/api/requests/${id}`)).body;
      expect(sent).to.include({ specialty: 'mental_health', briefingMinutes: 10, debriefingMinutes: 15 });
      await platform.api(requesterToken, 'POST', `/api/requests/${id}/cancel`, { reason: 'Essai' });
    });
  }

  it('the interpreter’s offer and agenda cards say the exchange is planned (390 and 1366 px)', async () => {
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 3 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toISO()!;
    const id = await book({ start, briefingMinutes: 10, debriefingMinutes: 10 });
    await offered(id);
    const check = async (page: Page, size: string) => {
      await page.goto(`${platform.url}/#/propositions`);
      const card = page.locator(`[data-request-id="${id}"]`);
      await card.getByText('Échange prévu : 10 min avant, 10 min après').waitFor();
      await expectAccessible(page, `offer card with exchanges, ${size}`);
    };
    const phone = await logIn(await contexts.open(PHONE), platform.url, SLOVAK.email);
    await check(phone, '390 px');
    await expectNoSideways(phone);
    const wide = await logIn(await contexts.open(WIDE), platform.url, SLOVAK.email);
    await check(wide, '1366 px');
    await wide.locator(`[data-request-id="${id}"]`).getByRole('button', { name: 'Accepter' }).click();
    await wide.getByText('Séance confirmée').waitFor();
    for (const [page, size] of [[phone, '390 px'], [wide, '1366 px']] as const) {
      const card = await agendaCard(page, id);
      await card.getByText('Échange prévu : 10 min avant, 10 min après').waitFor();
      await expectAccessible(page, `agenda card with exchanges, ${size}`);
    }
  });

  it('at 390 px, the requester’s card on “Mes demandes” and the dispatcher’s card say how many minutes of exchange are planned', async () => {
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 3 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 }).toISO()!;
    const id = await book({ start, briefingMinutes: 5, debriefingMinutes: 15 });
    await offered(id);
    const read = (await platform.api<{ briefingMinutes: number; debriefingMinutes: number }>(requesterToken, 'GET', `/api/requests/${id}`)).body;
    const sentence = `Échange prévu : ${read.briefingMinutes} min avant, ${read.debriefingMinutes} min après`;
    const dispatcher = await logIn(await contexts.open(PHONE), platform.url, 'dispatch@demo.test');
    await dispatcher.goto(`${platform.url}/#/regulation`);
    await dispatcher.locator(`[data-request-id="${id}"]`).getByText(sentence).waitFor();
    await expectAccessible(dispatcher, 'dispatcher’s card with exchanges, 390 px');
    await expectNoSideways(dispatcher);
    // Assigned, the requester's card says when the call opens and, now, how long the exchanges are.
    expect((await platform.api(interpreterToken, 'POST', `/api/offers/${await offered(id)}/accept`)).status).to.equal(200);
    const requester = await logIn(await contexts.open(PHONE), platform.url, 'pass.lyon@demo.test');
    await requester.goto(`${platform.url}/#/demandes?id=${id}`);
    const card = requester.locator(`[data-request-id="${id}"]`);
    await card.getByText('L’appel s’ouvre 10 minutes avant l’échange prévu avant la séance').waitFor();
    await card.getByText(sentence).waitFor();
    await expectAccessible(requester, 'requester’s card with exchanges, 390 px');
    await expectNoSideways(requester);
  });

  it('“Je connais la personne” on an offer card (390 px) and on an agenda card (1366 px): a dialog says what follows, then the interpreter steps back', async () => {
    const at = (time: string) => DateTime.now().setZone('Europe/Paris').plus({ days: 4 }).set({ hour: Number(time.slice(0, 2)), minute: 0, second: 0, millisecond: 0 }).toISO()!;
    const offeredId = await book({ start: at('11'), patientRef: 'ZK-1' });
    await offered(offeredId);
    const phone = await logIn(await contexts.open(PHONE), platform.url, SLOVAK.email);
    await phone.goto(`${platform.url}/#/propositions`);
    await phone.locator(`[data-request-id="${offeredId}"]`).getByRole('button', { name: /^Je connais la personne/ }).click();
    const dialog = phone.getByRole('dialog', { name: 'Vous connaissez la personne ?' });
    await dialog.getByText('ce n’est jamais compté comme un désistement tardif').waitFor();
    await expectAccessible(phone, 'knows the patient, offer dialog, 390 px');
    await expectNoSideways(phone);
    await dialog.getByRole('button', { name: 'Me retirer' }).click();
    await phone.getByText('Proposition retirée, vous connaissez la personne').waitFor();
    expect((await platform.api<Array<{ requestId: string }>>(interpreterToken, 'GET', '/api/offers')).body.map((o) => o.requestId)).not.to.include(offeredId);

    const heldId = await book({ start: at('14'), patientRef: 'ZK-2' });
    expect((await platform.api(interpreterToken, 'POST', `/api/offers/${await offered(heldId)}/accept`)).status).to.equal(200);
    const wide = await logIn(await contexts.open(WIDE), platform.url, SLOVAK.email);
    const card = await agendaCard(wide, heldId);
    await card.getByRole('button', { name: /^Je connais la personne/ }).click();
    await expectAccessible(wide, 'knows the patient, agenda dialog, 1366 px');
    await wide.getByRole('dialog', { name: 'Vous connaissez la personne ?' }).getByRole('button', { name: 'Me retirer' }).click();
    await wide.getByText('Désistement enregistré').waitFor();
    const after = (await platform.api<{ status: string; interpreter?: unknown }>(requesterToken, 'GET', `/api/requests/${heldId}`)).body;
    expect(after.status).to.equal('open');
    expect(after.interpreter).to.equal(undefined);
  });
});
