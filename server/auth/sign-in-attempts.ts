import { digestOf, newSecret } from './secrets';
import { signInAttempts } from './store';

/** What the callback needs to check the provider's answer: never sent to the browser. */
export interface AttemptSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Long enough to sign in with a card or a phone app at the provider, short enough that a lost tab expires. */
export const SIGN_IN_ATTEMPT_MS = 10 * 60_000;

/** Keeps an attempt's secrets; `token` goes into the browser's cookie, only its digest into the database. */
export async function openSignInAttempt(provider: string, secrets: AttemptSecrets, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { token, digest } = newSecret();
  const expiresAt = new Date(now.getTime() + SIGN_IN_ATTEMPT_MS);
  await signInAttempts.create({ _id: digest, provider, ...secrets, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The attempt this browser started with this provider, spent at once; undefined if unknown, expired, already used or another provider's. */
export async function takeSignInAttempt(token: string, provider: string, now = new Date()): Promise<AttemptSecrets | undefined> {
  const doc = await signInAttempts.take(digestOf(token), provider, now);
  return doc ? { state: doc.state, nonce: doc.nonce, codeVerifier: doc.codeVerifier } : undefined;
}

/** Housekeeping: attempts never finished are deleted once expired, nothing reads them then (FerretDB v1 has no TTL index). */
export const purgeExpiredSignInAttempts = (now = new Date()) => signInAttempts.purgeBefore(now);
