import type { RequestCreateBody } from '../../shared/schemas/booking';
import { findLanguage } from '../directory/languages';
import { badRequest, businessRule } from '../platform/errors';

/** A booked start this far in the past is still accepted: clocks and forms are not instant. */
const PAST_TOLERANCE_MS = 60_000;

/** The rules of the trade a well-formed request must still follow; each refusal is a 422 that says why. */
export function assertBookable(body: RequestCreateBody, now: Date): void {
  const language = findLanguage(body.language);
  if (!language) {
    throw badRequest('Unknown language.', [{ field: 'language', code: 'unknown_language', message: `"${body.language}" is not an ISO 639-3 living language` }]);
  }
  if (!language.modalities.includes(body.modality)) {
    throw businessRule('modality_not_allowed', `${language.name} cannot be interpreted by ${body.modality === 'phone' ? 'phone' : body.modality}: choose ${language.modalities.join(' or ')}.`);
  }
  if (body.start === 'now') {
    if (body.modality !== 'phone') throw businessRule('now_phone_only', 'Only a phone interpreter can be had right now; book video and on-site sessions ahead.');
    if (body.recurrence) throw businessRule('now_not_recurring', 'An immediate request cannot repeat.');
  } else if (new Date(body.start).getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw businessRule('start_in_past', 'The start is in the past.');
  }
  if (body.modality === 'onsite' && !body.location) {
    throw businessRule('location_required', 'An on-site request needs the address and department.');
  }
  if (body.modality !== 'onsite' && body.location) {
    throw businessRule('location_not_needed', 'Only on-site requests take an address.');
  }
}
