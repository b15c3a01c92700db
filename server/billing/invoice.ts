import { InvoiceService, type Invoice } from '@e-invoice-eu/core';
import { DateTime } from 'luxon';
import { MODALITY_LABELS, type Modality } from '../../shared/enums';
import type { InvoiceBuyer } from '../../shared/schemas/billing';
import { monthLabel } from '../platform/reports';
import type { StatementFigures } from './statement-store';

// An approved statement as an EN 16931 invoice, written by @e-invoice-eu/core (never by hand): we give it
// the invoice in its UBL-shaped JSON and it writes the CII XML that a Factur-X EN 16931 PDF embeds.
//   seller  the agency (SIRET, scheme 0009), its VAT exemption stated on every line (category E);
//   buyer   the ARS of the statement's region, as its auditors set it on the year's envelope: SIRET,
//           Chorus Pro service code in BT-10 (BuyerReference), engagement number in BT-13 (OrderReference);
//   lines   the statement's lines less those held apart as disputed, one invoice line per modality or per
//           structure (quantity 1, the amount as price), then one line per corrected month for the
//           adjustments (a negative one as quantity -1, EN 16931 refusing a negative price);
//   number  '<month>-<region>': an agency has one statement per region and month, so it is unique per seller.

export interface Seller {
  name: string;
  siret: string;
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

/** The invoice in the library's UBL-shaped input. `issued` is the approval's date, 'YYYY-MM-DD'. */
export function invoiceData(statement: { month: string; region: string; issued: string }, seller: Seller, buyer: InvoiceBuyer, lines: readonly InvoiceLine[]): Invoice {
  const total = lines.reduce((sum, line) => sum + line.cents, 0);
  const first = DateTime.fromISO(`${statement.month}-01`);
  const exempt = { 'cbc:ID': 'E', 'cbc:Percent': '0', 'cac:TaxScheme': { 'cbc:ID': 'VAT' } };
  const party = (name: string, siret: string) => ({
    'cbc:EndpointID': siret,
    'cbc:EndpointID@schemeID': '0009',
    'cac:PostalAddress': { 'cac:Country': { 'cbc:IdentificationCode': 'FR' } },
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': name, 'cbc:CompanyID': siret, 'cbc:CompanyID@schemeID': '0009' },
  });
  const identification = { 'cbc:ID': buyer.siret, 'cbc:ID@schemeID': '0009' };
  return {
    'ubl:Invoice': {
      'cbc:ID': `${statement.month}-${statement.region}`,
      'cbc:IssueDate': statement.issued,
      // Public bodies pay within 30 days (French public procurement code, art. R2192-10).
      'cbc:DueDate': DateTime.fromISO(statement.issued).plus({ days: 30 }).toISODate()!,
      'cbc:InvoiceTypeCode': '380',
      'cbc:DocumentCurrencyCode': 'EUR',
      ...(buyer.serviceCode ? { 'cbc:BuyerReference': buyer.serviceCode } : {}),
      'cac:InvoicePeriod': { 'cbc:StartDate': first.toISODate()!, 'cbc:EndDate': first.endOf('month').toISODate()! },
      ...(buyer.engagementNumber ? { 'cac:OrderReference': { 'cbc:ID': buyer.engagementNumber } } : {}),
      'cac:AccountingSupplierParty': { 'cac:Party': { ...party(seller.name, seller.siret), 'cac:PartyIdentification': [{ 'cbc:ID': seller.siret, 'cbc:ID@schemeID': '0009' }] } },
      'cac:AccountingCustomerParty': { 'cac:Party': { ...party(buyer.name, buyer.siret), 'cac:PartyIdentification': identification } },
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
      'cac:InvoiceLine': lines.map((line, i) => ({
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
