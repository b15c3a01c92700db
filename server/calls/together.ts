import type { MemberDoc } from './store';

// The measured time of a call, as pure functions over its members: what billing counts is the time the
// interpreter and at least one other member were connected together, each browser saying so of the
// other. One side's report is enough to stop the count (a page gone silent cannot keep it running);
// both are needed to start it (one page alone cannot make time billable).

type Reporting = Pick<MemberDoc, 'id' | 'role' | 'peers'>;

/** True when the interpreter and another member each report media connected with the other. */
export function isTogether(members: readonly Reporting[]): boolean {
  const interpreter = members.find((m) => m.role === 'interpreter');
  if (!interpreter) return false;
  return members.some((m) => m !== interpreter && interpreter.peers.includes(m.id) && m.peers.includes(interpreter.id));
}

export interface Measure {
  togetherSince: Date | null;
  measuredMs: number;
}

/**
 * The measure after the members changed at `at`: a span opens when they become together, and closes
 * (added to measuredMs) when they stop being so. `at` is never before the open span's start.
 */
export function settle(before: Measure, members: readonly Reporting[], at: Date): Measure {
  const together = isTogether(members);
  if (together && !before.togetherSince) return { togetherSince: at, measuredMs: before.measuredMs };
  if (!together && before.togetherSince) {
    const end = Math.max(at.getTime(), before.togetherSince.getTime());
    return { togetherSince: null, measuredMs: before.measuredMs + (end - before.togetherSince.getTime()) };
  }
  return { togetherSince: before.togetherSince, measuredMs: before.measuredMs };
}

/** Whole seconds measured up to `now`, the open span included. */
export function measuredSeconds(measure: Measure, now: Date): number {
  const open = measure.togetherSince ? Math.max(0, now.getTime() - measure.togetherSince.getTime()) : 0;
  return Math.floor((measure.measuredMs + open) / 1000);
}

/** Members whose page says nothing for `livenessMs` are gone: the earliest silence among them, if any. */
export function silentMembers(members: readonly MemberDoc[], now: Date, livenessMs: number): MemberDoc[] {
  return members.filter((m) => now.getTime() - m.beatAt.getTime() > livenessMs);
}

/** Members with a page attached now (a page reconnecting after a drop is not counted). */
export const connectedCount = (members: readonly MemberDoc[]) => members.filter((m) => m.socketId !== null).length;
