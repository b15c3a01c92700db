import http from 'node:http';
import type net from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { Server, type Socket } from 'socket.io';
import { CALL_EVENT, MAX_PARTICIPANTS, type ClientMessage, type IceServer, type Participant, type ServerMessage } from '../../shared/call-protocol';

// A stand-in for server/calls, enough for the call page's browser tests: it serves the built client under
// the real server's security headers, takes guests by their invitation token and people by a session
// cookie (with /api/me, the request's view and guest links), and follows
// shared/call-protocol.ts (check, join, presence, relay by `dest` with `source` set here, resume, the
// stale-socket rule, devices, a measured time). It keeps every message it receives, for the tests to read.

export interface FakeSession {
  modality: 'phone' | 'video';
  /** The others hear of a newcomer this late (a server may tell them after the newcomer's own `joined`). */
  userAddDelayMs?: number;
  /** Joining is refused with this error (and `opensAt` for not_open_yet). */
  refuse?: { error: 'not_open_yet' | 'closed' | 'forbidden'; opensAt?: string };
  /** The server answers a page's `join` with `resume` this late (a socket.io reconnection that takes its time). */
  resumeDelayMs?: number;
  /** The ICE servers every member gets (none: host candidates only). */
  iceServers?: IceServer[];
}

interface Member {
  participant: Participant;
  requestId: string;
  socket: Socket;
  peers: string[];
}

export interface FakeCallServer {
  url: string;
  /** What each member sent, in order. */
  received: Array<{ from: string; message: ClientMessage }>;
  /** Ends a member's current connection as a network drop would: socket.io reconnects by itself. */
  dropConnection(requestId: string, memberId: string): void;
  /** The member ids in a session's room. */
  room(requestId: string): string[];
  close(): Promise<void>;
}

export interface FakeAccount {
  user: { id: string; email: string; name: string; role: 'requester' | 'interpreter' | 'dispatcher' };
  participant: Participant;
}

export interface FakeOptions {
  /** The built client. */
  dist: string;
  /** What a request id is (undefined: not found), so that each test may have its own session. */
  sessionOf: (requestId: string) => FakeSession | undefined;
  /** Guests by invitation token. */
  guests: Record<string, Participant>;
  /** People with an account, by the value of their `sid` cookie. */
  accounts: Record<string, FakeAccount>;
}

const cookieSid = (cookie: string | undefined) => /(?:^|;\s*)sid=([^;]+)/.exec(cookie ?? '')?.[1];

export async function startFakeCallServer({ dist, sessionOf, guests, accounts }: FakeOptions): Promise<FakeCallServer> {
  const app = express();
  app.use(helmet());
  app.get('/api/me', (req, res) => {
    const account = accounts[cookieSid(req.headers.cookie) ?? ''];
    if (account) return void res.json({ user: account.user });
    res.status(401).json({ error: { code: 'unauthenticated', message: 'Not logged in' } });
  });
  app.get('/api/languages', (_req, res) => void res.json([{ code: 'ara', name: 'Arabe', modalities: ['phone', 'video', 'onsite'] }]));
  app.get('/api/requests/:id', (req, res) => {
    const session = sessionOf(req.params.id);
    if (!session || !accounts[cookieSid(req.headers.cookie) ?? '']) return void res.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
    const start = new Date(Date.now() + 5 * 60_000);
    res.json({
      id: req.params.id, structureId: 'structure-1', language: 'ara', modality: session.modality, immediate: false,
      start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), durationMinutes: 60, status: 'assigned',
      createdAt: new Date().toISOString(), callbackPhone: '04 72 11 22 33', structureName: 'PASS de Lyon',
    });
  });
  app.post('/api/requests/:id/guests', (req, res) => {
    if (!sessionOf(req.params.id) || accounts[cookieSid(req.headers.cookie) ?? '']?.user.role !== 'requester') return void res.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
    res.status(201).json({ joinUrl: `http://127.0.0.1/#/appel?id=${req.params.id}&invitation=jeton-nouveau`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  });
  app.use('/api', (_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'Not here' } }));
  app.use(express.static(dist));
  const server = http.createServer(app);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const io = new Server(server, { serveClient: false });
  const members = new Map<string, Member>();
  const received: FakeCallServer['received'] = [];
  const together = new Map<string, { seconds: number; since: number | undefined }>();

  const send = (socket: Socket, message: ServerMessage) => void socket.emit(CALL_EVENT, message);
  const roomOf = (requestId: string) => [...members.values()].filter((m) => m.requestId === requestId);

  /** Counts while the interpreter and another member both say they have media with each other. */
  const measure = (requestId: string) => {
    const room = roomOf(requestId);
    const interpreter = room.find((m) => m.participant.role === 'interpreter');
    const now = interpreter ? room.some((m) => m !== interpreter && m.peers.includes(interpreter.participant.id) && interpreter.peers.includes(m.participant.id)) : false;
    const clock = together.get(requestId) ?? { seconds: 0, since: undefined };
    together.set(requestId, clock);
    if (now === (clock.since !== undefined)) return;
    if (clock.since !== undefined) clock.seconds += (Date.now() - clock.since) / 1000;
    clock.since = now ? Date.now() : undefined;
    for (const member of room) send(member.socket, { type: 'measured', measuredSeconds: Math.floor(clock.seconds), participants: room.length, together: now });
  };
  const measuredSeconds = (requestId: string) => {
    const clock = together.get(requestId);
    return clock ? Math.floor(clock.seconds + (clock.since !== undefined ? (Date.now() - clock.since) / 1000 : 0)) : 0;
  };

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { callInvitation?: string }).callInvitation;
    const participant = token ? guests[token] : accounts[cookieSid(socket.handshake.headers.cookie) ?? '']?.participant;
    if (!participant) return next(new Error(token ? 'invalid_invitation' : 'unauthenticated'));
    socket.data.participant = participant;
    next();
  });

  io.on('connection', (socket) => {
    const participant = socket.data.participant as Participant;
    socket.emit('ready', { role: participant.role });
    socket.on(CALL_EVENT, (message: ClientMessage) => {
      received.push({ from: participant.id, message });
      if (message.type === 'check') {
        const session = sessionOf(message.requestId);
        if (!session) return send(socket, { type: 'error', error: 'not_found', message: 'No such session' });
        if (session.refuse) return send(socket, { type: 'error', error: session.refuse.error, message: 'Refused', ...(session.refuse.opensAt ? { opensAt: session.refuse.opensAt } : {}) });
        return send(socket, { type: 'allowed', requestId: message.requestId, modality: session.modality });
      }
      if (message.type === 'join') {
        const key = `${message.requestId}/${participant.id}`;
        const member = members.get(key);
        const session = sessionOf(message.requestId);
        if (!session) return send(socket, { type: 'error', error: 'not_found', message: 'No such session' });
        if (session.refuse) return send(socket, { type: 'error', error: session.refuse.error, message: 'Refused', ...(session.refuse.opensAt ? { opensAt: session.refuse.opensAt } : {}) });
        const room = roomOf(message.requestId);
        if (!member && room.length >= MAX_PARTICIPANTS) return send(socket, { type: 'error', error: 'room_full', message: 'Full' });
        if (member && message.resume && session.resumeDelayMs) return void setTimeout(() => socket.connected && admit(socket, participant, message, session, member), session.resumeDelayMs);
        return admit(socket, participant, message, session, member);
      }
      const member = members.get(socket.data.key as string);
      // A page's former socket (before a reload or a reconnection) no longer speaks for it.
      if (!member || member.socket !== socket) return send(socket, { type: 'error', error: 'not_joined', message: 'Join first' });
      switch (message.type) {
        case 'offer':
        case 'answer':
        case 'ice': {
          const dest = members.get(`${member.requestId}/${message.dest}`);
          if (dest && dest.requestId === member.requestId) send(dest.socket, { type: message.type, source: participant.id, value: message.value } as ServerMessage);
          return;
        }
        case 'media':
        case 'ping':
          member.peers = message.peers;
          return measure(member.requestId);
        case 'devices':
          member.participant = { ...member.participant, microphone: message.microphone, camera: message.camera };
          for (const other of roomOf(member.requestId)) if (other !== member) send(other.socket, { type: 'devices', source: participant.id, microphone: message.microphone, camera: message.camera });
          return;
        case 'leave':
          members.delete(socket.data.key as string);
          for (const other of roomOf(member.requestId)) send(other.socket, { type: 'user', kind: 'delete', participant });
          return measure(member.requestId);
        default:
          return;
      }
    });
  });

  /** Takes a page in (or back, with `resume`): `joined` to it, `user` `add` to the others. */
  function admit(socket: Socket, participant: Participant, message: Extract<ClientMessage, { type: 'join' }>, session: FakeSession, member: Member | undefined) {
    const key = `${message.requestId}/${participant.id}`;
    const room = roomOf(message.requestId);
    const resumed = Boolean(member && message.resume);
    members.set(key, { participant: resumed ? member!.participant : participant, requestId: message.requestId, socket, peers: member?.peers ?? [] });
    socket.data.key = key;
    const others = room.filter((m) => m.participant.id !== participant.id);
    const announce = () => {
      for (const other of others) send(other.socket, { type: 'user', kind: 'add', participant });
    };
    if (!resumed && !session.userAddDelayMs) announce();
    if (!resumed && session.userAddDelayMs) setTimeout(announce, session.userAddDelayMs);
    send(socket, {
      type: 'joined', id: participant.id, requestId: message.requestId, role: participant.role, modality: session.modality, resumed,
      iceServers: session.iceServers ?? [], iceTransportPolicy: 'all', members: others.map((m) => m.participant), measuredSeconds: measuredSeconds(message.requestId),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    dropConnection(requestId, memberId) {
      members.get(`${requestId}/${memberId}`)?.socket.conn.close();
    },
    room: (requestId) => roomOf(requestId).map((m) => m.participant.id),
    async close() {
      io.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
