import { PDFDocument, PDFName, PDFRawStream, PDFRef } from '@cantoo/pdf-lib';
import { InvoiceService, type Invoice } from '@e-invoice-eu/core';
import { DateTime } from 'luxon';
import { MODALITY_LABELS, type Modality } from '../../shared/enums';
import type { InvoiceBuyer } from '../../shared/schemas/billing';
import { monthLabel } from '../platform/reports';
import type { StatementFigures } from './statement-store';

// An approved statement as an EN 16931 invoice, written by @e-invoice-eu/core (never by hand): we give it
// the invoice in its UBL-shaped JSON and it writes the CII XML, or the Factur-X PDF that embeds it.
//   seller  the agency (SIRET, scheme 0009; its VAT number, BT-31), its VAT exemption stated on every
//           line (category E; rule BR-E-02 wants the seller's VAT number on an exempt invoice);
//   buyer   the ARS of the statement's region, as its auditors set it on the year's envelope: SIRET,
//           Chorus Pro service code in BT-10 (BuyerReference), engagement number in BT-13 (OrderReference);
//   period  the statement's month (BG-14), its last day as the delivery date (BT-72: the CII schema of
//           the EN 16931 profile requires the delivery block, and the services are complete on that day);
//   lines   the statement's lines less those held apart as disputed, one invoice line per modality or per
//           structure (quantity 1, the amount as price), then one line per corrected month for the
//           adjustments (a negative one as quantity -1, EN 16931 refusing a negative price);
//   number  '<month>-<region>': an agency has one statement per region and month, so it is unique per seller.

export interface Seller {
  name: string;
  siret: string;
  /** Intra-community VAT number, 'FR' + key + SIREN. */
  vatId: string;
  vatExemptionReason: string;
}

export interface InvoiceLine {
  name: string;
  cents: number;
}

/** The invoice lines of a statement's figures, grouped as the ARS chose; `structureName` names a structure. */
export function invoiceLines(figures: StatementFigures, groupBy: 'modality' | 'structure', structureName: (id: string) => string): InvoiceLine[] {
  const held = new Set(figures.heldRequestIds);
  const groups = new Map<string, InvoiceLine>();
  for (const line of figures.lines.filter((l) => !held.has(l.requestId))) {
    const name = groupBy === 'modality' ? `Interprétariat : ${MODALITY_LABELS[line.modality as Modality] ?? line.modality}` : `Interprétariat : ${structureName(line.structureId)}`;
    const group = groups.get(name) ?? { name, cents: 0 };
    group.cents += line.costCents;
    groups.set(name, group);
  }
  for (const adjustment of figures.adjustments) {
    const name = `Régularisation de ${monthLabel(adjustment.corrects)}`;
    const group = groups.get(name) ?? { name, cents: 0 };
    group.cents += adjustment.costCents;
    groups.set(name, group);
  }
  return [...groups.values()].filter((line) => line.cents !== 0);
}

/** Cents as the invoice writes an amount: '1234.50', '-0.05'. */
export function amount(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const money = (field: string, cents: number) => ({ [field]: amount(cents), [`${field}@currencyID`]: 'EUR' });

/** What an invoice says, before the library writes it: amounts in euro cents, dates 'YYYY-MM-DD'. */
export interface InvoiceDocument {
  number: string;
  issued: string;
  due: string;
  period: { start: string; end: string };
  seller: Seller;
  buyer: InvoiceBuyer;
  lines: readonly InvoiceLine[];
  totalCents: number;
}

/** The invoice of a statement's month. `issued` is the approval's date, 'YYYY-MM-DD'. */
export function invoiceDocument(statement: { month: string; region: string; issued: string }, seller: Seller, buyer: InvoiceBuyer, lines: readonly InvoiceLine[]): InvoiceDocument {
  const first = DateTime.fromISO(`${statement.month}-01`);
  return {
    number: `${statement.month}-${statement.region}`,
    issued: statement.issued,
    // Public bodies pay within 30 days (French public procurement code, art. R2192-10).
    due: DateTime.fromISO(statement.issued).plus({ days: 30 }).toISODate()!,
    period: { start: first.toISODate()!, end: first.endOf('month').toISODate()! },
    seller,
    buyer,
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.cents, 0),
  };
}

/** The invoice in the library's UBL-shaped input. */
export function invoiceData(doc: InvoiceDocument): Invoice {
  const { seller, buyer, totalCents: total } = doc;
  const exempt = { 'cbc:ID': 'E', 'cbc:Percent': '0', 'cac:TaxScheme': { 'cbc:ID': 'VAT' } };
  const party = (siret: string) => ({
    'cbc:EndpointID': siret,
    'cbc:EndpointID@schemeID': '0009',
    'cac:PostalAddress': { 'cac:Country': { 'cbc:IdentificationCode': 'FR' } },
  });
  const legal = (name: string, siret: string) => ({ 'cbc:RegistrationName': name, 'cbc:CompanyID': siret, 'cbc:CompanyID@schemeID': '0009' });
  return {
    'ubl:Invoice': {
      'cbc:ID': doc.number,
      'cbc:IssueDate': doc.issued,
      'cbc:DueDate': doc.due,
      'cbc:InvoiceTypeCode': '380',
      'cbc:DocumentCurrencyCode': 'EUR',
      ...(buyer.serviceCode ? { 'cbc:BuyerReference': buyer.serviceCode } : {}),
      'cac:InvoicePeriod': { 'cbc:StartDate': doc.period.start, 'cbc:EndDate': doc.period.end },
      ...(buyer.engagementNumber ? { 'cac:OrderReference': { 'cbc:ID': buyer.engagementNumber } } : {}),
      'cac:AccountingSupplierParty': {
        'cac:Party': {
          ...party(seller.siret),
          'cac:PartyIdentification': [{ 'cbc:ID': seller.siret, 'cbc:ID@schemeID': '0009' }],
          'cac:PartyTaxScheme': [{ 'cbc:CompanyID': seller.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }],
          'cac:PartyLegalEntity': legal(seller.name, seller.siret),
        },
      },
      'cac:AccountingCustomerParty': {
        'cac:Party': { ...party(buyer.siret), 'cac:PartyIdentification': { 'cbc:ID': buyer.siret, 'cbc:ID@schemeID': '0009' }, 'cac:PartyLegalEntity': legal(buyer.name, buyer.siret) },
      },
      'cac:Delivery': { 'cbc:ActualDeliveryDate': doc.period.end },
      'cac:TaxTotal': [{
        ...money('cbc:TaxAmount', 0),
        'cac:TaxSubtotal': [{ ...money('cbc:TaxableAmount', total), ...money('cbc:TaxAmount', 0), 'cac:TaxCategory': { ...exempt, 'cbc:TaxExemptionReason': seller.vatExemptionReason } }],
      }],
      'cac:LegalMonetaryTotal': {
        ...money('cbc:LineExtensionAmount', total),
        ...money('cbc:TaxExclusiveAmount', total),
        ...money('cbc:TaxInclusiveAmount', total),
        ...money('cbc:PayableAmount', total),
      },
      'cac:InvoiceLine': doc.lines.map((line, i) => ({
        'cbc:ID': String(i + 1),
        'cbc:InvoicedQuantity': line.cents < 0 ? '-1' : '1',
        'cbc:InvoicedQuantity@unitCode': 'C62',
        ...money('cbc:LineExtensionAmount', line.cents),
        'cac:Item': { 'cbc:Name': line.name, 'cac:ClassifiedTaxCategory': exempt },
        'cac:Price': money('cbc:PriceAmount', Math.abs(line.cents)),
      })),
    },
  } as unknown as Invoice;
}

const service = new InvoiceService({ log: () => undefined, warn: () => undefined, error: () => undefined });

/** The invoice's XML (CII, EN 16931: the XML a Factur-X EN 16931 PDF embeds). The library checks its input's shape. */
export async function invoiceXml(data: Invoice): Promise<string> {
  return String(await service.generate(data, { format: 'CII', lang: 'fr-fr' }));
}

/**
 * The Factur-X EN 16931 invoice: `page` (a PDF, the invoice as people read it) made PDF/A-3 by the library
 * (XMP metadata, sRGB output intent) with the invoice's CII XML attached as factur-x.xml.
 */
export async function invoiceFacturX(doc: InvoiceDocument, page: Uint8Array): Promise<Uint8Array> {
  const pdf = await service.generate(invoiceData(doc), { format: 'Factur-X-EN16931', lang: 'fr-fr', pdf: { buffer: page, filename: 'facture.pdf', mimetype: 'application/pdf' } });
  if (typeof pdf === 'string') throw new Error('@e-invoice-eu/core wrote a string for a Factur-X PDF');
  return utf8Metadata(pdf, doc.seller.name);
}

/** Each character's low byte: what pdf-lib keeps of a string it writes as a stream. */
const lowBytes = (text: string) => String.fromCharCode(...[...text].map((c) => c.charCodeAt(0) & 0xff));
/** Text as the library's XML writer escapes it in an element. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The library's XMP packet, encoded in UTF-8 as PDF/A and Factur-X readers require. @e-invoice-eu/core
 * 2.3.4 hands pdf-lib the packet as a string, which keeps each character's low byte (its issue 435, fixed
 * upstream, not yet released): an accented seller name then makes the packet unreadable (invalid UTF-8).
 * Read back as Latin-1, every character below U+0100 is what the library meant; the seller's name, the
 * packet's one piece that may hold others (’, œ), is put back whole; its BOM, written as the three bytes
 * of U+FEFF in UTF-8, becomes U+FEFF again.
 */
async function utf8Metadata(pdf: Uint8Array, sellerName: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
  if (!(ref instanceof PDFRef) || !(stream instanceof PDFRawStream) || stream.dict.has(PDFName.of('Filter'))) throw new Error('@e-invoice-eu/core wrote no plain XMP metadata stream');
  const xmp = Buffer.from(stream.contents).toString('latin1').replaceAll('\u00ef\u00bb\u00bf', '\ufeff').replaceAll(escaped(lowBytes(sellerName)), escaped(sellerName));
  const bytes = new TextEncoder().encode(xmp);
  doc.context.assign(ref, doc.context.stream(bytes, { Type: 'Metadata', Subtype: 'XML', Length: bytes.length }));
  return doc.save();
}
