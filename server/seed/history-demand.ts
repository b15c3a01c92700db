import type { Modality } from '../../shared/enums';
import type { UnfilledReason } from '../../shared/schemas/booking';
import type { GeneratedSession } from './history-year';
import { CANCELLED_UNASSIGNED_SHARE, DAY_HOURS, DEPARTMENT_REMOTENESS, LANGUAGE_SCARCITY, MODALITY_SCARCITY, NOW_SHARE_OF_PHONE, UNFILLED_TARGET } from './history-data';
import { mulberry32, normal, weighted } from './random';

// The requests behind a year of sessions, as plain data: each session was a request that found its
// interpreter, and around them the requests that did not (given up, with a reason) and those the
// requester cancelled before anyone was assigned. The history seed writes them (history-requests.ts);
// the capacity simulator (server/simulation) replays their demand. Rates and factors are in
// history-data.ts, with where they come from.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW_GIVE_UP_MS = 180_000;

interface DraftBase {
  /** The session whose demand it is (its structure, language, specialty; for `filled`, the session itself). */
  session: GeneratedSession;
  modality: Modality;
  /** A "now" phone request, made at its start. */
  immediate: boolean;
  start: Date;
  createdAt: Date;
  bookedMinutes: number;
}

/** One request of the history, as drawn: what was asked, and what became of it that year. */
export type RequestDraft = DraftBase & (
  | { outcome: 'filled'; assignedAt: Date }
  | { outcome: 'unfilled'; givenUpAt: Date; reason: UnfilledReason }
  | { outcome: 'cancelledUnassigned'; cancelledAt: Date }
);

export interface RequestTotals {
  requests: number;
  filled: number;
  unfilled: number;
  cancelledUnassigned: number;
}

/**
 * Draws the requests of a year's sessions from their own random stream (seeded by the year unless
 * `seed` says otherwise): the sessions, and so the usage figures, are those generated before requests were.
 */
export function requestDrafter(year: number, seed = year * 7919 + 17) {
  const random = mulberry32(seed);
  const pickHour = weighted(DAY_HOURS, random);
  const totals: RequestTotals = { requests: 0, filled: 0, unfilled: 0, cancelledUnassigned: 0 };
  let factors = 0;
  const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * normal(random));

  /** Booked well ahead, some days before as a rule; a "now" request is made at its start. */
  const createdBefore = (start: Date, immediate: boolean) =>
    immediate ? start : new Date(start.getTime() - Math.min(60 * 24, Math.max(2, lognormal(72, 1))) * HOUR);

  /** The request the session was: completed, or cancelled late while assigned. */
  function filled(s: GeneratedSession, scarcity: number): RequestDraft {
    const modality = s.entry.modality as Modality;
    const immediate = modality === 'phone' && s.entry.kind === 'session' && random() < NOW_SHARE_OF_PHONE;
    const createdAt = createdBefore(s.start, immediate);
    // "Now": within the two waves of 90 s; booked: the first waves, longer where interpreters are scarce.
    const assignedAt = immediate
      ? new Date(createdAt.getTime() + Math.min(175, Math.max(5, lognormal(35, 0.5))) * 1000)
      : new Date(Math.min(createdAt.getTime() + Math.max(1, lognormal(20 * Math.sqrt(scarcity), 1)) * MINUTE, s.start.getTime() - 10 * MINUTE));
    totals.filled += 1;
    return { session: s, modality, immediate, start: s.start, createdAt, bookedMinutes: s.bookedMinutes, outcome: 'filled', assignedAt };
  }

  /** Another request of the same demand that day, given up at its start (a "now" one after its waves). */
  function unfilled(s: GeneratedSession, remoteness: number): RequestDraft {
    const modality = s.entry.modality as Modality;
    const immediate = modality === 'phone' && random() < NOW_SHARE_OF_PHONE;
    const start = new Date(s.dayHours[pickHour()]! + Math.floor(random() * 4) * 15 * MINUTE);
    const createdAt = createdBefore(start, immediate);
    const givenUpAt = new Date(immediate ? start.getTime() + NOW_GIVE_UP_MS : start.getTime());
    const reason = unfilledReason(immediate, remoteness, random);
    totals.unfilled += 1;
    return { session: s, modality, immediate, start, createdAt, bookedMinutes: s.bookedMinutes, outcome: 'unfilled', givenUpAt, reason };
  }

  /** A booked request of that day the requester cancelled before anyone took it. */
  function cancelledEarly(s: GeneratedSession): RequestDraft {
    const start = new Date(s.dayHours[pickHour()]! + Math.floor(random() * 4) * 15 * MINUTE);
    const createdAt = createdBefore(start, false);
    const cancelledAt = new Date(createdAt.getTime() + random() * (start.getTime() - createdAt.getTime()) * 0.5);
    totals.cancelledUnassigned += 1;
    return { session: s, modality: s.entry.modality as Modality, immediate: false, start, createdAt, bookedMinutes: s.bookedMinutes, outcome: 'cancelledUnassigned', cancelledAt };
  }

  return {
    totals,
    /**
     * The requests of one session's demand: the session's own, then, drawn at the rates of
     * history-data.ts, an unfilled one and a cancelled one. The unfilled chance is the target times this
     * demand's scarcity over the average scarcity of the demand so far, so that the year lands near the
     * target and the scarce languages, modalities and places fail more.
     */
    forSession(s: GeneratedSession): RequestDraft[] {
      const modality = s.entry.modality as Modality;
      const remoteness = modality === 'onsite' ? (DEPARTMENT_REMOTENESS[s.structure.department] ?? 1) : 1;
      const scarcity = (LANGUAGE_SCARCITY[s.entry.language] ?? 1) * MODALITY_SCARCITY[modality] * remoteness;
      factors += scarcity;
      const failure = Math.min(0.5, (UNFILLED_TARGET * scarcity) / (factors / (totals.filled + 1)));
      const drafts = [filled(s, scarcity)];
      // Per request filled, failure / (1 - failure) given up makes a share `failure` of those decided.
      if (random() < failure / (1 - failure)) drafts.push(unfilled(s, remoteness));
      if (random() < CANCELLED_UNASSIGNED_SHARE / (1 - CANCELLED_UNASSIGNED_SHARE)) drafts.push(cancelledEarly(s));
      totals.requests += drafts.length;
      return drafts;
    },
  };
}

/** Mostly nobody answered in time; nobody able to go, more often far from the interpreters; some too late, some withdrawn. */
function unfilledReason(immediate: boolean, remoteness: number, random: () => number): UnfilledReason {
  const weights: Array<[UnfilledReason, number]> = immediate
    ? [['nobody_answered', 0.8], ['nobody_eligible', 0.2]]
    : [['nobody_answered', 0.5], ['nobody_eligible', 0.25 * remoteness], ['too_late', 0.15], ['withdrawn', 0.1]];
  let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [reason, weight] of weights) if ((r -= weight) < 0) return reason;
  return 'nobody_answered';
}
