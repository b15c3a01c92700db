import { LATE_WITHDRAWAL_MINUTES } from '../../shared/withdrawal';
import { estimate, pricingContext, recordTransition } from '../billing/charges';
import { interpreterProfile } from '../directory/interpreters';
import { recordKnowsPatient, recordLateWithdrawal, samePatientRef } from '../directory/records';
import type { Actor } from '../platform/actor';
import { businessRule, conflict, forbidden, notFound } from '../platform/errors';
import { AGENDA_CODES } from '../matching';
import { cancelJobs } from '../platform/jobs';
import { holdSlot, releaseSlot } from './agenda';
import { announceAssignment, announceReopened, announceWithdrawnOffers, offerView, structureNameOf } from './announce';
import { assignmentChange, leavingChange } from './calendar';
import { whyNot } from './candidates';
import { onFirstOccurrenceAssigned, onOfferDeclined, redispatch, stopDispatch } from './dispatch';
import { planReconfirmation, RECONFIRM_JOBS, reconfirmedByAssignment } from './reconfirmation';
import { ineligibilityOf, requestToMatch } from './match-inputs';
import { minutesBeforeStart } from './rules';
import { findVisible, viewFor } from './visibility';
import { offers, requests, toId, type RequestDoc } from './store';
import { transition } from './transition';
import type { DeclineBody, OfferListQuery, WithdrawBody } from '../../shared/schemas/booking';

const OFFERS_PAGE = 50;

/**
 * The calling interpreter's live offers, soonest to lapse first, a page at a time: one query for the
 * page of offers, one for their requests. `before` is the last offer of the previous page.
 */
export async function listOffers(actor: Actor, query: OfferListQuery = {}, now = new Date()) {
  const interpreterId = toId(actor.userId);
  const previous = query.before ? await offers.findOne({ _id: toId(query.before), interpreterId }) : undefined;
  if (previous === null) throw notFound('Offer');
  const page = await offers.livePage(interpreterId, now, query.limit ?? OFFERS_PAGE, previous);
  const open = new Map((await requests.find({ _id: { $in: page.map((o) => o.requestId) }, status: 'open' }, page.length)).map((doc) => [doc._id.toString(), doc]));
  const result = [];
  for (const offer of page) {
    const doc = open.get(offer.requestId.toString());
    if (doc) result.push(offerView(offer, doc, await structureNameOf(doc)));
  }
  return result;
}

/**
 * Exactly one interpreter wins. The offer must be live; the interpreter's agenda takes the slot in one
 * guarded update (no double booking, even across two requests); then the request moves from open to
 * assigned in one conditional update, which only one caller can win. A loser gives the slot back.
 */
export async function acceptOffer(actor: Actor, offerId: string, now = new Date()) {
  const offer = await offers.findOne({ _id: toId(offerId), interpreterId: toId(actor.userId) });
  if (!offer) throw notFound('Offer');
  if (offer.status !== 'live' || offer.expiresAt <= now) throw conflict('offer_closed', 'This offer is no longer open.');
  const doc = await requests.findOne({ _id: offer.requestId });
  if (!doc || doc.status !== 'open') throw conflict('request_taken', 'Someone else took this request, or it was cancelled.');
  const assigned = await assign(actor.userId, doc, { byRole: 'interpreter', byUserId: actor.userId, fromStatuses: ['open'] }, now);
  await offers.close({ _id: offer._id }, 'accepted', now);
  return viewFor(assigned, 'interpreter');
}

/**
 * The interpreter declines an offer. With `knowsPatient` (impartiality, HAS 2017) they know the patient:
 * the structure's record keeps it (knowsPatient), the request's next wave starts at once rather
 * than when the others of this wave have answered, and they leave that patient's other sessions
 * (stepBackFromPatient). Errors: 404 not their offer, 409 offer_closed.
 */
export async function declineOffer(actor: Actor, offerId: string, body: DeclineBody = {}, now = new Date()) {
  const closed = await offers.close({ _id: toId(offerId), interpreterId: toId(actor.userId) }, 'declined', now);
  if (!closed) {
    if (!(await offers.findOne({ _id: toId(offerId), interpreterId: toId(actor.userId) }))) throw notFound('Offer');
    throw conflict('offer_closed', 'This offer is no longer open.');
  }
  const doc = body.knowsPatient ? await requests.findOne({ _id: closed.requestId }) : null;
  if (doc) await knowsPatient(doc, actor.userId);
  await onOfferDeclined(closed.requestId, now, body.knowsPatient === true);
  if (doc) await stepBackFromPatient(doc, actor.userId, now);
  return { id: offerId, status: 'declined' };
}

/** The history's reason for the sessions an interpreter leaves because they know the patient of another one. */
export const SAME_PATIENT_REASON = 'Connaît la personne (signalé sur une autre séance de la même personne)';

/**
 * An interpreter who knows a patient steps back from every session of that patient at that structure, not
 * only the one they answered (impartiality, HAS 2017): their other upcoming sessions with that reference are
 * withdrawn as knowing the patient (never late) and offered to others, their live offers for them
 * declined: a weekly series with that patient is left whole, for instance. Nothing without a reference.
 */
async function stepBackFromPatient(doc: RequestDoc, interpreterId: string, now: Date): Promise<void> {
  if (!doc.patientRef) return;
  const id = toId(interpreterId);
  const patient = samePatientRef(doc.patientRef);
  const isSamePatient = (other: RequestDoc) => !other._id.equals(doc._id) && other.structureId.equals(doc.structureId) && !!other.patientRef && samePatientRef(other.patientRef) === patient;
  const held = await requests.find({ interpreterId: id, status: 'assigned', start: { $gt: now }, structureId: doc.structureId }, 1000, { start: 1 });
  for (const other of held.filter(isSamePatient)) await withdrawInterpreter(other, interpreterId, SAME_PATIENT_REASON, { byRole: 'interpreter', byUserId: interpreterId }, now, true);
  const live = (await offers.find({ interpreterId: id, status: 'live', expiresAt: { $gt: now } })).filter((offer) => !offer.requestId.equals(doc._id));
  if (live.length === 0) return;
  for (const request of (await requests.find({ _id: { $in: live.map((offer) => offer.requestId) } }, live.length)).filter(isSamePatient)) {
    const offer = live.find((o) => o.requestId.equals(request._id))!;
    if (await offers.close({ _id: offer._id }, 'declined', now)) await onOfferDeclined(request._id, now, true);
  }
}

/**
 * The interpreter knows the request's patient: never offered a request of that structure with that
 * patient reference again (matching's `knows_patient`). Nothing is kept without a reference.
 */
async function knowsPatient(doc: RequestDoc, interpreterId: string): Promise<void> {
  if (doc.patientRef) await recordKnowsPatient(doc.structureId.toString(), doc.patientRef, interpreterId);
}

/**
 * What a dispatcher's direct assignment does not hold against an interpreter: a session already in their
 * agenda or too close to one on site (the assignment itself refuses it, 409 interpreter_busy), having withdrawn from this request
 * (offers never go back to them unasked; the dispatcher who calls them back decides), and an invitation
 * not yet accepted (offers need a login; the dispatcher reached them by phone).
 */
const DISPATCHER_MAY_OVERRIDE = new Set([...AGENDA_CODES, 'withdrew', 'no_account']);

/**
 * A dispatcher assigns an interpreter of their agency directly, from the ranked list. The interpreter must
 * pass the same eligibility as an offer (language, modality, department, availability, gender, not
 * refused by the structure), but for DISPATCHER_MAY_OVERRIDE: 422 `not_eligible` with the reasons otherwise.
 */
export async function assignByDispatcher(actor: Actor, requestId: string, interpreterId: string, now = new Date()) {
  if (actor.role !== 'dispatcher') throw forbidden();
  const { doc } = await findVisible(actor, requestId);
  const profile = await interpreterProfile(interpreterId);
  if (!profile || profile.agencyId !== actor.agencyId || !profile.active) throw notFound('Interpreter');
  if (doc.status !== 'open' && doc.status !== 'unfilled') throw conflict('request_taken', `This request is already ${doc.status}.`);
  const reasons = (await ineligibilityOf(doc, profile, now)).filter((code) => !DISPATCHER_MAY_OVERRIDE.has(code));
  if (reasons.length > 0) {
    const request = await requestToMatch(doc);
    throw businessRule('not_eligible', 'This interpreter cannot take this request.', reasons.map((code) => ({ field: 'interpreterId', code, message: whyNot(code, request, profile) })));
  }
  const assigned = await assign(interpreterId, doc, { byRole: 'dispatcher', byUserId: actor.userId, fromStatuses: ['open', 'unfilled'] }, now);
  return viewFor(assigned, 'dispatcher');
}

async function assign(interpreterId: string, doc: RequestDoc, how: { byRole: string; byUserId: string; fromStatuses: string[] }, now: Date): Promise<RequestDoc> {
  const profile = await interpreterProfile(interpreterId);
  if (!profile?.active) throw notFound('Interpreter');
  const expected = estimate(await pricingContext(doc, profile.agencyId), doc);
  const calendar = await assignmentChange(doc.requesterId, interpreterId);
  await holdSlot(interpreterId, doc, profile.travelBufferMinutes, now);
  const assigned = await transition(doc._id, 'assign', {
    when: (current) => how.fromStatuses.includes(current.status),
    set: { interpreterId: toId(interpreterId), agencyId: toId(profile.agencyId), assignedAt: now, committedCents: expected.costCents, tariffVersion: expected.tariffVersion, ...reconfirmedByAssignment(doc, how.byRole === 'interpreter', now) },
    by: { byRole: how.byRole, byUserId: toId(how.byUserId), interpreterId: toId(interpreterId) },
    now,
    calendar: calendar.plan,
  });
  if (!assigned) {
    // A second click of the winner loses the race to the first one: the slot is theirs, keep it.
    const current = await requests.findOne({ _id: doc._id });
    if (!current?.interpreterId?.equals(interpreterId)) await releaseSlot(interpreterId, doc._id);
    throw conflict('request_taken', 'Someone else took this request, or it was cancelled.');
  }
  await recordTransition('assign', assigned, how.byUserId);
  const others = await stopDispatch(assigned, now);
  announceWithdrawnOffers(others, 'assigned');
  await planReconfirmation(assigned, now);
  await announceAssignment(assigned, calendar.lost);
  await onFirstOccurrenceAssigned(assigned, now);
  return assigned;
}

/** A withdrawal less than 48 hours before the start is late (shared/withdrawal.ts): counted in the interpreter's record and in reports. */
export { LATE_WITHDRAWAL_MINUTES };

/**
 * The assigned interpreter can no longer come, or (`knowsPatient`) knows the patient: the request reopens
 * and is offered again, never to them (knowing the patient, they leave that patient's other sessions
 * too: stepBackFromPatient). Errors: 403, 404, 409 not_assigned or state_changed.
 */
export async function withdrawFromRequest(actor: Actor, requestId: string, body: WithdrawBody, now = new Date()) {
  if (actor.role !== 'interpreter') throw forbidden();
  const { doc } = await findVisible(actor, requestId);
  if (doc.status !== 'assigned') throw conflict('not_assigned', `This request is ${doc.status}.`);
  const by = { byRole: 'interpreter', byUserId: actor.userId };
  const reopened = await withdrawInterpreter(doc, actor.userId, body.reason, by, now, body.knowsPatient === true);
  if (!reopened) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  if (body.knowsPatient) await stepBackFromPatient(reopened, actor.userId, now);
  return { id: requestId, status: 'withdrawn' };
}

/**
 * Takes the interpreter off a session they hold, by the withdrawal rules: under 48 h it is late (in their
 * record), unless they step back because they know the patient (`knowsPatient`: impartiality is never
 * late, and they are never offered that patient again); the request reopens at once, the requester and
 * the agency are told, and it is offered again, never to them. `by`: who did it (the interpreter, or a
 * dispatcher or an admin changing their profile). Answers the reopened request, or null when they no
 * longer held it (taken back, cancelled meanwhile).
 */
export async function withdrawInterpreter(doc: RequestDoc, interpreterId: string, reason: string, by: { byRole: string; byUserId: string }, now: Date, knows = false): Promise<RequestDoc | null> {
  const minutes = minutesBeforeStart(doc.start, now);
  const withdrawal = { interpreterId: toId(interpreterId), at: now, minutesBeforeStart: minutes, late: !knows && minutes < LATE_WITHDRAWAL_MINUTES, ...(knows ? { knowsPatient: true } : {}) };
  const calendar = leavingChange(interpreterId);
  const reopened = await transition(doc._id, 'reopen', {
    when: (current) => Boolean(current.interpreterId?.equals(interpreterId)),
    set: (current) => ({ interpreterId: null, agencyId: null, assignedAt: null, reconfirmedAt: null, reconfirmationMissedAt: null, withdrawals: [...(current.withdrawals ?? []), withdrawal] }),
    by: { byRole: by.byRole, byUserId: toId(by.byUserId), interpreterId: toId(interpreterId), reason },
    now,
    calendar: calendar.plan,
  });
  if (!reopened) return null;
  await recordTransition('reopen', reopened, by.byUserId);
  await releaseSlot(interpreterId, doc._id);
  await cancelJobs(doc._id.toString(), Object.values(RECONFIRM_JOBS));
  if (withdrawal.late) await recordLateWithdrawal(interpreterId);
  if (knows) await knowsPatient(reopened, interpreterId);
  await announceReopened(reopened, interpreterId, calendar.lost);
  await redispatch(reopened, now);
  return reopened;
}
