import type {
  InterpreterCreateBody,
  InterpreterListQuery,
  InterpreterSelfUpdateBody,
  InterpreterUpdateBody,
} from '../../shared/schemas/directory';
import { assertPasswordAllowed } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { revokeSessions } from '../auth/sessions';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import type { InterpreterProfile } from '../matching/types';
import { unknownLanguageCodes } from './languages';
import { users, type Filter, type UserDoc } from './store';
import { assertAttachment, normaliseEmail } from './users';
import { interpreterView } from './views';

/** Without a weekly template an interpreter is available every day from 08:00 to 20:00 (API.md). */
export const DEFAULT_AVAILABILITY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '20:00' }));
export const DEFAULT_TRAVEL_BUFFER_MINUTES = 30;

/** Dispatchers see their agency's interpreters, an interpreter sees themselves. */
function readScope(actor: Actor): Filter {
  const base = { role: 'interpreter' };
  if (actor.role === 'admin' || actor.role === 'auditor') return base;
  if (actor.role === 'dispatcher' && actor.agencyId) return { ...base, agencyId: actor.agencyId };
  if (actor.role === 'interpreter') return { ...base, _id: actor.userId };
  throw forbidden();
}

type ProfileInput = Partial<Pick<InterpreterCreateBody, 'languages' | 'availability' | 'exceptions' | 'modalities' | 'departments'>>;

/** What a JSON schema cannot say: known language codes, ranges that end after they start. */
function assertCoherentProfile(profile: ProfileInput) {
  const details: ErrorDetail[] = [];
  for (const code of unknownLanguageCodes(profile.languages ?? [])) {
    details.push({ field: `languages.${profile.languages!.indexOf(code)}`, code: 'unknown_language', message: `"${code}" is not an ISO 639-3 living language` });
  }
  profile.availability?.forEach((slot, index) => {
    if (slot.from >= slot.to) details.push({ field: `availability.${index}`, code: 'empty_range', message: 'must end after it starts' });
  });
  profile.exceptions?.forEach((exception, index) => {
    exception.slots.forEach((slot, slotIndex) => {
      if (slot.from >= slot.to) details.push({ field: `exceptions.${index}.slots.${slotIndex}`, code: 'empty_range', message: 'must end after it starts' });
    });
  });
  if (profile.modalities?.includes('onsite') && profile.departments?.length === 0) {
    details.push({ field: 'departments', code: 'required', message: 'at least one department is needed to work on site' });
  }
  if (details.length) throw badRequest('The interpreter profile is invalid.', details);
}

export async function listInterpreters(actor: Actor, query: InterpreterListQuery) {
  const filter: Filter = { ...readScope(actor) };
  if (query.agencyId) filter.agencyId = query.agencyId;
  if (query.language) filter['interpreter.languages'] = query.language;
  if (query.modality) filter['interpreter.modalities'] = query.modality;
  if (query.department) filter['interpreter.departments'] = query.department;
  if (query.active) filter.active = query.active === 'true';
  return (await users.find(filter)).map(interpreterView);
}

export async function getInterpreter(actor: Actor, id: string) {
  const doc = await users.findOne({ $and: [readScope(actor), { _id: id }] });
  if (!doc) throw notFound('Interpreter');
  return interpreterView(doc);
}

export async function createInterpreter(input: InterpreterCreateBody) {
  assertCoherentProfile(input);
  await assertAttachment('interpreter', undefined, input.agencyId);
  const { email, password, name, agencyId, ...profile } = input;
  assertPasswordAllowed(password, { email: normaliseEmail(email) });
  const doc = await users.create({
    email: normaliseEmail(email),
    passwordHash: await hashPassword(password),
    name,
    role: 'interpreter',
    agencyId,
    interpreter: {
      ...profile,
      travelBufferMinutes: profile.travelBufferMinutes ?? DEFAULT_TRAVEL_BUFFER_MINUTES,
      availability: profile.availability ?? DEFAULT_AVAILABILITY,
      exceptions: profile.exceptions ?? [],
    },
  } as unknown as Partial<UserDoc>);
  return interpreterView(doc);
}

async function applyProfilePatch(filter: Filter, patch: InterpreterUpdateBody | InterpreterSelfUpdateBody) {
  const current = await users.findOne(filter);
  if (!current?.interpreter) throw notFound('Interpreter');
  const merged = { ...current.interpreter, ...patch } as ProfileInput;
  assertCoherentProfile(merged);
  const set: Filter = {};
  for (const [key, value] of Object.entries(patch)) {
    set[key === 'name' || key === 'active' ? key : `interpreter.${key}`] = value;
  }
  const doc = await users.update(filter, set);
  if (!doc) throw notFound('Interpreter');
  if ((patch as InterpreterUpdateBody).active === false) await revokeSessions({ userId: doc._id });
  return interpreterView(doc);
}

export async function updateInterpreter(id: string, patch: InterpreterUpdateBody) {
  return applyProfilePatch({ _id: id, role: 'interpreter' }, patch);
}

/** Interpreters keep their own availability, buffer and contact details up to date. */
export async function updateOwnProfile(actor: Actor, patch: InterpreterSelfUpdateBody) {
  if (actor.role !== 'interpreter') throw forbidden();
  return applyProfilePatch({ _id: actor.userId, role: 'interpreter' }, patch);
}

export const deactivateInterpreter = (id: string) => updateInterpreter(id, { active: false });

/** Active interpreters of any of these languages (ISO 639-3) and of a modality, as plain profiles for matching. */
export async function interpreterProfilesFor(languages: readonly string[], modality: string): Promise<InterpreterProfile[]> {
  const docs = await users.find({ role: 'interpreter', active: true, 'interpreter.languages': { $in: [...languages] }, 'interpreter.modalities': modality });
  return docs.map(toProfile);
}

/** An agency's active interpreters of any of these languages, whatever their modalities (the dispatcher's view of who cannot come, and why). */
export async function agencyProfilesSpeaking(agencyId: string, languages: readonly string[]): Promise<InterpreterProfile[]> {
  const docs = await users.find({ agencyId, role: 'interpreter', active: true, 'interpreter.languages': { $in: [...languages] } });
  return docs.map(toProfile);
}

export async function interpreterProfile(id: string): Promise<InterpreterProfile | undefined> {
  const doc = await users.findOne({ _id: id, role: 'interpreter' });
  return doc ? toProfile(doc) : undefined;
}

function toProfile(doc: UserDoc): InterpreterProfile {
  const p = doc.interpreter!;
  return {
    id: doc._id.toString(),
    name: doc.name,
    agencyId: doc.agencyId!.toString(),
    active: doc.active,
    gender: p.gender,
    languages: p.languages,
    specialties: p.specialties,
    modalities: p.modalities as InterpreterProfile['modalities'],
    departments: p.departments,
    travelBufferMinutes: p.travelBufferMinutes,
    availability: p.availability.map((s) => ({ weekday: s.weekday!, from: s.from!, to: s.to! })),
    exceptions: p.exceptions.map((e) => ({ date: e.date!, slots: e.slots.map((s) => ({ from: s.from!, to: s.to! })) })),
  };
}

const contactOf = (doc: UserDoc) => ({
  id: doc._id.toString(),
  name: doc.name,
  email: doc.email,
  agencyId: doc.agencyId?.toString(),
  phone: doc.interpreter?.phone ?? undefined,
  videoLink: doc.interpreter?.videoLink ?? undefined,
});

export type InterpreterContact = ReturnType<typeof contactOf>;

/** How a requester reaches the assigned interpreter, and the interpreter's e-mail for confirmations. */
export async function interpreterContact(id: string): Promise<InterpreterContact | undefined> {
  const doc = await users.findOne({ _id: id, role: 'interpreter' });
  return doc ? contactOf(doc) : undefined;
}

/** The contacts of several interpreters in one query, by id (unknown ids are absent). */
export async function interpreterContacts(ids: readonly string[]): Promise<Map<string, InterpreterContact>> {
  if (ids.length === 0) return new Map();
  const docs = await users.find({ _id: { $in: [...new Set(ids)] }, role: 'interpreter' });
  return new Map(docs.map((doc) => [doc._id.toString(), contactOf(doc)]));
}
