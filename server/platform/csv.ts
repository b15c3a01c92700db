import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';

// Every CSV the platform writes goes through here: one place neutralises spreadsheet formulas and
// formats numbers and amounts the way the file's readers expect.

export type Separator = 'comma' | 'semicolon';

/** An amount in euros, given in cents: written with two decimals (`15,00` in a French file). */
export interface Euros {
  cents: number;
}

/** A cell: text (neutralised if a spreadsheet would run it), a plain number, or an amount. */
export type Cell = string | number | Euros | null | undefined;

export const euros = (cents: number): Euros => ({ cents });

/**
 * Text that a spreadsheet would take for a formula: it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (OWASP, "CSV Injection"). Such a cell gets a leading apostrophe, which Excel and
 * LibreOffice show as text, and is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(value: Cell, decimalComma: boolean): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimalComma ? String(value).replace('.', ',') : value;
  if (typeof value === 'object') {
    const text = (Math.round(value.cents) / 100).toFixed(2);
    return decimalComma ? text.replace('.', ',') : text;
  }
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * CSV as spreadsheets open it: UTF-8 with a byte-order mark (without it Excel reads accents as Latin-1),
 * CRLF line ends, and with `semicolon` the separator and the decimal comma of a French Excel. With
 * `comma`, decimals keep their point (a decimal comma would have to be quoted, and read as text).
 * Numbers, negative ones included, stay numbers; only text cells are neutralised.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>, separator: Separator = 'comma'): string {
  const decimalComma = separator === 'semicolon';
  const cells = [header.map((name) => cellText(name, false)), ...rows.map((row) => row.map((value) => cellText(value, decimalComma)))];
  return `\uFEFF${stringify(cells, { delimiter: decimalComma ? ';' : ',', record_delimiter: 'windows', quoted_match: /^'/ })}`;
}

/** Answers a CSV file as a download named `filename`. */
export function sendCsv(res: Response, filename: string, csv: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.status(200).send(csv);
}
