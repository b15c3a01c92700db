import * as client from 'openid-client';
import type { IdentityProvider } from '../../shared/enums';
import { openSession } from '../auth/sessions';
import { openSignInAttempt, takeSignInAttempt } from '../auth/sign-in-attempts';
import { findAccountForIdentity, linkIdentity } from '../directory/identities';
import type { Config, OidcClientConfig } from '../platform/config';
import { notFound } from '../platform/errors';
import type { LoginResult } from './login';
import { isIdentityProvider, PROVIDER_PROFILES, providerClient, redirectUri } from './oidc-providers';

// Signing in with Pro Santé Connect or ProConnect: the authorization code flow with PKCE (S256), state and
// nonce, all checked by openid-client (an OpenID certified relying party library, rather than code of ours).
// An identity signs into an account that already exists; nobody gets one by signing in.

/** Why a sign-in did not end in a session: the code goes to the login page, which says it in French. */
export type SignInFailure = 'unknown_identity' | 'account_inactive' | 'sign_in_failed' | 'provider_refused' | 'provider_unavailable' | 'too_many_attempts';

export class SignInRefused extends Error {
  /** `reason` is for the log: what failed, never who. */
  constructor(readonly code: SignInFailure, readonly reason: string) {
    super(`${code}: ${reason}`);
  }
}

/** A configured provider, else 404 (as for a provider that does not exist). */
function settingsOf(config: Config, provider: string): { id: IdentityProvider; settings: OidcClientConfig } {
  const settings = isIdentityProvider(provider) ? config.oidc[provider] : undefined;
  if (!settings) throw notFound('Identity provider');
  return { id: provider as IdentityProvider, settings };
}

async function clientFor(id: IdentityProvider, settings: OidcClientConfig): Promise<client.Configuration> {
  try {
    return await providerClient(id, settings);
  } catch (error) {
    throw new SignInRefused('provider_unavailable', `discovery failed (${errorCode(error)})`);
  }
}

/** An openid-client error's code and OAuth error, which name what failed and carry no claim. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; error?: unknown; name?: unknown };
  return [e.name, e.code, e.error].filter((part) => typeof part === 'string').join(' ') || 'unknown';
}

/**
 * Starts a sign-in: the address of the provider's authorization endpoint to send the browser to, and the
 * token of the attempt, for an HttpOnly cookie of that browser only (the callback needs it back).
 */
export async function beginProviderSignIn(provider: string, config: Config, now = new Date()): Promise<{ url: string; attemptToken: string; expiresAt: Date }> {
  const { id, settings } = settingsOf(config, provider);
  const oidc = await clientFor(id, settings);
  const secrets = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  const { token, expiresAt } = await openSignInAttempt(id, secrets, now);
  const profile = PROVIDER_PROFILES[id];
  const url = client.buildAuthorizationUrl(oidc, {
    redirect_uri: redirectUri(config, id),
    scope: profile.scope,
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: 'S256',
    ...(profile.acrValues ? { acr_values: profile.acrValues } : {}),
  });
  return { url: url.href, attemptToken: token, expiresAt };
}

/**
 * Finishes a sign-in from the provider's answer (`callback`: the query it sent the browser back with):
 * spends this browser's attempt (so a callback works once), checks the state, exchanges the code with the
 * PKCE verifier, checks the ID token and its nonce, reads the identifier and the e-mail address, and opens
 * a session for the account they match, exactly as a password login does. SignInRefused otherwise.
 */
export async function signInWithProvider(
  provider: string,
  attemptToken: string | undefined,
  callback: URLSearchParams,
  context: { config: Config; now?: Date },
): Promise<LoginResult> {
  const { config } = context;
  const { id, settings } = settingsOf(config, provider);
  const attempt = attemptToken ? await takeSignInAttempt(attemptToken, id, context.now) : undefined;
  if (!attempt) throw new SignInRefused('sign_in_failed', 'no attempt for this browser (missing, expired or already used)');
  if (callback.get('state') !== attempt.state) throw new SignInRefused('sign_in_failed', 'state mismatch');
  if (callback.has('error')) throw new SignInRefused('provider_refused', `provider error ${callback.get('error')?.slice(0, 40)}`);
  const oidc = await clientFor(id, settings);

  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(oidc, new URL(`${redirectUri(config, id)}?${callback}`), {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    // Claims checked (issuer, audience, expiry, nonce); the signature of an ID token received straight from the
    // token endpoint over TLS need not be (OpenID Connect Core 3.1.3.7), and ProConnect may sign it HS256.
    const idToken = tokens.claims()!;
    const userinfo = await client.fetchUserInfo(oidc, tokens.access_token, idToken.sub);
    claims = { ...idToken, ...userinfo };
  } catch (error) {
    throw new SignInRefused('sign_in_failed', `code exchange, ID token or userinfo refused (${errorCode(error)})`);
  }

  const profile = PROVIDER_PROFILES[id];
  const subject = claims[profile.identifierClaim];
  if (typeof subject !== 'string' || subject === '') throw new SignInRefused('sign_in_failed', `no ${profile.identifierClaim} claim`);
  const email = claims[profile.emailClaim];
  // An address the provider itself says it has not verified matches nobody.
  const identity = { provider: id, subject, verifiedEmail: typeof email === 'string' && claims.email_verified !== false ? email : undefined };

  const match = await findAccountForIdentity(identity);
  if (match.status === 'unknown') throw new SignInRefused('unknown_identity', 'no account for this identity');
  if (match.status === 'inactive') throw new SignInRefused('account_inactive', 'the account is deactivated');
  if (match.by === 'email') await linkIdentity(match.user.id, identity);
  const { token, expiresAt } = await openSession(match.user, config.sessionTtlHours, context.now);
  return { user: match.user, token, expiresAt };
}
