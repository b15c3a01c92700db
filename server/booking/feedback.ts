import type { FeedbackBody, ProblemBody } from '../../shared/schemas/booking';
import { excludeForStructure, recordRating } from '../directory/records';
import type { Actor } from '../platform/actor';
import { conflict, forbidden } from '../platform/errors';
import { announceProblem } from './announce-session';
import { requests, toId } from './store';
import { findVisible, viewFor } from './visibility';

// After a session: the requester rates it (and may ask never to be offered this interpreter again), the
// interpreter may report a problem. The rating's comment stays within the structure and the agency.

const SETTLED = ['confirmed', 'tacit', 'resolved'];

/**
 * The requester rates a confirmed session once, 1 to 5; `doNotSendAgain` keeps the interpreter away
 * from this structure's next requests (matching's `not_wanted`, with its reason to dispatchers).
 * Errors: 404 not the caller's structure; 409 `not_confirmed`, `feedback_given`.
 */
export async function giveFeedback(actor: Actor, id: string, body: FeedbackBody, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (!doc.verification || !SETTLED.includes(doc.verification)) throw conflict('not_confirmed', 'A session is rated once it is confirmed.');
  if (doc.feedback) throw conflict('feedback_given', 'This session was already rated.');
  const feedback = { at: now, byUserId: toId(actor.userId), rating: body.rating, comment: body.comment, doNotSendAgain: body.doNotSendAgain ?? false };
  const rated = await requests.amend(doc, 'feedback', (d) => (d.feedback ? null : { feedback, erasedAt: null }), { byRole: actor.role, byUserId: toId(actor.userId) }, now);
  if (!rated) throw conflict('feedback_given', 'This session was already rated.');
  const interpreterId = rated.interpreterId!.toString();
  await recordRating(interpreterId, body.rating);
  if (body.doNotSendAgain) await excludeForStructure(rated.structureId.toString(), interpreterId);
  return viewFor(rated, 'structure');
}

/**
 * The interpreter of a session reports a problem (patient absent, requester late, unsafe setting,
 * other); the agency's dispatchers are told. A second report replaces the first.
 * Errors: 404 not their request; 409 `not_assigned` (open, cancelled or unfilled).
 */
export async function reportProblem(actor: Actor, id: string, body: ProblemBody, now = new Date()) {
  if (actor.role !== 'interpreter') throw forbidden();
  const { doc } = await findVisible(actor, id);
  const theirs = (d: typeof doc) => (d.status === 'assigned' || d.status === 'completed') && Boolean(d.interpreterId?.equals(actor.userId));
  if (!theirs(doc)) throw conflict('not_assigned', `This request is ${doc.status}.`);
  const problem = { at: now, kind: body.kind, comment: body.comment };
  const reported = await requests.amend(doc, 'problem', (d) => (theirs(d) ? { problem, erasedAt: null } : null), { byRole: actor.role, byUserId: toId(actor.userId), interpreterId: toId(actor.userId) }, now);
  if (!reported) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await announceProblem(reported);
  return viewFor(reported, 'interpreter');
}
