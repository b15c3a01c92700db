import { createHash, randomBytes } from 'node:crypto';
import { checkCredentials } from '../directory/users';
import type { UserView } from '../directory/views';
import type { Actor } from '../platform/actor';
import { AppError } from '../platform/errors';
import { sessions } from './store';
import type { LoginThrottle } from './throttle';

// Only a hash of the token is stored: a copy of the database does not let anyone in.
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  user: UserView;
  token: string;
  expiresAt: Date;
}

export async function logIn(
  credentials: { email: string; password: string },
  context: { ip: string; throttle: LoginThrottle; ttlHours: number },
): Promise<LoginResult> {
  const account = credentials.email.trim().toLowerCase();
  await context.throttle.beforeAttempt(context.ip, account);
  const user = await checkCredentials(credentials.email, credentials.password);
  if (!user) {
    await context.throttle.failed(context.ip, account);
    throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password.');
  }
  await context.throttle.succeeded(account);
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + context.ttlHours * 3600_000);
  await sessions.create({
    _id: digest(token),
    userId: user.id as never,
    role: user.role,
    name: user.name,
    email: user.email,
    structureId: user.structureId as never,
    agencyId: user.agencyId as never,
    createdAt: now,
    expiresAt,
  });
  return { user, token, expiresAt };
}

/** The caller behind a token, or undefined when it is unknown, expired or revoked. */
export async function authenticate(token: string): Promise<Actor | undefined> {
  const session = await sessions.findLive(digest(token), new Date());
  if (!session) return undefined;
  return {
    userId: session.userId.toString(),
    sessionId: session._id.toString(),
    role: session.role,
    name: session.name,
    email: session.email,
    structureId: session.structureId?.toString(),
    agencyId: session.agencyId?.toString(),
  };
}

export async function logOut(actor: Actor): Promise<void> {
  await sessions.revoke({ _id: actor.sessionId }, new Date());
}

/** Ends every open session matching the filter: a user, a structure's users or an agency's. */
export async function revokeSessions(filter: { userId: unknown } | { structureId: unknown } | { agencyId: unknown }) {
  return sessions.revoke(filter, new Date());
}

/** Expired sessions are useless; a week later they are deleted (FerretDB v1 has no TTL index). */
export async function purgeExpiredSessions(now = new Date()) {
  return sessions.purgeBefore(new Date(now.getTime() - 7 * 24 * 3600_000));
}
