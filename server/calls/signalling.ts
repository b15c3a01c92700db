import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import { CALL_EVENT, type ClientMessage, type IceServer, type ServerMessage } from '../../shared/call-protocol';
import { callClientMessage } from '../../shared/schemas/calls';
import type { Actor } from '../platform/actor';
import type { CallsConfig } from '../platform/config';
import { makeAjv } from '../platform/validation';
import { guestOf } from './guests';
import { CallRefusal, checkSeat, detachSocket, endCall, joinCall, leaveCall, recordQuality, reportMedia, setDevices, sweepSilent, type Caller, type RoomState } from './rooms';
import { turnCredentials } from './turn';

// Signalling over the platform's own socket.io connection (authenticated like the API): a socket takes
// part in one call at a time, joins that call's rooms only once the server admitted it, and every relayed
// message carries the sender's id as the server knows it, never as the sender says.

const validate = makeAjv(false).compile<ClientMessage>(callClientMessage);
const SWEEP_MS = 5_000;

const roomOf = (requestId: string) => `call:${requestId}`;
const memberRoom = (requestId: string, memberId: string) => `call:${requestId}:${memberId}`;

interface Seat {
  requestId: string;
  memberId: string;
  role: 'interpreter' | 'requester' | 'guest';
}

let io: Server | undefined;

/** Sends a message to every member of a call (another process's sockets included, through the adapter). */
function toCall(requestId: string, message: ServerMessage, except?: Socket) {
  if (!io) return;
  (except ? except.to(roomOf(requestId)) : io.to(roomOf(requestId))).emit(CALL_EVENT, message);
}

const measured = (state: RoomState): ServerMessage => ({ type: 'measured', measuredSeconds: state.measuredSeconds, participants: state.participants, together: state.together });

/** The ICE servers of one member's call: TURN credentials computed for them, valid TURN_CREDENTIAL_TTL_SECONDS. */
export function iceServersFor(config: CallsConfig, memberId: string, now = new Date()): IceServer[] {
  if (config.iceUrls.length === 0) return [];
  const stun = config.iceUrls.filter((u) => u.startsWith('stun'));
  const turn = config.iceUrls.filter((u) => u.startsWith('turn'));
  const servers: IceServer[] = stun.length > 0 ? [{ urls: stun }] : [];
  if (turn.length > 0 && config.turnSecret) {
    const { username, credential } = turnCredentials(config.turnSecret, memberId, config.turnTtlSeconds, now);
    servers.push({ urls: turn, username, credential });
  }
  return servers;
}

/** Lets a guest's socket in without a session: the handshake carries its link's token (`auth.callInvitation`). */
export async function admitGuest(socket: Socket): Promise<boolean> {
  const token = (socket.handshake.auth as { callInvitation?: unknown } | undefined)?.callInvitation;
  if (typeof token !== 'string') return false;
  const guest = await guestOf(token);
  if (!guest) return false;
  socket.data.callGuest = guest;
  return true;
}

/** The session ended (completed or cancelled): the measure is closed, and each page is told. */
export async function closeCall(requestId: string, reason: 'completed' | 'cancelled' | 'closed', now = new Date()): Promise<void> {
  const state = await endCall(requestId, now);
  if (!state) return;
  toCall(requestId, { type: 'ended', reason });
  io?.in(roomOf(requestId)).socketsLeave(roomOf(requestId));
}

export function attachCalls(server: Server, config: CallsConfig, logger: Logger): { close(): void } {
  io = server;
  server.on('connection', (socket) => {
    let seat: Seat | undefined;
    // The answer to "Le son était-il bon ?" comes after hanging up: it is about the call this page was last in.
    let lastSeat: Seat | undefined;
    const caller = (): Caller | undefined => (socket.data.callGuest ? { guest: socket.data.callGuest } : socket.data.actor ? { actor: socket.data.actor as Actor } : undefined);
    const send = (message: ServerMessage) => socket.emit(CALL_EVENT, message);
    const refuse = (error: unknown) => {
      if (error instanceof CallRefusal) send({ type: 'error', error: error.code, message: error.message, ...(error.opensAt ? { opensAt: error.opensAt.toISOString() } : {}) });
      else {
        logger.error({ err: error }, 'call message failed');
        send({ type: 'error', error: 'invalid_message', message: 'The server could not handle this message.' });
      }
    };
    const leaveRooms = (s: Seat) => {
      void socket.leave(roomOf(s.requestId));
      void socket.leave(memberRoom(s.requestId, s.memberId));
    };

    /** The member leaves the call (hung up, or no longer admitted): the others are told. */
    const hangUp = async (current: Seat) => {
      const state = await leaveCall(current.requestId, current.memberId, socket.id);
      leaveRooms(current);
      seat = undefined;
      if (!state) return;
      toCall(current.requestId, { type: 'user', kind: 'delete', participant: state.gone[0]! });
      toCall(current.requestId, measured(state));
    };

    const handle = async (message: ClientMessage) => {
      const who = caller();
      if (!who) return refuse(new CallRefusal('forbidden', 'Not signed in.'));
      // Asked before the page opens any device: the same refusal join would give, or the session's modality.
      if (message.type === 'check') {
        const session = await checkSeat(who, message.requestId, new Date());
        send({ type: 'allowed', requestId: session.requestId, modality: session.modality as 'phone' | 'video' });
        return;
      }
      if (message.type === 'join') {
        const joined = await joinCall(who, message.requestId, socket.id, message.resume === true);
        if (seat && seat.requestId !== joined.requestId) leaveRooms(seat);
        seat = { requestId: joined.requestId, memberId: joined.self.id, role: joined.self.role };
        lastSeat = seat;
        // The page this one replaced (a reload, a second tab) stops hearing the call.
        if (joined.replacedSocketId) io?.in(joined.replacedSocketId).socketsLeave([roomOf(seat.requestId), memberRoom(seat.requestId, seat.memberId)]);
        await socket.join([roomOf(seat.requestId), memberRoom(seat.requestId, seat.memberId)]);
        send({
          type: 'joined', id: joined.self.id, requestId: joined.requestId, role: joined.self.role, modality: joined.session.modality as 'phone' | 'video', resumed: joined.resumed,
          iceServers: iceServersFor(config, joined.self.id), iceTransportPolicy: config.iceTransportPolicy,
          members: joined.members.filter((m) => m.id !== joined.self.id), measuredSeconds: joined.measuredSeconds, closesAt: joined.closesAt.toISOString(),
        });
        if (!joined.resumed) toCall(seat.requestId, { type: 'user', kind: 'add', participant: joined.self }, socket);
        toCall(seat.requestId, measured(joined));
        return;
      }
      if (message.type === 'quality' && lastSeat) return recordQuality(lastSeat.requestId, lastSeat.memberId, lastSeat.role, message.good);
      if (!seat) return refuse(new CallRefusal('not_joined', 'Join the call first.'));
      const current = seat;
      switch (message.type) {
        case 'offer':
        case 'answer':
        case 'ice':
          // Only to a member of the same call: no other socket is in that room.
          socket.to(memberRoom(current.requestId, message.dest)).emit(CALL_EVENT, { type: message.type, source: current.memberId, value: message.value } as ServerMessage);
          return;
        case 'media':
        case 'ping': {
          // Every ping checks the seat again: a session cancelled, reassigned or over ends here too.
          if (message.type === 'ping') {
            const refusal = await checkSeat(who, current.requestId, new Date()).then(() => undefined, (error: unknown) => error);
            if (refusal instanceof CallRefusal && refusal.code === 'closed') return closeCall(current.requestId, 'closed');
            if (refusal) {
              await hangUp(current);
              return refuse(refusal);
            }
          }
          const report = await reportMedia(current.requestId, current.memberId, socket.id, message.peers);
          if (!report) {
            // Removed meanwhile (silent too long, or replaced): the page must join again.
            leaveRooms(current);
            seat = undefined;
            return refuse(new CallRefusal('not_joined', 'You left this call; join it again.'));
          }
          if (report.changed || message.type === 'media') toCall(current.requestId, measured(report.state));
          return;
        }
        case 'devices': {
          const devices = { microphone: message.microphone, camera: message.camera };
          if (await setDevices(current.requestId, current.memberId, socket.id, devices)) toCall(current.requestId, { type: 'devices', source: current.memberId, ...devices }, socket);
          return;
        }
        case 'leave':
          return hangUp(current);
      }
    };

    // One page's messages are handled in the order it sent them, each after the previous one is done:
    // a join before the offer that follows it, the last answer to "Le son était-il bon ?" last.
    let queue: Promise<void> = Promise.resolve();
    socket.on(CALL_EVENT, (raw: unknown) => {
      if (!validate(raw)) return refuse(new CallRefusal('invalid_message', 'This message is not part of the call protocol.'));
      queue = queue.then(() => handle(raw)).catch(refuse);
    });
    socket.on('disconnect', () => {
      if (!seat) return;
      const { requestId, memberId } = seat;
      detachSocket(requestId, memberId, socket.id).then(
        (state) => state && toCall(requestId, measured(state)),
        (error: unknown) => logger.warn({ err: error }, 'call detach failed'),
      );
    });
  });

  const timer = setInterval(() => {
    sweepSilent().then(
      (swept) => {
        for (const state of swept) {
          for (const gone of state.gone) toCall(state.requestId, { type: 'user', kind: 'delete', participant: gone });
          toCall(state.requestId, measured(state));
        }
      },
      (error: unknown) => logger.warn({ err: error }, 'call liveness sweep failed'),
    );
  }, SWEEP_MS);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      io = undefined;
    },
  };
}
