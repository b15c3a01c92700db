import { randomUUID } from 'node:crypto';
import { businessRule, type ErrorDetail } from '../platform/errors';
import type { CsvProblem } from './csv';

// What an import answers, preview or confirm: every row with its values and its errors, the counts,
// and the problems of the file itself. A confirm with any error writes nothing and answers 422 with the
// same problems as details.

export interface RowReport<V> {
  row: number;
  values: V;
  errors: Array<{ column: string; message: string }>;
}

export interface ImportReport<V> {
  kind: 'structures' | 'interpreters';
  dryRun: boolean;
  counts: { rows: number; valid: number; invalid: number; created: number };
  rows: Array<RowReport<V>>;
  /** Every error of the file, one line each: the file's own (missing column) and each row's. */
  problems: CsvProblem[];
  created: Array<{ id: string; name: string }>;
}

export function reportOf<V>(kind: ImportReport<V>['kind'], dryRun: boolean, rows: Array<RowReport<V>>, fileProblems: CsvProblem[] = []): ImportReport<V> {
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return {
    kind,
    dryRun,
    counts: { rows: rows.length, valid: rows.length - invalid, invalid, created: 0 },
    rows,
    problems: [...fileProblems, ...rows.flatMap((r) => r.errors.map((e) => ({ row: r.row, column: e.column, message: e.message })))],
    created: [],
  };
}

/** The confirm's refusal: 422 `import_invalid`, one detail per problem (`field` reads "ligne 3, FINESS"). */
export function refusal(report: ImportReport<unknown>) {
  const details: ErrorDetail[] = report.problems.map((p) => ({
    field: [p.row ? `ligne ${p.row}` : 'fichier', p.column].filter(Boolean).join(', '),
    code: 'invalid_row',
    message: p.message,
    ...(p.row ? { row: p.row } : {}),
    ...(p.column ? { column: p.column } : {}),
  }));
  return businessRule('import_invalid', `Nothing was imported: ${report.problems.length} problem(s) to correct in the file first.`, details);
}

/** Marks the second and later rows that share a key (a FINESS number, an e-mail address) with an earlier one. */
export function flagRepeats<V>(rows: Array<RowReport<V>>, keyOf: (row: RowReport<V>) => string | undefined, column: string, what: string) {
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    if (!key) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row.row);
    else row.errors.push({ column, message: `${what} déjà à la ligne ${seen} du fichier.` });
  }
}

export const newImportId = () => randomUUID();
