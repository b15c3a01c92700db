import { DEPARTMENT_PATTERN, GENDERS, MODALITIES, REGION_CODES, ROLES, SPECIALTY_CODES, STRUCTURE_TYPES } from '../enums';

// Building blocks reused by every body and query schema. Each is a plain JSON schema `as const`
// so that json-schema-to-ts can derive the TypeScript type from the very object ajv compiles.

export const objectId = { type: 'string', pattern: '^[a-f0-9]{24}$' } as const;
export const email = { type: 'string', format: 'email', maxLength: 254 } as const;
/** A new password: 12 characters at least (server/auth/password-policy.ts also refuses the common ones). */
export const password = { type: 'string', minLength: 12, maxLength: 200 } as const;
export const personName = { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' } as const;
export const department = { type: 'string', pattern: DEPARTMENT_PATTERN } as const;
export const departments = { type: 'array', items: department, uniqueItems: true, maxItems: 110 } as const;
export const clockTime = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' } as const;
export const isoDate = { type: 'string', format: 'date' } as const;
export const role = { type: 'string', enum: ROLES } as const;
/** A region's INSEE code ('84' Auvergne-Rhône-Alpes, '76' Occitanie ...). */
export const region = { type: 'string', enum: REGION_CODES as string[] } as const;
export const structureType = { type: 'string', enum: STRUCTURE_TYPES } as const;
export const modality = { type: 'string', enum: MODALITIES } as const;
export const gender = { type: 'string', enum: GENDERS } as const;
export const specialty = { type: 'string', enum: SPECIALTY_CODES } as const;
export const languageCode = { type: 'string', pattern: '^[a-z]{3}$' } as const;
export const booleanQuery = { type: 'string', enum: ['true', 'false'] } as const;
export const phoneNumber = { type: 'string', pattern: '^\\+?[0-9][0-9 .-]{5,20}$' } as const;
/** Text that may span lines (notes, reasons): other texts are refused with a line break or control character. */
export const multilineText = (maxLength: number) => ({ type: 'string', maxLength, 'x-multiline': true }) as const;
export const httpsUrl = { type: 'string', format: 'uri', pattern: '^https://', maxLength: 500 } as const;

export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string' } },
} as const;
