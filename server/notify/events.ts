import { EventEmitter } from 'node:events';

// Use-cases announce what changed; the socket.io layer (live.ts) forwards each event to its room.
// Keeping the two apart lets the use-cases run, and be tested, without any socket.

/** Dispatchers and auditors are reached by region: the dispatchers of the agencies holding a convention there, the region's auditors. */
export type Audience = { structureId: string } | { interpreterId: string } | { agencyId: string } | { role: 'dispatcher' | 'auditor'; region: string };

export interface LiveEvent {
  to: Audience;
  name: 'request:updated' | 'offer:new' | 'offer:withdrawn' | 'request:at-risk' | 'request:uncovered' | 'usage:recorded';
  payload: object;
}

const bus = new EventEmitter();
bus.setMaxListeners(100);

export function publish(event: LiveEvent): void {
  bus.emit('event', event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  bus.on('event', listener);
  return () => bus.off('event', listener);
}

export function roomOf(audience: Audience): string {
  if ('structureId' in audience) return `structure:${audience.structureId}`;
  if ('interpreterId' in audience) return `interpreter:${audience.interpreterId}`;
  if ('role' in audience) return `${audience.role}s:${audience.region}`;
  return `agency:${audience.agencyId}`;
}
