import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '../platform/errors';
import { SESSION_COOKIE } from './middleware';

// Cross-site request forgery: a browser sends the session cookie with any request, even one another site
// makes it send. A request that changes something with that cookie must therefore also carry a header
// only our own page can write (double submit: the page reads the `csrf` cookie, which other sites cannot),
// and, when the browser says where it comes from, come from our own origin. Bearer tokens are never sent
// by the browser on its own, so calls made with them need neither.

export const CSRF_COOKIE = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Derived from the session token: nothing to store, and worthless without the session cookie itself. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

const csrfFailed = (message: string) => new AppError(403, 'csrf_failed', message);

/** Whether an `Origin` header, if any, names this server as the user reaches it. */
export function originAllowed(req: IncomingMessage, publicUrl?: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  const own = new Set([...(publicUrl ? [new URL(publicUrl).origin] : []), ...(host ? [`http://${host}`, `https://${host}`] : [])]);
  return own.has(origin);
}

export function csrfProtection(publicUrl: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!originAllowed(req, publicUrl)) return next(csrfFailed('This request comes from another site.'));
    if (req.authVia !== 'cookie') return next();
    const sessionToken = (req.cookies as Record<string, string>)[SESSION_COOKIE]!;
    const expected = Buffer.from(csrfTokenFor(sessionToken));
    const given = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(csrfFailed('Missing or wrong X-CSRF-Token header: reload the page.'));
    }
    next();
  };
}
