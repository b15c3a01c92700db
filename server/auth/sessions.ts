import type { Role } from '../../shared/enums';
import type { Actor } from '../platform/actor';
import { digestOf, newSecret } from './secrets';
import { sessions } from './store';

/** Who a session is for: the snapshot it keeps, so that authenticating a call is one read. */
export interface SessionUser {
  id: string;
  role: Role;
  name: string;
  email: string;
  structureId?: string | undefined;
  agencyId?: string | undefined;
  region?: string | undefined;
}

/**
 * Opens a session of `ttlHours` for a user whose credentials were checked. Returns the token (for the
 * cookie or the bearer header; only its SHA-256 is stored) and when it expires.
 */
export async function openSession(user: SessionUser, ttlHours: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { token, digest } = newSecret();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await sessions.create({
    _id: digest,
    userId: user.id as never,
    role: user.role,
    name: user.name,
    email: user.email,
    structureId: user.structureId as never,
    agencyId: user.agencyId as never,
    region: user.region,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** The caller behind a token, or undefined when it is unknown, expired or revoked. */
export async function authenticate(token: string): Promise<Actor | undefined> {
  const session = await sessions.findLive(digestOf(token), new Date());
  if (!session) return undefined;
  return {
    userId: session.userId.toString(),
    sessionId: session._id.toString(),
    role: session.role,
    name: session.name,
    email: session.email,
    structureId: session.structureId?.toString(),
    agencyId: session.agencyId?.toString(),
    region: session.region ?? undefined,
  };
}

export async function logOut(actor: Actor): Promise<void> {
  await sessions.revoke({ _id: actor.sessionId }, new Date());
}

/**
 * Ends every open session matching the filter: a user, a structure's users or an agency's; `exceptSessionId`
 * keeps one open (the caller's own, when they change their password). Returns how many were ended.
 */
export async function revokeSessions(
  filter: { userId: unknown } | { structureId: unknown } | { agencyId: unknown },
  exceptSessionId?: string,
): Promise<number> {
  return sessions.revoke(exceptSessionId ? { ...filter, _id: { $ne: exceptSessionId } } : filter, new Date());
}

/** Auditors' sessions opened before regions: the region their users were given at the same start-up. */
export const backfillAuditorSessions = (region: string) => sessions.backfillRegion('auditor', region);

/** Expired sessions are useless; a week later they are deleted (FerretDB v1 has no TTL index). */
export async function purgeExpiredSessions(now = new Date()) {
  return sessions.purgeBefore(new Date(now.getTime() - 7 * 24 * 3600_000));
}
