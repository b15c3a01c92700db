import type { UnfilledReason } from '../../shared/schemas/booking';
import { waveTimeoutMinutes, type DispatchPolicy } from './dispatch-policy';

// Who a wave offers a request to, until when, and what happens next: decided here from plain data,
// with no I/O, so that dispatch (server/booking/dispatch.ts) and the capacity simulator run the same policy.

const MINUTE = 60_000;

/** What the planner needs of a request. */
export interface RequestToPlan {
  /** "Now" phone request: everyone reachable at once, then everyone eligible, then given up. */
  immediate: boolean;
  /** When the interpreter is due: the booked slot's start (the briefing's, when there is one). */
  start: Date;
  preferredInterpreterId?: string;
}

/** An eligible interpreter, in matching's order (best first). */
export interface PlanCandidate {
  interpreterId: string;
  agencyId: string;
}

/** Where a request stands when its wave `wave` (1-based) runs. */
export interface WaveSituation {
  request: RequestToPlan;
  wave: number;
  /** Who can take it, best first (matching's findCandidates). */
  ranked: readonly PlanCandidate[];
  /** Interpreters a wave does not offer it to again (see notToOfferAgain). */
  offered: ReadonlySet<string>;
  /** Interpreters online or subscribed to Web Push; read for the first wave of a "now" request only. */
  reachable: ReadonlySet<string>;
  /** Offers of earlier waves still open (booked requests: until the start); absent counts as none. */
  pending?: number;
}

export type WavePlan =
  /** The session began before this (late) wave ran: the deadline decides, nothing is offered. */
  | { action: 'skip' }
  /** Every wave of a "now" request passed: it ends unfilled. */
  | { action: 'giveUp' }
  | {
      action: 'offer';
      /** Interpreters to offer the request to now (may be empty). */
      offerTo: string[];
      /** When these offers lapse. */
      expiresAt: Date;
      /** When the next wave runs; none when nothing more can be offered (the deadline then decides). */
      nextWaveAt?: Date;
      /**
       * Humans must act now: nobody is eligible, or every eligible interpreter had it and none can still
       * accept it (declined, lapsed; for "now", this wave closes the earlier ones). While an offer is still
       * open the request is not "sans interprète possible": the at-risk alert and the deadline watch it.
       */
      escalate: boolean;
      /** The agencies of everyone eligible, whose dispatchers see the request. */
      candidateAgencyIds: string[];
      /** "Now" requests: the earlier waves' offers lapse when this one starts. */
      expireEarlierWaves: boolean;
    };

/**
 * Plans one wave of a request. Booked requests: the preferred interpreter alone first, else `policy.waveSize` at a time, each wave
 * waiting a thirtieth of the lead time (2 to 60 minutes), offers open until the start.
 * "Now" requests: wave 1 everyone reachable, wave 2 everyone eligible, each for `policy.nowWaveSeconds`,
 * wave 3 gives up.
 */
export function planWave(situation: WaveSituation, policy: Readonly<DispatchPolicy>, now: Date): WavePlan {
  const { request, wave, ranked, offered, reachable, pending = 0 } = situation;
  if (!request.immediate && now >= request.start) return { action: 'skip' };
  if (request.immediate && wave > 2) return { action: 'giveUp' };
  const fresh = ranked.filter((c) => !offered.has(c.interpreterId));
  const escalate = ranked.length === 0 || (fresh.length === 0 && (request.immediate || pending === 0));
  const candidateAgencyIds = [...new Set(ranked.map((c) => c.agencyId))];

  if (request.immediate) {
    const chosen = wave === 1 ? fresh.filter((c) => reachable.has(c.interpreterId)) : fresh;
    const expiresAt = new Date(now.getTime() + policy.nowWaveSeconds * 1000);
    // Nobody reachable: widen at once rather than let the patient wait a wave for nothing.
    const nextWaveAt = chosen.length > 0 ? expiresAt : now;
    return { action: 'offer', offerTo: chosen.map((c) => c.interpreterId), expiresAt, nextWaveAt, escalate, candidateAgencyIds, expireEarlierWaves: true };
  }

  const preferred = request.preferredInterpreterId;
  const isPreferred = (c: PlanCandidate) => c.interpreterId === preferred;
  const chosen = wave === 1 && preferred && fresh.some(isPreferred) ? fresh.filter(isPreferred) : fresh.slice(0, policy.waveSize);
  const timeout = waveTimeoutMinutes((request.start.getTime() - now.getTime()) / MINUTE) * MINUTE;
  // After the last interpreters were offered it, one more wave finds out whether anyone answered.
  const nextWaveAt = chosen.length > 0 ? new Date(Math.min(now.getTime() + timeout, request.start.getTime())) : undefined;
  return { action: 'offer', offerTo: chosen.map((c) => c.interpreterId), expiresAt: request.start, nextWaveAt, escalate, candidateAgencyIds, expireEarlierWaves: false };
}

/** Where an offer ended, as stored ('withdrawn': closed by the platform, not by the interpreter). */
export type OfferStatus = 'live' | 'accepted' | 'declined' | 'withdrawn' | 'expired';

/**
 * Who a wave skips: those whose offer is live, who declined it or let it lapse, and who accepted it
 * (and then withdrew). Those whose offer the platform withdrew (someone else accepted first, they were
 * briefly unavailable) are asked again when the request reopens.
 */
export function notToOfferAgain(offers: readonly { interpreterId: string; status: OfferStatus }[]): Set<string> {
  return new Set(offers.filter((o) => o.status !== 'withdrawn').map((o) => o.interpreterId));
}

/**
 * Why a request given up found nobody: it was reopened after a withdrawal; nobody could take it and nobody
 * was ever offered it; someone eligible was never offered it before time ran out; or everyone offered it
 * let it pass.
 */
export function unfilledReasonOf(situation: { reopened: boolean; offered: ReadonlySet<string>; ranked: readonly PlanCandidate[] }): UnfilledReason {
  const { reopened, offered, ranked } = situation;
  if (reopened) return 'withdrawn';
  if (offered.size === 0 && ranked.length === 0) return 'nobody_eligible';
  return ranked.some((c) => !offered.has(c.interpreterId)) ? 'too_late' : 'nobody_answered';
}
