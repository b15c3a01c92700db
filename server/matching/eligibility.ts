import { DateTime } from 'luxon';
import { bookedSlot } from '../../shared/exchange';
import { PARIS_ZONE } from '../../shared/paris-time';
import { daySpans, isAvailable, type DaySpan } from './availability';
import { findClash } from './conflicts';
import type { HeldQualification, InterpreterProfile, MatchingContext, RequestToMatch } from './types';

/** What every profile is checked against, computed once per request (the calendar of each zone is the costly part). */
export interface PreparedRequest {
  request: RequestToMatch;
  /** Every language code that makes a profile eligible: the request's and its related ones. */
  languages: ReadonlySet<string>;
  /**
   * The days of the booked slot (the session with its briefing and debriefing) in each zone availabilities
   * are written in, Europe/Paris first, others as profiles need them; the agenda is checked over the slot too.
   */
  spans: Map<string, DaySpan[]>;
  job: { start: Date; end: Date; modality: RequestToMatch['modality']; department?: string };
  /** The codes each profile must hold, valid on `sessionDate`. */
  requiredCodes: readonly string[];
  /** The day the session starts, YYYY-MM-DD in the request's zone: what a qualification's dates are compared with. */
  sessionDate: string;
}

export function prepareRequest(request: RequestToMatch): PreparedRequest {
  const slot = bookedSlot(request);
  return {
    request,
    languages: new Set([request.language, ...(request.relatedLanguages ?? []).map((related) => related.code)]),
    spans: new Map([[PARIS_ZONE, daySpans(slot.start, slot.end, PARIS_ZONE)]]),
    job: { start: slot.start, end: slot.end, modality: request.modality, department: request.department },
    requiredCodes: (request.requiredQualifications ?? []).map((q) => q.code),
    sessionDate: sessionDate(request),
  };
}

/** The booked slot's days in the zone the profile's availability is written in (its agency's: Europe/Paris when none is said). */
export function spansFor(prepared: PreparedRequest, profile: Pick<InterpreterProfile, 'timeZone'>): DaySpan[] {
  const zone = profile.timeZone ?? PARIS_ZONE;
  let spans = prepared.spans.get(zone);
  if (spans === undefined) {
    spans = daySpans(prepared.job.start, prepared.job.end, zone);
    prepared.spans.set(zone, spans);
  }
  return spans;
}

/** The day a request's session starts in its zone (YYYY-MM-DD). */
export const sessionDate = (request: Pick<RequestToMatch, 'start' | 'timeZone'>): string =>
  DateTime.fromJSDate(request.start, { zone: request.timeZone ?? PARIS_ZONE }).toISODate() ?? '';

/**
 * Whether `held` holds `code` valid on `date` (YYYY-MM-DD): obtained that day or before, and valid
 * through its `validUntil` day. ISO dates compare as strings.
 */
export function holdsOn(held: readonly HeldQualification[] | undefined, code: string, date: string): HeldQualification | undefined {
  const found = held?.find((q) => q.code === code);
  return found && found.obtainedOn <= date && (found.validUntil === undefined || found.validUntil >= date) ? found : undefined;
}

/** Ineligibility codes, in the order they are reported; a profile's failures are a bit set over them. */
export const INELIGIBILITY_CODES = ['inactive', 'language', 'modality', 'department', 'gender', 'availability', 'conflict', 'withdrew', 'not_wanted', 'no_account', 'travel', 'knows_patient', 'qualification'] as const;
/** The codes that come from the agenda (a session held), not from the profile: `travel` is too little time between two on-site sessions. */
export const AGENDA_CODES: ReadonlySet<string> = new Set(['conflict', 'travel']);
const INACTIVE = 1;
const LANGUAGE = 2;
const MODALITY = 4;
const DEPARTMENT = 8;
const GENDER = 16;
const AVAILABILITY = 32;
const CONFLICT = 64;
const WITHDREW = 128;
const NOT_WANTED = 256;
const NO_ACCOUNT = 512;
const TRAVEL = 1024;
const KNOWS_PATIENT = 2048;
const QUALIFICATION = 4096;

/**
 * The checks the profile fails, as a bit set over INELIGIBILITY_CODES (0 when eligible). Availability and
 * conflict are examined only when the profile otherwise fits: they read the most memory, and a dispatcher
 * gains nothing from learning that someone who lacks the language is also busy.
 */
export function ineligibility(profile: InterpreterProfile, prepared: PreparedRequest, context: MatchingContext): number {
  const { request } = prepared;
  let failed = 0;
  if (!profile.active) failed |= INACTIVE;
  if (request.interpreterGender !== undefined && profile.gender !== request.interpreterGender) failed |= GENDER;
  if (!profile.languages.some((code) => prepared.languages.has(code))) failed |= LANGUAGE;
  if (!profile.modalities.includes(request.modality)) failed |= MODALITY;
  if (request.modality === 'onsite' && (request.department === undefined || !profile.departments.includes(request.department))) failed |= DEPARTMENT;
  if (request.withdrawnInterpreterIds?.has(profile.id)) failed |= WITHDREW;
  if (request.notWantedInterpreterIds?.has(profile.id)) failed |= NOT_WANTED;
  if (request.knowsPatientInterpreterIds?.has(profile.id)) failed |= KNOWS_PATIENT;
  if (profile.invitationPending) failed |= NO_ACCOUNT;
  for (let i = 0; i < prepared.requiredCodes.length; i += 1) {
    if (!holdsOn(profile.qualifications, prepared.requiredCodes[i]!, prepared.sessionDate)) {
      failed |= QUALIFICATION;
      break;
    }
  }
  if (failed !== 0) return failed;
  if (!isAvailable(profile, spansFor(prepared, profile))) failed |= AVAILABILITY;
  const agenda = context.agendas.get(profile.id);
  const clash = agenda === undefined ? undefined : findClash(agenda, prepared.job, profile.travelBufferMinutes, request.id);
  if (clash) failed |= clash.kind === 'overlap' ? CONFLICT : TRAVEL;
  return failed;
}

const codesByMask: (readonly string[])[] = [];

/** The codes of a bit set. Shared and frozen, one per combination: thousands of profiles fail alike. */
export function ineligibilityCodes(failed: number): readonly string[] {
  let codes = codesByMask[failed];
  if (codes === undefined) {
    codes = Object.freeze(INELIGIBILITY_CODES.filter((_, bit) => failed & (1 << bit)));
    codesByMask[failed] = codes;
  }
  return codes;
}
