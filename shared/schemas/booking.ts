import type { FromSchema } from 'json-schema-to-ts';
import { exchangeMinutes } from '../exchange';
import { department, gender, languageCode, modality, multilineText, objectId, phoneNumber, region, specialty } from './common';

export const REQUEST_STATUSES = ['open', 'assigned', 'completed', 'cancelled', 'unfilled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const RECURRENCES = ['week', '2weeks', 'month'] as const;
export const OUTCOMES = ['done', 'patient_no_show'] as const;
/** Why a request ended without an interpreter: nobody could take it, nobody accepted, time ran out before everyone eligible was asked, or the assigned interpreter withdrew and nobody else took it. */
export const UNFILLED_REASONS = ['nobody_eligible', 'nobody_answered', 'too_late', 'withdrawn'] as const;
export type UnfilledReason = (typeof UNFILLED_REASONS)[number];
/** The reasons in the words people use: the pages and the CSV exports say them the same way. */
export const UNFILLED_REASON_LABELS: Record<UnfilledReason, string> = {
  nobody_eligible: 'Aucun·e interprète possible',
  nobody_answered: 'Personne n’a accepté',
  too_late: 'Trop tard pour solliciter tout le monde',
  withdrawn: 'Désistement de l’interprète',
};
/**
 * Whether the requester's structure agrees that the session happened as the interpreter recorded it:
 * pending for 7 days after completion, then confirmed (by the structure), tacit (nobody answered),
 * disputed (until the agency or an auditor settles it) or resolved.
 */
export const VERIFICATIONS = ['pending', 'confirmed', 'tacit', 'disputed', 'resolved'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

const dateTime = { type: 'string', format: 'date-time' } as const;

export const requestCreateBody = {
  $id: 'RequestCreateBody',
  type: 'object',
  additionalProperties: false,
  required: ['language', 'modality', 'start', 'durationMinutes'],
  properties: {
    language: languageCode,
    modality,
    start: { type: 'string', anyOf: [{ const: 'now' }, { format: 'date-time' }] },
    durationMinutes: { type: 'integer', minimum: 15, maximum: 480 },
    specialty,
    /** Minutes of exchange with the professional before the start and after the end (0..15, default 0): see shared/exchange.ts. */
    briefingMinutes: exchangeMinutes,
    debriefingMinutes: exchangeMinutes,
    location: {
      type: 'object',
      additionalProperties: false,
      required: ['address', 'department'],
      properties: { address: { type: 'string', minLength: 5, maxLength: 300, pattern: '\\S' }, department },
    },
    interpreterGender: gender,
    sameInterpreterAs: objectId,
    // Initials or a file number: never a name (data minimisation). '@', '+' and '/' pass here only to be
    // refused with advice by patientRefProblem (shared/patient-ref.ts), as dates, e-mails and phones.
    patientRef: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[\\p{L}\\p{N} ./@+-]+$' },
    notes: multilineText(1000),
    /** The professional's number: the interpreter calls it when the call cannot be held in the browser. */
    callbackPhone: phoneNumber,
    recurrence: {
      type: 'object',
      additionalProperties: false,
      required: ['every', 'count'],
      properties: { every: { type: 'string', enum: RECURRENCES }, count: { type: 'integer', minimum: 2, maximum: 52 } },
    },
  },
} as const;
export type RequestCreateBody = FromSchema<typeof requestCreateBody>;

/**
 * A request as the booking form has it before sending, in a query string: what it is, when, and a
 * series (`every` and `count`, both or neither) whose every session is considered, as booking would.
 */
const requestBeingFilled = {
  type: 'object',
  additionalProperties: false,
  required: ['language', 'modality', 'start', 'durationMinutes'],
  properties: {
    language: languageCode,
    modality,
    start: requestCreateBody.properties.start,
    durationMinutes: requestCreateBody.properties.durationMinutes,
    every: requestCreateBody.properties.recurrence.properties.every,
    count: requestCreateBody.properties.recurrence.properties.count,
  },
  dependencies: { every: ['count'], count: ['every'] },
} as const;

/** What the booking form knows so far, to count the interpreters who could take it (no names). */
export const coverageQuery = {
  ...requestBeingFilled,
  $id: 'CoverageQuery',
  // specialty: the qualifications it requires count, as in matching; the exchanges widen the slot the agenda must hold.
  properties: { ...requestBeingFilled.properties, department, interpreterGender: gender, specialty, briefingMinutes: exchangeMinutes, debriefingMinutes: exchangeMinutes },
} as const;
export type CoverageQuery = FromSchema<typeof coverageQuery>;

/** A request about to be sent, to find the structure's likely duplicates of it (GET /api/requests/similar). */
export const similarQuery = { ...requestBeingFilled, $id: 'SimilarQuery' } as const;
export type SimilarQuery = FromSchema<typeof similarQuery>;

export const requestListQuery = {
  $id: 'RequestListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: REQUEST_STATUSES },
    from: dateTime,
    to: dateTime,
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    before: objectId,
    seriesId: objectId,
    verification: { type: 'string', enum: VERIFICATIONS },
  },
} as const;
export type RequestListQuery = FromSchema<typeof requestListQuery>;

/** GET /api/offers: a page of the interpreter's live offers; `before` is the last offer of the previous page. */
export const offerListQuery = {
  $id: 'OfferListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    before: objectId,
  },
} as const;
export type OfferListQuery = FromSchema<typeof offerListQuery>;

export const cancelBody = {
  $id: 'CancelBody',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: { ...multilineText(500), minLength: 1 },
    scope: { type: 'string', enum: ['this', 'following'] },
  },
} as const;
export type CancelBody = FromSchema<typeof cancelBody>;

export const completeBody = {
  $id: 'CompleteBody',
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: {
    /**
     * The minutes worked. Required on site; for a session held in the platform's call, the measured time
     * stands when it is left out, and a figure above it is refused (422 exceeds_measured).
     */
    actualMinutes: { type: 'integer', minimum: 0, maximum: 720 },
    outcome: { type: 'string', enum: OUTCOMES },
    /** The call could not be held in the browser and the interpreter called the structure's callback number: the minutes are declared, and the structure verifies them. */
    heldByCallback: { type: 'boolean' },
  },
} as const;
export type CompleteBody = FromSchema<typeof completeBody>;

/**
 * The interpreter knows the patient (impartiality, HAS 2017): they step back, which is never a late
 * withdrawal, and they are never offered that patient reference of that structure again.
 */
const knowsPatient = { type: 'boolean' } as const;

export const withdrawBody = {
  $id: 'WithdrawBody',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { ...multilineText(500), minLength: 1 }, knowsPatient },
} as const;
export type WithdrawBody = FromSchema<typeof withdrawBody>;

/** POST /api/offers/:id/decline: no body, or `knowsPatient`. */
export const declineBody = {
  $id: 'DeclineBody',
  type: 'object',
  additionalProperties: false,
  properties: { knowsPatient },
} as const;
export type DeclineBody = FromSchema<typeof declineBody>;

export const assignBody = {
  $id: 'AssignBody',
  type: 'object',
  additionalProperties: false,
  required: ['interpreterId'],
  properties: { interpreterId: objectId },
} as const;
export type AssignBody = FromSchema<typeof assignBody>;

export const disputeBody = {
  $id: 'DisputeBody',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    /** The minutes the structure says the session really lasted, when that is the disagreement. */
    actualMinutes: { type: 'integer', minimum: 0, maximum: 720 },
    reason: { ...multilineText(500), minLength: 1 },
  },
} as const;
export type DisputeBody = FromSchema<typeof disputeBody>;

export const resolveBody = {
  $id: 'ResolveBody',
  type: 'object',
  additionalProperties: false,
  required: ['decision', 'reason'],
  properties: {
    /** accept: the interpreter's figures stand; correct: the given ones replace them (reversal plus new ledger entry). */
    decision: { type: 'string', enum: ['accept', 'correct'] },
    actualMinutes: { type: 'integer', minimum: 0, maximum: 720 },
    outcome: { type: 'string', enum: OUTCOMES },
    reason: { ...multilineText(500), minLength: 1 },
  },
  if: { properties: { decision: { const: 'correct' } } },
  then: { properties: { actualMinutes: { type: 'integer' }, outcome: { type: 'string' } }, required: ['actualMinutes', 'outcome'] },
} as const;
export type ResolveBody = FromSchema<typeof resolveBody>;

export const feedbackBody = {
  $id: 'FeedbackBody',
  type: 'object',
  additionalProperties: false,
  required: ['rating'],
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    /** Kept within the structure and the interpreter's agency; never shown to other structures. */
    comment: multilineText(1000),
    /** Never offer this interpreter to this structure again. */
    doNotSendAgain: { type: 'boolean' },
  },
} as const;
export type FeedbackBody = FromSchema<typeof feedbackBody>;

export const PROBLEM_KINDS = ['patient_absent', 'requester_late', 'unsafe_setting', 'other'] as const;
export const problemBody = {
  $id: 'ProblemBody',
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: PROBLEM_KINDS },
    comment: multilineText(1000),
  },
} as const;
export type ProblemBody = FromSchema<typeof problemBody>;

/** How the access report groups a year's requests (GET /api/reports/access). */
export const ACCESS_GROUPS = ['language', 'department', 'modality', 'structureType', 'month'] as const;
export type AccessGroup = (typeof ACCESS_GROUPS)[number];

/** The access report's query: the same options as the usage report's (format, separator, one structure). */
export const accessQuery = {
  $id: 'AccessQuery',
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    groupBy: { type: 'string', enum: ACCESS_GROUPS },
    format: { type: 'string', enum: ['json', 'csv'] },
    /** CSV only: French Excel expects semicolons. */
    separator: { type: 'string', enum: ['comma', 'semicolon'] },
    structureId: objectId,
    /** For national auditors and admins: one region (every region without it); an auditor's is theirs. */
    region,
  },
} as const;
export type AccessQuery = FromSchema<typeof accessQuery>;
