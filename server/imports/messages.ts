import { AppError, type ErrorDetail } from '../platform/errors';
import { validateBody } from '../platform/validation';

// A row is checked with the very schema the API's create route validates with; each refusal becomes a
// French message under the file's column.

const GENERIC: Record<string, string> = {
  required: 'obligatoire.',
  minLength: 'trop court.',
  maxLength: 'trop long.',
  pattern: 'format invalide.',
  format: 'format invalide.',
  enum: 'valeur inconnue.',
  minItems: 'au moins une valeur est attendue.',
  maxItems: 'trop de valeurs.',
  uniqueItems: 'une valeur est en double.',
  control_characters: 'caractères invisibles (retour à la ligne, tabulation) à retirer.',
};

/**
 * The schema's refusals of `body`, each as `{ column, message }`: `columns` names the file's column of
 * each body field (its first part: `languages.2` is the languages column), `hints` the message to give
 * for a field whatever the refusal (the expected format).
 */
export function schemaErrors(schema: object, body: unknown, columns: Record<string, string>, hints: Record<string, string> = {}): Array<{ column: string; message: string }> {
  try {
    validateBody(schema, body);
    return [];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const seen = new Set<string>();
    return (error.details ?? []).flatMap((detail: ErrorDetail) => {
      const field = detail.field.split('.')[0]!;
      if (seen.has(field)) return [];
      seen.add(field);
      const column = columns[field] ?? field;
      const message = detail.code === 'required' ? `${column} : obligatoire.` : hints[field] ?? `${column} : ${GENERIC[detail.code ?? ''] ?? 'valeur invalide.'}`;
      return [{ column, message }];
    });
  }
}

/** A department as spreadsheets often write it: `1` for `01`, `2a` for `2A`. */
export const departmentCell = (text: string) => (/^[0-9]$/.test(text) ? `0${text}` : text.toUpperCase());

/** Several values in one cell, separated by commas, slashes or "et". */
export const listCell = (text: string) => text.split(/\s*(?:[,/|+]|\bet\b)\s*/i).map((v) => v.trim()).filter(Boolean);
