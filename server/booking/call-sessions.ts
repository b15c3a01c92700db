import { bookedSlot } from '../../shared/exchange';
import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { inviteGuest } from '../calls/guests';
import type { CallSession } from '../calls/sessions';
import { requests, toId, type RequestDoc } from './store';
import { findVisible } from './visibility';

// What booking tells calls about a session: who may join it and when (calls never reads requests itself).
// The call's session is the booked slot: the briefing and debriefing with the professional happen in it.

const asSession = (doc: RequestDoc): CallSession => ({
  requestId: doc._id.toString(),
  structureId: doc.structureId.toString(),
  interpreterId: doc.status === 'assigned' || doc.status === 'completed' ? (doc.interpreterId?.toString() ?? null) : null,
  modality: doc.modality,
  status: doc.status,
  immediate: doc.immediate,
  ...bookedSlot(doc),
});

/** The session of a request, as calls needs it (provided to calls at start, see app.ts). */
export async function callSessionOf(requestId: string): Promise<CallSession | null> {
  const doc = await requests.findOne({ _id: toId(requestId) });
  return doc ? asSession(doc) : null;
}

/** The requester's structure adds a participant to the session's call: a link for that session only. */
export async function inviteCallGuest(actor: Actor, requestId: string, publicUrl: string, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, requestId);
  return inviteGuest(asSession(doc), actor.userId, publicUrl, now);
}
