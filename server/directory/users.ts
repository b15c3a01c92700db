import type { UserCreateBody, UserListQuery, UserUpdateBody } from '../../shared/schemas/directory';
import { hashPassword, spendVerificationTime, verifyPassword } from '../auth/passwords';
import { revokeSessions } from '../auth/sessions';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden, notFound } from '../platform/errors';
import { activeAgencyExists } from './agencies';
import { users, type Filter, type UserDoc } from './store';
import { activeStructureExists } from './structures';
import { userView, type UserView } from './views';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Auditors may read the directory; only admins change it. */
function readScope(actor: Actor): Filter {
  if (actor.role === 'admin' || actor.role === 'auditor') return {};
  throw forbidden();
}

export async function listUsers(actor: Actor, query: UserListQuery) {
  const filter: Filter = { ...readScope(actor) };
  if (query.role) filter.role = query.role;
  if (query.structureId) filter.structureId = query.structureId;
  if (query.agencyId) filter.agencyId = query.agencyId;
  if (query.active) filter.active = query.active === 'true';
  return (await users.find(filter)).map(userView);
}

export async function getUser(actor: Actor, id: string) {
  const doc = await users.findOne({ $and: [readScope(actor), { _id: id }] });
  if (!doc) throw notFound('User');
  return userView(doc);
}

/** Checks that a role comes with exactly the attachment it needs: a structure or an agency. */
export async function assertAttachment(role: string, structureId?: string, agencyId?: string) {
  const needsStructure = role === 'requester';
  const needsAgency = role === 'dispatcher' || role === 'interpreter';
  if (needsStructure && !structureId) throw badRequest('A requester belongs to a structure.', [{ field: 'structureId', code: 'required', message: 'is required for a requester' }]);
  if (needsAgency && !agencyId) throw badRequest(`A ${role} belongs to an agency.`, [{ field: 'agencyId', code: 'required', message: `is required for a ${role}` }]);
  if (!needsStructure && structureId) throw badRequest('Only requesters belong to a structure.', [{ field: 'structureId', code: 'not_allowed', message: `is not allowed for a ${role}` }]);
  if (!needsAgency && agencyId) throw badRequest('Only dispatchers and interpreters belong to an agency.', [{ field: 'agencyId', code: 'not_allowed', message: `is not allowed for a ${role}` }]);
  if (structureId && !(await activeStructureExists(structureId))) {
    throw badRequest('Unknown structure.', [{ field: 'structureId', code: 'unknown', message: 'matches no active structure' }]);
  }
  if (agencyId && !(await activeAgencyExists(agencyId))) {
    throw badRequest('Unknown agency.', [{ field: 'agencyId', code: 'unknown', message: 'matches no active agency' }]);
  }
}

export async function createUser(input: UserCreateBody) {
  if (input.role === 'interpreter') {
    throw badRequest('Interpreters are created with POST /api/interpreters, which takes their profile.', [
      { field: 'role', code: 'use_interpreters_route', message: 'create interpreters through /api/interpreters' },
    ]);
  }
  await assertAttachment(input.role, input.structureId, input.agencyId);
  const { password, ...rest } = input;
  const doc = await users.create({
    ...rest,
    email: normaliseEmail(input.email),
    passwordHash: await hashPassword(password),
  } as Partial<UserDoc>);
  return userView(doc);
}

export async function updateUser(id: string, patch: UserUpdateBody) {
  const { password, ...rest } = patch;
  const set: Filter = { ...rest };
  if (password) set.passwordHash = await hashPassword(password);
  const doc = await users.update({ _id: id }, set);
  if (!doc) throw notFound('User');
  // A new password or a deactivation ends every open session of that user.
  if (password || patch.active === false) await revokeSessions({ userId: doc._id });
  return userView(doc);
}

export const deactivateUser = (id: string) => updateUser(id, { active: false });

/** The user behind these credentials if they are right and the account is active, else undefined. */
export async function checkCredentials(email: string, password: string): Promise<UserView | undefined> {
  const doc = await users.findWithPassword({ email: normaliseEmail(email), active: true });
  if (!doc) {
    await spendVerificationTime(password);
    return undefined;
  }
  if (!(await verifyPassword(password, doc.passwordHash))) return undefined;
  if (doc.structureId && !(await activeStructureExists(doc.structureId.toString()))) return undefined;
  if (doc.agencyId && !(await activeAgencyExists(doc.agencyId.toString()))) return undefined;
  return userView(doc);
}

export async function getOwnUser(actor: Actor) {
  const doc = await users.findOne({ _id: actor.userId });
  if (!doc) throw notFound('User');
  return userView(doc);
}

export async function countUsers(): Promise<number> {
  return users.count({});
}

/** E-mail addresses of the active users of a structure, an agency's dispatchers, every dispatcher or every auditor. */
export async function contactEmails(filter: { structureId: string } | { agencyId: string; role: 'dispatcher' } | { role: 'auditor' | 'dispatcher' }) {
  return (await users.find({ ...filter, active: true })).map((u) => u.email);
}

export async function userEmail(id: string): Promise<string | undefined> {
  return (await users.findOne({ _id: id, active: true }))?.email;
}
