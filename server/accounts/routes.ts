import { Router, type CookieOptions, type Request, type Response } from 'express';
import { loginBody, passwordChangeBody, passwordResetBody, providerCallbackQuery, setPasswordBody } from '../../shared/schemas/auth';
import { interpreterCreateBody, memberInviteBody, memberUpdateBody, userCreateBody } from '../../shared/schemas/directory';
import { CSRF_COOKIE, csrfTokenFor } from '../auth/csrf';
import { SESSION_COOKIE } from '../auth/middleware';
import { logOut } from '../auth/sessions';
import type { LoginThrottle, PerMinuteThrottle, ResetThrottle } from '../auth/throttle';
import { findActiveUser, getOwnUser, normaliseEmail } from '../directory/users';
import type { Config } from '../platform/config';
import { AppError } from '../platform/errors';
import { route } from '../platform/routing';
import { createAccount, createInterpreterAccount, resendInvitation } from './invitations';
import { logIn, type LoginResult } from './login';
import { beginProviderSignIn, SignInRefused, signInWithProvider } from './oidc';
import { configuredProviders } from './oidc-providers';
import { changeOwnPassword, requestPasswordReset, setPasswordWithLink } from './passwords';
import * as team from './team';

const ip = (req: Request) => req.ip ?? 'unknown';

/** The cookie that ties a provider's callback to the browser that started the sign-in. */
const ATTEMPT_COOKIE = 'oidc_attempt';

/** Login and sessions, passwords (reset, links, change), accounts created or invited, and structures' teams. */
export function accountsRouter(config: Config, throttles: { login: LoginThrottle; reset: ResetThrottle; providerStart: PerMinuteThrottle }): Router {
  const router = Router();
  const tag = 'auth';
  const publicUrl = config.publicUrl;
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.nodeEnv === 'production',
    path: '/',
  };

  const setSessionCookies = (res: Response, result: LoginResult) => {
    res.cookie(SESSION_COOKIE, result.token, { ...cookieOptions, expires: result.expiresAt });
    // Readable by our page (not HttpOnly), which echoes it in the X-CSRF-Token header.
    res.cookie(CSRF_COOKIE, csrfTokenFor(result.token), { ...cookieOptions, httpOnly: false, expires: result.expiresAt });
  };

  route(router, { method: 'post', path: '/api/auth/login', summary: 'Log in with e-mail and password', tag, access: 'public', body: loginBody },
    async ({ req, res, body }) => {
      const result = await logIn(body, { ip: ip(req), throttle: throttles.login, ttlHours: config.sessionTtlHours });
      setSessionCookies(res, result);
      return { user: result.user, token: result.token, expiresAt: result.expiresAt };
    });

  // Signing in with an identity provider (OpenID Connect), when configured. Lax, not Strict: the provider's
  // redirect back is a navigation from another site, which must carry the attempt cookie.
  const attemptCookie: CookieOptions = { ...cookieOptions, path: '/api/auth/oidc' };
  const toLoginPage = (res: Response, code: string) => res.redirect(303, `/#/connexion?erreur=${code}`);

  route(router, { method: 'get', path: '/api/auth/providers', summary: 'The identity providers one may sign in with, for the login page', tag, access: 'public' },
    () => configuredProviders(config));

  route(router, { method: 'get', path: '/api/auth/oidc/:provider/start', summary: 'Sign in with an identity provider: redirects to it (PKCE, state, nonce)', tag, access: 'public' },
    async ({ req, res, params }) => {
      try {
        await throttles.providerStart.consume(ip(req)).catch((error: unknown) => {
          throw error instanceof AppError && error.status === 429 ? new SignInRefused('too_many_attempts', 'too many sign-in starts from this address') : error;
        });
        const attempt = await beginProviderSignIn(params.provider!, config);
        res.cookie(ATTEMPT_COOKIE, attempt.attemptToken, { ...attemptCookie, expires: attempt.expiresAt });
        res.redirect(303, attempt.url);
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        req.log.warn({ provider: params.provider, code: error.code, reason: error.reason }, 'provider sign-in not started');
        toLoginPage(res, error.code);
      }
    });

  route(router, { method: 'get', path: '/api/auth/oidc/:provider/callback', summary: 'Where the identity provider sends the browser back: opens a session for a known account, or says why not on the login page', tag, access: 'public', query: providerCallbackQuery },
    async ({ req, res, params, query }) => {
      const attemptToken = (req.cookies as Record<string, string>)[ATTEMPT_COOKIE];
      res.clearCookie(ATTEMPT_COOKIE, attemptCookie);
      try {
        const result = await signInWithProvider(params.provider!, attemptToken, new URLSearchParams(query as Record<string, string>), { config });
        setSessionCookies(res, result);
        res.redirect(303, '/');
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        req.log.warn({ provider: params.provider, code: error.code, reason: error.reason }, 'provider sign-in refused');
        toLoginPage(res, error.code);
      }
    });

  route(router, { method: 'post', path: '/api/auth/logout', summary: 'End the current session', tag, access: 'authenticated' },
    async ({ res, actor }) => {
      await logOut(actor);
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      res.clearCookie(CSRF_COOKIE, { ...cookieOptions, httpOnly: false });
      return { ok: true };
    });

  route(router, { method: 'get', path: '/api/me', summary: 'Who am I', tag, access: 'authenticated' },
    async ({ req, res, actor }) => {
      // A browser session opened before CSRF protection gets its token here, when the page loads.
      const sessionToken = (req.cookies as Record<string, string>)[SESSION_COOKIE];
      if (req.authVia === 'cookie' && sessionToken) res.cookie(CSRF_COOKIE, csrfTokenFor(sessionToken), { ...cookieOptions, httpOnly: false });
      return { user: await getOwnUser(actor) };
    });

  route(router, { method: 'put', path: '/api/me/password', summary: 'Change one’s password (other sessions end)', tag, access: 'authenticated', body: passwordChangeBody },
    async ({ req, actor, body }) => {
      await changeOwnPassword(actor, body, { ip: ip(req), throttle: throttles.login, publicUrl });
      return { ok: true };
    });

  route(router, { method: 'post', path: '/api/auth/password-reset', summary: 'Mail a one-time link (1 h) to choose a new password; the same answer for any address', tag, access: 'public', body: passwordResetBody, status: 202 },
    async ({ req, body }) => {
      if (await throttles.reset.request(ip(req), normaliseEmail(body.email))) {
        requestPasswordReset(body.email, { publicUrl, onError: (error) => req.log.error({ errorName: error instanceof Error ? error.name : 'unknown' }, 'password reset request failed') });
      }
      return { ok: true };
    });

  route(router, { method: 'post', path: '/api/auth/set-password', summary: 'Choose a password with a one-time link (reset or invitation); an invitation answers a session as login does', tag, access: 'public', body: setPasswordBody },
    async ({ req, res, body }) => {
      await throttles.reset.beforeLink(ip(req));
      try {
        const { email, session } = await setPasswordWithLink(body, { publicUrl, ttlHours: config.sessionTtlHours });
        if (!session) return { email };
        setSessionCookies(res, session);
        return { email, user: session.user, token: session.token, expiresAt: session.expiresAt };
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_token') await throttles.reset.badLink(ip(req));
        throw error;
      }
    });

  route(router, { method: 'post', path: '/api/users', summary: 'Create a user; without a password, invite them by mail (interpreters: /api/interpreters)', tag: 'directory', access: ['admin'], body: userCreateBody, status: 201 },
    ({ actor, body }) => createAccount(body, { publicUrl, inviterName: actor.name }));
  route(router, { method: 'post', path: '/api/interpreters', summary: 'Create an interpreter, who can log in at once; without a password, invite them by mail', tag: 'directory', access: ['admin'], body: interpreterCreateBody, status: 201 },
    ({ actor, body }) => createInterpreterAccount(body, { publicUrl, inviterName: actor.name }));
  route(router, { method: 'post', path: '/api/users/:id/invitation', summary: 'Send a new invitation link to a user who has no password yet', tag: 'directory', access: ['admin'] },
    async ({ actor, params }) => resendInvitation(await findActiveUser(params.id!), { publicUrl, inviterName: actor.name }));

  const TEAM = ['admin', 'requester'] as const;
  route(router, { method: 'get', path: '/api/structures/:id/members', summary: 'A structure’s requesters (its referent, or an admin)', tag: 'directory', access: TEAM },
    ({ actor, params }) => team.listMembers(actor, params.id!));
  route(router, { method: 'post', path: '/api/structures/:id/members', summary: 'Invite a requester into the structure', tag: 'directory', access: TEAM, body: memberInviteBody, status: 201 },
    ({ actor, params, body }) => team.inviteMember(actor, params.id!, body, publicUrl));
  route(router, { method: 'patch', path: '/api/structures/:id/members/:userId', summary: 'Deactivate or reactivate a requester of the structure', tag: 'directory', access: TEAM, body: memberUpdateBody },
    ({ actor, params, body }) => team.setMemberActive(actor, params.id!, params.userId!, body.active));
  route(router, { method: 'post', path: '/api/structures/:id/members/:userId/invitation', summary: 'Send a new invitation link to a requester of the structure', tag: 'directory', access: TEAM },
    ({ actor, params }) => team.resendMemberInvitation(actor, params.id!, params.userId!, publicUrl));

  return router;
}
