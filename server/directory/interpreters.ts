import { availabilityProblems, DEFAULT_AVAILABILITY, EXCEPTION_YEARS_AHEAD, exceptionsTooFar, parisToday, type DatedException } from '../../shared/availability';
import type {
  AvailabilityUpdateBody,
  InterpreterCreateBody,
  InterpreterListQuery,
  InterpreterUpdateBody,
  QualificationsUpdateBody,
} from '../../shared/schemas/directory';
import { assertPasswordAllowed } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { revokeSessions } from '../auth/sessions';
import { auditorRegion, type Actor } from '../platform/actor';
import { agencyHomes, agencyZones, regionAgencyIds } from './agencies';
import { PARIS_ZONE } from '../../shared/paris-time';
import type { InterpreterView } from '../../shared/interpreter-view';
import { AppError, badRequest, businessRule, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import type { InterpreterProfile } from '../matching/types';
import { heldSessions } from './held-sessions';
import { findLanguage, languagesNamed, searchLanguages, unknownLanguageCodes, type Language } from './languages';
import { qualificationProblems } from '../../shared/qualifications';
import { announceProfileChanged } from './profile-changes';
import { unknownQualifications } from './qualifications';
import { textFilter } from './search';
import { users, type Filter, type UserDoc } from './store';
import { assertAttachment, normaliseEmail } from './users';
import { heldQualifications, interpreterView } from './views';

export const DEFAULT_TRAVEL_BUFFER_MINUTES = 30;

/** Dispatchers see their agency's interpreters, auditors those of the agencies working in their region, an interpreter sees themselves. */
async function readScope(actor: Actor): Promise<Filter> {
  const base = { role: 'interpreter' };
  if (actor.role === 'admin') return base;
  if (actor.role === 'auditor') return { ...base, agencyId: { $in: [...(await regionAgencyIds(auditorRegion(actor)))] } };
  if (actor.role === 'dispatcher' && actor.agencyId) return { ...base, agencyId: actor.agencyId };
  if (actor.role === 'interpreter') return { ...base, _id: actor.userId };
  throw forbidden();
}

type ProfileInput = Partial<Pick<InterpreterCreateBody, 'languages' | 'availability' | 'exceptions' | 'modalities' | 'departments' | 'qualifications'>>;

/**
 * What a JSON schema cannot say, checked on the fields given (field names as the body has them):
 * known language codes, coherent slots (shared/availability.ts), a department to work on site, each a
 * detail of one 400, as are a qualification held twice and one valid until a day before it was obtained
 * (`unknownQualifications` checks the codes against the catalogue); then, as a business rule (422 `exception_too_far`, with the same details), no
 * exception beyond the horizon counted from `today` (Paris, YYYY-MM-DD).
 */
function assertCoherentProfile(profile: ProfileInput, today: string) {
  const details: ErrorDetail[] = [];
  for (const code of unknownLanguageCodes(profile.languages ?? [])) {
    details.push({ field: `languages.${profile.languages!.indexOf(code)}`, code: 'unknown_language', message: `"${code}" is not an ISO 639-3 living language` });
  }
  details.push(...availabilityProblems(profile));
  if (profile.modalities?.includes('onsite') && profile.departments?.length === 0) {
    details.push({ field: 'departments', code: 'required', message: 'at least one department is needed to work on site' });
  }
  details.push(...qualificationProblems(profile.qualifications ?? []));
  if (details.length) throw badRequest('The interpreter profile is invalid.', details);
  const tooFar = exceptionsTooFar(profile.exceptions, today);
  if (tooFar.length) throw businessRule('exception_too_far', `An absence or other exception can be declared at most ${EXCEPTION_YEARS_AHEAD} years ahead.`, tooFar);
}

/** Every problem of the profile's qualifications, the catalogue's codes included, as one 400. */
async function assertKnownQualifications(held: ProfileInput['qualifications']) {
  const details = await unknownQualifications(held);
  if (details.length) throw badRequest('The interpreter profile is invalid.', details);
}

/** Exceptions before today no longer count for matching: dropped on write, so that the bounded list holds what is to come. */
const upcoming = (exceptions: readonly DatedException[], today: string) => exceptions.filter((exception) => exception.date >= today);

export async function listInterpreters(actor: Actor, query: InterpreterListQuery) {
  const filter: Filter = { ...textFilter(query.q, ['name', 'email']) };
  if (query.agencyId) filter.agencyId = query.agencyId;
  if (query.language) filter['interpreter.languages'] = { $in: namedLanguages(query.language) };
  if (query.modality) filter['interpreter.modalities'] = query.modality;
  if (query.department) filter['interpreter.departments'] = query.department;
  if (query.active) filter.active = query.active === 'true';
  return placed((await users.find({ $and: [await readScope(actor), filter] }, query)).map(interpreterView));
}

/** The languages a list's `language` names, or 400 `unknown_language`: an unknown name never lists everyone. */
function namedLanguages(text: string): string[] {
  const codes = languagesNamed(text);
  if (codes.length === 0) throw new AppError(400, 'unknown_language', `No language is named "${text}".`, [{ field: 'language', code: 'unknown_language', message: `no language is named "${text}"` }]);
  return codes;
}

/** The languages active interpreters speak, what people book (the simulator's and the pages' list): by French name, or those matching `q`, the best first. */
export async function languagesInUse(q?: string, limit?: number): Promise<Language[]> {
  const codes = new Set((await users.distinct('interpreter.languages', { role: 'interpreter', active: true })) as string[]);
  const found = q?.trim()
    ? searchLanguages(q, Number.MAX_SAFE_INTEGER).filter((language) => codes.has(language.code))
    : [...codes].flatMap((code) => findLanguage(code) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return found.slice(0, limit);
}

export async function getInterpreter(actor: Actor, id: string) {
  const doc = await users.findOne({ $and: [await readScope(actor), { _id: id }] });
  if (!doc) throw notFound('Interpreter');
  return (await placed([interpreterView(doc)]))[0]!;
}

/** Creates an interpreter (409 on a taken e-mail, 400/422 as assertCoherentProfile); `now` dates the exceptions' horizon. */
export async function createInterpreter(input: InterpreterCreateBody, now = new Date()) {
  const today = parisToday(now);
  assertCoherentProfile(input, today);
  await assertKnownQualifications(input.qualifications);
  await assertAttachment('interpreter', undefined, input.agencyId);
  const { password } = input;
  if (password !== undefined) assertPasswordAllowed(password, { email: normaliseEmail(input.email) });
  const doc = await users.create({
    ...interpreterDocument(input, today),
    ...(password === undefined ? { invitationPending: true } : { passwordHash: await hashPassword(password) }),
  } as unknown as Partial<UserDoc>);
  await announceProfileChanged(doc._id.toString(), now);
  return (await placed([interpreterView(doc)]))[0]!;
}

/**
 * The views with their agency's zone and home region: the pages write the weekly template in that zone
 * (matching reads it there, toProfile) and offer that region's departments for on-site sessions.
 */
async function placed(views: Array<Omit<InterpreterView, 'timeZone' | 'region'>>): Promise<InterpreterView[]> {
  const homes = await agencyHomes(new Set(views.flatMap((view) => view.agencyId ?? [])));
  return views.map((view) => {
    const home = view.agencyId ? homes.get(view.agencyId) : undefined;
    return { ...view, timeZone: home?.zone ?? PARIS_ZONE, ...(home?.region ? { region: home.region } : {}) };
  });
}

/** The stored interpreter, password aside: the defaults of API.md filled in, past exceptions dropped. */
function interpreterDocument(input: InterpreterCreateBody, today: string) {
  const { email, password: _password, name, agencyId, ...profile } = input;
  return {
    email: normaliseEmail(email),
    name,
    role: 'interpreter',
    agencyId,
    interpreter: {
      ...profile,
      travelBufferMinutes: profile.travelBufferMinutes ?? DEFAULT_TRAVEL_BUFFER_MINUTES,
      availability: profile.availability ?? DEFAULT_AVAILABILITY,
      exceptions: upcoming(profile.exceptions ?? [], today),
    },
  };
}

/**
 * What an import checks and writes for one interpreter (no password: invited once the import is
 * activated): the problems createInterpreter would refuse, as details, and the document to stage.
 */
export function importableInterpreter(input: InterpreterCreateBody, now = new Date()): { problems: ErrorDetail[]; document: Filter } {
  const today = parisToday(now);
  const problems: ErrorDetail[] = [];
  try {
    assertCoherentProfile(input, today);
  } catch (error) {
    problems.push(...((error as { details?: ErrorDetail[] }).details ?? []));
  }
  return { problems, document: { ...interpreterDocument(input, today), invitationPending: true } };
}


/**
 * Writes a partial profile to the interpreter the filter finds (404 otherwise). The checks see the
 * body's fields, with the stored modalities and departments for the on-site rule, so that an old
 * stored value never blocks an unrelated change. Arrays replace the stored ones whole.
 */
const TOP_LEVEL = new Set(['name', 'active', 'agencyId']);

/** The fields matching reads: changing one of them may drop a confirmed session. */
const MATCHING_FIELDS = new Set(['active', 'agencyId', 'gender', 'languages', 'specialties', 'modalities', 'departments', 'travelBufferMinutes', 'availability', 'exceptions', 'qualifications']);

type ProfilePatch = InterpreterUpdateBody | AvailabilityUpdateBody | QualificationsUpdateBody;

async function applyProfilePatch(filter: Filter, body: ProfilePatch, by: Actor, now: Date) {
  const { confirmWithdrawals, ...patch } = body;
  const current = await users.findOne(filter);
  if (!current?.interpreter) throw notFound('Interpreter');
  const today = parisToday(now);
  const modalities = 'modalities' in patch ? patch.modalities : (current.interpreter.modalities as ProfileInput['modalities']);
  const departments = 'departments' in patch ? patch.departments : current.interpreter.departments;
  assertCoherentProfile({ ...patch, modalities, departments }, today);
  if ('qualifications' in patch) await assertKnownQualifications(patch.qualifications);
  if ('agencyId' in patch && patch.agencyId) await assertAttachment('interpreter', undefined, patch.agencyId);
  const set: Filter = {};
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    changed[key] = key === 'exceptions' ? upcoming(value as DatedException[], today) : value;
    set[TOP_LEVEL.has(key) ? key : `interpreter.${key}`] = changed[key];
  }
  await withdrawFromDroppedSessions(current, changed, confirmWithdrawals === true, by, now);
  const doc = await users.update(filter, set);
  if (!doc) throw notFound('Interpreter');
  if ((patch as InterpreterUpdateBody).active === false) await revokeSessions({ userId: doc._id });
  await announceProfileChanged(doc._id.toString(), now);
  return (await placed([interpreterView(doc)]))[0]!;
}

/**
 * A change that drops confirmed sessions to come (an absence over one, a day or a department taken away,
 * a deactivation): without `confirmed`, 409 `sessions_during_absence` with each session as a detail,
 * nothing written; confirmed, the interpreter is withdrawn from each (late under 48 h), before the
 * profile is written, so that the sessions are offered again at once.
 */
async function withdrawFromDroppedSessions(current: UserDoc, changed: Record<string, unknown>, confirmed: boolean, by: Actor, now: Date) {
  if (!Object.keys(changed).some((key) => MATCHING_FIELDS.has(key))) return;
  const { active, agencyId, name: _name, ...profile } = changed;
  const after = {
    ...current,
    ...(active === undefined ? {} : { active }),
    ...(agencyId === undefined ? {} : { agencyId }),
    interpreter: { ...current.interpreter!, ...profile },
  } as UserDoc;
  const zones = await agencyZones([current.agencyId, after.agencyId].map(String));
  const dropped = await heldSessions().droppedBy(toProfile(current, zones), toProfile(after, zones), now);
  if (dropped.length === 0) return;
  if (!confirmed) {
    throw new AppError(409, 'sessions_during_absence', 'This change drops confirmed sessions; send confirmWithdrawals: true to withdraw from them.', dropped.map((session, i) => ({
      field: `sessions.${i}`,
      code: session.late ? 'late_withdrawal' : 'withdrawal',
      message: `The session of ${session.start.toISOString()} would be withdrawn${session.late ? ', late (under 48 hours before it)' : ''}.`,
      session: { ...session, start: session.start.toISOString(), end: session.end.toISOString() },
    })));
  }
  await heldSessions().withdraw(current._id.toString(), dropped, by, now);
}

export async function updateInterpreter(actor: Actor, id: string, patch: InterpreterUpdateBody, now = new Date()) {
  return applyProfilePatch({ _id: id, role: 'interpreter' }, patch, actor, now);
}

/** Interpreters keep their own availability, departments, buffer and contact details up to date. */
export async function updateOwnProfile(actor: Actor, patch: AvailabilityUpdateBody, now = new Date()) {
  if (actor.role !== 'interpreter') throw forbidden();
  return applyProfilePatch({ _id: actor.userId, role: 'interpreter' }, patch, actor, now);
}

/**
 * A dispatcher does the same, and enters the qualifications, for an interpreter of their own agency (any
 * other interpreter is not found, 404); an admin for any interpreter.
 */
export async function updateAgencyInterpreter(actor: Actor, id: string, patch: AvailabilityUpdateBody | QualificationsUpdateBody, now = new Date()) {
  if (actor.role === 'admin') return applyProfilePatch({ _id: id, role: 'interpreter' }, patch, actor, now);
  if (actor.role !== 'dispatcher' || !actor.agencyId) throw forbidden();
  return applyProfilePatch({ _id: id, role: 'interpreter', agencyId: actor.agencyId }, patch, actor, now);
}

/** Deactivates an interpreter: their confirmed sessions to come are refused (409) or withdrawn, as any profile change. */
export const deactivateInterpreter = (actor: Actor, id: string, confirmWithdrawals = false) => updateInterpreter(actor, id, { active: false, confirmWithdrawals });

/** Active interpreters of any of these languages (ISO 639-3) and of a modality, as plain profiles for matching. */
export async function interpreterProfilesFor(languages: readonly string[], modality: string): Promise<InterpreterProfile[]> {
  const docs = await users.find({ role: 'interpreter', active: true, 'interpreter.languages': { $in: [...languages] }, 'interpreter.modalities': modality });
  return profilesOf(docs);
}

/** An agency's active interpreters of any of these languages, whatever their modalities (the dispatcher's view of who cannot come, and why). */
export async function agencyProfilesSpeaking(agencyId: string, languages: readonly string[]): Promise<InterpreterProfile[]> {
  const docs = await users.find({ agencyId, role: 'interpreter', active: true, 'interpreter.languages': { $in: [...languages] } });
  return profilesOf(docs);
}

export async function interpreterProfile(id: string): Promise<InterpreterProfile | undefined> {
  const doc = await users.findOne({ _id: id, role: 'interpreter' });
  return doc ? toProfile(doc, await agencyZones([String(doc.agencyId)])) : undefined;
}

/** The INSEE code of the commune an interpreter's on-site travel is billed from, if they have one. */
export async function interpreterBaseCommune(id: string): Promise<string | undefined> {
  return (await users.findOne({ _id: id, role: 'interpreter' }))?.interpreter?.baseCommune ?? undefined;
}

/** Every active interpreter's profile, with their e-mail, in the order stored. */
export async function activeInterpreterProfiles(): Promise<Array<InterpreterProfile & { email: string }>> {
  const docs = await users.inStoredOrder({ role: 'interpreter', active: true });
  const attached = docs.filter((doc) => doc.interpreter && doc.agencyId);
  const zones = await agencyZones(attached.map((doc) => String(doc.agencyId)));
  return attached.map((doc) => ({ ...toProfile(doc, zones), email: doc.email }));
}

async function profilesOf(docs: UserDoc[]): Promise<InterpreterProfile[]> {
  const zones = await agencyZones(new Set(docs.map((doc) => String(doc.agencyId))));
  return docs.map((doc) => toProfile(doc, zones));
}

/** The profile matching reads; `timeZone` only outside Europe/Paris (their agency's zone, `zones` by agency id). */
function toProfile(doc: UserDoc, zones: ReadonlyMap<string, string>): InterpreterProfile {
  const p = doc.interpreter!;
  const timeZone = zones.get(doc.agencyId!.toString()) ?? PARIS_ZONE;
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
    ...(timeZone === PARIS_ZONE ? {} : { timeZone }),
    qualifications: heldQualifications(p),
    ...(doc.invitationPending ? { invitationPending: true } : {}),
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
