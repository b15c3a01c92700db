/**
 * Signalling of the calls held in the platform (phone and video sessions), shared by server/calls and the
 * client's call page. One socket.io event, `call`, carries flat JSON messages in both directions, after
 * Galène's protocol: a `type`, then `dest` (to whom a message goes) or `source` (set by the server, never
 * by the sender), `value`, and `error` as a stable code.
 *
 * Flow: the page sends `join`; the server answers `joined` (the caller's id, ICE servers with
 * time-limited TURN credentials, the members already there) and tells each member `user`/`add`. Peers
 * exchange `offer`/`answer`/`ice` through the server (perfect negotiation: the polite side is the one
 * whose id sorts first). Each page reports with `media` the members its browser has media connected
 * with, and sends `ping` every CALL_PING_MS with the same list; the server measures the time the
 * interpreter and at least one other member both report each other connected (`measured`). A page whose
 * socket came back after a network drop sends `join` with `resume: true`: it keeps its member and its
 * peer connections (ICE restarts), and nobody is told it left.
 *
 * Before opening any device, the page asks with `check` whether this person may join this session's
 * call now: `allowed` (with the modality), or `error` with the code `join` would get. A page sends
 * `devices` when its microphone or camera goes off or on; the others receive it as `devices` with its
 * `source`, and `joined` and `user` `add` carry each member's last state. Older pages ignore both.
 */

export const CALL_EVENT = 'call';
/** Up to four people in one call: the interpreter, the professional, and two more (colleagues, guests). */
export const MAX_PARTICIPANTS = 4;
/** How often a page pings (milliseconds). */
export const CALL_PING_MS = 10_000;
/** A member whose page has been silent this long is gone (milliseconds); Galène uses 45 s, pinging after 20 s. */
export const CALL_LIVENESS_MS = 25_000;
/** The call page opens this many minutes before a booked session's slot ("now" sessions: at once). */
export const CALL_OPENS_MINUTES_BEFORE = 10;

/**
 * When a session's call opens: CALL_OPENS_MINUTES_BEFORE before its booked slot (`start` the slot's:
 * the session's less its briefing, see shared/exchange.ts), or null for "now" (at once).
 */
export const callOpensAt = (slot: { immediate: boolean; start: Date }) =>
  slot.immediate ? null : new Date(slot.start.getTime() - CALL_OPENS_MINUTES_BEFORE * 60_000);

export type ParticipantRole = 'interpreter' | 'requester' | 'guest';

export interface Participant {
  /** Stable for one person in one call (a reloaded page keeps it). */
  id: string;
  role: ParticipantRole;
  /** What the others read: a person's name, or "Invité·e" for a guest. */
  name: string;
  /** False once the member turned their microphone off (absent: on). */
  microphone?: boolean;
  /** False once the member turned their camera off, or has none in a video session (absent: on). */
  camera?: boolean;
}

/** A member's microphone and camera, on or off. */
export interface DeviceState {
  microphone: boolean;
  camera: boolean;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** What a page sends. A guest's socket may only join the session of its link. */
export type ClientMessage =
  | { type: 'check'; requestId: string }
  | { type: 'join'; requestId: string; resume?: boolean }
  | { type: 'offer' | 'answer'; dest: string; value: SessionDescription }
  | { type: 'ice'; dest: string; value: IceCandidate | null }
  | { type: 'media'; peers: string[] }
  | { type: 'ping'; peers: string[] }
  | ({ type: 'devices' } & DeviceState)
  | { type: 'leave' }
  | { type: 'quality'; good: boolean };

export type CallErrorCode =
  /** Not a participant of this session (another structure, an interpreter not assigned, a guest of another session). */
  | 'forbidden'
  /** No such session, or not a phone or video session. */
  | 'not_found'
  /** Opens CALL_OPENS_MINUTES_BEFORE the start; `opensAt` says when. */
  | 'not_open_yet'
  /** The session ended (completed, cancelled) or its link expired. */
  | 'closed'
  | 'room_full'
  /** A message other than join before joining. */
  | 'not_joined'
  | 'invalid_message';

/** What the server sends. */
export type ServerMessage =
  | { type: 'allowed'; requestId: string; modality: 'phone' | 'video' }
  | {
      type: 'joined';
      id: string;
      requestId: string;
      role: ParticipantRole;
      modality: 'phone' | 'video';
      resumed: boolean;
      iceServers: IceServer[];
      iceTransportPolicy: 'all' | 'relay';
      members: Participant[];
      measuredSeconds: number;
      /** When the call closes if nobody completes the session first (ISO 8601). */
      closesAt: string;
    }
  | { type: 'user'; kind: 'add' | 'delete'; participant: Participant }
  | { type: 'offer' | 'answer'; source: string; value: SessionDescription }
  | { type: 'ice'; source: string; value: IceCandidate | null }
  | ({ type: 'devices'; source: string } & DeviceState)
  | { type: 'measured'; measuredSeconds: number; participants: number; together: boolean }
  | { type: 'error'; error: CallErrorCode; message: string; opensAt?: string }
  | { type: 'ended'; reason: 'completed' | 'cancelled' | 'closed' };

/** The client's path of a session's call page (`call.joinPath` of a request's view). */
export const callPath = (requestId: string) => `/#/appel?id=${requestId}`;

/** The call page opened from a guest's link: the token stays in the fragment, never sent to the server by the browser. */
export const guestCallPath = (requestId: string, token: string) => `/#/appel?id=${requestId}&invitation=${token}`;
