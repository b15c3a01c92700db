import type { RequestHandler } from 'express';
import { authenticate } from './sessions';

export const SESSION_COOKIE = 'sid';

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie, and leaves
 * `req.actor` empty when there is neither; each route then says who may call it.
 */
export const identifyCaller: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  const token = bearer || cookie;
  if (token && token.length <= 200) {
    req.actor = await authenticate(token);
    if (req.actor) req.authVia = bearer ? 'bearer' : 'cookie';
  }
  next();
};
