import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest, type ErrorDetail } from './errors';

// ajv-formats ships CommonJS with a default export; under ESM interop it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** The schema keyword that lets a text field span lines. */
export const MULTILINE = 'x-multiline';

/** The one ajv set-up, also used to compile the client's form validators at build time (vite.config.ts). */
export function makeAjv(coerceTypes: boolean, extra: { code?: { source: boolean; esm: boolean } } = {}): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes, useDefaults: false, allowUnionTypes: false, ...extra });
  addFormats(ajv, ['email', 'date', 'date-time', 'uri', 'time']);
  // An annotation: this text may span lines (notes, reasons); see refuseControlCharacters.
  ajv.addKeyword({ keyword: MULTILINE, schemaType: 'boolean' });
  return ajv;
}

// Bodies are JSON and must carry the right types; query strings are text, so numbers there are coerced.
const bodyAjv = makeAjv(false);
const queryAjv = makeAjv(true);
const compiled = new WeakMap<object, ValidateFunction>();

export const emptyObject = { type: 'object', additionalProperties: false, properties: {} } as const;

function compile(ajv: Ajv, schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const { $id: _ignored, ...anonymous } = schema as { $id?: string };
    validate = ajv.compile(anonymous);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Compiles a route's schemas when the route is declared: a schema ajv refuses stops the start-up, never a request. */
export function compileRouteSchemas(body: object, query: object): void {
  compile(bodyAjv, body);
  compile(queryAjv, query);
}

export function validateBody<T>(schema: object, value: unknown): T {
  const validate = compile(bodyAjv, schema);
  const valid = validate(value ?? {});
  const details = [...(valid ? [] : toDetails(validate.errors)), ...beyondSchema(schema as SchemaNode, value ?? {}, '', valid)];
  if (details.length > 0) throw badRequest('The request body is invalid.', details);
  return (value ?? {}) as T;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  format?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
  [MULTILINE]?: boolean;
}

// C0 controls and DEL. A multi-line field keeps line feed, carriage return and tab.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * What JSON schema cannot say, checked on every text of a body or query, by its schema:
 * - one line without control characters (names, addresses, references: a line break there ends up in a
 *   mail header, a CSV row or a log line), unless the schema says `x-multiline`;
 * - a `date-time` the code can read: RFC 3339 allows a leap second (`23:59:60Z`) and ajv-formats an
 *   offset of hours only (`+01`), which JavaScript's Date cannot read (it would be an Invalid Date).
 * One detail per field; dates are checked once ajv has passed the value (else ajv's detail says it).
 */
function beyondSchema(schema: SchemaNode | undefined, value: unknown, path: string, formatsPassed: boolean): ErrorDetail[] {
  if (typeof value === 'string') {
    const field = path || '(body)';
    const details: ErrorDetail[] = [];
    if ((schema?.[MULTILINE] ? CONTROL_BUT_LINES : CONTROL).test(value)) {
      details.push({ field, code: 'control_characters', message: schema?.[MULTILINE] ? 'must not contain control characters' : 'must be one line, without control characters (line breaks, tabs)' });
    }
    const dateTime = schema?.format === 'date-time' || (schema?.anyOf?.some((branch) => branch.format === 'date-time') && !schema.anyOf.some((branch) => branch.const === value));
    if (formatsPassed && dateTime && Number.isNaN(Date.parse(value))) details.push({ field, code: 'format', message: `must be ${FORMAT_MESSAGES['date-time']}` });
    return details;
  }
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) return value.flatMap((item, index) => beyondSchema(schema?.items, item, at(index), formatsPassed));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => beyondSchema(schema?.properties?.[key], item, at(key), formatsPassed));
  }
  return [];
}

export function validateQuery<T>(schema: object, raw: Record<string, unknown>): T {
  const value = { ...raw };
  const validate = compile(queryAjv, schema);
  const valid = validate(value);
  const details = [...(valid ? [] : toDetails(validate.errors)), ...beyondSchema(schema as SchemaNode, value, '', valid)];
  if (details.length > 0) throw badRequest('The query string is invalid.', details);
  // ajv coerces "Infinity" and "1e400" to a number that passes `integer` and `maximum`: refuse them here.
  const infinite = Object.entries(value).filter(([, v]) => typeof v === 'number' && !Number.isFinite(v));
  if (infinite.length > 0) throw badRequest('The query string is invalid.', infinite.map(([field]) => ({ field, code: 'type', message: 'must be a finite number' })));
  return value as T;
}

/** What a format asks for, said so that a person can fix the value. */
const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'a date and time with its offset from UTC, e.g. 2027-03-02T14:30:00+01:00 or 2027-03-02T13:30:00Z',
  date: 'a date, e.g. 2027-03-02',
  time: 'a time, e.g. 14:30:00',
  email: 'an e-mail address',
  uri: 'an address (URL)',
};

function branchWants(error: ErrorObject): string {
  if (error.keyword === 'const') return JSON.stringify((error.params as { allowedValue: unknown }).allowedValue);
  if (error.keyword === 'format') return FORMAT_MESSAGES[String((error.params as { format: string }).format)] ?? 'a valid value';
  return error.message ?? 'a valid value';
}

/**
 * One entry per failing field, named with dots (`availability.0.from`), without ajv's internals. A value
 * that matches none of the choices of an `anyOf` is one entry saying what each choice wants (ajv
 * reports each branch, then the anyOf).
 */
export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const all = errors ?? [];
  const branches = (error: ErrorObject) => all.filter((e) => e.instancePath === error.instancePath && e.schemaPath.startsWith(`${error.schemaPath}/`));
  const inBranch = new Set(all.filter((e) => e.keyword === 'anyOf').flatMap(branches));
  for (const error of all) {
    if (inBranch.has(error)) continue;
    const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const join = (name: string) => (base ? `${base}.${name}` : name);
    if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      details.push({ field: join(name), code: 'unknown_field', message: 'is not an accepted field' });
    } else if (error.keyword === 'required') {
      const name = String((error.params as { missingProperty: string }).missingProperty);
      details.push({ field: join(name), code: 'required', message: 'is required' });
    } else if (error.keyword === 'anyOf') {
      details.push({ field: base || '(body)', code: 'invalid', message: `must be ${branches(error).map(branchWants).join(', or ')}` });
    } else if (error.keyword === 'format') {
      details.push({ field: base || '(body)', code: 'format', message: `must be ${branchWants(error)}` });
    } else {
      details.push({ field: base || '(body)', code: error.keyword, message: error.message ?? 'is invalid' });
    }
  }
  return details;
}
