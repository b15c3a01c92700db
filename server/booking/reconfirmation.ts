import { DateTime } from 'luxon';
import type { Actor } from '../platform/actor';
import { conflict, forbidden } from '../platform/errors';
import { scheduleJob } from '../platform/jobs';
import { announceReconfirmation, announceReconfirmationMissed, askReconfirmation } from './announce-session';
import { findVisible, viewFor } from './visibility';
import { requests, toId, type RequestDoc } from './store';
import { zoneOf } from './zone';

// The commonest cause of a missed session is an assignment nobody reconfirmed. The assigned interpreter
// is asked the day before (with the reminder) to reconfirm in one click; without it by 18:00 the day
// before (the request's zone: La Réunion's 18:00 for a session there), or 2 hours before for a request
// booked less than a day ahead, the request is flagged at risk and the agency's dispatchers are alerted, once.

export const RECONFIRM_JOBS = { ask: 'booking.reconfirmAsk', deadline: 'booking.reconfirmDeadline' } as const;
const HOUR_MS = 3_600_000;

const bookedADayAhead = (doc: Pick<RequestDoc, 'start' | 'createdAt'>) => doc.start.getTime() - doc.createdAt.getTime() >= 24 * HOUR_MS;

/** When the interpreter is asked: with the day-before reminder, or at once for a request booked less than a day ahead. */
export function reconfirmationAskAt(doc: Pick<RequestDoc, 'start' | 'createdAt'>): Date {
  return bookedADayAhead(doc) ? new Date(doc.start.getTime() - 24 * HOUR_MS) : doc.createdAt;
}

/**
 * The reconfirmation deadline: 18:00 the day before the session in its zone (at least 2 hours after the
 * ask, for evening sessions), or 2 hours before the start for a request booked less than a day ahead.
 */
export function reconfirmationDeadline(doc: Pick<RequestDoc, 'start' | 'createdAt'> & { timeZone?: RequestDoc['timeZone'] }): Date {
  if (!bookedADayAhead(doc)) return new Date(doc.start.getTime() - 2 * HOUR_MS);
  const eveBefore = DateTime.fromJSDate(doc.start, { zone: zoneOf(doc) }).minus({ days: 1 }).set({ hour: 18, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  return new Date(Math.max(eveBefore.getTime(), reconfirmationAskAt(doc).getTime() + 2 * HOUR_MS));
}

/**
 * What an assignment sets: accepting an offer once the reconfirmation is due counts as reconfirming
 * (the interpreter has just said yes); a dispatcher's assignment never does.
 */
export function reconfirmedByAssignment(doc: RequestDoc, byInterpreter: boolean, now: Date) {
  return { reconfirmedAt: byInterpreter && !doc.immediate && now >= reconfirmationAskAt(doc) ? now : null, reconfirmationMissedAt: null };
}

/** Plans the ask and the deadline for the interpreter just assigned (keys per interpreter and start: a reassignment plans afresh). */
export async function planReconfirmation(doc: RequestDoc, now: Date): Promise<void> {
  if (doc.immediate || doc.status !== 'assigned' || !doc.interpreterId || doc.reconfirmedAt) return;
  const requestId = doc._id.toString();
  const interpreterId = doc.interpreterId.toString();
  const deadline = reconfirmationDeadline(doc);
  if (deadline <= now) return;
  const key = `${requestId}:${interpreterId}:${doc.start.toISOString()}`;
  const askAt = new Date(Math.max(now.getTime(), reconfirmationAskAt(doc).getTime()));
  await scheduleJob(RECONFIRM_JOBS.ask, askAt, { requestId, interpreterId }, { key: `reconfirm-ask:${key}`, subject: requestId }, now);
  await scheduleJob(RECONFIRM_JOBS.deadline, deadline, { requestId, interpreterId }, { key: `reconfirm-deadline:${key}`, subject: requestId }, now);
}

/**
 * The assigned interpreter says they will come. Again answers the same.
 * Errors: 404 not their request; 409 `not_assigned`.
 */
export async function reconfirm(actor: Actor, id: string, now = new Date()) {
  if (actor.role !== 'interpreter') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (doc.status !== 'assigned' || !doc.interpreterId?.equals(actor.userId)) throw conflict('not_assigned', `This request is ${doc.status}.`);
  if (doc.reconfirmedAt) return viewFor(doc, 'interpreter');
  const done = await requests.amend(doc, 'reconfirm', (d) => (d.status === 'assigned' && d.interpreterId?.equals(actor.userId) && !d.reconfirmedAt ? { reconfirmedAt: now } : null), { byRole: 'interpreter', byUserId: toId(actor.userId), interpreterId: toId(actor.userId) }, now);
  const result = done ?? (await findVisible(actor, id)).doc;
  if (!result.reconfirmedAt) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  if (done) await announceReconfirmation(done);
  return viewFor(result, 'interpreter');
}

const stillWaiting = (doc: RequestDoc | null, interpreterId: string): doc is RequestDoc =>
  Boolean(doc && doc.status === 'assigned' && doc.interpreterId?.equals(interpreterId) && !doc.reconfirmedAt);

export async function runReconfirmAsk(payload: { requestId: string; interpreterId: string }, now: Date): Promise<void> {
  const doc = await requests.findOne({ _id: toId(payload.requestId) });
  if (stillWaiting(doc, payload.interpreterId)) await askReconfirmation(doc, { now, deadline: reconfirmationDeadline(doc) });
}

/** The deadline passed without a reconfirmation: at risk, and the agency's dispatchers alerted once. */
export async function runReconfirmDeadline(payload: { requestId: string; interpreterId: string }, now: Date): Promise<void> {
  const flagged = await requests.amend(toId(payload.requestId), 'reconfirmation-missed', (d) =>
    (stillWaiting(d, payload.interpreterId) && !d.reconfirmationMissedAt ? { reconfirmationMissedAt: now } : null), { byRole: 'system' }, now);
  if (flagged) await announceReconfirmationMissed(flagged);
}

export function reconfirmationHandlers(clock: () => Date = () => new Date()) {
  return {
    [RECONFIRM_JOBS.ask]: (payload: { requestId: string; interpreterId: string }) => runReconfirmAsk(payload, clock()),
    [RECONFIRM_JOBS.deadline]: (payload: { requestId: string; interpreterId: string }) => runReconfirmDeadline(payload, clock()),
  };
}
