import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';
import { DateTime } from 'luxon';
import type { InvoiceDocument } from './invoice';

// The invoice as people read it: one A4 page (more when the lines run over), in French, that
// @e-invoice-eu/core then makes a Factur-X PDF/A-3 by attaching the XML. Written with @cantoo/pdf-lib, the
// maintained fork of pdf-lib that the invoice library itself uses. PDF/A wants every font embedded, so
// the standard 14 fonts are out: DejaVu Sans (npm dejavu-fonts-ttf, TrueType, a free licence) is embedded,
// subset to the glyphs used; it covers the accents and the euro sign.

const require = createRequire(import.meta.url);
const FONT_FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;
let fontBytes: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/** The two TrueType files, read once per process. */
function fonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fontBytes ??= Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }));
  return fontBytes;
}

const A4 = [595.28, 841.89] as const;
const MARGIN = 50;
const SIZE = 10;
const LEADING = 14;
const GREY = rgb(0.35, 0.35, 0.35);
const NBSP = '\u00a0';

/** Euro cents as French invoices write them: '1 234,50 €' (no-break spaces). */
export function euros(cents: number): string {
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${cents < 0 ? '-' : ''}${units},${String(abs % 100).padStart(2, '0')}${NBSP}€`;
}

const day = (iso: string) => DateTime.fromISO(iso).toFormat('dd/MM/yyyy');

/** Words of `text` laid in lines no wider than `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  return line ? [...lines, line] : lines;
}

/** A cursor down the pages: writes lines of text, starts a new page when one is full. */
class Writer {
  page: PDFPage;
  y = A4[1] - MARGIN;
  constructor(private readonly pdf: PDFDocument, readonly regular: PDFFont, readonly bold: PDFFont, private readonly onNewPage: () => void = () => {}) {
    this.page = pdf.addPage([...A4]);
  }
  /** Room for `height` points, or a new page (whose header `onNewPage` draws). */
  need(height: number) {
    if (this.y - height >= MARGIN + LEADING) return;
    this.page = this.pdf.addPage([...A4]);
    this.y = A4[1] - MARGIN;
    this.onNewPage();
  }
  text(text: string, options: { x?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; right?: number } = {}) {
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? SIZE;
    const x = options.right !== undefined ? options.right - font.widthOfTextAtSize(text, size) : (options.x ?? MARGIN);
    this.page.drawText(text, { x, y: this.y, size, font, color: options.color ?? rgb(0, 0, 0) });
  }
  paragraph(text: string, options: { x?: number; width?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb> } = {}) {
    const size = options.size ?? SIZE;
    for (const line of wrap(text, options.bold ? this.bold : this.regular, size, options.width ?? A4[0] - 2 * MARGIN)) {
      this.need(LEADING);
      this.text(line, options);
      this.y -= LEADING;
    }
  }
  rule() {
    this.page.drawLine({ start: { x: MARGIN, y: this.y + LEADING - 4 }, end: { x: A4[0] - MARGIN, y: this.y + LEADING - 4 }, thickness: 0.5, color: GREY });
  }
}

/**
 * The invoice's visible pages (a plain PDF; not PDF/A yet): number, dates, seller, buyer, a row per line,
 * the totals, the VAT exemption and a note that the attached XML is the structured invoice.
 */
export async function invoicePage(doc: InvoiceDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const bytes = await fonts();
  const [regular, bold] = await Promise.all([pdf.embedFont(bytes.regular, { subset: true }), pdf.embedFont(bytes.bold, { subset: true })]);
  pdf.setTitle(`Facture ${doc.number}`);
  pdf.setLanguage('fr-FR');
  const right = A4[0] - MARGIN;
  const tableHeader = () => {
    w.text('Désignation', { bold: true });
    w.text('Montant HT', { bold: true, right });
    w.y -= LEADING;
    w.rule();
  };
  // A page break inside the table repeats its header; one after the table does not.
  let inTable = false;
  const w = new Writer(pdf, regular, bold, () => inTable && tableHeader());

  w.text('FACTURE', { size: 20, bold: true });
  w.text(`N° ${doc.number}`, { size: 12, bold: true, right });
  w.y -= 30;
  for (const [label, value] of [['Date d’émission', day(doc.issued)], ['Échéance', day(doc.due)], ['Période', `du ${day(doc.period.start)} au ${day(doc.period.end)}`]] as const) {
    w.text(`${label} :`, { color: GREY });
    w.text(value, { x: MARGIN + 100 });
    w.y -= LEADING;
  }
  w.y -= LEADING;

  const column = (A4[0] - 2 * MARGIN) / 2;
  const top = w.y;
  const party = (x: number, title: string, name: string, rows: Array<[string, string | undefined]>) => {
    w.y = top;
    w.text(title, { x, bold: true, color: GREY });
    w.y -= LEADING;
    w.paragraph(name, { x, width: column - 10, bold: true });
    for (const [label, value] of rows) if (value) w.paragraph(`${label} : ${value}`, { x, width: column - 10 });
    return w.y;
  };
  const sellerEnd = party(MARGIN, 'Vendeur', doc.seller.name, [['SIRET', doc.seller.siret], ['N° TVA intracommunautaire', doc.seller.vatId]]);
  const buyerEnd = party(MARGIN + column, 'Acheteur', doc.buyer.name, [['SIRET', doc.buyer.siret], ['Code service', doc.buyer.serviceCode], ['N° d’engagement', doc.buyer.engagementNumber]]);
  w.y = Math.min(sellerEnd, buyerEnd) - 2 * LEADING;

  tableHeader();
  inTable = true;
  for (const line of doc.lines) {
    const names = wrap(line.name, regular, SIZE, right - MARGIN - 100);
    w.need(names.length * LEADING);
    w.text(euros(line.cents), { right });
    for (const name of names) {
      w.text(name);
      w.y -= LEADING;
    }
  }
  w.rule();
  inTable = false;
  // The totals and the notes together (about 12 lines): kept on one page.
  w.need(12 * LEADING);
  for (const [label, value, strong] of [['Total HT', euros(doc.totalCents), false], ['TVA (exonération)', euros(0), false], ['Total TTC', euros(doc.totalCents), false], ['Net à payer', euros(doc.totalCents), true]] as const) {
    w.text(label, { x: right - 220, bold: strong });
    w.text(value, { right, bold: strong });
    w.y -= LEADING;
  }
  w.y -= LEADING;
  w.paragraph(doc.seller.vatExemptionReason);
  w.paragraph('Paiement à 30 jours (délai de paiement des personnes publiques, article R2192-10 du code de la commande publique).', { color: GREY });
  w.y -= LEADING;
  w.paragraph('Facture électronique Factur-X, profil EN 16931 : le fichier factur-x.xml joint à ce PDF en est la version structurée, qui fait foi.', { size: 8, color: GREY });
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const text = `Facture ${doc.number} — page ${i + 1} sur ${pages.length}`;
    page.drawText(text, { x: A4[0] - MARGIN - regular.widthOfTextAtSize(text, 8), y: MARGIN / 2, size: 8, font: regular, color: GREY });
  });
  return pdf.save();
}
