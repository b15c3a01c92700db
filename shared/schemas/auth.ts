import type { FromSchema } from 'json-schema-to-ts';
import { email } from './common';

export const loginBody = {
  $id: 'LoginBody',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email,
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
export type LoginBody = FromSchema<typeof loginBody>;
