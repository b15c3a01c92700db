import type { FromSchema } from 'json-schema-to-ts';
import { booleanQuery, multilineText } from './common';

/** The largest CSV text an import takes (2,000 rows fit with room to spare). */
export const IMPORT_MAX_CHARS = 1_000_000;

/** A CSV file's text as JSON (a byte-order mark is accepted); the routes also take the file's bytes as text/csv, decoded by server/imports/csv.ts. */
export const importBody = {
  $id: 'ImportBody',
  type: 'object',
  additionalProperties: false,
  required: ['csv'],
  properties: { csv: multilineText(IMPORT_MAX_CHARS) },
} as const;
export type ImportBody = FromSchema<typeof importBody>;

/** `dryRun=true`: the preview, nothing written. */
export const importQuery = {
  $id: 'ImportQuery',
  type: 'object',
  additionalProperties: false,
  properties: { dryRun: booleanQuery },
} as const;
export type ImportQuery = FromSchema<typeof importQuery>;
