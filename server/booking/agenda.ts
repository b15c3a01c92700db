import { bookedSlot } from '../../shared/exchange';
import { findClash } from '../matching/conflicts';
import { AppError, conflict } from '../platform/errors';
import { agendas, requests, toId, type AgendaDoc, type RequestDoc } from './store';
import { jitter } from '../platform/writes';

// An interpreter clearing a list of offers at once makes these writes race each other: retry with a pause.
const MAX_ATTEMPTS = 30;
/** A hold older than this whose request is not the interpreter's was left by a crash mid-acceptance. */
const STALE_HOLD_MS = 60_000;

/**
 * Records the request's booked slot (the session with its briefing and debriefing) in the interpreter's
 * agenda unless it conflicts with what they already hold (overlap, or travel buffer between on-site jobs). Read, check with the pure conflict rule, then write
 * only if the agenda's version is unchanged: concurrent acceptances retry against the new agenda.
 */
export async function holdSlot(interpreterId: string, request: RequestDoc, travelBufferMinutes: number, now = new Date()): Promise<void> {
  const owner = toId(interpreterId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const agenda = await agendas.get(owner);
    const bookings = agenda.bookings.filter((b) => !b.requestId!.equals(request._id));
    if (bookings.length < agenda.bookings.length) return; // already held by an earlier attempt of this acceptance
    const job = { ...bookedSlot(request), modality: request.modality, department: request.location?.department ?? undefined };
    const clash = findClash(bookings.map(asMatchingBooking), job, travelBufferMinutes);
    if (clash) {
      const held = agenda.bookings.find((b) => b.requestId!.toString() === clash.booking.requestId);
      if (held && (await releaseIfStale(owner, held, now))) continue;
      // The detail's code tells an overlap from too little time to travel between two on-site sessions.
      throw new AppError(409, 'interpreter_busy', 'You already have a session at that time (or too close to travel between them).', [
        { field: 'start', code: clash.kind, message: clash.kind === 'overlap' ? 'overlaps a session already held' : 'leaves too little travel time after or before an on-site session' },
      ]);
    }
    const booking = { requestId: request._id, ...job, heldAt: now };
    if (await agendas.pushIfUnchanged(agenda, booking)) return;
    await jitter(attempt);
  }
  throw conflict('interpreter_busy', 'Your agenda is changing too fast; try again.');
}

type StoredBooking = AgendaDoc['bookings'][number];

/** An agenda booking as matching reads it (conflicts and travel buffers). */
export const asMatchingBooking = (b: StoredBooking) => ({ requestId: b.requestId!.toString(), start: b.start!, end: b.end!, modality: b.modality as RequestDoc['modality'], department: b.department ?? undefined });

export async function releaseSlot(interpreterId: { toString(): string }, requestId: RequestDoc['_id']): Promise<void> {
  await agendas.release(toId(interpreterId.toString()), requestId);
}

async function releaseIfStale(owner: RequestDoc['_id'], held: { requestId?: unknown; heldAt?: Date | null }, now: Date): Promise<boolean> {
  if (!held.heldAt || now.getTime() - held.heldAt.getTime() < STALE_HOLD_MS) return false;
  const request = await requests.findOne({ _id: held.requestId });
  const stillTheirs = request?.interpreterId?.equals(owner) && (request.status === 'assigned' || request.status === 'completed');
  if (stillTheirs) return false;
  await agendas.release(owner, held.requestId as RequestDoc['_id']);
  return true;
}
