import net from 'node:net';
import { expect } from 'chai';
import type { Express } from 'express';
import supertest from 'supertest';
import { beginProviderSignIn } from '../../server/accounts/oidc';
import { createApp } from '../../server/app';
import type { Config } from '../../server/platform/config';
import { createLogger } from '../../server/platform/logger';
import { TEST_PASSWORD, testConfig, useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';
import { followAtProvider, startIdentityProvider, type LocalIdentityProvider } from './identity-provider';

// The whole authorization code flow, over HTTP, against a real OpenID provider started by the test: our
// start, the provider's authorization and login, our callback, then the session it opened (or not).

const PUBLIC_URL = 'http://localhost:3999';

/** An address where nothing listens. */
async function idpAtClosedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
const LOGIN_PAGE = /^\/#\/connexion\?erreur=([a-z_]+)$/;

describe('Signing in with Pro Santé Connect or ProConnect (OpenID Connect)', () => {
  const t = useTestApp();
  let idp: LocalIdentityProvider;
  let config: Config;
  let app: Express;
  const logLines: string[] = [];
  let admin: string;
  let structureId: string;

  before(async () => {
    idp = await startIdentityProvider();
    idp.serve(PUBLIC_URL);
    config = testConfig({ PUBLIC_URL, ...idp.env });
    app = createApp(config, createLogger('warn', { write: (line: string) => void logLines.push(line) }));
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    structureId = (await aStructure({ name: 'PASS Hôpital Sud' })).id;
  });
  after(async () => {
    await idp.close();
  });

  const invite = async (email: string) => {
    const res = await supertest(app).post('/api/users').set('Authorization', admin).send({ email, name: 'Dr Invitée', role: 'requester', structureId });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; email: string };
  };
  const userCount = async () => (await supertest(app).get('/api/users').set('Authorization', admin)).body.length as number;

  /** One browser: our start, the provider's pages, our callback. */
  async function signIn(provider: 'psc' | 'proconnect', accountId: string) {
    const browser = supertest.agent(app);
    idp.signInAs(accountId);
    const start = await browser.get(`/api/auth/oidc/${provider}/start`);
    expect(start.status, JSON.stringify(start.body)).to.equal(303);
    const back = await followAtProvider(idp.issuer, start.headers.location!);
    expect(back.origin + back.pathname).to.equal(`${PUBLIC_URL}/api/auth/oidc/${provider}/callback`);
    const callback = await browser.get(back.pathname + back.search);
    return { browser, start, back, callback };
  }
  const refusal = (res: { status: number; headers: Record<string, string> }) => {
    expect(res.status).to.equal(303);
    return LOGIN_PAGE.exec(res.headers.location ?? '')?.[1];
  };

  it('lists no provider, and starts none, when none is configured', async () => {
    expect((await t.http().get('/api/auth/providers')).body).to.deep.equal([]);
    const start = await t.http().get('/api/auth/oidc/psc/start');
    expect(start.status).to.equal(404);
    expect(start.body.error.code).to.equal('not_found');
  });

  it('lists the configured providers with their names, for the login page', async () => {
    const res = await supertest(app).get('/api/auth/providers');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal([{ id: 'psc', label: 'Pro Santé Connect' }, { id: 'proconnect', label: 'ProConnect' }]);
  });

  it('the start sends the browser to the provider with PKCE (S256), state, nonce and Pro Santé Connect’s scope and level; the attempt stays in an HttpOnly cookie', async () => {
    const res = await supertest(app).get('/api/auth/oidc/psc/start');
    expect(res.status).to.equal(303);
    const to = new URL(res.headers.location!);
    expect(to.origin).to.equal(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).to.include({
      client_id: 'psc-test',
      response_type: 'code',
      scope: 'openid scope_all',
      acr_values: 'eidas1',
      code_challenge_method: 'S256',
      redirect_uri: `${PUBLIC_URL}/api/auth/oidc/psc/callback`,
    });
    expect(to.searchParams.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('nonce')).to.match(/^[A-Za-z0-9_-]{43}$/);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('oidc_attempt='))!;
    expect(cookie).to.match(/HttpOnly/).and.match(/SameSite=Lax/).and.match(/Path=\/api\/auth\/oidc/).and.match(/Expires=/);
    expect(cookie, 'the cookie holds a random token, not the secrets').not.to.include(to.searchParams.get('state')!);
  });

  it('an invited professional signs in with Pro Santé Connect, matched by e-mail: the session works like a password login’s', async () => {
    const user = await invite('dr.martin@pass-sud.test');
    idp.accounts.set('psc-martin', { SubjectNameID: '810000000001', email: 'Dr.Martin@pass-sud.test', given_name: 'Anne', family_name: 'Martin' });
    const { browser, callback } = await signIn('psc', 'psc-martin');
    expect(callback.status).to.equal(303);
    expect(callback.headers.location).to.equal('/');
    const cookies = (callback.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(cookies).to.match(/sid=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax/).and.match(/csrf=/);
    const me = await browser.get('/api/me');
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ id: user.id, email: 'dr.martin@pass-sud.test', role: 'requester', structureId });
    const seen = await supertest(app).get(`/api/users/${user.id}`).set('Authorization', admin);
    expect(seen.body.invitationPending, 'signing in accepts the invitation: her team no longer shows it as sent').to.equal(false);
    const csrf = /csrf=([^;]+)/.exec(cookies)![1]!;
    expect((await browser.post('/api/auth/logout').send({})).status, 'no CSRF header: refused').to.equal(403);
    expect((await browser.post('/api/auth/logout').set('X-CSRF-Token', csrf).send({})).status).to.equal(200);
    expect((await browser.get('/api/me')).status).to.equal(401);
  });

  it('the next sign-in finds them by the identifier Pro Santé Connect gives, even after their e-mail changed there', async () => {
    idp.accounts.set('psc-martin', { SubjectNameID: '810000000001', email: 'anne.martin@ailleurs.test' });
    const { browser, callback } = await signIn('psc', 'psc-martin');
    expect(callback.headers.location).to.equal('/');
    expect((await browser.get('/api/me')).body.user.email).to.equal('dr.martin@pass-sud.test');
  });

  it('ProConnect: the signed userinfo JWT is read, and an agent is matched by e-mail, then by its subject', async () => {
    await invite('agent.public@ars.test');
    idp.accounts.set('pc-agent', { email: 'agent.public@ars.test', given_name: 'Paul', usual_name: 'Durand' });
    const answered = idp.userinfoAnswers.length;
    const first = await signIn('proconnect', 'pc-agent');
    expect(first.callback.headers.location).to.equal('/');
    expect((await first.browser.get('/api/me')).body.user.email).to.equal('agent.public@ars.test');
    idp.accounts.set('pc-agent', { email: 'paul.durand@nouveau-ministere.test' });
    const again = await signIn('proconnect', 'pc-agent');
    expect((await again.browser.get('/api/me')).body.user.email).to.equal('agent.public@ars.test');
    expect(idp.userinfoAnswers.slice(answered)).to.deep.equal(['application/jwt', 'application/jwt']);
    expect(idp.userinfoAnswers.slice(0, answered), 'Pro Santé Connect’s: plain JSON').to.include('application/json');
  });

  it('someone nobody invited gets no account and no session: the login page says so', async () => {
    const before = await userCount();
    idp.accounts.set('psc-stranger', { SubjectNameID: '810000000099', email: 'inconnu@ailleurs.test' });
    const { browser, callback } = await signIn('psc', 'psc-stranger');
    expect(refusal(callback)).to.equal('unknown_identity');
    expect(callback.headers['set-cookie']?.toString() ?? '').not.to.match(/sid=[^;]/);
    expect((await browser.get('/api/me')).status).to.equal(401);
    expect(await userCount()).to.equal(before);
  });

  it('an address the provider says it has not verified matches nobody', async () => {
    await invite('non.verifiee@pass-sud.test');
    idp.accounts.set('psc-unverified', { SubjectNameID: '810000000055', email: 'non.verifiee@pass-sud.test', email_verified: false });
    const { browser, callback } = await signIn('psc', 'psc-unverified');
    expect(refusal(callback)).to.equal('unknown_identity');
    expect((await browser.get('/api/me')).status).to.equal(401);
  });

  it('a forged state is refused, and so is a callback in another browser than the one that started', async () => {
    idp.accounts.set('psc-forged', { SubjectNameID: '810000000002', email: 'dr.martin@pass-sud.test' });
    const browser = supertest.agent(app);
    idp.signInAs('psc-forged');
    const start = await browser.get('/api/auth/oidc/psc/start');
    const back = await followAtProvider(idp.issuer, start.headers.location!);
    back.searchParams.set('state', 'forged-state-0123456789-0123456789-01234567');
    const forged = await browser.get(back.pathname + back.search);
    expect(refusal(forged)).to.equal('sign_in_failed');
    expect((await browser.get('/api/me')).status).to.equal(401);

    idp.signInAs('psc-forged');
    const started = await supertest.agent(app).get('/api/auth/oidc/psc/start');
    const elsewhere = await followAtProvider(idp.issuer, started.headers.location!);
    const stranger = supertest.agent(app);
    expect(refusal(await stranger.get(elsewhere.pathname + elsewhere.search))).to.equal('sign_in_failed');
    expect((await stranger.get('/api/me')).status).to.equal(401);
  });

  it('a callback replayed, even with the attempt cookie it came with, is refused', async () => {
    const { start, back, callback } = await signIn('psc', 'psc-martin');
    expect(callback.headers.location).to.equal('/');
    const attempt = (start.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('oidc_attempt='))!.split(';')[0]!;
    const replay = await supertest(app).get(back.pathname + back.search).set('Cookie', attempt);
    expect(refusal(replay)).to.equal('sign_in_failed');
    expect(replay.headers['set-cookie']?.toString() ?? '').not.to.match(/sid=[^;]/);
  });

  it('an ID token for another nonce, or a code bound to another PKCE challenge, is refused', async () => {
    for (const param of ['nonce', 'code_challenge']) {
      idp.signInAs('psc-martin');
      const attempt = await beginProviderSignIn('psc', config);
      const altered = new URL(attempt.url);
      altered.searchParams.set(param, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      const back = await followAtProvider(idp.issuer, altered.href);
      expect(back.searchParams.get('code'), `${param}: the provider issued a code`).to.be.a('string');
      const res = await supertest(app).get(back.pathname + back.search).set('Cookie', `oidc_attempt=${attempt.attemptToken}`);
      expect(refusal(res), param).to.equal('sign_in_failed');
    }
  });

  it('an attempt older than ten minutes is refused', async () => {
    idp.signInAs('psc-martin');
    const old = await beginProviderSignIn('psc', config, new Date(Date.now() - 11 * 60_000));
    const back = await followAtProvider(idp.issuer, old.url);
    const late = await supertest(app).get(back.pathname + back.search).set('Cookie', `oidc_attempt=${old.attemptToken}`);
    expect(refusal(late)).to.equal('sign_in_failed');
  });

  it('a deactivated user is refused, whether found by identifier or by e-mail', async () => {
    const user = await invite('parti@pass-sud.test');
    idp.accounts.set('psc-parti', { SubjectNameID: '810000000003', email: 'parti@pass-sud.test' });
    expect((await signIn('psc', 'psc-parti')).callback.headers.location).to.equal('/');
    expect((await supertest(app).patch(`/api/users/${user.id}`).set('Authorization', admin).send({ active: false })).status).to.equal(200);
    const byIdentifier = await signIn('psc', 'psc-parti');
    expect(refusal(byIdentifier.callback)).to.equal('account_inactive');
    expect((await byIdentifier.browser.get('/api/me')).status).to.equal(401);
    idp.accounts.set('pc-parti', { email: 'parti@pass-sud.test' });
    expect(refusal((await signIn('proconnect', 'pc-parti')).callback)).to.equal('account_inactive');
  });

  it('a sign-in the provider refuses or the person cancels comes back to the login page', async () => {
    const browser = supertest.agent(app);
    const start = await browser.get('/api/auth/oidc/psc/start');
    const back = await followAtProvider(idp.issuer, start.headers.location!); // nobody named: the provider answers access_denied
    expect(back.searchParams.get('error')).to.equal('access_denied');
    expect(refusal(await browser.get(back.pathname + back.search))).to.equal('provider_refused');
  });

  it('a provider that does not answer sends the person back to the login page, and is asked again next time', async () => {
    const closed = await idpAtClosedPort();
    const down = createApp(testConfig({ PUBLIC_URL, OIDC_PSC_ISSUER: closed, OIDC_PSC_CLIENT_ID: 'psc-test', OIDC_PSC_CLIENT_SECRET: 'x' }), createLogger('silent'));
    for (let i = 0; i < 2; i += 1) expect(refusal(await supertest(down).get('/api/auth/oidc/psc/start'))).to.equal('provider_unavailable');
  });

  it('the callback validates its query like any route: unknown fields are a 400 in the API format', async () => {
    const res = await supertest(app).get('/api/auth/oidc/psc/callback?code=x&state=y&admin=true');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_input');
    expect(res.text).not.to.match(/\bat .*\.(ts|js):\d+/);
    expect((await supertest(app).get('/api/auth/oidc/nowhere/start')).status).to.equal(404);
  });

  it('refusals are logged with what failed, never with who', async () => {
    const refusals = logLines.filter((line) => line.includes('provider sign-in refused')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refusals.map((r) => r.code)).to.include.members(['unknown_identity', 'sign_in_failed', 'account_inactive', 'provider_refused']);
    const all = logLines.join('\n');
    for (const personal of ['inconnu@ailleurs.test', '810000000099', 'parti@pass-sud.test', 'psc-stranger', 'code=']) expect(all).not.to.include(personal);
  });

  it('the password still works for an account that also signs in with a provider', async () => {
    await supertest(app).post('/api/users').set('Authorization', admin).send({ email: 'les.deux@pass-sud.test', password: TEST_PASSWORD, name: 'Les Deux', role: 'requester', structureId });
    idp.accounts.set('psc-both', { SubjectNameID: '810000000004', email: 'les.deux@pass-sud.test' });
    expect((await signIn('psc', 'psc-both')).callback.headers.location).to.equal('/');
    expect((await supertest(app).post('/api/auth/login').send({ email: 'les.deux@pass-sud.test', password: TEST_PASSWORD })).status).to.equal(200);
  });

  it('starts from one address are capped at 60 a minute: then the login page says to wait, and no attempt is written', async () => {
    const answers = [];
    for (let i = 0; i < 61; i += 1) answers.push((await supertest(app).get('/api/auth/oidc/psc/start')).headers.location as string);
    const refused = answers.filter((location) => location === '/#/connexion?erreur=too_many_attempts');
    expect(refused.length, 'earlier tests of this file started some too').to.be.at.least(1);
    expect(answers.slice(0, 61 - refused.length).every((location) => location.startsWith(idp.issuer)), 'the ones before the cap went to the provider').to.equal(true);
    const after = await supertest(app).get('/api/auth/oidc/psc/start');
    expect(after.headers.location).to.equal('/#/connexion?erreur=too_many_attempts');
    expect(after.headers['set-cookie'], 'no attempt cookie: nothing was written').to.equal(undefined);
  });
});
