import { presence } from './presence-store';

/** A socket that has not been seen for this long is considered gone (its process may have died). */
export const PRESENCE_TTL_MS = 90_000;

export const markOnline = (socketId: string, interpreterId: string, now = new Date()) => presence.seen(socketId, interpreterId, now);
export const markOffline = (socketId: string) => presence.gone(socketId);

export async function onlineInterpreterIds(candidates: string[], now = new Date()): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  return presence.online(candidates, new Date(now.getTime() - PRESENCE_TTL_MS));
}

export const purgeStalePresence = (now = new Date()) => presence.purgeBefore(new Date(now.getTime() - PRESENCE_TTL_MS));
