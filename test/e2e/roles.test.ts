import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { REGION_DEPARTMENTS } from '../../shared/enums';
import { anAgencyInterpreter, DEMO_PASSWORD, DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, startPlatform, type Platform } from './support';

// What each role meets in its first week, on a platform started as `npm start` starts it: the interpreter
// withdraws and reports a problem from the agenda, reads their own session and an offer's deadline in
// their words; every page's notice replaces the last; the dispatcher reads reasons in words, on a phone
// next to the card tapped; the dashboard says how its sessions and filled requests relate.

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const INTERPRETER = { email: 'e2e.roles@demo.test', password: DEMO_PASSWORD, name: 'Ilona Varga' };
const ZONE = 'Europe/Paris';

describe('Each role’s first week in Chromium (end to end)', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  let requesterToken: string;
  let interpreterToken: string;
  const card = (page: Page, requestId: string) => page.locator(`[data-request-id="${requestId}"]`);
  const book = async (body: object) => {
    const res = await platform.api<{ id: string; start: string }>(requesterToken, 'POST', '/api/requests', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  };
  const offerOf = async (requestId: string) => {
    for (let i = 0; i < 75; i += 1) {
      const offer = (await platform.api<Array<{ id: string; requestId: string; expiresAt: string }>>(interpreterToken, 'GET', '/api/offers')).body.find((o) => o.requestId === requestId);
      if (offer) return offer;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no offer of ${requestId}`);
  };
  const accepted = async (body: object) => {
    const request = await book(body);
    const res = await platform.api(interpreterToken, 'POST', `/api/offers/${(await offerOf(request.id)).id}/accept`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return request;
  };
  /** Hungarian: no demo interpreter speaks it, so each Hungarian request goes to Ilona alone. */
  const hungarian = (start: DateTime, modality = 'phone') => ({ language: 'hun', modality, start: start.toUTC().toISO(), durationMinutes: 60 });
  /** The agenda's week that holds `iso`, from this week. */
  const agendaWeekOf = async (page: Page, iso: string) => {
    await page.goto(`${platform.url}/#/agenda`);
    await page.getByRole('heading', { name: 'Mon agenda' }).waitFor();
    const weeks = Math.round(DateTime.fromISO(iso).setZone(ZONE).startOf('week').diff(DateTime.now().setZone(ZONE).startOf('week'), 'weeks').weeks);
    for (let i = 0; i < weeks; i += 1) await page.getByRole('button', { name: 'Semaine suivante' }).click();
  };

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform({ LOG_FILE: 'test-output/e2e-roles-server.log' });
    browser = await launchBrowser();
    await anAgencyInterpreter(platform, {
      ...INTERPRETER, gender: 'female', languages: ['hun'], specialties: ['general'], modalities: ['phone', 'video', 'onsite'],
      departments: [...REGION_DEPARTMENTS], availability: AROUND_THE_CLOCK,
    });
    requesterToken = await platform.token('gp.vichy@demo.test');
    interpreterToken = await platform.token(INTERPRETER.email);
  });

  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  describe('the interpreter', () => {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      it(`withdraws from a confirmed session from the agenda, told first that under 48 hours it is late; their own badge reads "Séance confirmée" (${size})`, async () => {
        const soon = await accepted(hungarian(DateTime.now().setZone(ZONE).plus({ hours: 30 }).startOf('hour')));
        const later = await accepted(hungarian(DateTime.now().setZone(ZONE).plus({ days: 4 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 })));
        const page = await logIn(await contexts.open(viewport), platform.url, INTERPRETER.email);

        await agendaWeekOf(page, later.start);
        const early = card(page, later.id);
        expect(await early.locator('.badge').textContent()).to.equal('Séance confirmée');
        await early.getByRole('button', { name: /^Me désister/ }).click();
        const dialog = page.getByRole('dialog', { name: 'Me désister de cette séance' });
        expect(await dialog.getByTestId('withdrawal-rule').textContent()).to.contain('Plus de 48 heures avant la séance');
        await dialog.getByRole('button', { name: 'Garder la séance' }).click();

        await agendaWeekOf(page, soon.start);
        const late = card(page, soon.id);
        expect(await late.locator('.badge').textContent()).to.equal('Séance confirmée');
        await late.getByRole('button', { name: /^Me désister/ }).click();
        expect(await dialog.getByTestId('withdrawal-rule').textContent()).to.contain('Désistement tardif : la séance commence dans moins de 48 heures');
        await dialog.getByRole('button', { name: 'Confirmer le désistement' }).click();
        await dialog.getByText('Ce champ est obligatoire.').waitFor();
        await expectAccessible(page, `withdrawal dialog (${size})`);
        await dialog.getByLabel('Motif').fill('Malade');
        await dialog.getByRole('button', { name: 'Confirmer le désistement' }).click();
        await page.getByTestId('notice').getByText('Désistement enregistré (tardif)', { exact: false }).waitFor();
        await late.waitFor({ state: 'detached' });
        const stored = await platform.api<{ status: string }>(requesterToken, 'GET', `/api/requests/${soon.id}`);
        expect(stored.body.status, 'the request is sought again').to.equal('open');
        await expectAccessible(page, `agenda after a withdrawal (${size})`);
        if (size === 'phone') await expectNoSideways(page);
        // What is left for the other viewport's turn: the early one stays in the agenda.
        await platform.api(requesterToken, 'POST', `/api/requests/${later.id}/cancel`, { reason: 'Plus nécessaire' });
        await platform.api(requesterToken, 'POST', `/api/requests/${soon.id}/cancel`, { reason: 'Plus nécessaire' });
      });
    }

    it('reports a problem with a session to the agency, which reads it', async () => {
      const session = await accepted(hungarian(DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 })));
      const page = await logIn(await contexts.open(PHONE), platform.url, INTERPRETER.email);
      await agendaWeekOf(page, session.start);
      await card(page, session.id).getByRole('button', { name: /^Signaler un problème/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Signaler un problème' });
      await dialog.getByRole('radio', { name: 'Cadre dangereux ou inadapté' }).check();
      await dialog.getByLabel('Précisions (facultatif)').fill('Pas de salle au calme prévue.');
      await expectAccessible(page, 'problem dialog');
      await dialog.getByRole('button', { name: 'Envoyer à l’agence' }).click();
      await page.getByTestId('notice').getByText('Problème signalé à l’agence : Cadre dangereux ou inadapté.').waitFor();
      await card(page, session.id).getByTestId('problem').getByText('Problème signalé : Cadre dangereux ou inadapté', { exact: false }).waitFor();
      const dispatcher = await platform.token('dispatch@demo.test');
      const seen = await platform.api<{ problem?: { kind: string; comment: string } }>(dispatcher, 'GET', `/api/requests/${session.id}`);
      expect(seen.body.problem).to.include({ kind: 'unsafe_setting', comment: 'Pas de salle au calme prévue.' });
    });

    it('an offer’s deadline that is not today says its day: "Répondre avant demain 11h00"', async () => {
      const request = await book(hungarian(DateTime.now().setZone(ZONE).plus({ days: 6 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 })));
      const offer = await offerOf(request.id);
      const deadline = DateTime.fromISO(offer.expiresAt).setZone(ZONE);
      const context = await contexts.open(PHONE);
      const page = await logIn(context, platform.url, INTERPRETER.email);
      // The device's clock set to the evening before the deadline: the deadline is tomorrow.
      await page.clock.setFixedTime(deadline.minus({ days: 1 }).set({ hour: 20, minute: 0 }).toJSDate());
      await page.reload();
      const item = card(page, request.id);
      await item.getByText(`Répondre avant demain ${deadline.toFormat("HH'h'mm")}`).waitFor();
      await page.clock.setFixedTime(deadline.minus({ days: 3 }).toJSDate());
      await page.reload();
      await item.getByText(`Répondre avant ${deadline.setLocale('fr').toFormat("cccc HH'h'mm")}`).waitFor();
      await platform.api(requesterToken, 'POST', `/api/requests/${request.id}/cancel`, { reason: 'Plus nécessaire' });
    });
  });

  it('the GP’s notice "nous cherchons" is replaced by "a accepté", then by the withdrawal, never stacked, in one live region', async () => {
    const page = await logIn(await contexts.open(PHONE), platform.url, 'gp.vichy@demo.test');
    const request = await book(hungarian(DateTime.now().setZone(ZONE).plus({ days: 5 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 })));
    await page.goto(`${platform.url}/#/demandes?id=${request.id}&nouvelle=1`);
    const notice = page.getByTestId('notice');
    await notice.getByText('Demande envoyée : nous cherchons un·e interprète.', { exact: false }).waitFor();
    expect(await notice.getAttribute('aria-live')).to.equal('polite');
    expect(await notice.getAttribute('aria-atomic')).to.equal('true');
    await platform.api(interpreterToken, 'POST', `/api/offers/${(await offerOf(request.id)).id}/accept`);
    await notice.getByText(`${INTERPRETER.name} a accepté la demande`, { exact: false }).waitFor({ timeout: 15_000 });
    expect(await notice.locator('.alert').count(), 'one notice').to.equal(1);
    expect(await page.getByText('nous cherchons', { exact: false }).count(), 'the first notice is gone').to.equal(0);
    await expectAccessible(page, 'my requests after the acceptance');
    // The interpreter withdraws: "a accepté" would now contradict the card; it is replaced.
    expect((await platform.api(interpreterToken, 'POST', `/api/requests/${request.id}/withdraw`, { reason: 'Empêchement' })).status).to.equal(200);
    await notice.getByText('L’interprète s’est désisté·e de la demande', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await notice.locator('.alert').count(), 'one notice').to.equal(1);
    expect(await notice.getByText('a accepté', { exact: false }).count()).to.equal(0);
    await platform.api(requesterToken, 'POST', `/api/requests/${request.id}/cancel`, { reason: 'Plus nécessaire' });
  });

  describe('the dispatcher', () => {
    // Polish: nobody but Zofia speaks it; she is away the day of the sessions, so nobody can take them.
    const day = DateTime.now().setZone(ZONE).plus({ days: 9 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const ids: string[] = [];
    before(async () => {
      await anAgencyInterpreter(platform, {
        email: 'e2e.zofia@demo.test', password: DEMO_PASSWORD, name: 'Zofia Nowak', gender: 'female', languages: ['pol'], specialties: ['general'],
        modalities: ['phone', 'video'], departments: ['69'], availability: AROUND_THE_CLOCK,
        exceptions: [-1, 0, 1].map((offset) => ({ date: day.plus({ days: offset }).toISODate()!, slots: [] })),
      });
      for (let i = 0; i < 8; i += 1) ids.push((await book({ language: 'pol', modality: i % 2 ? 'video' : 'phone', start: day.plus({ minutes: 30 * i }).toUTC().toISO(), durationMinutes: 30 })).id);
    });

    it('on a phone, the candidates open right under the card tapped, with the absence in words: "Absente du … au …"', async () => {
      const page = await logIn(await contexts.open(PHONE), platform.url, 'dispatch@demo.test');
      const first = card(page, ids[0]!);
      await first.waitFor();
      await first.getByRole('button', { name: 'Voir les interprètes' }).click();
      const button = first.getByRole('button', { name: 'Masquer les interprètes' });
      const panel = page.getByRole('region', { name: 'Interprètes de l’agence, les mieux placé·es d’abord' });
      const zofia = panel.locator('.candidate').filter({ hasText: 'Zofia Nowak' });
      await zofia.waitFor();
      const from = day.minus({ days: 1 }).setLocale('fr');
      const to = day.plus({ days: 1 }).setLocale('fr');
      const dayOf = (d: DateTime) => (d.day === 1 ? '1er' : String(d.day));
      const expected = from.month === to.month ? `Absente du ${dayOf(from)} au ${dayOf(to)} ${to.toFormat('LLLL')}` : `Absente du ${dayOf(from)} ${from.toFormat('LLLL')} au ${dayOf(to)} ${to.toFormat('LLLL')}`;
      expect(await zofia.locator('.reasons li').allTextContents()).to.deep.equal([expected]);
      const buttonBox = (await button.boundingBox())!;
      const panelBox = (await panel.boundingBox())!;
      const distance = panelBox.y - (buttonBox.y + buttonBox.height);
      console.log(`      measured: the candidates start ${Math.round(distance)} px below the button tapped (phone)`);
      expect(distance, 'the candidates right under the button tapped').to.be.within(0, 40);
      await expectNoSideways(page);
      await expectAccessible(page, 'dispatch on a phone, candidates open');
    });

    it('on a desktop, the candidates open beside the list, in sight of the card tapped', async () => {
      const page = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch@demo.test');
      const last = card(page, ids.at(-1)!);
      await last.waitFor();
      await last.scrollIntoViewIfNeeded();
      await last.getByRole('button', { name: 'Voir les interprètes' }).click();
      const panel = page.getByRole('region', { name: 'Interprètes de l’agence, les mieux placé·es d’abord' });
      await panel.locator('.candidate').first().waitFor();
      const [cardBox, panelBox] = [(await last.boundingBox())!, (await panel.boundingBox())!];
      expect(panelBox.x, 'beside the list').to.be.at.least(cardBox.x + cardBox.width);
      const viewport = page.viewportSize()!;
      expect(panelBox.y, 'in sight').to.be.within(0, viewport.height - 100);
      await expectAccessible(page, 'dispatch on a desktop, candidates open');
    });
  });

  it('the dashboard’s billed sessions are the access panel’s filled requests billed as a session, and it says what the rest are', async () => {
    // A session to come this year (or the next, near the new year: the dashboard shows this year's, unchanged then).
    await accepted(hungarian(DateTime.now().setZone(ZONE).plus({ hours: 5 }).startOf('hour')));
    const page = await logIn(await contexts.open(DESKTOP), platform.url, 'ars@demo.test');
    const sessions = page.getByTestId('total-sessions');
    await sessions.waitFor();
    const detail = page.getByTestId('access-filled-detail');
    await detail.waitFor({ timeout: 60_000 });
    const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
    const billed = digits(await page.getByTestId('access-filled-sessions').textContent());
    console.log(`      measured: ${digits(await sessions.textContent())} billed sessions on the dashboard; the access panel: ${await detail.textContent()}`);
    expect(billed).to.equal(digits(await sessions.textContent()));
    const [filled, upcoming, free] = await Promise.all(['access-filled', 'access-filled-upcoming', 'access-filled-free'].map(async (id) => digits(await page.getByTestId(id).textContent())));
    expect(filled, 'filled = billed + to come + cancelled without a fee').to.equal(billed + upcoming! + free!);
    expect(filled, 'the two figures differ, and the panel says why').to.be.above(billed);
    await page.getByText('Séances facturées', { exact: true }).waitFor();
    await expectAccessible(page, 'dashboard');
  });
});
