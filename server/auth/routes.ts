import { Router, type CookieOptions } from 'express';
import { loginBody } from '../../shared/schemas/auth';
import { getOwnUser } from '../directory/users';
import type { Config } from '../platform/config';
import { route } from '../platform/routing';
import { CSRF_COOKIE, csrfTokenFor } from './csrf';
import { SESSION_COOKIE } from './middleware';
import { logIn, logOut } from './sessions';
import type { LoginThrottle } from './throttle';

export function authRouter(config: Config, throttle: LoginThrottle): Router {
  const router = Router();
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.nodeEnv === 'production',
    path: '/',
  };

  route(
    router,
    { method: 'post', path: '/api/auth/login', summary: 'Log in with e-mail and password', tag: 'auth', access: 'public', body: loginBody },
    async ({ req, res, body }) => {
      const result = await logIn(body, { ip: req.ip ?? 'unknown', throttle, ttlHours: config.sessionTtlHours });
      res.cookie(SESSION_COOKIE, result.token, { ...cookieOptions, expires: result.expiresAt });
      // Readable by our page (not HttpOnly), which echoes it in the X-CSRF-Token header.
      res.cookie(CSRF_COOKIE, csrfTokenFor(result.token), { ...cookieOptions, httpOnly: false, expires: result.expiresAt });
      return { user: result.user, token: result.token, expiresAt: result.expiresAt };
    },
  );

  route(
    router,
    { method: 'post', path: '/api/auth/logout', summary: 'End the current session', tag: 'auth', access: 'authenticated' },
    async ({ res, actor }) => {
      await logOut(actor);
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      res.clearCookie(CSRF_COOKIE, { ...cookieOptions, httpOnly: false });
      return { ok: true };
    },
  );

  route(
    router,
    { method: 'get', path: '/api/me', summary: 'Who am I', tag: 'auth', access: 'authenticated' },
    async ({ req, res, actor }) => {
      // A browser session opened before CSRF protection gets its token here, when the page loads.
      const sessionToken = (req.cookies as Record<string, string>)[SESSION_COOKIE];
      if (req.authVia === 'cookie' && sessionToken) res.cookie(CSRF_COOKIE, csrfTokenFor(sessionToken), { ...cookieOptions, httpOnly: false });
      return { user: await getOwnUser(actor) };
    },
  );

  return router;
}
