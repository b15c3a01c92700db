import { createHash, randomBytes } from 'node:crypto';

// Session tokens and one-time links share one recipe: 32 random bytes, and only their SHA-256 is stored,
// so that a copy of the database lets nobody in.

/** SHA-256 of a token, in hex: the `_id` it is stored under. */
export const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh secret: `token` (43 base64url characters) goes to its holder, `digest` into the database. */
export function newSecret(): { token: string; digest: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, digest: digestOf(token) };
}
