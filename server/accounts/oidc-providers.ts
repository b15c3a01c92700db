import * as client from 'openid-client';
import { IDENTITY_PROVIDERS, IDENTITY_PROVIDER_LABELS, type IdentityProvider } from '../../shared/enums';
import type { Config, OidcClientConfig } from '../platform/config';

/** What differs from one provider to the other; the protocol itself is openid-client's. */
interface ProviderProfile {
  scope: string;
  /** The level of assurance asked for, when the provider wants one named. */
  acrValues?: string;
  /** The claim (ID token or userinfo) that identifies the person for good at this provider. */
  identifierClaim: string;
  emailClaim: string;
  /** How the client secret goes to the token endpoint. */
  secretIn: 'basic' | 'post';
}

// Pro Santé Connect: ANS, "Pro Santé Connect – documentation technique" (industriels.esante.gouv.fr,
// produits-et-services/pro-sante-connect) and its userinfo description: scope `scope_all`, `acr_values=eidas1`;
// userinfo carries `SubjectNameID`, the national identifier (RPPS, or ADELI), and the e-mail address when the
// professional gave one. ProConnect: DINUM, proconnect-documentation, doc_fs/implementation_technique.md and
// doc_fs/donnees_fournies.md: scopes by claim, the secret in the token request's body, a userinfo answered as a
// signed JWT (openid-client checks its signature with the provider's keys), and a `sub` that is stable for one
// service and one agent's identity provider, so that the documentation advises the professional e-mail to
// reconcile accounts; its default level (eidas1) needs no acr parameter, and ProConnect refuses unknown ones.
export const PROVIDER_PROFILES: Record<IdentityProvider, ProviderProfile> = {
  psc: { scope: 'openid scope_all', acrValues: 'eidas1', identifierClaim: 'SubjectNameID', emailClaim: 'email', secretIn: 'basic' },
  proconnect: { scope: 'openid email given_name usual_name', identifierClaim: 'sub', emailClaim: 'email', secretIn: 'post' },
};

export const isIdentityProvider = (name: string): name is IdentityProvider => (IDENTITY_PROVIDERS as readonly string[]).includes(name);

/** The providers configured here, in a fixed order, with their names as the login page shows them. */
export function configuredProviders(config: Config): Array<{ id: IdentityProvider; label: string }> {
  return IDENTITY_PROVIDERS.filter((id) => config.oidc[id]).map((id) => ({ id, label: IDENTITY_PROVIDER_LABELS[id] }));
}

/** Where the provider sends the browser back: registered with the provider, derived from PUBLIC_URL. */
export const redirectUri = (config: Config, provider: IdentityProvider) => `${config.publicUrl}/api/auth/oidc/${provider}/callback`;

const discovered = new Map<string, Promise<client.Configuration>>();

/**
 * The provider's metadata and keys (OpenID Connect discovery), fetched once per process; a failed
 * discovery is forgotten, so that the next sign-in tries again.
 */
export function providerClient(provider: IdentityProvider, settings: OidcClientConfig): Promise<client.Configuration> {
  const key = `${provider} ${settings.issuer} ${settings.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(settings.issuer);
    const auth = PROVIDER_PROFILES[provider].secretIn === 'post' ? client.ClientSecretPost(settings.clientSecret) : client.ClientSecretBasic(settings.clientSecret);
    // Plain http is allowed by the configuration for a provider on this machine only (tests, development).
    const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    pending = client.discovery(issuer, settings.clientId, undefined, auth, { execute, timeout: 10 });
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}
