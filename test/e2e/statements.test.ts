import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { DESKTOP, expectAccessible, expectNoSideways, frenchContexts, launchBrowser, logIn, PHONE, screenshot, startPlatform, type Platform } from './support';

// A month of the demo's history goes through its statement's life in the pages: the agency's dispatcher
// sends it, the region's auditor refuses it with a reason, the agency sends it again, the auditor approves
// it and downloads its invoice and lines; the auditor's dashboard sets the year's statements against the
// envelope. Every figure shown is compared with what the API answers.

interface Totals { sessions: number; minutes: number; costCents: number; adjustmentsCents: number; disputedCents: number }
interface Summary { id: string; agencyId: string; month: string; status: string; totals: Totals; rejection: { reason: string } | null }
interface Detail extends Summary { lines: Array<{ requestId: string; structureId: string; costCents: number }>; structureNames: Record<string, string> }

const payable = (t: Totals) => t.costCents - t.disputedCents + t.adjustmentsCents;
/** An amount as the page shows it ("39 045,51 €"), read back as cents: its digits. */
const cents = async (locator: Locator) => Number((await locator.textContent())!.replace(/[^\d-]/g, ''));
/** Links and buttons of the page's content lower than 24 px (WCAG 2.2, 2.5.8), as `text: height`. */
const smallTargets = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.ars a, .ars button, .ars label'))
  .map((el) => ({ el, box: el.getBoundingClientRect() }))
  .filter(({ el, box }) => box.width > 0 && el.offsetParent !== null && box.height < 24)
  .map(({ el, box }) => `${el.textContent?.trim().slice(0, 40)}: ${box.height.toFixed(1)} px`));
const monthWords = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy');

describe('Monthly statements in the pages', function () {
  this.timeout(180_000);
  let platform: Platform;
  let browser: Browser;
  const contexts = frenchContexts(() => browser);
  // A past month of the demo's year of history: every day of it billed, nothing of it decided yet.
  const month = DateTime.now().setZone('Europe/Paris').minus({ months: 2 }).toFormat('yyyy-MM');
  let dispatcher: string;
  let auditor: string;
  let statementId: string;

  const statement = async () => (await platform.api<Detail>(auditor, 'GET', `/api/statements/${statementId}`)).body;

  before(async function () {
    this.timeout(300_000);
    platform = await startPlatform();
    browser = await launchBrowser();
    dispatcher = await platform.token('dispatch@demo.test');
    auditor = await platform.token('ars@demo.test');
    const listed = await platform.api<Summary[]>(dispatcher, 'GET', `/api/statements?month=${month}`);
    expect(listed.status).to.equal(200);
    expect(listed.body.map((s) => s.status), 'the month is a draft').to.deep.equal(['draft']);
    statementId = listed.body[0]!.id;
  });
  after(async () => {
    await contexts.closeAll();
    await browser?.close();
    await platform?.stop();
  });

  /** What an invoice needs and the demo leaves out: the agency's SIRET and VAT exemption, the ARS as the buyer. */
  const invoiceDetails = async (agencyId: string) => {
    const admin = await platform.token('admin@demo.test');
    const agency = await platform.api(admin, 'PATCH', `/api/agencies/${agencyId}`, { siret: '12345678900011', vatId: 'FR32123456789', vatExemptionReason: 'Exonération de TVA, article 261-4-1° du CGI' });
    expect(agency.status, JSON.stringify(agency.body)).to.equal(200);
    const year = month.slice(0, 4);
    const budget = await platform.api<{ envelopeCents: number | null }>(auditor, 'GET', `/api/reports/budget?year=${year}`);
    const envelope = await platform.api(auditor, 'PUT', `/api/envelopes/${year}`, { amountCents: budget.body.envelopeCents ?? 100_000_000, buyer: { name: 'ARS Auvergne-Rhône-Alpes', siret: '13000000000010', serviceCode: 'ARS-ARA-DPS', engagementNumber: 'EJ-2026-0042' } });
    expect(envelope.status, JSON.stringify(envelope.body)).to.equal(200);
  };

  /** The notice area holds one message, the last one. */
  const expectOneNotice = async (page: Page, text: RegExp) => {
    const notices = page.getByTestId('notice').locator('.alert');
    await page.getByTestId('notice').getByText(text).waitFor();
    expect(await notices.count(), 'notices replace each other').to.equal(1);
  };

  /** The opened statement's totals as the API gives them. */
  const expectTotals = async (page: Page, s: Detail) => {
    const totals = page.getByTestId('statement-totals');
    expect(Number((await totals.getByTestId('statement-sessions').textContent())!.replace(/\D/g, ''))).to.equal(s.totals.sessions);
    expect(Number((await totals.getByTestId('statement-minutes').textContent())!.replace(/\D/g, ''))).to.equal(s.totals.minutes);
    expect(await cents(totals.getByTestId('statement-cost'))).to.equal(s.totals.costCents);
    expect(await cents(totals.getByTestId('statement-adjustments'))).to.equal(s.totals.adjustmentsCents);
    expect(await cents(totals.getByTestId('statement-disputed'))).to.equal(s.totals.disputedCents);
    expect(await cents(totals.getByTestId('statement-payable'))).to.equal(payable(s.totals));
  };

  const download = async (page: Page, link: Locator): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]) as [Download, void];
    return readFile((await file.path())!, 'utf8');
  };

  it('draft → sent by the agency → refused with a reason → sent again → approved by the region, then its invoice and lines downloaded', async () => {
    const started = Date.now();
    const agency = await logIn(await contexts.open(DESKTOP), platform.url, 'dispatch@demo.test');
    await agency.getByRole('link', { name: 'Relevés mensuels' }).click();
    const row = agency.getByTestId('statement-months').locator(`tr[data-month="${month}"]`);
    await row.waitFor();
    expect(await row.locator('[data-status]').textContent()).to.equal('Brouillon');
    const draft = await statement();
    expect(await cents(row.locator('td.ars-num').last())).to.equal(payable(draft.totals));
    await expectAccessible(agency, 'dispatcher, statements');
    await row.getByRole('link', { name: /Ouvrir/ }).click();
    await agency.getByRole('heading', { name: `Relevé de ${monthWords(month)}` }).waitFor();
    await expectTotals(agency, draft);
    const lines = agency.getByTestId('statement-lines').locator('tbody tr');
    expect(await lines.count(), 'a page of lines').to.equal(Math.min(100, draft.lines.length));
    const first = draft.lines[0]!;
    expect(await lines.first().getAttribute('data-request-id')).to.equal(first.requestId);
    expect(await lines.first().locator('td').nth(1).textContent()).to.equal(draft.structureNames[first.structureId]);
    await agency.getByRole('button', { name: 'Transmettre le relevé' }).click();
    const confirm = agency.getByRole('dialog', { name: `Transmettre le relevé de ${monthWords(month)} ?` });
    await confirm.waitFor();
    await expectAccessible(agency, 'dispatcher, confirmation');
    await confirm.getByRole('button', { name: 'Transmettre', exact: true }).click();
    await expectOneNotice(agency, /est transmis à l’ARS/);
    await agency.getByTestId('statement-state').getByText('Transmis', { exact: true }).waitFor();
    expect((await statement()).status).to.equal('submitted');

    const region = await logIn(await contexts.open(DESKTOP), platform.url, 'ars@demo.test');
    await region.getByRole('link', { name: 'Relevés des agences' }).click();
    await region.getByLabel('Mois').selectOption(month);
    const listed = region.getByTestId('agency-statements').locator(`tr[data-statement-id="${statementId}"]`);
    await listed.waitFor();
    expect(await listed.locator('[data-status]').textContent()).to.equal('Transmis');
    expect(await region.getByTestId('agency-statements').locator('tbody tr').count(), 'every agency of the month')
      .to.equal((await platform.api<Summary[]>(auditor, 'GET', `/api/statements?month=${month}`)).body.length);
    await expectAccessible(region, 'auditor, statements of a month');
    await listed.getByRole('link', { name: /Ouvrir/ }).click();
    await expectTotals(region, await statement());
    await region.getByRole('button', { name: 'Refuser' }).click();
    const refuse = region.getByRole('dialog');
    await refuse.getByRole('button', { name: 'Refuser le relevé' }).click();
    await refuse.getByText('Indiquez le motif du refus').waitFor();
    expect((await statement()).status, 'no reason, nothing sent').to.equal('submitted');
    await expectAccessible(region, 'auditor, refusal without a reason');
    const reason = 'Les séances du 14 sont comptées deux fois.';
    await refuse.getByLabel('Motif du refus').fill(reason);
    await refuse.getByRole('button', { name: 'Refuser le relevé' }).click();
    await expectOneNotice(region, /est refusé/);
    expect((await statement())).to.deep.include({ status: 'rejected', rejection: { reason } });

    await agency.getByRole('link', { name: '← Tous les mois' }).click();
    await row.locator('[data-status="rejected"]').waitFor();
    expect(await row.textContent()).to.include(`Motif : ${reason}`);
    await row.getByRole('link', { name: /Ouvrir/ }).click();
    expect(await agency.getByTestId('statement-reason').textContent()).to.equal(reason);
    await agency.getByRole('button', { name: 'Transmettre à nouveau' }).click();
    await agency.getByRole('dialog').getByRole('button', { name: 'Transmettre', exact: true }).click();
    await agency.getByTestId('statement-state').getByText('Transmis', { exact: true }).waitFor();
    await expectOneNotice(agency, /est transmis à l’ARS/);
    expect((await statement()).status).to.equal('submitted');

    await region.getByRole('link', { name: '← Tous les relevés' }).click();
    await listed.locator('[data-status="submitted"]').waitFor();
    await listed.getByRole('link', { name: /Ouvrir/ }).click();
    await region.getByRole('button', { name: 'Approuver' }).click();
    await expectOneNotice(region, /est approuvé/);
    const approved = await statement();
    expect(approved.status).to.equal('approved');
    await region.getByTestId('statement-state').getByText('Approuvé', { exact: true }).waitFor();
    expect(await region.getByRole('button', { name: 'Approuver' }).count(), 'decided once').to.equal(0);

    const downloads = region.getByTestId('statement-downloads');
    await downloads.getByLabel('une ligne par structure').check();
    expect(await downloads.getByRole('link', { name: /Facture \(PDF/ }).getAttribute('href')).to.equal(`/api/statements/${statementId}/invoice.pdf?lines=structure`);
    // The demo's agency has no SIRET yet: the page says what the invoice lacks, and saves no file.
    await downloads.getByRole('link', { name: /Facture \(XML/ }).click();
    await expectOneNotice(region, /il manque le SIRET de l’agence/);
    await invoiceDetails(approved.agencyId);
    const xml = await download(region, downloads.getByRole('link', { name: /Facture \(XML/ }));
    expect([...xml.matchAll(/<ram:GrandTotalAmount>([^<]*)</g)].map((m) => m[1])).to.deep.equal([(payable(approved.totals) / 100).toFixed(2)]);
    const names = new Set(Object.values(approved.structureNames).map((name) => `Interprétariat : ${name}`));
    const invoiced = [...xml.matchAll(/<ram:Name>(Interprétariat : [^<]*)</g)].map((m) => m[1]!);
    expect(invoiced.length, 'a line per structure').to.be.greaterThan(0);
    expect(invoiced.every((name) => names.has(name))).to.equal(true);
    const csv = await download(region, downloads.getByRole('link', { name: 'Lignes du relevé (CSV)' }));
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((r) => r.split(';'));
    expect(rows[0]).to.include.members(['Date', 'Structure', 'Montant (€)']);
    expect(rows.filter((r) => r[0] === 'Séance')).to.have.length(approved.lines.length);
    await expectAccessible(region, 'auditor, approved statement');
    await screenshot(region, '28-releve-approuve', false);
    console.log(`      (draft to approved in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });

  it('the dashboard sets the year’s approved, sent and still-to-come statements against the envelope, as the API adds them up', async () => {
    const year = Number(month.slice(0, 4));
    const sums = (await platform.api<{ approvedCents: number; submittedCents: number; toComeCents: number }>(auditor, 'GET', `/api/reports/statements?year=${year}`)).body;
    expect(sums.approvedCents, 'the month approved above').to.equal(payable((await statement()).totals));
    const page = await logIn(await contexts.open(DESKTOP), platform.url, 'ars@demo.test');
    if (year !== DateTime.now().setZone('Europe/Paris').year) await page.getByLabel('Année').selectOption(String(year));
    const summary = page.getByTestId('statements-summary');
    await summary.getByTestId('statements-approved').waitFor();
    expect(await cents(summary.getByTestId('statements-approved'))).to.equal(sums.approvedCents);
    expect(await cents(summary.getByTestId('statements-submitted'))).to.equal(sums.submittedCents);
    expect(await cents(summary.getByTestId('statements-to-come'))).to.equal(sums.toComeCents);
    expect(await summary.evaluate((card) => Array.from(card.querySelectorAll('a')).filter((a) => a.getBoundingClientRect().height < 24).length), 'targets of 24 px').to.equal(0);
    await expectAccessible(page, 'auditor dashboard, statements');
  });

  it('the auditor names the ARS as the invoices’ buyer from the envelope dialog; the audit trail says it in words', async () => {
    const year = DateTime.now().setZone('Europe/Paris').year;
    const page = await logIn(await contexts.open(PHONE), platform.url, 'ars@demo.test');
    await page.getByRole('button', { name: /l’enveloppe$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('SIRET de l’ARS').fill('1300 0000 0000');
    await dialog.getByLabel('Nom de l’ARS (acheteur sur les factures)').fill('ARS Auvergne-Rhône-Alpes, service des achats');
    await dialog.getByLabel('Code service Chorus Pro').fill('ACHATS-69');
    // The form shows the buyer already set (another test's); an emptied optional field leaves it out.
    await dialog.getByLabel('Numéro d’engagement').fill('');
    await expectAccessible(page, 'envelope dialog with the buyer');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Format invalide', { exact: false }).waitFor();
    await dialog.getByLabel('SIRET de l’ARS').fill('1300 0000 000 010');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const budget = (await platform.api<{ buyer: unknown }>(auditor, 'GET', `/api/reports/budget?year=${year}`)).body;
    expect(budget.buyer).to.deep.equal({ name: 'ARS Auvergne-Rhône-Alpes, service des achats', siret: '13000000000010', serviceCode: 'ACHATS-69' });
    await page.getByText(/acheteur : ARS Auvergne-Rhône-Alpes, service des achats/).first().waitFor();
    await expectNoSideways(page);
  });

  for (const role of ['dispatch@demo.test', 'ars@demo.test']) {
    it(`at 390 px the statements and an opened one fit the screen (${role}), axe clean`, async () => {
      const page = await logIn(await contexts.open(PHONE), platform.url, role);
      await page.goto(`${platform.url}/#/releves`);
      await page.locator('[data-statement-id]').first().waitFor();
      await expectNoSideways(page);
      expect(await smallTargets(page)).to.deep.equal([]);
      await expectAccessible(page, `statements at 390 px (${role})`);
      await page.goto(`${platform.url}/#/releves?id=${statementId}`);
      await page.getByTestId('statement-lines').waitFor();
      await expectNoSideways(page);
      expect(await smallTargets(page)).to.deep.equal([]);
      await expectAccessible(page, `a statement at 390 px (${role})`);
      await screenshot(page, `28-releve-390-${role.split('@')[0]}`, false);
    });
  }
});
