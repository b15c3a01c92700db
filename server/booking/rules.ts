import { DateTime } from 'luxon';
import { patientRefProblem } from '../../shared/patient-ref';
import type { RequestCreateBody } from '../../shared/schemas/booking';
import { findLanguage } from '../directory/languages';
import { badRequest, businessRule } from '../platform/errors';
import { PARIS_ZONE } from '../../shared/paris-time';
import { seriesOccurrences } from '../../shared/series';

/** A booked start this far in the past is still accepted: clocks and forms are not instant. */
const PAST_TOLERANCE_MS = 60_000;
/** How far ahead a session (the last of a series included) may be booked, in months, in the structure's calendar. */
export const MAX_MONTHS_AHEAD = 18;

/**
 * The rules of the trade a well-formed request must still follow; each refusal is a 422 that says why.
 * Answers the sessions' starts (one, or each of a series).
 */
export function assertBookable(body: RequestCreateBody, now: Date, zone: string = PARIS_ZONE): Date[] {
  const language = findLanguage(body.language);
  if (!language) {
    throw badRequest('Unknown language.', [{ field: 'language', code: 'unknown_language', message: `"${body.language}" is not an ISO 639-3 living language` }]);
  }
  if (!language.modalities.includes(body.modality)) {
    throw businessRule('modality_not_allowed', `${language.name} cannot be interpreted by ${body.modality === 'phone' ? 'phone' : body.modality}: choose ${language.modalities.join(' or ')}.`);
  }
  const starts = assertWhen(body, now, zone);
  if (body.patientRef) {
    const problem = patientRefProblem(body.patientRef);
    if (problem) throw businessRule('patient_ref_personal', problem);
  }
  if (body.modality === 'onsite' && !body.location) {
    throw businessRule('location_required', 'An on-site request needs the address and department.');
  }
  if (body.modality !== 'onsite' && body.location) {
    throw businessRule('location_not_needed', 'Only on-site requests take an address.');
  }
  return starts;
}

/** Whole minutes from `now` to the session's start (negative once it has begun): how late a cancellation or a withdrawal is. */
export const minutesBeforeStart = (start: Date, now: Date) => Math.floor((start.getTime() - now.getTime()) / 60_000);

/**
 * When a session may be asked for: "now" by phone only and never repeated; a booked start not in the past
 * (a minute's tolerance) and, with its series, within MAX_MONTHS_AHEAD, each session at a time the clocks
 * of the structure's zone show that day (a series keeps its wall-clock time there, never moved in silence). Also applied to
 * coverage questions, so that coverage never counts for a request that could not be booked. Errors: 422.
 * Answers the sessions' starts.
 */
export function assertWhen(body: Pick<RequestCreateBody, 'start' | 'modality' | 'recurrence'>, now: Date, zone: string = PARIS_ZONE): Date[] {
  if (body.start === 'now') {
    if (body.modality !== 'phone') throw businessRule('now_phone_only', 'Only a phone interpreter can be had right now; book video and on-site sessions ahead.');
    if (body.recurrence) throw businessRule('now_not_recurring', 'An immediate request cannot repeat.');
    return [now];
  }
  if (new Date(body.start).getTime() < now.getTime() - PAST_TOLERANCE_MS) throw businessRule('start_in_past', 'The start is in the past.');
  const occurrences = seriesOccurrences(new Date(body.start), body.recurrence?.every ?? 'week', body.recurrence?.count ?? 1, zone);
  const skipped = occurrences.filter((o) => !o.start);
  if (skipped.length > 0) {
    throw businessRule('nonexistent_time', `${skipped.length === 1 ? 'A session' : 'Sessions'} of this series would fall at a time the ${zone} clocks skip (daylight saving): choose another time.`, skipped.map((o) => ({
      field: 'recurrence', code: 'nonexistent_time', message: `session ${o.occurrence}: ${o.clock} does not exist on ${o.date} in ${zone}; the clocks show ${o.firstAfter} next`,
    })));
  }
  const starts = occurrences.map((o) => o.start!);
  const limit = DateTime.fromJSDate(now, { zone }).plus({ months: MAX_MONTHS_AHEAD });
  if (starts[starts.length - 1]!.getTime() > limit.toMillis()) {
    throw businessRule(
      'start_too_far',
      body.recurrence
        ? `A series must end within ${MAX_MONTHS_AHEAD} months: its last session would be on ${occurrences[occurrences.length - 1]!.date}.`
        : `A session can be booked at most ${MAX_MONTHS_AHEAD} months ahead.`,
    );
  }
  return starts;
}
