import type { UserCreateBody, UserListQuery, UserUpdateBody } from '../../shared/schemas/directory';
import { assertPasswordAllowed } from '../auth/password-policy';
import { hashPassword, spendVerificationTime, verifyPassword } from '../auth/passwords';
import { revokeSessions } from '../auth/sessions';
import { withdrawTokens } from '../auth/tokens';
import { auditorRegion, type Actor } from '../platform/actor';
import { badRequest, forbidden, notFound } from '../platform/errors';
import { activeAgencyExists, regionAgencyIds } from './agencies';
import { textFilter } from './search';
import { regionBackfill, users, type Filter, type UserDoc } from './store';
import { activeStructureExists, regionStructureIds } from './structures';
import { userView, type UserView } from './views';
import { announceProfileChanged } from './profile-changes';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Auditors may read the directory of their region: its structures' requesters, its agencies' dispatchers
 * and interpreters, its auditors. Only admins change it, and read everyone.
 */
async function readScope(actor: Actor): Promise<Filter> {
  if (actor.role === 'admin') return {};
  if (actor.role !== 'auditor') throw forbidden();
  const region = auditorRegion(actor);
  const [structureIds, agencyIds] = await Promise.all([regionStructureIds(region), regionAgencyIds(region)]);
  return { $or: [{ structureId: { $in: structureIds } }, { agencyId: { $in: [...agencyIds] } }, { role: 'auditor', region }] };
}

export async function listUsers(actor: Actor, query: UserListQuery) {
  const filter: Filter = { ...textFilter(query.q, ['name', 'email']) };
  if (query.role) filter.role = query.role;
  if (query.structureId) filter.structureId = query.structureId;
  if (query.agencyId) filter.agencyId = query.agencyId;
  if (query.active) filter.active = query.active === 'true';
  return (await users.find({ $and: [await readScope(actor), filter] }, query)).map(userView);
}

export async function getUser(actor: Actor, id: string) {
  const doc = await users.findOne({ $and: [await readScope(actor), { _id: id }] });
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

/**
 * Creates a user (interpreters excepted: /api/interpreters). With a password (checked by the password
 * policy) they can log in at once; without one they are `invitationPending` until they choose one through
 * an invitation link, which the caller sends. 400 on a wrong attachment or a weak password, 409 when the
 * e-mail address is taken.
 */
export async function createUser(input: UserCreateBody) {
  if (input.role === 'interpreter') {
    throw badRequest('Interpreters are created with POST /api/interpreters, which takes their profile.', [
      { field: 'role', code: 'use_interpreters_route', message: 'create interpreters through /api/interpreters' },
    ]);
  }
  assertReferentAllowed(input.role, input.referent);
  assertRegionAllowed(input.role, input.region);
  await assertAttachment(input.role, input.structureId, input.agencyId);
  const { password, ...rest } = input;
  const email = normaliseEmail(input.email);
  if (password !== undefined) assertPasswordAllowed(password, { email });
  const doc = await users.create({
    ...rest,
    email,
    ...(password === undefined ? { invitationPending: true } : { passwordHash: await hashPassword(password) }),
  } as Partial<UserDoc>);
  return userView(doc);
}

/** An auditor audits one region, which they are given when created; no other role has one. */
function assertRegionAllowed(role: string, region: string | undefined) {
  if (role === 'auditor' && !region) throw badRequest('An auditor audits a region.', [{ field: 'region', code: 'required', message: 'is required for an auditor' }]);
  if (role !== 'auditor' && region) throw badRequest('Only auditors belong to a region.', [{ field: 'region', code: 'not_allowed', message: `is not allowed for a ${role}` }]);
}

function assertReferentAllowed(role: string, referent: boolean | undefined) {
  if (referent && role !== 'requester') {
    throw badRequest('Only a requester can be the referent of a structure.', [{ field: 'referent', code: 'not_allowed', message: `is not allowed for a ${role}` }]);
  }
}

/** An admin's change: name, password (policy checked), activity, referent; 404 for an unknown id. */
export async function updateUser(id: string, patch: UserUpdateBody) {
  const { password, ...rest } = patch;
  const set: Filter = { ...rest };
  if (password !== undefined || patch.referent) {
    const current = await users.findOne({ _id: id });
    if (!current) throw notFound('User');
    if (patch.referent) assertReferentAllowed(current.role, true);
    if (password !== undefined) {
      assertPasswordAllowed(password, { email: current.email });
      set.passwordHash = await hashPassword(password);
      set.invitationPending = false;
    }
  }
  const doc = await users.update({ _id: id }, set);
  if (!doc) throw notFound('User');
  // A new password or a deactivation ends every open session of that user; a new password also voids their links.
  if (password !== undefined || patch.active === false) await revokeSessions({ userId: doc._id });
  if (password !== undefined) await withdrawTokens(id);
  return userView(doc);
}

export const deactivateUser = (id: string) => updateUser(id, { active: false });

/** The user behind these credentials if they are right and the account is active, else undefined. */
export async function checkCredentials(email: string, password: string): Promise<UserView | undefined> {
  const doc = await users.findWithPassword({ email: normaliseEmail(email), active: true });
  // An unknown address, or an invitation not yet accepted, costs as long as a wrong password.
  if (!doc?.passwordHash) {
    await spendVerificationTime(password);
    return undefined;
  }
  if (!(await verifyPassword(password, doc.passwordHash))) return undefined;
  if (doc.structureId && !(await activeStructureExists(doc.structureId.toString()))) return undefined;
  if (doc.agencyId && !(await activeAgencyExists(doc.agencyId.toString()))) return undefined;
  return userView(doc);
}

/** Whether `password` is the active user's current one (a user still invited has none). */
export async function isCurrentPassword(userId: string, password: string): Promise<boolean> {
  const doc = await users.findWithPassword({ _id: userId, active: true });
  if (!doc?.passwordHash) {
    await spendVerificationTime(password);
    return false;
  }
  return verifyPassword(password, doc.passwordHash);
}

/**
 * Sets an active user's password (policy checked against their address first: 400 `weak_password`),
 * ends the invitation, and ends every session of theirs but `keepSessionId`. Undefined when no active
 * user has this id.
 */
export async function setPassword(userId: string, password: string, keepSessionId?: string): Promise<UserView | undefined> {
  const current = await users.findOne({ _id: userId, active: true });
  if (!current) return undefined;
  assertPasswordAllowed(password, { email: current.email });
  const doc = await users.update({ _id: userId, active: true }, { passwordHash: await hashPassword(password), invitationPending: false });
  if (!doc) return undefined;
  await revokeSessions({ userId: doc._id }, keepSessionId);
  // An invited interpreter who can now log in can take offers: the requests nobody could take reach them.
  if (doc.role === 'interpreter' && current.invitationPending) await announceProfileChanged(doc._id.toString(), new Date());
  return userView(doc);
}

/** The active user with this id, or undefined. */
export async function findActiveUser(id: string): Promise<UserView | undefined> {
  const doc = await users.findOne({ _id: id, active: true });
  return doc ? userView(doc) : undefined;
}

/** Users' names by id, in one query (unknown ids are absent): who booked, as the interpreter reads it. */
export async function userNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const docs = await users.find({ _id: { $in: [...new Set(ids)] } });
  return new Map(docs.map((doc) => [doc._id.toString(), doc.name]));
}

/** The active user with this e-mail address (any case), or undefined. */
export async function findActiveUserByEmail(email: string): Promise<UserView | undefined> {
  const doc = await users.findOne({ email: normaliseEmail(email), active: true });
  return doc ? userView(doc) : undefined;
}

/** The user with this e-mail address (any case), active or not, or undefined. */
export async function findUserByEmail(email: string): Promise<UserView | undefined> {
  const doc = await users.findOne({ email: normaliseEmail(email) });
  return doc ? userView(doc) : undefined;
}

/** Every requester, active or not, in the order stored. */
export async function allRequesters(): Promise<UserView[]> {
  return (await users.inStoredOrder({ role: 'requester' })).map(userView);
}

/** Whether this user is an active referent of this structure (read at each call: a change applies at once). */
export async function isReferentOf(userId: string, structureId: string): Promise<boolean> {
  return users.exists({ _id: userId, structureId, role: 'requester', referent: true, active: true });
}

/** The requesters of a structure, active or not, by name. */
export async function structureRequesters(structureId: string): Promise<UserView[]> {
  return (await users.find({ structureId, role: 'requester' })).map(userView);
}

/** One requester of a structure, or undefined (another structure's user is not found). */
export async function structureRequester(structureId: string, userId: string): Promise<UserView | undefined> {
  const doc = await users.findOne({ _id: userId, structureId, role: 'requester' });
  return doc ? userView(doc) : undefined;
}

export async function getOwnUser(actor: Actor) {
  const doc = await users.findOne({ _id: actor.userId });
  if (!doc) throw notFound('User');
  return userView(doc);
}

/** Which of these addresses (normalised) an account already has, active or not. */
export async function takenEmails(emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  return new Set((await users.find({ email: { $in: emails.map(normaliseEmail) } })).map((u) => u.email));
}

export async function countUsers(): Promise<number> {
  return users.count({});
}

/** How many accounts have an address outside `domain` ('@demo.test'). */
export async function countUsersOutside(domain: string): Promise<number> {
  const inside = await users.count({ email: { $regex: `${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` } });
  return (await countUsers()) - inside;
}

/** E-mail addresses of the active users of a structure, an agency's dispatchers, every dispatcher, every auditor or a region's. */
export async function contactEmails(filter: { structureId: string } | { agencyId: string | { $in: string[] }; role: 'dispatcher' } | { role: 'auditor' | 'dispatcher' } | { role: 'auditor'; region: string }) {
  return (await users.find({ ...filter, active: true })).map((u) => u.email);
}

/** Start-up's migration to regions: the auditors from before regions audit `region`. */
export const backfillAuditorRegions = (region: string) => regionBackfill.auditors(region);

export async function userEmail(id: string): Promise<string | undefined> {
  return (await users.findOne({ _id: id, active: true }))?.email;
}
