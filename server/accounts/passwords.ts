import type { PasswordChangeBody, SetPasswordBody } from '../../shared/schemas/auth';
import { assertPasswordAllowed } from '../auth/password-policy';
import type { LoginThrottle } from '../auth/throttle';
import { openSession } from '../auth/sessions';
import { issueToken, peekToken, useToken, withdrawTokens } from '../auth/tokens';
import { structureTimeZone } from '../directory/structures';
import { findActiveUser, findActiveUserByEmail, isCurrentPassword, setPassword } from '../directory/users';
import type { UserView } from '../directory/views';
import type { Actor } from '../platform/actor';
import { enqueueMail } from '../notify/outbox';
import { AppError } from '../platform/errors';
import type { LoginResult } from './login';
import { passwordChangedMail, passwordLink, resetMail } from './mails';

// Choosing a password: from a reset link, from an invitation link, or by a logged-in user who knows the
// current one. Every way ends the user's other sessions and voids their other links.

const inFlight = new Set<Promise<void>>();

/**
 * Starts a password reset for `email` and returns at once: the lookup, the link (valid 1 hour) and its
 * mail happen after the answer, so that the answer takes the same time whether an account exists or not.
 * Nothing happens for an unknown or deactivated address. `onError` hears of a failure (never the address).
 */
export function requestPasswordReset(email: string, context: { publicUrl: string; now?: Date; onError: (error: unknown) => void }): void {
  const work = mailResetLink(email, context).catch(context.onError);
  inFlight.add(work);
  void work.finally(() => inFlight.delete(work));
}

async function mailResetLink(email: string, context: { publicUrl: string; now?: Date }): Promise<void> {
  const user = await findActiveUserByEmail(email);
  if (!user) return;
  const issued = await issueToken(user.id, 'reset', context.now);
  await enqueueMail(resetMail({ ...user, timeZone: await structureTimeZone(user.structureId) }, { url: passwordLink(context.publicUrl, issued.token), id: issued.id, expiresAt: issued.expiresAt }));
}

/** Resolves once every reset request started so far is done (shutdown, tests). */
export async function settleResetRequests(): Promise<void> {
  await Promise.all([...inFlight]);
}

/** A link that is unknown, used or expired: one answer for all three. */
export const invalidLink = () => new AppError(400, 'invalid_token', 'This link is invalid, expired or already used.');

/**
 * Sets the password of the link's user, if the link is unused and unexpired at `now`: the token is spent
 * (of two simultaneous uses, one wins), the user's other links are voided, every session of theirs is
 * ended, and a mail tells them. The password is checked first (400 `weak_password`), so that a refused
 * password does not spend the link; 400 `invalid_token` otherwise. Returns the user's e-mail address and,
 * for an invitation, a new session as login opens one: the person who just chose their first password
 * is signed in. A reset signs nobody in (the usual advice: the new password is then typed at login).
 */
export async function setPasswordWithLink(body: SetPasswordBody, context: { publicUrl: string; ttlHours: number; now?: Date }): Promise<{ email: string; session?: LoginResult }> {
  const now = context.now ?? new Date();
  const pending = await peekToken(body.token, now);
  const holder = pending && (await findActiveUser(pending.userId));
  if (!holder) throw invalidLink();
  assertPasswordAllowed(body.password, { email: holder.email });
  const link = await useToken(body.token, now);
  if (!link) throw invalidLink();
  const user = await setPassword(link.userId, body.password);
  if (!user) throw invalidLink();
  await afterChange(user, now, context.publicUrl);
  if (link.purpose !== 'invitation') return { email: user.email };
  // Opened after setPassword ended every session of theirs, so this one stays.
  const { token, expiresAt } = await openSession(user, context.ttlHours, now);
  return { email: user.email, session: { user, token, expiresAt } };
}

/**
 * A logged-in user changes their password, giving the current one: a wrong one counts as a failed login
 * (400 `wrong_password`, then 429 once the account is locked). The caller's session stays open; every
 * other one is ended.
 */
export async function changeOwnPassword(actor: Actor, body: PasswordChangeBody, context: { ip: string; throttle: LoginThrottle; publicUrl: string }): Promise<void> {
  assertPasswordAllowed(body.newPassword, { email: actor.email, field: 'newPassword' });
  await context.throttle.beforeAttempt(context.ip, actor.email);
  if (!(await isCurrentPassword(actor.userId, body.currentPassword))) {
    await context.throttle.failed(context.ip, actor.email);
    throw new AppError(400, 'wrong_password', 'The current password is wrong.', [{ field: 'currentPassword', code: 'wrong_password', message: 'Mot de passe actuel incorrect.' }]);
  }
  const user = await setPassword(actor.userId, body.newPassword, actor.sessionId);
  if (!user) throw new AppError(401, 'unauthenticated', 'Authentication required.');
  await afterChange(user, new Date(), context.publicUrl);
}

async function afterChange(user: UserView, now: Date, publicUrl: string) {
  await withdrawTokens(user.id, undefined, now);
  await enqueueMail(passwordChangedMail({ ...user, timeZone: await structureTimeZone(user.structureId) }, now, publicUrl));
}
