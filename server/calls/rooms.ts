import { Types } from 'mongoose';
import { CALL_LIVENESS_MS, MAX_PARTICIPANTS, type CallErrorCode, type DeviceState, type Participant, type ParticipantRole } from '../../shared/call-protocol';
import type { Actor } from '../platform/actor';
import { closesAt, isCallSession, opensAt, sessionOf, type CallSession } from './sessions';
import { callEvents, calls, toId, type CallDoc, type CallEventDoc, type MemberDoc } from './store';
import { connectedCount, measuredSeconds, settle } from './together';

// A call's room: who is in it, from which socket, and the time measured. Every change is one versioned
// write of the call's small document, so two processes (or two messages) never lose each other's change.

/** Who speaks on a socket: an account, or a guest's link (for its one session). */
export type Caller = { actor: Actor } | { guest: { requestId: string; linkId: string } };

export class CallRefusal extends Error {
  constructor(readonly code: CallErrorCode, message: string, readonly opensAt?: Date) {
    super(message);
  }
}

export interface RoomState {
  requestId: string;
  members: Participant[];
  measuredSeconds: number;
  participants: number;
  together: boolean;
}

export interface Joined extends RoomState {
  self: Participant;
  session: CallSession;
  closesAt: Date;
  /** The same member came back on a new socket after a drop: nobody is told it left or came. */
  resumed: boolean;
  /** The socket this member spoke from before, when a reloaded page or a second tab replaced it. */
  replacedSocketId: string | null;
}

const participant = (m: Pick<MemberDoc, 'id' | 'role' | 'name' | 'microphone' | 'camera'>): Participant => ({
  id: m.id, role: m.role, name: m.name,
  ...(typeof m.microphone === 'boolean' ? { microphone: m.microphone } : {}),
  ...(typeof m.camera === 'boolean' ? { camera: m.camera } : {}),
});

export function stateOf(doc: CallDoc, now: Date): RoomState {
  return {
    requestId: doc._id.toString(),
    members: doc.members.map(participant),
    measuredSeconds: measuredSeconds(doc, now),
    participants: connectedCount(doc.members),
    together: doc.togetherSince !== null,
  };
}

/** The role a caller has in a session, or a refusal: another structure, an interpreter not assigned, another session's guest. */
function roleIn(caller: Caller, session: CallSession): { role: ParticipantRole; id: string; name: string } {
  if ('guest' in caller) {
    if (caller.guest.requestId !== session.requestId) throw new CallRefusal('forbidden', 'This link is for another session.');
    return { role: 'guest', id: `g${caller.guest.linkId}`, name: 'Invité·e' };
  }
  const { actor } = caller;
  if (actor.role === 'interpreter' && session.interpreterId === actor.userId) return { role: 'interpreter', id: `u${actor.userId}`, name: actor.name };
  if (actor.role === 'requester' && actor.structureId === session.structureId) return { role: 'requester', id: `u${actor.userId}`, name: actor.name };
  throw new CallRefusal('forbidden', 'You do not take part in this session.');
}

/** A phone or video session, or not_found. */
async function callSession(requestId: string): Promise<CallSession> {
  const session = Types.ObjectId.isValid(requestId) ? await sessionOf(requestId) : null;
  if (!session || !isCallSession(session)) throw new CallRefusal('not_found', 'No phone or video session with this id.');
  return session;
}

/** Refuses a call that cannot be joined at `now`: ended, not yet accepted, or more than 10 minutes ahead. */
function assertOpen(session: CallSession, now: Date): void {
  if (session.status === 'completed' || session.status === 'cancelled' || session.status === 'unfilled') throw new CallRefusal('closed', 'This session has ended.');
  if (now > closesAt(session)) throw new CallRefusal('closed', 'This session has ended.');
  const opening = opensAt(session);
  if (session.status === 'open') throw new CallRefusal('not_open_yet', 'No interpreter has accepted this session yet.', opening ?? undefined);
  if (opening && now < opening) throw new CallRefusal('not_open_yet', 'The call opens 10 minutes before the session.', opening);
}

/** The session and the caller's place in it, if they may be in its call at `now`. */
async function seatIn(caller: Caller, requestId: string, now: Date) {
  const session = await callSession(requestId);
  // Who first: someone who is not part of the session learns nothing of its state.
  const me = session.status === 'completed' || session.status === 'cancelled' ? undefined : roleIn(caller, session);
  assertOpen(session, now);
  return { session, me: me! };
}

/** The session, or a refusal for a caller who may not be in its call now (their role and its time window). */
export async function checkSeat(caller: Caller, requestId: string, now = new Date()): Promise<CallSession> {
  return (await seatIn(caller, requestId, now)).session;
}

/** Joins (or comes back to) a session's call from `socketId`. */
export async function joinCall(caller: Caller, requestId: string, socketId: string, resume: boolean, now = new Date()): Promise<Joined> {
  const { session, me } = await seatIn(caller, requestId, now);
  const id = toId(requestId);
  await calls.ensure(id, now);
  let outcome: { resumed: boolean; replacedSocketId: string | null; events: CallEventDoc[] } | undefined;
  let full = false;
  const doc = await calls.change(id, (current) => {
    if (current.endedAt) return null;
    const existing = current.members.find((m) => m.id === me.id);
    full = !existing && current.members.length >= MAX_PARTICIPANTS;
    if (full) return null;
    // A page that kept its connections (a network drop) keeps its media report; a new page starts afresh.
    const resumed = Boolean(existing && resume);
    const kept = resumed ? { peers: existing!.peers, microphone: existing!.microphone, camera: existing!.camera } : { peers: [] };
    const member: MemberDoc = { ...me, socketId, joinedAt: existing?.joinedAt ?? now, beatAt: now, ...kept };
    const members = [...current.members.filter((m) => m.id !== me.id), member];
    const measure = settle(current, members, now);
    outcome = {
      resumed,
      replacedSocketId: existing && existing.socketId !== socketId ? existing.socketId : null,
      events: [{ requestId: id, at: now, kind: existing ? 'rejoin' : 'join', participantId: me.id, role: me.role }, ...spanEvents(current, measure, id, now)],
    };
    return { $set: { members, ...measure } };
  });
  if (full) throw new CallRefusal('room_full', `A call takes ${MAX_PARTICIPANTS} people at most.`);
  if (!doc || !outcome) throw new CallRefusal('closed', 'This session has ended.');
  await callEvents.add(outcome.events);
  return { ...stateOf(doc, now), self: participant({ ...me }), session, closesAt: closesAt(session), resumed: outcome.resumed, replacedSocketId: outcome.replacedSocketId };
}

function spanEvents(before: { togetherSince: Date | null }, after: { togetherSince: Date | null }, requestId: Types.ObjectId, at: Date): CallEventDoc[] {
  if (!before.togetherSince && after.togetherSince) return [{ requestId, at, kind: 'together' }];
  if (before.togetherSince && !after.togetherSince) return [{ requestId, at, kind: 'apart' }];
  return [];
}

/**
 * A page's report of the members it has media connected with (`media`, and every `ping`), from the
 * member's current socket only: a stale socket of a reloaded page speaks for nobody. Null when the
 * member is no longer in the call.
 */
export async function reportMedia(requestId: string, memberId: string, socketId: string, peers: string[], now = new Date()): Promise<{ state: RoomState; changed: boolean } | null> {
  const id = toId(requestId);
  let events: CallEventDoc[] = [];
  let changed = false;
  const doc = await calls.change(id, (current) => {
    const member = current.members.find((m) => m.id === memberId);
    if (current.endedAt || !member || member.socketId !== socketId) return null;
    const known = peers.filter((p) => p !== memberId && current.members.some((m) => m.id === p));
    const members = current.members.map((m) => (m.id === memberId ? { ...m, peers: known, beatAt: now } : m));
    const measure = settle(current, members, now);
    events = spanEvents(current, measure, id, now);
    changed = events.length > 0;
    return { $set: { members, ...measure } };
  });
  if (!doc) return null;
  await callEvents.add(events);
  return { state: stateOf(doc, now), changed };
}

/** The member's microphone and camera, from its current socket only; false when it is no longer in the call. */
export async function setDevices(requestId: string, memberId: string, socketId: string, devices: DeviceState, now = new Date()): Promise<boolean> {
  const doc = await calls.change(toId(requestId), (current) => {
    const member = current.members.find((m) => m.id === memberId);
    if (current.endedAt || !member || member.socketId !== socketId) return null;
    return { $set: { members: current.members.map((m) => (m.id === memberId ? { ...m, ...devices, beatAt: now } : m)) } };
  });
  return doc !== null;
}

/** The member hangs up: gone at once, the time together closed now. */
export async function leaveCall(requestId: string, memberId: string, socketId: string, now = new Date()): Promise<(RoomState & { gone: Participant[] }) | null> {
  return removeMembers(requestId, (m) => m.id === memberId && m.socketId === socketId, 'leave', now);
}

/** The member's socket closed: it may come back (a network drop); the liveness sweep removes it otherwise. */
export async function detachSocket(requestId: string, memberId: string, socketId: string, now = new Date()): Promise<RoomState | null> {
  const doc = await calls.change(toId(requestId), (current) => {
    const member = current.members.find((m) => m.id === memberId);
    if (!member || member.socketId !== socketId) return null;
    return { $set: { members: current.members.map((m) => (m.id === memberId ? { ...m, socketId: null } : m)) } };
  });
  return doc ? stateOf(doc, now) : null;
}

async function removeMembers(requestId: string, leaving: (m: MemberDoc) => boolean, kind: 'leave' | 'timeout', now: Date, at: (gone: MemberDoc[]) => Date = () => now) {
  const id = toId(requestId);
  let events: CallEventDoc[] = [];
  let gone: MemberDoc[] = [];
  const doc = await calls.change(id, (current) => {
    gone = current.members.filter(leaving);
    if (gone.length === 0) return null;
    const members = current.members.filter((m) => !leaving(m));
    const when = at(gone);
    const measure = settle(current, members, when);
    events = [...gone.map((m): CallEventDoc => ({ requestId: id, at: when, kind, participantId: m.id, role: m.role })), ...spanEvents(current, measure, id, when)];
    return { $set: { members, ...measure } };
  });
  if (!doc) return null;
  await callEvents.add(events);
  return { ...stateOf(doc, now), gone: gone.map(participant) };
}

/**
 * Members silent for CALL_LIVENESS_MS are removed; time together ends at their last sign of life, not
 * now: a page that stopped answering proves nothing after its last message.
 */
export async function sweepSilent(now = new Date()): Promise<Array<RoomState & { gone: Participant[] }>> {
  const cutoff = new Date(now.getTime() - CALL_LIVENESS_MS);
  const swept: Array<RoomState & { gone: Participant[] }> = [];
  for (const { _id } of await calls.withSilentMembers(cutoff)) {
    const result = await removeMembers(_id.toString(), (m) => m.beatAt < cutoff, 'timeout', now, (gone) => new Date(Math.min(...gone.map((m) => m.beatAt.getTime()))));
    if (result) swept.push(result);
  }
  return swept;
}

/** The session ended (completed, cancelled): everyone leaves, the measure is final. Null when already ended or never joined. */
export async function endCall(requestId: string, now = new Date()): Promise<RoomState | null> {
  const id = toId(requestId);
  let events: CallEventDoc[] = [];
  const doc = await calls.change(id, (current) => {
    if (current.endedAt) return null;
    const measure = settle(current, [], now);
    events = [...spanEvents(current, measure, id, now), { requestId: id, at: now, kind: 'ended' }];
    return { $set: { members: [], endedAt: now, ...measure } };
  });
  if (!doc) return null;
  await callEvents.add(events);
  return stateOf(doc, now);
}

/** A participant's answer to "Le son était-il bon ?", kept with the call's events. */
export async function recordQuality(requestId: string, memberId: string, role: ParticipantRole, good: boolean, now = new Date()): Promise<void> {
  await calls.setSound(toId(requestId), memberId, good);
  await callEvents.add([{ requestId: toId(requestId), at: now, kind: 'quality', participantId: memberId, role, good }]);
}

export interface CallSummary {
  measuredSeconds: number;
  participants: number;
  /** The participants' answers to "Le son était-il bon ?": how many said yes, how many said no. */
  sound?: { good: number; bad: number } | undefined;
}

function soundOf(doc: CallDoc): CallSummary['sound'] {
  const answers = Object.values(doc.sound ?? {});
  return answers.length === 0 ? undefined : { good: answers.filter(Boolean).length, bad: answers.filter((a) => !a).length };
}

/** The measured seconds and who is connected, for each of these sessions that had a call (one read). */
export async function callSummaries(requestIds: readonly string[], now = new Date()): Promise<Map<string, CallSummary>> {
  const docs = requestIds.length === 0 ? [] : await calls.findMany(requestIds.map(toId));
  return new Map(docs.map((doc) => [doc._id.toString(), { measuredSeconds: measuredSeconds(doc, now), participants: connectedCount(doc.members), sound: soundOf(doc) }]));
}

/** The call's events, oldest first (the request's export). */
export async function callHistory(requestId: string) {
  return (await callEvents.of(toId(requestId))).map((e) => ({ at: e.at.toISOString(), kind: e.kind, participantId: e.participantId, role: e.role, good: e.good }));
}

