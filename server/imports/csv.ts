import { parse } from 'csv-parse/sync';
import { foldKey } from '../../shared/fold';

// Reading a CSV file as French spreadsheets write it: semicolons (commas also accepted when the header
// line has more of them), UTF-8 with or without a byte-order mark, headers with or without accents and
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
