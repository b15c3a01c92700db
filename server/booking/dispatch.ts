import type { Types } from 'mongoose';
import { bookedSlot } from '../../shared/exchange';
import type { UnfilledReason } from '../../shared/schemas/booking';
import { interpreterProfile } from '../directory/interpreters';
import { PROFILE_CHANGED_JOB } from '../directory/profile-changes';
import { reachableInterpreterIds } from '../notify/push';
import { cancelJobs, scheduleJob, scheduleJobs, scheduleOrAdvanceJob } from '../platform/jobs';
import { announceAtRisk, announceOffers, announceReminder, announceUncovered, announceUnfilled, announceWithdrawnOffers } from './announce';
import { endingChange } from './calendar';
import { alternativesFor } from './coverage';
import { atRiskAt, dispatchPolicy } from './dispatch-policy';
import { AGENDA_CODES } from '../matching';
import type { InterpreterProfile } from '../matching/types';
import { ineligibilityOf, rankFor, requestToMatch } from './match-inputs';
import { offers, requests, toId, type RequestDoc } from './store';
import { transition } from './transition';
import { notToOfferAgain, planWave, unfilledReasonOf } from './wave-plan';
import { zoneOf } from './zone';

// Dispatch runs as durable jobs: each step is a row in the database, claimed by one worker with a
// lease, and written so that running it twice (after a crash) has the effect of running it once.

export const JOB_KINDS = {
  wave: 'dispatch.wave',
  atRisk: 'dispatch.atRisk',
  deadline: 'dispatch.deadline',
  reminder: 'booking.reminder',
} as const;

const MINUTE = 60_000;
/** Keys carry the request's version at the time, so that a reopened request schedules afresh. */
const keyOf = (doc: RequestDoc, step: string) => `dispatch:${doc._id.toString()}:v${doc.version}:${step}`;
const DISPATCH_KINDS = [JOB_KINDS.wave, JOB_KINDS.atRisk, JOB_KINDS.deadline];

/**
 * Plans the dispatch of new requests (their first wave, and for booked ones the at-risk alert and the
 * deadline) in one write, then marks them planned: a request a killed process wrote but never planned
 * is found by that mark (resumeUndispatched).
 */
export async function startDispatch(docs: RequestDoc[], now: Date): Promise<void> {
  const open = docs.filter((doc) => doc.status === 'open');
  if (open.length === 0) return;
  await scheduleJobs(open.flatMap((doc) => {
    const laterOccurrence = (doc.occurrence ?? 1) > 1;
    // Later occurrences of a series first wait for the first one's interpreter (see onFirstOccurrenceAssigned).
    const firstWaveAt = laterOccurrence ? new Date(now.getTime() + dispatchPolicy().seriesHoldMinutes * MINUTE) : now;
    return [waveJob(doc, 1, firstWaveAt), ...(doc.immediate ? [] : deadlineJobs(doc, now))];
  }), now);
  await requests.markPlanned(open.map((doc) => doc._id), now);
}

/** Plans again the open requests that a killed process wrote but never planned (the job keys make a repeat harmless). */
export async function resumeUndispatched(now: Date, olderThanMs: number): Promise<number> {
  const stuck = await requests.unplanned(new Date(now.getTime() - olderThanMs), 1000);
  await startDispatch(stuck, now);
  return stuck.length;
}

function waveJob(doc: RequestDoc, wave: number, at: Date) {
  const requestId = doc._id.toString();
  return { kind: JOB_KINDS.wave, at, payload: { requestId, wave }, options: { key: keyOf(doc, `wave-${wave}`), subject: requestId, lane: doc.immediate ? 'immediate' as const : 'default' as const } };
}

function deadlineJobs(doc: RequestDoc, now: Date) {
  const requestId = doc._id.toString();
  return [
    { kind: JOB_KINDS.atRisk, at: atRiskAt(doc.start, now), payload: { requestId }, options: { key: keyOf(doc, 'at-risk'), subject: requestId } },
    { kind: JOB_KINDS.deadline, at: doc.start, payload: { requestId }, options: { key: keyOf(doc, 'deadline'), subject: requestId } },
  ];
}

const scheduleWave = (doc: RequestDoc, wave: number, at: Date) => scheduleJobs([waveJob(doc, wave, at)]);

/** The request is assigned, cancelled or given up: pending steps stop, other live offers are withdrawn. */
export async function stopDispatch(doc: RequestDoc, now: Date) {
  const subject = doc._id.toString();
  await cancelJobs(subject, DISPATCH_KINDS);
  if (doc.status === 'assigned' && !doc.immediate && doc.start.getTime() - 24 * 60 * MINUTE > now.getTime()) {
    await scheduleJob(JOB_KINDS.reminder, new Date(doc.start.getTime() - 24 * 60 * MINUTE), { requestId: subject }, { key: `reminder:${subject}:${doc.start.toISOString()}`, subject });
  }
  if (doc.status === 'cancelled') await cancelJobs(subject, [JOB_KINDS.reminder]);
  const filter = doc.interpreterId ? { requestId: doc._id, interpreterId: { $ne: doc.interpreterId } } : { requestId: doc._id };
  return offers.closeMany(filter, 'withdrawn', now);
}

/** After an interpreter withdrew: offer again, from the next wave on, with fresh deadlines. */
export async function redispatch(doc: RequestDoc, now: Date): Promise<void> {
  await cancelJobs(doc._id.toString(), [JOB_KINDS.reminder]);
  await scheduleJobs([waveJob(doc, doc.wave + 1, now), ...(!doc.immediate && doc.start > now ? deadlineJobs(doc, now) : [])], now);
}

/** The series is offered first to the interpreter of its first occurrence. */
export async function onFirstOccurrenceAssigned(doc: RequestDoc, now: Date): Promise<void> {
  if (!doc.seriesId || doc.occurrence !== 1 || !doc.interpreterId) return;
  const siblings = await requests.find({ seriesId: doc.seriesId, occurrence: { $gt: 1 }, status: 'open', wave: 0 }, 100, { occurrence: 1 });
  for (const sibling of siblings) {
    const updated = await requests.amend(sibling._id, 'series-preference', (s) => (s.status === 'open' && s.wave === 0 ? { preferredInterpreterId: doc.interpreterId } : null));
    if (updated) await scheduleWave(updated, 1, now);
  }
}

/** One wave: offer the request to the next interpreters (planned by planWave), then plan what happens if nobody accepts. */
export async function runWave(payload: { requestId: string; wave: number }, now: Date): Promise<void> {
  const doc = await requests.findOne({ _id: toId(payload.requestId) });
  if (!doc || doc.status !== 'open' || doc.wave >= payload.wave) return;
  const { ranked } = await rankFor(doc, now);
  const earlier = await offers.find({ requestId: doc._id });
  const offered = notToOfferAgain(earlier.map((o) => ({ interpreterId: o.interpreterId.toString(), status: o.status })));
  const pending = earlier.filter((o) => o.status === 'live' && o.expiresAt > now).length;
  const reachable = doc.immediate && payload.wave === 1 ? await reachableInterpreterIds(ranked.map((c) => c.interpreterId).filter((id) => !offered.has(id)), now) : new Set<string>();
  // The interpreter is due at the briefing: offers lapse, and late waves stop, at the slot's start.
  const request = { immediate: doc.immediate, start: bookedSlot(doc).start, preferredInterpreterId: doc.preferredInterpreterId?.toString() };
  const plan = planWave({ request, wave: payload.wave, ranked, offered, reachable, pending }, dispatchPolicy(), now);
  // A wave that runs late (a backlog, a restart) offers nothing once the session has begun: the deadline decides.
  if (plan.action === 'skip') return;
  if (plan.action === 'giveUp') return giveUp(doc, now);

  if (plan.escalate) await escalate(doc, now, offered);
  const rows = plan.offerTo.map((interpreterId) => ({ requestId: doc._id, interpreterId: toId(interpreterId), wave: payload.wave, status: 'live' as const, createdAt: now, expiresAt: plan.expiresAt }));
  await announceOffers(await offers.createWave(rows, doc._id, payload.wave), doc);
  // Someone can take it again (an availability added since): it leaves the other agencies' queues.
  const reached = plan.offerTo.length > 0 ? { uncovered: false } : {};
  const candidateAgencyIds = plan.candidateAgencyIds.map(toId);
  await requests.amend(doc, `wave-${payload.wave}`, (d) => (d.status === 'open' && d.wave < payload.wave ? { wave: payload.wave, candidateAgencyIds, ...reached } : null));
  if (plan.expireEarlierWaves) {
    const expired = await offers.closeMany({ requestId: doc._id, wave: { $lt: payload.wave } }, 'expired', now);
    announceWithdrawnOffers(expired, 'expired');
  }
  if (plan.nextWaveAt) await scheduleWave(doc, payload.wave + 1, plan.nextWaveAt);
}

/** Why a request is given up, from its history, its offers and who could still have taken it. */
async function unfilledReason(doc: RequestDoc, now: Date): Promise<UnfilledReason> {
  // Stepping back because they know the patient is not a withdrawal the access report counts.
  const reopenings = doc.history?.filter((change) => change.event === 'reopen').length ?? 0;
  const reopened = reopenings > (doc.withdrawals ?? []).filter((w) => w.knowsPatient).length;
  if (reopened) return 'withdrawn';
  const offered = new Set((await offers.find({ requestId: doc._id })).map((o) => o.interpreterId.toString()));
  const { ranked } = await rankFor(doc, now);
  return unfilledReasonOf({ reopened, offered, ranked });
}

/**
 * Makes a request nobody will take visible to every agency's dispatchers and to the auditors, with
 * what would work instead for the requester. Once per time it becomes uncovered (a reopened request
 * may become uncovered again).
 */
async function escalate(doc: RequestDoc, now: Date, passedOn: ReadonlySet<string>): Promise<void> {
  if (doc.uncovered) return;
  const alternatives = await alternativesAfterOffers(doc, passedOn);
  const uncovered = await requests.amend(doc, 'uncovered', (d) => (d.status === 'open' && !d.uncovered ? { uncovered: true, uncoveredSince: now, alternatives } : null), { byRole: 'system' }, now);
  if (uncovered) await announceUncovered([uncovered]);
}

/** Those a wave does not offer the request to again (see notToOfferAgain). */
async function passedOnBy(doc: RequestDoc): Promise<Set<string>> {
  return notToOfferAgain((await offers.find({ requestId: doc._id })).map((o) => ({ interpreterId: o.interpreterId.toString(), status: o.status })));
}

/** What would work instead, told to the requester: at the same time, only people it was not already offered to. */
async function alternativesAfterOffers(doc: RequestDoc, passedOn: ReadonlySet<string>) {
  return alternativesFor(await requestToMatch(doc), zoneOf(doc), undefined, passedOn);
}

/** Requests found uncovered when they were booked (nobody eligible at all): escalated at once. */
export async function escalateAtBooking(docs: RequestDoc[]): Promise<void> {
  const uncovered = docs.filter((doc) => doc.uncovered);
  if (uncovered.length > 0) await announceUncovered(uncovered, { atBooking: true });
}

/**
 * An interpreter's profile changed (an availability added or taken away, an absence, a department, a
 * language): their live offers they can no longer take are withdrawn, and the next wave of those
 * requests runs now; the open requests nobody could take that they now can get a wave at once, which
 * offers them the request. At most the 500 oldest uncovered requests are looked at.
 */
export async function onInterpreterChanged(payload: { interpreterId: string }, now: Date): Promise<{ withdrawn: number; offered: number }> {
  const profile = await interpreterProfile(payload.interpreterId);
  const withdrawn = await withdrawOffersTheyCannotTake(payload.interpreterId, profile, now);
  if (!profile?.active) return { withdrawn, offered: 0 };
  const uncovered = await requests.find({ status: 'open', uncovered: true }, 500, { _id: 1 });
  let offered = 0;
  for (const doc of uncovered) {
    if (!doc.immediate && doc.start <= now) continue;
    if ((await ineligibilityOf(doc, profile, now)).length > 0) continue;
    const job = waveJob(doc, doc.wave + 1, now);
    await scheduleOrAdvanceJob(job.kind, now, job.payload, job.options, now);
    offered += 1;
  }
  return { withdrawn, offered };
}

// A session already in their agenda at that time is not a reason: accepting says so (interpreter_busy).
async function withdrawOffersTheyCannotTake(interpreterId: string, profile: InterpreterProfile | undefined, now: Date): Promise<number> {
  let withdrawn = 0;
  for (const offer of await offers.find({ interpreterId: toId(interpreterId), status: 'live' })) {
    const doc = await requests.findOne({ _id: offer.requestId, status: 'open' });
    if (!doc) continue;
    const reasons = profile ? (await ineligibilityOf(doc, profile, now)).filter((code) => !AGENDA_CODES.has(code)) : ['inactive'];
    if (reasons.length === 0) continue;
    const closed = await offers.close({ _id: offer._id }, 'withdrawn', now);
    if (!closed) continue;
    announceWithdrawnOffers([closed], 'unavailable');
    await onOfferDeclined(doc._id, now);
    withdrawn += 1;
  }
  return withdrawn;
}

/** Every live offer of the request was declined: the next wave runs now instead of at its timeout. */
/** `atOnce`: the next wave starts now, whoever else is still considering this one (an interpreter who knows the patient). */
export async function onOfferDeclined(requestId: Types.ObjectId, now: Date, atOnce = false): Promise<void> {
  const doc = await requests.findOne({ _id: requestId, status: 'open' });
  if (!doc || (!atOnce && (await offers.find({ requestId, status: 'live' })).length > 0)) return;
  const job = waveJob(doc, doc.wave + 1, now);
  await scheduleOrAdvanceJob(job.kind, now, job.payload, job.options, now);
}

async function giveUp(doc: RequestDoc, now: Date): Promise<void> {
  const reason = await unfilledReason(doc, now);
  // A "now" request given up: the requester reads who it was offered to and what else would work. It
  // leaves the dispatchers' list: the patient is no longer waiting for an interpreter to be assigned.
  const escalation = doc.immediate && !doc.uncovered ? { uncovered: true, uncoveredSince: now, alternatives: await alternativesAfterOffers(doc, await passedOnBy(doc)) } : {};
  // After a withdrawal the requester still has the session in their calendar: it ends there too.
  const calendar = endingChange();
  const unfilled = await transition(doc._id, 'giveUp', { set: { unfilledReason: reason, ...escalation }, by: { byRole: 'system' }, now, calendar: calendar.plan });
  if (!unfilled) return;
  announceWithdrawnOffers(await stopDispatch(unfilled, now), 'unfilled');
  await announceUnfilled(unfilled, calendar.lost);
}

export async function runAtRisk(payload: { requestId: string }, now: Date): Promise<void> {
  const doc = await requests.amend(toId(payload.requestId), 'at-risk', (d) => (d.status === 'open' && !d.atRiskSince ? { atRiskSince: now } : null), { byRole: 'system' }, now);
  if (doc) await announceAtRisk(doc);
}

export async function runDeadline(payload: { requestId: string }, now: Date): Promise<void> {
  const doc = await requests.findOne({ _id: toId(payload.requestId), status: 'open' });
  if (doc) await giveUp(doc, now);
}

export async function runReminder(payload: { requestId: string }): Promise<void> {
  const doc = await requests.findOne({ _id: toId(payload.requestId), status: 'assigned' });
  if (doc) await announceReminder(doc);
}

export function dispatchHandlers(clock: () => Date = () => new Date()) {
  return {
    [JOB_KINDS.wave]: (payload: { requestId: string; wave: number }) => runWave(payload, clock()),
    [JOB_KINDS.atRisk]: (payload: { requestId: string }) => runAtRisk(payload, clock()),
    [JOB_KINDS.deadline]: (payload: { requestId: string }) => runDeadline(payload, clock()),
    [JOB_KINDS.reminder]: (payload: { requestId: string }) => runReminder(payload),
    [PROFILE_CHANGED_JOB]: async (payload: { interpreterId: string }) => void (await onInterpreterChanged(payload, clock())),
  };
}
