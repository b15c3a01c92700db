import type { MemberInviteBody } from '../../shared/schemas/directory';
import { activeStructureExists } from '../directory/structures';
import { createUser, isReferentOf, structureRequester, structureRequesters, updateUser } from '../directory/users';
import type { UserView } from '../directory/views';
import type { Actor } from '../platform/actor';
import { businessRule, forbidden, notFound } from '../platform/errors';
import { resendInvitation, sendInvitation } from './invitations';

// A structure manages its own team: its referent (a requester an admin marked `referent`) invites
// colleagues and deactivates or reactivates them, for that structure only. Another structure, or a user
// of another structure, is not found (404), as everywhere. Admins may do the same for any structure.

/**
 * Lets the caller manage `structureId`'s team, or throws: 404 for a structure that is not the caller's
 * (or does not exist), 403 for a requester of the structure who is not its referent.
 */
async function assertManages(actor: Actor, structureId: string): Promise<void> {
  if (actor.role === 'admin') {
    if (!(await activeStructureExists(structureId))) throw notFound('Structure');
    return;
  }
  if (actor.role !== 'requester' || actor.structureId !== structureId) throw notFound('Structure');
  if (!(await isReferentOf(actor.userId, structureId))) throw forbidden();
}

async function memberOf(actor: Actor, structureId: string, userId: string): Promise<UserView> {
  await assertManages(actor, structureId);
  const member = await structureRequester(structureId, userId);
  if (!member) throw notFound('User');
  return member;
}

/** The structure's requesters, active or not, with `invitationPending` for those who have no password yet. */
export async function listMembers(actor: Actor, structureId: string): Promise<UserView[]> {
  await assertManages(actor, structureId);
  return structureRequesters(structureId);
}

/** Invites a colleague as a requester of the structure: 201 the user, and a 72-hour link by mail; 409 for a taken address. */
export async function inviteMember(actor: Actor, structureId: string, body: MemberInviteBody, publicUrl: string): Promise<UserView> {
  await assertManages(actor, structureId);
  const user = await createUser({ ...body, role: 'requester', structureId });
  await sendInvitation(user, { publicUrl, inviterName: actor.name });
  return user;
}

/**
 * Deactivates (their sessions end at once) or reactivates a requester of the structure. A referent
 * cannot deactivate their own account (422 `own_account`): only an admin can.
 */
export async function setMemberActive(actor: Actor, structureId: string, userId: string, active: boolean): Promise<UserView> {
  await memberOf(actor, structureId, userId);
  if (userId === actor.userId) throw businessRule('own_account', 'You cannot deactivate your own account.');
  return updateUser(userId, { active });
}

/** A new invitation link for a colleague who has not chosen a password yet (409 once they have). */
export async function resendMemberInvitation(actor: Actor, structureId: string, userId: string, publicUrl: string): Promise<UserView> {
  return resendInvitation(await memberOf(actor, structureId, userId), { publicUrl, inviterName: actor.name });
}
