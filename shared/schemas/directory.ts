import type { FromSchema } from 'json-schema-to-ts';
import {
  booleanQuery,
  clockTime,
  department,
  departments,
  email,
  gender,
  httpsUrl,
  isoDate,
  languageCode,
  modality,
  objectId,
  password,
  personName,
  phoneNumber,
  region,
  role,
  specialty,
  structureType,
} from './common';

const finess = { type: 'string', pattern: '^[0-9][0-9AB][0-9]{7}$' } as const;
/** The structure's town (commune), as people name it. */
const city = { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' } as const;
const orgName = { type: 'string', minLength: 2, maxLength: 160, pattern: '\\S' } as const;
/** What an agency's invoices say of it (issue 28): its SIRET, and why it charges no VAT. */
const siret = { type: 'string', pattern: '^[0-9]{14}$' } as const;
const vatExemptionReason = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
/**
 * Its intra-community VAT number (BT-31): 'FR', a two-character key, the SIREN. EN 16931 asks for it even
 * when every line is exempt (rule BR-E-02: an exempt invoice names the seller's VAT identifier).
 */
const vatId = { type: 'string', pattern: '^FR[0-9A-HJ-NP-Z]{2}[0-9]{9}$' } as const;
const active = { type: 'boolean' } as const;
/** A list's search: a part of a name (or e-mail, FINESS number), accents and case optional. */
const searchText = { type: 'string', maxLength: 80 } as const;
/** A list's page: at most `limit` rows (500), after skipping `skip`, in name order. */
const paging = { limit: { type: 'integer', minimum: 1, maximum: 500 }, skip: { type: 'integer', minimum: 0, maximum: 100_000 } } as const;
/** A requester who manages their structure's team (invites, deactivates): set by an admin. */
const referent = { type: 'boolean' } as const;

export const structureCreateBody = {
  $id: 'StructureCreateBody',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'department'],
  properties: { name: orgName, type: structureType, department, city, finess },
} as const;
export type StructureCreateBody = FromSchema<typeof structureCreateBody>;

export const structureUpdateBody = {
  $id: 'StructureUpdateBody',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: orgName, type: structureType, department, city, finess, active },
} as const;
export type StructureUpdateBody = FromSchema<typeof structureUpdateBody>;

export const structureListQuery = {
  $id: 'StructureListQuery',
  type: 'object',
  additionalProperties: false,
  properties: { q: searchText, type: structureType, department, active: booleanQuery, ...paging },
} as const;
export type StructureListQuery = FromSchema<typeof structureListQuery>;

export const agencyCreateBody = {
  $id: 'AgencyCreateBody',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: orgName, email, phone: phoneNumber, departments, siret, vatId, vatExemptionReason },
} as const;
export type AgencyCreateBody = FromSchema<typeof agencyCreateBody>;

export const agencyListQuery = {
  $id: 'AgencyListQuery',
  type: 'object',
  additionalProperties: false,
  properties: { q: searchText, active: booleanQuery },
} as const;
export type AgencyListQuery = FromSchema<typeof agencyListQuery>;

export const agencyUpdateBody = {
  $id: 'AgencyUpdateBody',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: orgName, email, phone: phoneNumber, departments, active, siret, vatId, vatExemptionReason },
} as const;
export type AgencyUpdateBody = FromSchema<typeof agencyUpdateBody>;

/** Without `password`, the user is invited: a one-time link to choose one goes by mail. */
export const userCreateBody = {
  $id: 'UserCreateBody',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'name', 'role'],
  // region: an auditor's (required for them, refused for the other roles).
  properties: { email, password, name: personName, role, structureId: objectId, agencyId: objectId, region, referent, phone: phoneNumber },
} as const;
export type UserCreateBody = FromSchema<typeof userCreateBody>;

export const userUpdateBody = {
  $id: 'UserUpdateBody',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  // phone: a professional's number, which prefills the callback number of their bookings; null removes it.
  properties: { password, name: personName, active, referent, phone: { anyOf: [phoneNumber, { type: 'null' }] } },
} as const;
export type UserUpdateBody = FromSchema<typeof userUpdateBody>;

export const userListQuery = {
  $id: 'UserListQuery',
  type: 'object',
  additionalProperties: false,
  properties: { q: searchText, role, structureId: objectId, agencyId: objectId, active: booleanQuery, ...paging },
} as const;
export type UserListQuery = FromSchema<typeof userListQuery>;

/** A structure's referent invites a colleague: always a requester of that structure. */
export const memberInviteBody = {
  $id: 'MemberInviteBody',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'email'],
  properties: { name: personName, email },
} as const;
export type MemberInviteBody = FromSchema<typeof memberInviteBody>;

export const memberUpdateBody = {
  $id: 'MemberUpdateBody',
  type: 'object',
  additionalProperties: false,
  required: ['active'],
  properties: { active },
} as const;
export type MemberUpdateBody = FromSchema<typeof memberUpdateBody>;

const weeklySlot = {
  type: 'object',
  additionalProperties: false,
  required: ['weekday', 'from', 'to'],
  properties: { weekday: { type: 'integer', minimum: 1, maximum: 7 }, from: clockTime, to: clockTime },
} as const;

const timeRange = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: clockTime, to: clockTime },
} as const;

/** A dated exception replaces the weekly template for that day; no slots means unavailable all day. */
const availabilityException = {
  type: 'object',
  additionalProperties: false,
  required: ['date', 'slots'],
  properties: { date: isoDate, slots: { type: 'array', items: timeRange, maxItems: 10 } },
} as const;

/** A qualification of the catalogue (`GET /api/qualifications`): lower-case letters, digits, underscores. */
export const qualificationCode = { type: 'string', pattern: '^[a-z][a-z0-9_]{1,39}$' } as const;

/**
 * A qualification an interpreter holds: obtained on a day, valid through the whole of `validUntil` in the
 * session's zone when it expires (YYYY-MM-DD, both). The code must be in the catalogue (400 `unknown_qualification`).
 */
const interpreterQualification = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'obtainedOn'],
  properties: { code: qualificationCode, obtainedOn: isoDate, validUntil: isoDate },
} as const;
const interpreterQualifications = { type: 'array', items: interpreterQualification, maxItems: 20 } as const;

/**
 * The interpreter's base commune, its INSEE code ('69123', '2A004', '97411'): where on-site travel is
 * measured from (server/billing/communes.ts); absent, on-site travel bills the tariff's flat fee only.
 */
const inseeCommune = { type: 'string', pattern: '^([0-9]{2}|2[AB])[0-9]{3}$' } as const;

const interpreterProfile = {
  gender,
  languages: { type: 'array', items: languageCode, minItems: 1, maxItems: 20, uniqueItems: true },
  specialties: { type: 'array', items: specialty, maxItems: 20, uniqueItems: true },
  modalities: { type: 'array', items: modality, minItems: 1, uniqueItems: true },
  departments,
  travelBufferMinutes: { type: 'integer', minimum: 0, maximum: 240 },
  baseCommune: inseeCommune,
  availability: { type: 'array', items: weeklySlot, maxItems: 50 },
  exceptions: { type: 'array', items: availabilityException, maxItems: 400 },
  phone: phoneNumber,
  videoLink: httpsUrl,
  qualifications: interpreterQualifications,
} as const;

/** Without `password`, the interpreter is invited: a one-time link to choose one goes by mail. */
export const interpreterCreateBody = {
  $id: 'InterpreterCreateBody',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'name', 'agencyId', 'gender', 'languages', 'specialties', 'modalities', 'departments'],
  properties: { email, password, name: personName, agencyId: objectId, ...interpreterProfile },
} as const;
export type InterpreterCreateBody = FromSchema<typeof interpreterCreateBody>;

/**
 * A profile change that drops confirmed sessions (an absence over one, a day taken away) is refused with
 * 409 `sessions_during_absence` listing them, unless this says to withdraw the interpreter from them.
 */
const confirmWithdrawals = { type: 'boolean' } as const;

/** `DELETE /api/interpreters/:id`: deactivating an interpreter who holds confirmed sessions, as above. */
export const interpreterDeactivateQuery = {
  $id: 'InterpreterDeactivateQuery',
  type: 'object',
  additionalProperties: false,
  properties: { confirmWithdrawals: booleanQuery },
} as const;
export type InterpreterDeactivateQuery = FromSchema<typeof interpreterDeactivateQuery>;

export const interpreterUpdateBody = {
  $id: 'InterpreterUpdateBody',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: personName, active, agencyId: objectId, ...interpreterProfile, confirmWithdrawals },
} as const;
export type InterpreterUpdateBody = FromSchema<typeof interpreterUpdateBody>;

/** A contact detail that `null` removes (JSON merge-patch style). */
const removable = <S extends object>(schema: S) => ({ anyOf: [schema, { type: 'null' }] }) as const;

/**
 * What an interpreter keeps up to date themselves (`PATCH /api/interpreters/me`), and a dispatcher for
 * the interpreters of their agency (`PATCH /api/interpreters/:id/availability`): availability, on-site
 * departments, travel buffer and contact details. Languages, specialties and modalities are not here:
 * the agency vouches for them, so they are refused as unknown fields.
 */
export const availabilityUpdateBody = {
  $id: 'AvailabilityUpdateBody',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    availability: interpreterProfile.availability,
    exceptions: interpreterProfile.exceptions,
    departments,
    travelBufferMinutes: interpreterProfile.travelBufferMinutes,
    phone: removable(phoneNumber),
    videoLink: removable(httpsUrl),
    confirmWithdrawals,
  },
} as const;
export type AvailabilityUpdateBody = FromSchema<typeof availabilityUpdateBody>;

/**
 * `PUT /api/interpreters/:id/qualifications`: the interpreter's agency (a dispatcher) or an admin replaces
 * the qualifications whole; a change that drops confirmed sessions is 409 as any profile change.
 */
export const qualificationsUpdateBody = {
  $id: 'QualificationsUpdateBody',
  type: 'object',
  additionalProperties: false,
  required: ['qualifications'],
  properties: { qualifications: interpreterQualifications, confirmWithdrawals },
} as const;
export type QualificationsUpdateBody = FromSchema<typeof qualificationsUpdateBody>;

/**
 * `PUT /api/qualifications/:code`: creates or replaces one qualification of the catalogue. `requiredFor`:
 * the specialties and the request languages (ISO 639-3) for which an interpreter must hold it, valid on
 * the session's date. `grammaticalGender` makes the dispatchers' reasons agree ("Formation … expirée",
 * "Diplôme … expiré"); feminine when absent.
 */
export const qualificationUpdateBody = {
  $id: 'QualificationUpdateBody',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'requiredFor'],
  properties: {
    name: { type: 'string', minLength: 2, maxLength: 120, pattern: '\\S' },
    description: { type: 'string', maxLength: 300 },
    grammaticalGender: { type: 'string', enum: ['feminine', 'masculine'] },
    requiredFor: {
      type: 'object',
      additionalProperties: false,
      required: ['specialties', 'languages'],
      properties: {
        specialties: { type: 'array', items: specialty, uniqueItems: true, maxItems: 20 },
        languages: { type: 'array', items: languageCode, uniqueItems: true, maxItems: 50 },
      },
    },
  },
} as const;
export type QualificationUpdateBody = FromSchema<typeof qualificationUpdateBody>;

export const interpreterListQuery = {
  $id: 'InterpreterListQuery',
  type: 'object',
  additionalProperties: false,
  /** `language`: a code or a name ("wolof"), as languagesNamed reads it. */
  properties: { q: searchText, agencyId: objectId, language: { ...searchText, minLength: 1 }, modality, department, active: booleanQuery, ...paging },
} as const;
export type InterpreterListQuery = FromSchema<typeof interpreterListQuery>;

export const languageSearchQuery = {
  $id: 'LanguageSearchQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 80 },
    limit: { type: 'integer', minimum: 1, maximum: 8000 },
    /** `true`: only the languages active interpreters speak (signed-in callers). */
    inUse: booleanQuery,
  },
} as const;
export type LanguageSearchQuery = FromSchema<typeof languageSearchQuery>;
