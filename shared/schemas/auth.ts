import type { FromSchema } from 'json-schema-to-ts';
import { email, password } from './common';

export const loginBody = {
  $id: 'LoginBody',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email,
    // Any length: passwords chosen before the 12-character rule still log in.
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
export type LoginBody = FromSchema<typeof loginBody>;

export const passwordResetBody = {
  $id: 'PasswordResetBody',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email },
} as const;
export type PasswordResetBody = FromSchema<typeof passwordResetBody>;

/** The token of a link (32 random bytes in base64url) and the password chosen with it. */
export const setPasswordBody = {
  $id: 'SetPasswordBody',
  type: 'object',
  additionalProperties: false,
  required: ['token', 'password'],
  properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' }, password },
} as const;
export type SetPasswordBody = FromSchema<typeof setPasswordBody>;

export const passwordChangeBody = {
  $id: 'PasswordChangeBody',
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: { currentPassword: loginBody.properties.password, newPassword: password },
} as const;
export type PasswordChangeBody = FromSchema<typeof passwordChangeBody>;

const oauthText = { type: 'string', maxLength: 2048 } as const;

/**
 * What an identity provider sends the browser back with (OpenID Connect authorization response, RFC 9207's
 * `iss`, and Keycloak's `session_state`, which Pro Santé Connect adds). `state` and `code` may be missing:
 * the sign-in is then refused on the login page rather than with a 400.
 */
export const providerCallbackQuery = {
  $id: 'ProviderCallbackQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    code: oauthText,
    state: oauthText,
    iss: oauthText,
    session_state: oauthText,
    error: { type: 'string', maxLength: 200 },
    error_description: oauthText,
    error_uri: oauthText,
  },
} as const;
export type ProviderCallbackQuery = FromSchema<typeof providerCallbackQuery>;
