import type { CorrectionBody } from '../../shared/schemas/billing';
import type { DisputeBody, ResolveBody } from '../../shared/schemas/booking';
import { completionPrice, pricingContext, recordCorrection } from '../billing/charges';
import { closeDispute, openDispute } from '../billing/disputes';
import type { Actor } from '../platform/actor';
import { conflict, forbidden } from '../platform/errors';
import { cancelJobs, scheduleJob } from '../platform/jobs';
import { announceDispute } from './announce-session';
import { findVisible, viewFor } from './visibility';
import { requests, toId, type Filter, type RequestDoc } from './store';

// What the region pays for really happened: after a completion the requester's structure confirms the
// session or disputes it within VERIFICATION_DAYS; silence confirms it tacitly; a dispute is settled by
// the interpreter's agency or an auditor, by accepting the recorded figures or correcting them (a
// reversal and a new ledger entry, never an edit). Every step is one conditional update, recorded in
// the request's history.

/** How long the structure has to confirm or dispute a completed session (days). */
export const VERIFICATION_DAYS = 7;
export const TACIT_JOB = 'booking.tacitConfirmation';
const DAY_MS = 86_400_000;

/** What a completion sets so that the structure verifies the session: pending, and until when. */
export const pendingVerification = (now: Date) => ({ verification: 'pending', verificationDueAt: new Date(now.getTime() + VERIFICATION_DAYS * DAY_MS) });

/** Plans the tacit confirmation of a completed session at its verification deadline (once per request). */
export async function planTacitConfirmation(doc: RequestDoc, now: Date): Promise<void> {
  if (!doc.verificationDueAt) return;
  const requestId = doc._id.toString();
  await scheduleJob(TACIT_JOB, doc.verificationDueAt, { requestId }, { key: `tacit:${requestId}`, subject: requestId }, now);
}

function assertPending(doc: RequestDoc, now: Date) {
  if (doc.status !== 'completed') throw conflict('not_completed', 'Only a completed session can be confirmed or disputed.');
  if (!doc.verification) throw conflict('not_verifiable', 'This session was recorded before verification existed (imported history): it cannot be confirmed or disputed.');
  if (doc.verification !== 'pending') throw conflict('verification_closed', `This session is already ${doc.verification}.`);
  if (doc.verificationDueAt && now > doc.verificationDueAt) throw conflict('verification_closed', `Sessions are confirmed or disputed within ${VERIFICATION_DAYS} days.`);
}

/**
 * The structure confirms the session as recorded. Confirming again answers the same (a double click).
 * Errors: 404 not the caller's structure; 409 `not_completed`, `verification_closed` (disputed, or past the deadline).
 */
export async function confirmSession(actor: Actor, id: string, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (doc.verification === 'confirmed') return viewFor(doc, 'structure');
  assertPending(doc, now);
  const confirmed = await requests.amend(doc, 'confirm', (d) => (d.verification === 'pending' ? { verification: 'confirmed', verifiedAt: now } : null), { byRole: actor.role, byUserId: toId(actor.userId) }, now);
  if (!confirmed) throw conflict('state_changed', 'The session changed meanwhile; reload it.');
  await cancelJobs(id, [TACIT_JOB]);
  return viewFor(confirmed, 'structure');
}

/**
 * The structure disputes the session (the minutes it believes, and why): its cost is reported as
 * disputed until the agency or an auditor settles it; the agency's dispatchers are told.
 * Errors: 404 not the caller's structure; 409 `not_completed`, `verification_closed`.
 */
export async function disputeSession(actor: Actor, id: string, body: DisputeBody, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, id);
  assertPending(doc, now);
  const dispute = { at: now, byUserId: toId(actor.userId), actualMinutes: body.actualMinutes, reason: body.reason };
  const disputed = await requests.amend(doc, 'dispute', (d) => (d.verification === 'pending' ? { verification: 'disputed', dispute, erasedAt: null } : null), { byRole: actor.role, byUserId: toId(actor.userId) }, now);
  if (!disputed) throw conflict('state_changed', 'The session changed meanwhile; reload it.');
  await cancelJobs(id, [TACIT_JOB]);
  await openDispute(disputed, now);
  await announceDispute(disputed);
  return viewFor(disputed, 'structure');
}

/** Dispatchers settle the disputes of their own agency's sessions; auditors and admins any. */
function assertMaySettle(actor: Actor, doc: RequestDoc) {
  if (actor.role === 'auditor' || actor.role === 'admin') return;
  if (actor.role === 'dispatcher' && actor.agencyId && doc.agencyId?.equals(actor.agencyId)) return;
  throw forbidden();
}

/** The completion fields and price a correction sets, from the request as it is. */
async function corrected(doc: RequestDoc, figures: { actualMinutes: number; outcome: 'done' | 'patient_no_show' }): Promise<Filter> {
  const price = completionPrice(await pricingContext(doc), doc, figures.outcome, figures.actualMinutes);
  return {
    completion: { ...doc.completion, actualMinutes: figures.actualMinutes, outcome: figures.outcome },
    costCents: price.costCents,
    billedMinutes: price.billedMinutes,
    tariffVersion: price.tariffVersion,
    corrections: (doc.corrections ?? 0) + 1,
  };
}

/**
 * Settles a dispute: `accept` keeps the interpreter's figures, `correct` replaces them in the same
 * update that closes the dispute, then the ledger gets the reversal and the new entry.
 * Errors: 403 another agency's dispatcher; 404 not visible; 409 `not_disputed`, `state_changed`.
 */
export async function resolveDispute(actor: Actor, id: string, body: ResolveBody, now = new Date()) {
  const { doc, audience } = await findVisible(actor, id);
  assertMaySettle(actor, doc);
  if (doc.verification !== 'disputed') throw conflict('not_disputed', 'This session is not disputed.');
  const correction = body.decision === 'correct' ? await corrected(doc, { actualMinutes: body.actualMinutes!, outcome: body.outcome! }) : {};
  const resolution = { at: now, byUserId: toId(actor.userId), byRole: actor.role, decision: body.decision, reason: body.reason };
  let before: RequestDoc = doc;
  const resolved = await requests.amend(doc, `resolve-${body.decision}`, (d) => {
    before = d;
    // Figures computed from an older version would bill the wrong session: settle on what was read.
    return d.verification === 'disputed' && d.version === doc.version ? { ...correction, verification: 'resolved', verifiedAt: now, resolution, erasedAt: null } : null;
  }, { byRole: actor.role, byUserId: toId(actor.userId), reason: body.reason }, now);
  if (!resolved) throw conflict('state_changed', 'The session changed meanwhile; reload it.');
  if (body.decision === 'correct') await recordCorrection(before, resolved, body.reason, actor.userId);
  await closeDispute(id, now);
  return viewFor(resolved, audience);
}

/**
 * An auditor corrects a completed session outside any dispute (minutes or outcome recorded wrongly):
 * the request carries the new figures, the ledger a reversal of the old usage and the new one.
 * Errors: 403 not an auditor or admin; 409 `not_completed`, `state_changed`.
 */
export async function correctCompletion(actor: Actor, id: string, body: CorrectionBody) {
  if (actor.role !== 'auditor' && actor.role !== 'admin') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (doc.status !== 'completed') throw conflict('not_completed', 'Only a completed session can be corrected.');
  const fields = await corrected(doc, body);
  let before: RequestDoc = doc;
  const result = await requests.amend(doc, 'correct', (current) => {
    before = current;
    return current.status === 'completed' && current.version === doc.version ? fields : null;
  }, { byRole: actor.role, byUserId: toId(actor.userId), reason: body.reason });
  if (!result) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordCorrection(before, result, body.reason, actor.userId);
  return viewFor(result, 'auditor');
}

/** Each request's verification (null for one that has none, as a cancellation), by id: what a statement's lines show. */
export async function verificationsOf(requestIds: readonly string[]): Promise<Map<string, string | null>> {
  const docs = await requests.verificationOf(requestIds.filter((id) => /^[a-f0-9]{24}$/.test(id)).map(toId));
  return new Map(docs.map((doc) => [doc._id.toString(), doc.verification ?? null]));
}

/** Seven days without an answer: the session is confirmed tacitly. */
export async function runTacitConfirmation(payload: { requestId: string }, now: Date): Promise<void> {
  await requests.amend(toId(payload.requestId), 'tacit', (d) => (d.verification === 'pending' ? { verification: 'tacit', verifiedAt: now } : null), { byRole: 'system' }, now);
}

export function verificationHandlers(clock: () => Date = () => new Date()) {
  return { [TACIT_JOB]: (payload: { requestId: string }) => runTacitConfirmation(payload, clock()) };
}
