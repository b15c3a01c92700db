import type { HeldSession, HeldSessions } from '../directory/held-sessions';
import type { InterpreterProfile } from '../matching/types';
import type { Actor } from '../platform/actor';
import { ineligibilityOf } from './match-inputs';
import { LATE_WITHDRAWAL_MINUTES, withdrawInterpreter } from './offers';
import { minutesBeforeStart } from './rules';
import { requests, toId, type RequestDoc } from './store';

// The sessions a profile change would drop (an absence over a confirmed session, a day taken away, a
// department or modality dropped, a deactivation), for directory's profile updates (see
// server/directory/held-sessions.ts).

/** Why the profile cannot take the session, less its own place in the agenda (the session itself). */
const reasonsAgainst = async (doc: RequestDoc, profile: InterpreterProfile, now: Date) =>
  (await ineligibilityOf(doc, profile, now)).filter((code) => code !== 'conflict');

async function droppedBy(before: InterpreterProfile, after: InterpreterProfile, now: Date): Promise<HeldSession[]> {
  const held = await requests.find({ interpreterId: toId(after.id), status: 'assigned', start: { $gt: now } }, 1000, { start: 1 });
  const dropped: HeldSession[] = [];
  for (const doc of held) {
    // Only what this change takes away: a reason that held before (a structure's later "do not send") is not its doing.
    const earlier = new Set(await reasonsAgainst(doc, before, now));
    if (!(await reasonsAgainst(doc, after, now)).some((code) => !earlier.has(code))) continue;
    dropped.push({
      requestId: doc._id.toString(), start: doc.start, end: doc.end, language: doc.language, modality: doc.modality as HeldSession['modality'],
      late: minutesBeforeStart(doc.start, now) < LATE_WITHDRAWAL_MINUTES,
    });
  }
  return dropped;
}

async function withdraw(interpreterId: string, sessions: readonly HeldSession[], by: Actor, now: Date): Promise<void> {
  const reason = by.role === 'interpreter' ? 'Absence ou disponibilités modifiées par l’interprète' : 'Absence ou disponibilités de l’interprète modifiées par l’agence';
  for (const session of sessions) {
    const doc = await requests.findOne({ _id: toId(session.requestId), status: 'assigned', interpreterId: toId(interpreterId) });
    // Taken back or cancelled meanwhile: nothing to withdraw from.
    if (doc) await withdrawInterpreter(doc, interpreterId, reason, { byRole: by.role, byUserId: by.userId }, now);
  }
}

export const heldSessionsOfBooking: HeldSessions = { droppedBy, withdraw };
