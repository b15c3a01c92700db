import type { Modality } from '../../shared/enums';
import type { UnfilledReason } from '../../shared/schemas/booking';
import type { DispatchPolicy } from '../booking/dispatch-policy';
import { planWave, unfilledReasonOf } from '../booking/wave-plan';
import { findConflict } from '../matching';
import type { InterpreterProfile, RequestToMatch } from '../matching/types';
import { simulatedAgendas } from './agendas';
import type { Behaviour } from './behaviour';
import { withAbsences, zoneHours } from './calendar';
import type { SimRequest } from './demand';
import { EventQueue, type Timed } from './heap';
import { normal } from '../seed/random';

// The year replayed on a simulated clock: bookings arrive, waves run, interpreters answer, deadlines
// give up, requesters cancel, each an event taken in time order from a queue. Who is offered what is
// decided by the platform's own code: matching's findCandidates and dispatch's planWave, with
// runWave's semantics (server/booking/dispatch.ts); only the interpreters' answers are drawn
// (behaviour.ts). Pure: no clock, no I/O, every draw from the random stream passed in.

export interface RequestOutcome {
  status: 'assigned' | 'unfilled' | 'cancelled';
  interpreterId?: string;
  assignedAt?: number;
  /** A cancellation that came while someone was assigned (filled, for the access report). */
  wasAssigned?: boolean;
  reason?: UnfilledReason;
  escalated: boolean;
  /** Booked by video instead of on site, nobody being able to come (behaviour.onsiteToVideo). */
  modality?: Modality;
  /** Assigned by a dispatcher's phone call rather than an accepted offer. */
  byDispatcher?: boolean;
}

export interface InterpreterTally {
  offers: number;
  accepted: number;
  declined: number;
  /** Sessions a dispatcher assigned by phone. */
  byDispatcher: number;
  /** Offers left without an answer until they lapsed or the request was taken. */
  unanswered: number;
}

export interface RunInput {
  year: number;
  requests: SimRequest[];
  profiles: InterpreterProfile[];
  policy: Readonly<DispatchPolicy>;
  behaviour: Readonly<Behaviour>;
  random: () => number;
  agencyHourlyCents: (request: SimRequest, agencyId: string) => number;
  /** The region's IANA zone: the hours offers are read and dispatchers call in, the absences' dates, the requests' dates for matching. */
  zone: string;
  /** Told the share of requests booked so far, now and then. */
  onProgress?: (share: number) => void;
}

type Event = Timed & (
  | { kind: 'book' | 'deadline' | 'cancel' | 'atRisk' | 'dispatcher'; r: number }
  | { kind: 'wave'; r: number; wave: number }
  | { kind: 'answer'; r: number; who: string; accept: boolean }
);

interface Open {
  wave: number;
  /** Interpreter to their offer's wave, expiry and whether it is still live. */
  offers: Map<string, { wave: number; expiresAt: number; live: boolean }>;
  reachable: Set<string>;
  declined: Set<string>;
  match: RequestToMatch;
  /** Dispatchers were alerted (uncovered or at risk) and have a call planned. */
  dispatcherCalled: number;
  /** A later occurrence of a series: the first occurrence's interpreter, offered it first (onFirstOccurrenceAssigned). */
  preferred?: string;
}

export function runYear(input: RunInput): { outcomes: RequestOutcome[]; tallies: Map<string, InterpreterTally> } {
  const { requests, policy, behaviour: b, random } = input;
  const profiles = withAbsences(input.profiles, input.year, b, random, input.zone);
  const agendas = simulatedAgendas(profiles, input.agencyHourlyCents, input.zone);
  const local = zoneHours(input.zone);
  const tallies = new Map(profiles.map((p) => [p.id, { offers: 0, accepted: 0, declined: 0, byDispatcher: 0, unanswered: 0 }]));
  const outcomes: Array<RequestOutcome | undefined> = new Array(requests.length);
  const open = new Map<number, Open>();
  const queue = new EventQueue<Event>();
  const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * normal(random));
  for (const request of requests) {
    queue.push({ at: request.createdAt, kind: 'book', r: request.index });
    if (request.cancelAt !== undefined) queue.push({ at: request.cancelAt, kind: 'cancel', r: request.index });
  }

  /** An offer's answer, as behaviour.ts has it: accept, decline (both after a delay), or none. */
  function answer(request: SimRequest, state: Open, who: string, now: number): void {
    const u = random();
    let accept: number;
    let decline: number;
    let at: number;
    if (request.immediate) {
      const reachable = state.reachable.has(who);
      [accept, decline] = reachable ? [b.now.accept, b.now.decline] : [b.now.unreachableAccept, 0];
      at = now + lognormal(b.now.medianSeconds, b.now.sigma) * 1000;
    } else {
      const rule = b.booked[request.modality];
      // Busier interpreters turn down more: past a comfortable week, acceptance falls to none at a full one.
      const { comfortable, full } = b.weekHours;
      const load = Math.min(1, Math.max(0, (full - agendas.weekHours(who, request.start)) / (full - comfortable)));
      [accept, decline] = [rule.accept * load, rule.decline + rule.accept * (1 - load)];
      const reading = local.nextWithin(now, b.readingHours.from, b.readingHours.to);
      at = local.nextWithin(reading + lognormal(rule.medianMinutes, b.bookedSigma) * 60_000, b.readingHours.from, b.readingHours.to);
    }
    if (u < accept + decline) queue.push({ at: Math.round(at), kind: 'answer', r: request.index, who, accept: u < accept });
  }

  /** Closes the live offers (all, or those `filter` picks): expired, or withdrawn once the request is decided. */
  function close(state: Open, filter: (offer: { wave: number }) => boolean = () => true): void {
    for (const [who, offer] of state.offers) {
      if (!offer.live || !filter(offer)) continue;
      offer.live = false;
      tallies.get(who)!.unanswered += 1;
    }
  }

  function end(r: number, outcome: RequestOutcome): void {
    const state = open.get(r);
    if (state) close(state);
    open.delete(r);
    outcomes[r] = outcome;
  }

  function giveUp(request: SimRequest, state: Open, escalated: boolean, now: number): void {
    const ranked = agendas.rank(request, state.match, now);
    const reason = unfilledReasonOf({ reopened: false, offered: new Set(state.offers.keys()), ranked });
    end(request.index, { status: 'unfilled', reason, escalated: escalated || request.immediate, modality: state.match.modality });
  }

  /** The request as matching sees it; on site with nobody able to come, often rebooked by video (the booking form's count). */
  function bookedMatch(request: SimRequest, now: number): RequestToMatch {
    const match = agendas.toMatch(request, request.modality);
    if (request.modality !== 'onsite' || agendas.rank(request, match, now).length > 0) return match;
    const video = agendas.toMatch(request, 'video');
    return agendas.rank(request, video, now).length > 0 && random() < b.onsiteToVideo ? video : match;
  }

  const escalated = new Set<number>();
  const laterOccurrences = new Map<number, number[]>();
  for (const request of requests) {
    if (request.series && request.series.occurrence > 1) laterOccurrences.set(request.series.first, [...(laterOccurrences.get(request.series.first) ?? []), request.index]);
  }
  function runWave(request: SimRequest, wave: number, now: number): void {
    const state = open.get(request.index);
    if (!state || state.wave >= wave) return;
    const ranked = agendas.rank(request, state.match, now);
    const offered = new Set(state.offers.keys());
    if (request.immediate && wave === 1) {
      for (const c of ranked) if (!offered.has(c.interpreterId) && random() < b.nowReachable) state.reachable.add(c.interpreterId);
    }
    const pending = [...state.offers.values()].filter((offer) => offer.live && offer.expiresAt > now).length;
    const plan = planWave({ request: { immediate: request.immediate, start: new Date(request.start), preferredInterpreterId: state.preferred }, wave, ranked, offered, reachable: state.reachable, pending }, policy, new Date(now));
    if (plan.action === 'skip') return;
    if (plan.action === 'giveUp') return giveUp(request, state, escalated.has(request.index), now);
    if (plan.escalate && !escalated.has(request.index)) {
      escalated.add(request.index);
      alertDispatchers(request, state, now);
    }
    for (const who of plan.offerTo) {
      state.offers.set(who, { wave, expiresAt: plan.expiresAt.getTime(), live: true });
      tallies.get(who)!.offers += 1;
      answer(request, state, who, now);
    }
    state.wave = wave;
    if (plan.expireEarlierWaves) close(state, (offer) => offer.wave < wave);
    if (plan.nextWaveAt) queue.push({ at: plan.nextWaveAt.getTime(), kind: 'wave', r: request.index, wave: wave + 1 });
  }

  function onAnswer(request: SimRequest, who: string, accept: boolean, now: number): void {
    const state = open.get(request.index);
    const offer = state?.offers.get(who);
    if (!state || !offer?.live || now >= offer.expiresAt) return;
    offer.live = false;
    const tally = tallies.get(who)!;
    if (!accept) {
      tally.declined += 1;
      state.declined.add(who);
      // Every live offer declined: the next wave runs now instead of at its timeout (onOfferDeclined).
      if (![...state.offers.values()].some((o) => o.live)) queue.push({ at: now, kind: 'wave', r: request.index, wave: state.wave + 1 });
      return;
    }
    // Accepting holds the slot: an overlap or a travel buffer taken since the offer refuses it (409).
    if (!assign(request, state, who, now, false)) tally.unanswered += 1;
    else tally.accepted += 1;
  }

  /** Holds the slot and assigns, unless an overlap or a travel buffer taken since refuses it (409). */
  function assign(request: SimRequest, state: Open, who: string, now: number, byDispatcher: boolean): boolean {
    const { modality } = state.match;
    if (findConflict(agendas.agendas.get(who)!, { start: state.match.start, end: state.match.end, modality, department: request.department }, agendas.profile(who).travelBufferMinutes)) return false;
    agendas.hold(who, request, modality);
    end(request.index, { status: 'assigned', interpreterId: who, assignedAt: now, escalated: escalated.has(request.index), modality, byDispatcher });
    if (request.series?.occurrence === 1) offerSeriesTo(request, who, now);
    return true;
  }

  /** The series' first occurrence is assigned: its later ones waiting for it are offered to the same interpreter first, now. */
  function offerSeriesTo(first: SimRequest, who: string, now: number): void {
    for (const r of laterOccurrences.get(first.index) ?? []) {
      const state = open.get(r);
      if (!state || state.wave > 0) continue;
      state.preferred = who;
      queue.push({ at: now, kind: 'wave', r, wave: 1 });
    }
  }

  /** Alerts the dispatchers (uncovered at once, or at risk before the start): they try to call someone within office hours. */
  function alertDispatchers(request: SimRequest, state: Open, now: number): void {
    if (request.immediate || state.dispatcherCalled >= 2) return;
    state.dispatcherCalled += 1;
    const at = local.nextWithin(now, b.dispatcher.hours.from, b.dispatcher.hours.to) + b.dispatcher.minutes * 60_000;
    if (at < request.start) queue.push({ at, kind: 'dispatcher', r: request.index });
  }

  function onDispatcher(request: SimRequest, now: number): void {
    const state = open.get(request.index);
    if (!state || random() >= b.dispatcher.success) return;
    const untried = (c: { interpreterId: string }) => !state.declined.has(c.interpreterId);
    // Nobody eligible on site: an interpreter of the language who works on site elsewhere may travel.
    const reached = agendas.rank(request, state.match, now).find(untried)
      ?? (state.match.modality === 'onsite' ? agendas.rankTravelling(request, state.match, now).find(untried) : undefined);
    if (reached && assign(request, state, reached.interpreterId, now, true)) tallies.get(reached.interpreterId)!.byDispatcher += 1;
  }

  function onCancel(request: SimRequest): void {
    const outcome = outcomes[request.index];
    if (outcome?.status === 'unfilled') return;
    if (outcome?.status === 'assigned') {
      agendas.release(outcome.interpreterId!, request);
      outcomes[request.index] = { ...outcome, status: 'cancelled', wasAssigned: true };
      return;
    }
    end(request.index, { status: 'cancelled', escalated: escalated.has(request.index), modality: open.get(request.index)?.match.modality });
  }

  const laterOccurrence = (request: SimRequest) => (request.series?.occurrence ?? 1) > 1;
  let booked = 0;
  const step = Math.max(1, Math.floor(requests.length / 100));
  for (let event = queue.pop(); event; event = queue.pop()) {
    const request = requests[event.r]!;
    switch (event.kind) {
      case 'book':
        if (outcomes[event.r]) break;
        open.set(event.r, { wave: 0, offers: new Map(), reachable: new Set(), declined: new Set(), match: bookedMatch(request, event.at), dispatcherCalled: 0 });
        // A later occurrence of a series waits for the first's interpreter, at most seriesHoldMinutes (startDispatch).
        queue.push({ at: laterOccurrence(request) ? event.at + policy.seriesHoldMinutes * 60_000 : event.at, kind: 'wave', r: event.r, wave: 1 });
        if (!request.immediate) {
          queue.push({ at: request.start, kind: 'deadline', r: event.r });
          queue.push({ at: Math.max(event.at, request.start - policy.atRiskMinutes * 60_000), kind: 'atRisk', r: event.r });
        }
        if (++booked % step === 0) input.onProgress?.(booked / requests.length);
        break;
      case 'wave':
        runWave(request, event.wave, event.at);
        break;
      case 'answer':
        onAnswer(request, event.who, event.accept, event.at);
        break;
      case 'deadline': {
        const state = open.get(event.r);
        if (state) giveUp(request, state, escalated.has(event.r), event.at);
        break;
      }
      case 'cancel':
        onCancel(request);
        break;
      case 'atRisk': {
        const state = open.get(event.r);
        if (state) alertDispatchers(request, state, event.at);
        break;
      }
      case 'dispatcher':
        onDispatcher(request, event.at);
        break;
    }
  }
  return { outcomes: outcomes.map((o) => o ?? { status: 'cancelled', escalated: false }), tallies };
}
