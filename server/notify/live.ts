import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { originAllowed } from '../auth/csrf';
import type { Redis } from '../platform/redis';
import { authenticate } from '../auth/sessions';
import { agencyRegions } from '../directory/agencies';
import type { Actor } from '../platform/actor';
import type { Logger } from 'pino';
import { roomOf, subscribe } from './events';
import { markOffline, markOnline } from './presence';

const HEARTBEAT_MS = 30_000;

function tokenOf(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string') return auth.token;
  const header = socket.handshake.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookie = socket.handshake.headers.cookie ?? '';
  return /(?:^|;\s*)sid=([^;]+)/.exec(cookie)?.[1];
}

/**
 * Live updates over socket.io, authenticated with the same session as the API. Each socket joins only
 * the rooms its caller may hear: their structure, themselves as an interpreter, their agency and every
 * dispatcher (uncovered requests), the auditors.
 */
export function attachLive(
  server: http.Server,
  logger: Logger,
  publicUrl?: string,
  redis?: Redis,
  /** A socket without a session may still be let in for one purpose (a call guest's link): it then joins no room here. */
  admitWithoutSession?: (socket: Socket) => Promise<boolean>,
): { io: Server; close(): Promise<void> } {
  const io = new Server(server, {
    serveClient: false,
    cors: { origin: false },
    // A page of another site must not open a socket with the user's cookie (cross-site WebSocket hijacking).
    allowRequest: (req, callback) => callback(null, originAllowed(req, publicUrl)),
  });
  // With several processes, an event emitted in one reaches the sockets held by the others.
  if (redis) io.adapter(createAdapter(redis.client, redis.subscriber));

  io.use(async (socket, next) => {
    // A guest's link wins over whatever session cookie the browser also holds.
    if (admitWithoutSession && (await admitWithoutSession(socket).catch(() => false))) return next();
    const token = tokenOf(socket);
    const actor = token ? await authenticate(token).catch(() => undefined) : undefined;
    if (!actor) return next(new Error('unauthenticated'));
    socket.data.actor = actor;
    // A dispatcher hears what nobody can take in the regions where their agency holds a convention.
    socket.data.regions = actor.role === 'dispatcher' && actor.agencyId ? await agencyRegions(actor.agencyId).catch(() => []) : [];
    next();
  });

  io.on('connection', (socket) => {
    const actor = socket.data.actor as Actor | undefined;
    if (!actor) return;
    if (actor.structureId) void socket.join(roomOf({ structureId: actor.structureId }));
    if (actor.agencyId && actor.role === 'dispatcher') void socket.join(roomOf({ agencyId: actor.agencyId }));
    for (const region of socket.data.regions as string[]) void socket.join(roomOf({ role: 'dispatcher', region }));
    if (actor.role === 'auditor' && actor.region) void socket.join(roomOf({ role: 'auditor', region: actor.region }));
    if (actor.role === 'interpreter') {
      void socket.join(roomOf({ interpreterId: actor.userId }));
      const beat = () => markOnline(socket.id, actor.userId).catch((err: unknown) => logger.warn({ err }, 'presence update failed'));
      void beat();
      const timer = setInterval(beat, HEARTBEAT_MS);
      socket.on('disconnect', () => {
        clearInterval(timer);
        markOffline(socket.id).catch(() => undefined);
      });
    }
    socket.emit('ready', { role: actor.role });
  });

  const unsubscribe = subscribe((event) => {
    io.to(roomOf(event.to)).emit(event.name, event.payload);
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        io.close(() => resolve());
      }),
  };
}
