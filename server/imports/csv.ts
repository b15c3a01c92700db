import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { foldKey } from '../../shared/fold';
import { AppError } from '../platform/errors';

// Reading a CSV file as French spreadsheets write it: semicolons (commas also accepted when the header
// line has more of them), UTF-8 with or without a byte-order mark or Windows-1252, headers with or without accents and
// in any case, cells trimmed, empty lines skipped. csv-parse (the sibling of csv-stringify, which writes
// our exports) handles quoted cells, separators and line breaks inside quotes, and CRLF.

/** The most data rows one import takes: a region's structures or interpreters fit many times over. */
export const MAX_ROWS = 2000;

export interface Column<K extends string> {
  key: K;
  /** How the column is named in the documentation and in messages. */
  label: string;
  /** Header spellings accepted, compared folded (no accents, case, spaces or punctuation). */
  aliases: readonly string[];
  required: boolean;
}

export interface CsvRow<K extends string> {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  values: Record<K, string>;
}

export interface CsvProblem {
  row?: number;
  column?: string;
  message: string;
}

export type CsvReading<K extends string> =
  | { ok: true; separator: ';' | ','; rows: Array<CsvRow<K>> }
  | { ok: false; problems: CsvProblem[] };

export { foldKey };

// A file's bytes as French offices save them: Excel's "CSV UTF-8" (with a byte-order mark), other
// programs' UTF-8 without one, and Excel's "CSV (séparateur : point-virgule)", which is Windows-1252.
// Bytes that are not UTF-8 are read as Windows-1252, unless the file announced UTF-8 with its mark.
// Whatever cannot be read so (UTF-16, a binary file, text already broken into U+FFFD) is refused
// before anything is checked or written: a stored "H�pital" cannot be repaired afterwards.

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// Node 20's TextDecoder reads 'windows-1252' as Latin-1 (0x9C gives U+009C, not œ): iconv-lite, which
// Express already uses to read bodies, has the real table, and gives U+FFFD for its five unassigned bytes.
const windows1252 = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes), 'windows-1252');
/** What no spreadsheet's text holds: the replacement character, and control characters but tab and line breaks (NUL of UTF-16). */
const UNREADABLE = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const undecodable = () => new AppError(400, 'undecodable_file', 'Enregistrez le fichier au format CSV UTF-8 : ce fichier ne se lit ni en UTF-8 ni en Windows-1252.');

/** The text of a CSV file's bytes, or a 400 `undecodable_file` saying how to save it. */
export function decodeCsvFile(bytes: Uint8Array): string {
  const announcedUtf8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    if (announcedUtf8) throw undecodable();
    text = windows1252(bytes);
  }
  return readableCsvText(text);
}

/** `text` if it is a file's text as written, else the same 400 (a page that read the file as UTF-8 sends U+FFFD). */
export function readableCsvText(text: string): string {
  if (UNREADABLE.test(text)) throw undecodable();
  return text;
}

function separatorOf(text: string): ';' | ',' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (char: string) => header.split(char).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

/** Reads `text` against the columns expected: each data row's cells by column key, or why the file cannot be read. */
export function readCsv<K extends string>(text: string, columns: ReadonlyArray<Column<K>>): CsvReading<K> {
  const body = text.replace(/^\uFEFF/, '');
  const separator = separatorOf(body);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, { delimiter: separator, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, problems: [{ ...(line ? { row: line } : {}), message: `Le fichier ne se lit pas comme un CSV${line ? ` (vers la ligne ${line})` : ''} : un guillemet est peut-être resté ouvert.` }] };
  }
  // A spreadsheet's blank rows come out as lines of separators only: no data.
  const [header, ...data] = records.filter(({ record }) => record.some((cell) => cell !== ''));
  if (!header) return { ok: false, problems: [{ message: 'Le fichier est vide.' }] };
  const positions = new Map<K, number>();
  const problems: CsvProblem[] = [];
  header.record.forEach((name, index) => {
    const folded = foldKey(name);
    const column = columns.find((c) => c.aliases.includes(folded));
    if (!column) {
      if (folded) problems.push({ row: 1, column: name, message: `Colonne inconnue « ${name} » : les colonnes attendues sont ${columns.map((c) => c.label).join(', ')}.` });
      return;
    }
    if (positions.has(column.key)) problems.push({ row: 1, column: column.label, message: `La colonne « ${column.label} » apparaît deux fois.` });
    positions.set(column.key, index);
  });
  for (const column of columns) {
    if (column.required && !positions.has(column.key)) problems.push({ row: 1, column: column.label, message: `La colonne « ${column.label} » manque (séparateur attendu : le point-virgule).` });
  }
  if (data.length === 0) problems.push({ message: 'Le fichier n’a aucune ligne de données sous les en-têtes.' });
  if (data.length > MAX_ROWS) problems.push({ message: `Le fichier a ${data.length} lignes : au plus ${MAX_ROWS} par import.` });
  if (problems.length > 0) return { ok: false, problems };
  const rows = data.map(({ record, info }) => {
    const values = {} as Record<K, string>;
    for (const column of columns) values[column.key] = record[positions.get(column.key) ?? -1] ?? '';
    return { row: info.lines, values };
  });
  return { ok: true, separator, rows };
}
