import { digestOf, newSecret } from '../auth/secrets';
import { guestCallPath } from '../../shared/call-protocol';
import { conflict } from '../platform/errors';
import { closesAt, isCallSession, type CallSession } from './sessions';
import { invitations, toId } from './store';

// A guest (a colleague, a relative who must hear, a second professional) joins one session's call with
// a link and no account. Only the link's SHA-256 is stored; the link stops working when the call closes.

/** A link for one more participant of this session: `{ joinUrl, expiresAt }`; 409 once the session is over. */
export async function inviteGuest(session: CallSession, createdBy: string, publicUrl: string, now = new Date()) {
  if (!isCallSession(session)) throw conflict('not_a_call', 'Only a phone or video session is held in the platform.');
  const expiresAt = closesAt(session);
  if (!['open', 'assigned'].includes(session.status) || expiresAt <= now) throw conflict('request_closed', 'This session is over: no more guests.');
  const { token, digest } = newSecret();
  await invitations.create({ _id: digest, requestId: toId(session.requestId), createdBy: toId(createdBy), createdAt: now, expiresAt });
  return { joinUrl: `${publicUrl}${guestCallPath(session.requestId, token)}`, expiresAt: expiresAt.toISOString() };
}

/** The session a guest's link opens, while it is valid; `linkId` names the guest in the call. */
export async function guestOf(token: string, now = new Date()): Promise<{ requestId: string; linkId: string } | undefined> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return undefined;
  const digest = digestOf(token);
  const doc = await invitations.findUsable(digest, now);
  return doc ? { requestId: doc.requestId.toString(), linkId: digest.slice(0, 24) } : undefined;
}
