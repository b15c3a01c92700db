import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK, type KoaContextWithOIDC } from 'oidc-provider';

// A real OpenID provider (oidc-provider, OpenID certified) in the test process, on a free port, standing in
// for Pro Santé Connect and ProConnect: one client each, PKCE required, ProConnect's userinfo signed as a
// JWT. Its login page is replaced by one that signs in whoever the test named with `signInAs`.

/** The claims a test identity has at the provider; its account id is the ID token's `sub`. */
export type Claims = Record<string, string | boolean>;

export interface LocalIdentityProvider {
  issuer: string;
  /** The environment that configures both providers of the app to this one. */
  env: Record<string, string>;
  /** Registers the two clients with the app's redirect URIs (the app may be started after the provider, with its issuer). */
  serve(publicUrl: string): void;
  /** Who the provider signs in at the next login interaction. */
  signInAs(accountId: string): void;
  accounts: Map<string, Claims>;
  /** The content type of each userinfo answer, in order: ProConnect's are signed JWTs. */
  userinfoAnswers: string[];
  close(): Promise<void>;
}

export async function startIdentityProvider(): Promise<LocalIdentityProvider> {
  const accounts = new Map<string, Claims>();
  const userinfoAnswers: LocalIdentityProvider['userinfoAnswers'] = [];
  let next: string | undefined;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secrets = { psc: 'psc-secret-for-tests-only-0123456789', proconnect: 'proconnect-secret-for-tests-only-0123456789' };

  const configure = (publicUrl: string) => new Provider(issuer, {
    clients: [
      { client_id: 'psc-test', client_secret: secrets.psc, redirect_uris: [`${publicUrl}/api/auth/oidc/psc/callback`], token_endpoint_auth_method: 'client_secret_basic' },
      {
        client_id: 'proconnect-test',
        client_secret: secrets.proconnect,
        redirect_uris: [`${publicUrl}/api/auth/oidc/proconnect/callback`],
        token_endpoint_auth_method: 'client_secret_post',
        userinfo_signed_response_alg: 'RS256',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'scope_all', 'email', 'given_name', 'usual_name'],
    claims: {
      scope_all: ['SubjectNameID', 'email', 'email_verified', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
      given_name: ['given_name'],
      usual_name: ['usual_name'],
    },
    acrValues: ['eidas1'],
    features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['local-provider-cookie-key-for-tests'] },
    jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 60, IdToken: 60, AuthorizationCode: 60 },
    findAccount: (_ctx, id) => {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    // No consent screen: every scope asked for is granted, as a first-party provider would.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope(String(ctx.oidc.params!.scope));
      await grant.save();
      return grant;
    },
  });
  let provider: Provider | undefined;
  let handle: ReturnType<Provider['callback']> | undefined;
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!provider || !handle) {
      res.statusCode = 503;
      return void res.end();
    }
    if (req.url === '/me') res.on('finish', () => userinfoAnswers.push(String(res.getHeader('content-type')).split(';')[0]!));
    if (!req.url?.startsWith('/interaction/')) return void handle(req, res);
    const accountId = next;
    next = undefined;
    provider
      .interactionFinished(req, res, accountId ? { login: { accountId } } : { error: 'access_denied', error_description: 'nobody to sign in' }, { mergeWithLastSubmission: false })
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });

  return {
    issuer,
    env: {
      OIDC_PSC_ISSUER: issuer,
      OIDC_PSC_CLIENT_ID: 'psc-test',
      OIDC_PSC_CLIENT_SECRET: secrets.psc,
      OIDC_PROCONNECT_ISSUER: issuer,
      OIDC_PROCONNECT_CLIENT_ID: 'proconnect-test',
      OIDC_PROCONNECT_CLIENT_SECRET: secrets.proconnect,
    },
    serve: (publicUrl) => {
      provider = configure(publicUrl);
      handle = provider.callback();
    },
    signInAs: (accountId) => {
      next = accountId;
    },
    accounts,
    userinfoAnswers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookies at the provider, as simple as the flow needs: by name, whatever the path. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** Follows the provider's redirects by hand, as a browser would, until one leaves the provider; that address. */
export async function followAtProvider(issuer: string, location: string, jar = new CookieJar()): Promise<URL> {
  let url = new URL(location);
  for (let hops = 0; url.origin === new URL(issuer).origin; hops += 1) {
    if (hops > 10) throw new Error('too many redirects at the provider');
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res.headers.getSetCookie());
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
    url = new URL(next, url);
  }
  return url;
}
