import type { InterpreterCreateBody, UserCreateBody } from '../../shared/schemas/directory';
import { createInterpreter } from '../directory/interpreters';
import { issueToken, withdrawTokens } from '../auth/tokens';
import { structureSummary } from '../directory/structures';
import { zoneOfStructure } from '../../shared/regions';
import { createUser } from '../directory/users';
import type { UserView } from '../directory/views';
import { enqueueMail } from '../notify/outbox';
import { conflict, notFound } from '../platform/errors';
import { invitationMail, passwordLink } from './mails';

/** What sending an invitation needs: the address users reach (PUBLIC_URL) and who invites. */
export interface InvitationContext {
  publicUrl: string;
  inviterName: string;
  now?: Date;
}

/**
 * An admin creates an account: with a password, the user can log in at once (as before); without one,
 * the user is created `invitationPending` and a one-time link, valid 72 hours, goes by mail to choose a
 * password. Returns the user view (201). Errors as directory's createUser (400, 409).
 */
export async function createAccount(input: UserCreateBody, context: InvitationContext): Promise<UserView> {
  const user = await createUser(input);
  if (input.password === undefined) await sendInvitation(user, context);
  return user;
}

/** The same for an interpreter, with their profile (POST /api/interpreters): invited when no password is given. */
export async function createInterpreterAccount(input: InterpreterCreateBody, context: InvitationContext) {
  const interpreter = await createInterpreter(input);
  if (input.password === undefined) await sendInvitation(interpreter, context);
  return interpreter;
}

/** Issues an invitation link for `user` and queues the mail that carries it (the outbox sends it). */
export async function sendInvitation(user: { id: string; email: string; name: string; role: string; structureId?: string | undefined }, context: InvitationContext): Promise<void> {
  const issued = await issueToken(user.id, 'invitation', context.now);
  const structure = user.structureId ? await structureSummary(user.structureId) : undefined;
  const link = { url: passwordLink(context.publicUrl, issued.token), id: issued.id, expiresAt: issued.expiresAt };
  const timeZone = structure ? zoneOfStructure(structure) : undefined;
  await enqueueMail(invitationMail({ ...user, timeZone }, link, { inviterName: context.inviterName, structureName: structure?.name, interpreter: user.role === 'interpreter' }));
}

/**
 * Sends a new invitation link to a user who has not chosen a password yet; the previous links stop
 * working. 404 for an unknown or deactivated user, 409 `invitation_accepted` once they have a password.
 */
export async function resendInvitation(user: UserView | undefined, context: InvitationContext): Promise<UserView> {
  if (!user || !user.active) throw notFound('User');
  if (!user.invitationPending) throw conflict('invitation_accepted', 'This user has already chosen a password.');
  await withdrawTokens(user.id, 'invitation', context.now);
  await sendInvitation(user, context);
  return user;
}
