import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest, type ErrorDetail } from './errors';

// ajv-formats ships CommonJS with a default export; under ESM interop it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** The one ajv set-up, also used to compile the client's form validators at build time (vite.config.ts). */
export function makeAjv(coerceTypes: boolean, extra: { code?: { source: boolean; esm: boolean } } = {}): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes, useDefaults: false, allowUnionTypes: false, ...extra });
  addFormats(ajv, ['email', 'date', 'date-time', 'uri', 'time']);
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

export function validateBody<T>(schema: object, value: unknown): T {
  const validate = compile(bodyAjv, schema);
  if (!validate(value ?? {})) throw badRequest('The request body is invalid.', toDetails(validate.errors));
  return (value ?? {}) as T;
}

export function validateQuery<T>(schema: object, raw: Record<string, unknown>): T {
  const value = { ...raw };
  const validate = compile(queryAjv, schema);
  if (!validate(value)) throw badRequest('The query string is invalid.', toDetails(validate.errors));
  // ajv coerces "Infinity" and "1e400" to a number that passes `integer` and `maximum`: refuse them here.
  const infinite = Object.entries(value).filter(([, v]) => typeof v === 'number' && !Number.isFinite(v));
  if (infinite.length > 0) throw badRequest('The query string is invalid.', infinite.map(([field]) => ({ field, code: 'type', message: 'must be a finite number' })));
  return value as T;
}

/** One entry per failing field, named with dots (`availability.0.from`), without ajv's internals. */
export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors ?? []) {
    const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const join = (name: string) => (base ? `${base}.${name}` : name);
    if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      details.push({ field: join(name), code: 'unknown_field', message: 'is not an accepted field' });
    } else if (error.keyword === 'required') {
      const name = String((error.params as { missingProperty: string }).missingProperty);
      details.push({ field: join(name), code: 'required', message: 'is required' });
    } else {
      details.push({ field: base || '(body)', code: error.keyword, message: error.message ?? 'is invalid' });
    }
  }
  return details;
}
