import type { FromSchema } from 'json-schema-to-ts';

// A browser's PushSubscription, as `JSON.stringify(subscription)` gives it. The keys are base64url
// (padding tolerated): the subscriber's P-256 public key (65 bytes) and its authentication secret (16 bytes).
const endpoint = { type: 'string', format: 'uri', maxLength: 2048 } as const;

export const pushSubscriptionBody = {
  $id: 'PushSubscriptionBody',
  type: 'object',
  additionalProperties: false,
  required: ['endpoint', 'keys'],
  properties: {
    endpoint,
    /** Milliseconds since the epoch when the browser will drop it; usually null. */
    expirationTime: { type: ['number', 'null'], minimum: 0 },
    keys: {
      type: 'object',
      additionalProperties: false,
      required: ['p256dh', 'auth'],
      properties: {
        p256dh: { type: 'string', pattern: '^[A-Za-z0-9_-]{87}=?$' },
        auth: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}(==)?$' },
      },
    },
  },
} as const;
export type PushSubscriptionBody = FromSchema<typeof pushSubscriptionBody>;

export const pushUnsubscribeBody = {
  $id: 'PushUnsubscribeBody',
  type: 'object',
  additionalProperties: false,
  required: ['endpoint'],
  properties: { endpoint },
} as const;
export type PushUnsubscribeBody = FromSchema<typeof pushUnsubscribeBody>;
