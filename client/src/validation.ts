import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldError } from './api';

/** Field name (dotted, as the server names them) -> French message; empty when the value is valid. */
export type FieldErrors = Record<string, string>;

function message(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return 'Ce champ est obligatoire.';
    case 'minimum': return `Au minimum ${String(p.limit)}.`;
    case 'maximum': return `Au maximum ${String(p.limit)}.`;
    case 'minLength': return Number(p.limit) <= 1 ? 'Ce champ est obligatoire.' : `Au moins ${String(p.limit)} caractères.`;
    case 'maxLength': return `Au plus ${String(p.limit)} caractères.`;
    case 'type': return p.type === 'integer' ? 'Un nombre entier est attendu.' : 'Valeur invalide.';
    case 'format': return p.format === 'email' ? 'Adresse e-mail invalide.' : p.format === 'date-time' ? 'Date et heure invalides.' : 'Format invalide.';
    case 'enum': return 'Choisissez une valeur de la liste.';
    case 'pattern': return 'Format invalide.';
    case 'additionalProperties': return 'Champ non accepté.';
    default: return 'Valeur invalide.';
  }
}

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = error.keyword === 'required' ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  return child ? (base ? `${base}.${child}` : child) : base || '(form)';
}

/** Checks a body with the server's own schema (compiled at build time); the first message per field. */
export function check(validate: ValidateFunction, body: unknown): FieldErrors {
  if (validate(body)) return {};
  const errors: FieldErrors = {};
  for (const error of validate.errors ?? []) {
    // anyOf reports each branch; its own summary is enough.
    if (error.schemaPath.includes('/anyOf/')) continue;
    const field = fieldOf(error);
    errors[field] ??= message(error);
  }
  return errors;
}

// The server words these refusals in French for the person typing (the password policy).
const FRENCH_DETAILS = new Set(['weak_password', 'wrong_password']);

/** The bound an ajv message ends with ("must be >= 0"), if any. */
const bound = (text: string) => /(-?\d+(?:\.\d+)?)\s*$/.exec(text)?.[1]?.replace('.', ',');

/** The server's ajv keywords and its own codes, said as the form says them (message() above). */
const SERVER_CODES: Record<string, (serverMessage: string) => string> = {
  pattern: () => 'Format invalide.',
  format: () => 'Format invalide.',
  enum: () => 'Choisissez une valeur de la liste.',
  type: () => 'Valeur invalide.',
  minimum: (m) => (bound(m) ? `Au minimum ${bound(m)}.` : 'Valeur trop petite.'),
  maximum: (m) => (bound(m) ? `Au maximum ${bound(m)}.` : 'Valeur trop grande.'),
  minLength: () => 'Trop court.',
  maxLength: () => 'Trop long.',
  additionalProperties: () => 'Champ non accepté.',
  checksum: () => 'Numéro invalide : sa clé de contrôle ne correspond pas.',
};

/** The server's 400 details, in the same shape, for the fields it refused. */
export function fromServer(details: FieldError[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) {
    errors[detail.field] ??= detail.code === 'required' ? 'Ce champ est obligatoire.'
      : FRENCH_DETAILS.has(detail.code) ? detail.message
      : SERVER_CODES[detail.code]?.(detail.message ?? '') ?? 'Valeur refusée par le serveur.';
  }
  return errors;
}
