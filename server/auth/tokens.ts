import { digestOf, newSecret } from './secrets';
import { oneTimeTokens, type TokenPurpose } from './tokens-store';

export type { TokenPurpose };

/** How long a link stays valid: an invitation 72 hours, a password reset 1 hour. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = { invitation: 72 * 3600_000, reset: 3600_000 };

/** A token just issued: `token` goes into the link only; `id` (its SHA-256) names it anywhere else. */
export interface IssuedToken {
  token: string;
  id: string;
  expiresAt: Date;
}

/** Issues a one-time token for `userId`, valid TOKEN_LIFETIME_MS[purpose] from `now`. */
export async function issueToken(userId: string, purpose: TokenPurpose, now = new Date()): Promise<IssuedToken> {
  const { token, digest } = newSecret();
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]);
  await oneTimeTokens.create({ _id: digest, userId, purpose, createdAt: now, expiresAt });
  return { token, id: digest, expiresAt };
}

/** The user and purpose of a token still usable at `now`, without spending it; undefined otherwise. */
export async function peekToken(token: string, now = new Date()): Promise<{ userId: string; purpose: TokenPurpose } | undefined> {
  const doc = await oneTimeTokens.findUsable(digestOf(token), now);
  return doc ? { userId: doc.userId.toString(), purpose: doc.purpose } : undefined;
}

/**
 * Spends a token: the user and purpose it was issued for, or undefined when it is unknown, already
 * used or expired at `now` (the caller cannot tell which, and neither can whoever holds the link).
 */
export async function useToken(token: string, now = new Date()): Promise<{ userId: string; purpose: TokenPurpose } | undefined> {
  const doc = await oneTimeTokens.use(digestOf(token), now);
  return doc ? { userId: doc.userId.toString(), purpose: doc.purpose } : undefined;
}

/** Makes every unused link of a user (of one purpose, or all) unusable; returns how many there were. */
export function withdrawTokens(userId: string, purpose?: TokenPurpose, now = new Date()): Promise<number> {
  return oneTimeTokens.withdraw(purpose ? { userId, purpose } : { userId }, now);
}

/** Housekeeping: tokens expired for a week are deleted (FerretDB v1 has no TTL index). */
export const purgeExpiredTokens = (now = new Date()) => oneTimeTokens.purgeBefore(new Date(now.getTime() - 7 * 24 * 3600_000));
