import type { Types } from 'mongoose';
import { hourlyCostByAgency } from '../billing/charges';
import { interpreterProfilesFor } from '../directory/interpreters';
import { findLanguage, relatedLanguages } from '../directory/languages';
import { findCandidates } from '../matching';
import type { InterpreterProfile, MatchingContext, RequestToMatch } from '../matching/types';
import type { UnfilledReason } from '../../shared/schemas/booking';
import { reachableInterpreterIds } from '../notify/push';
import { cancelJobs, scheduleJob, scheduleJobs } from '../platform/jobs';
import { announceAtRisk, announceOffers, announceReminder, announceUnfilled, announceWithdrawnOffers } from './announce';
import { atRiskAt, dispatchPolicy, waveTimeoutMinutes } from './dispatch-policy';
import { agendas, offers, requests, toId, type RequestDoc } from './store';

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

const lowerName = (code: string) => {
  const name = findLanguage(code)?.name ?? code;
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** The request's language, its related languages with their names, as matching takes them. */
export function languagesToMatch(language: string): Pick<RequestToMatch, 'language' | 'languageName' | 'relatedLanguages'> {
  return {
    language,
    languageName: lowerName(language),
    relatedLanguages: relatedLanguages(language).map((related) => ({ ...related, name: findLanguage(related.code)?.name ?? related.code })),
  };
}

/** Every code an interpreter may speak to be considered for the request. */
export const languageCodes = (request: Pick<RequestToMatch, 'language' | 'relatedLanguages'>) => [request.language, ...(request.relatedLanguages ?? []).map((related) => related.code)];

export function toMatch(doc: RequestDoc): RequestToMatch {
  return {
    id: doc._id.toString(),
    structureId: doc.structureId.toString(),
    ...languagesToMatch(doc.language),
    modality: doc.modality,
    start: doc.start,
    end: doc.end,
    specialty: doc.specialty ?? undefined,
    department: doc.location?.department ?? undefined,
    interpreterGender: doc.interpreterGender ?? undefined,
    patientRef: doc.patientRef ?? undefined,
    seriesId: doc.seriesId?.toString(),
    preferredInterpreterId: doc.preferredInterpreterId?.toString(),
  };
}

/** Everything ranking weighs, read in a handful of queries for all candidates at once. */
/** The agendas of these interpreters, as matching reads them (conflicts and travel buffers). */
export async function agendasOf(ids: Types.ObjectId[]): Promise<MatchingContext['agendas']> {
  const agendaDocs = await agendas.findMany(ids);
  return new Map(agendaDocs.map((a) => [a._id.toString(), a.bookings.map((b) => ({ requestId: b.requestId!.toString(), start: b.start!, end: b.end!, modality: b.modality as RequestDoc['modality'], department: b.department ?? undefined }))]));
}

export async function matchingContext(doc: RequestDoc, profiles: InterpreterProfile[], now: Date): Promise<MatchingContext> {
  const ids = profiles.map((p) => toId(p.id));
  const recent = await requests.find({ interpreterId: { $in: ids }, start: { $gte: new Date(now.getTime() - 30 * 24 * 60 * MINUTE) }, status: { $in: ['assigned', 'completed'] } }, 100_000);
  const recentMinutes = new Map<string, number>();
  const continuity = new Map<string, number>();
  for (const past of recent) {
    const who = past.interpreterId!.toString();
    recentMinutes.set(who, (recentMinutes.get(who) ?? 0) + past.durationMinutes);
  }
  if (doc.patientRef || doc.seriesId) {
    const samePatient = await requests.find({
      structureId: doc.structureId,
      _id: { $ne: doc._id },
      interpreterId: { $in: ids },
      ...(doc.seriesId ? { seriesId: doc.seriesId } : { patientRef: doc.patientRef }),
    }, 10_000);
    for (const past of samePatient) {
      const who = past.interpreterId!.toString();
      continuity.set(who, (continuity.get(who) ?? 0) + 1);
    }
  }
  return {
    agendas: await agendasOf(ids),
    recentMinutes,
    continuity,
    agencyHourlyCents: await hourlyCostByAgency(doc, profiles.map((p) => p.agencyId)),
  };
}

export async function rankFor(doc: RequestDoc, now: Date) {
  const request = toMatch(doc);
  const profiles = await interpreterProfilesFor(languageCodes(request), doc.modality);
  return findCandidates(request, profiles, await matchingContext(doc, profiles, now));
}

/** One wave: offer the request to the next interpreters, then plan what happens if nobody accepts. */
export async function runWave(payload: { requestId: string; wave: number }, now: Date): Promise<void> {
  const doc = await requests.findOne({ _id: toId(payload.requestId) });
  if (!doc || doc.status !== 'open' || doc.wave >= payload.wave) return;
  const { ranked } = await rankFor(doc, now);
  const offered = new Set((await offers.find({ requestId: doc._id })).map((o) => o.interpreterId.toString()));
  const fresh = ranked.filter((c) => !offered.has(c.interpreterId));
  const preferred = doc.preferredInterpreterId?.toString();

  let chosen = fresh;
  let expiresAt: Date;
  let next: Date | undefined;
  if (doc.immediate) {
    // "Now": everyone eligible and reachable (page open, or push) at once; then widen to everyone eligible; then give up.
    if (payload.wave === 1) {
      const reachable = await reachableInterpreterIds(fresh.map((c) => c.interpreterId), now);
      chosen = fresh.filter((c) => reachable.has(c.interpreterId));
    }
    if (payload.wave > 2) return giveUp(doc, now);
    expiresAt = new Date(now.getTime() + dispatchPolicy().nowWaveSeconds * 1000);
    next = chosen.length > 0 ? expiresAt : now;
  } else {
    const isPreferred = (c: { interpreterId: string }) => c.interpreterId === preferred;
    chosen = payload.wave === 1 && preferred && fresh.some(isPreferred) ? fresh.filter(isPreferred) : fresh.slice(0, dispatchPolicy().waveSize);
    expiresAt = doc.start;
    const timeout = waveTimeoutMinutes((doc.start.getTime() - now.getTime()) / MINUTE) * MINUTE;
    if (fresh.length > chosen.length) next = new Date(Math.min(now.getTime() + timeout, doc.start.getTime()));
  }

  const rows = chosen.map((c) => ({ requestId: doc._id, interpreterId: toId(c.interpreterId), wave: payload.wave, status: 'live' as const, createdAt: now, expiresAt }));
  await announceOffers(await offers.createWave(rows, doc._id, payload.wave), doc);
  const agencies = [...new Set(ranked.map((c) => c.agencyId))].map(toId);
  await requests.amend(doc, `wave-${payload.wave}`, (d) => (d.status === 'open' && d.wave < payload.wave ? { wave: payload.wave, candidateAgencyIds: agencies } : null));
  if (doc.immediate) {
    const expired = await offers.closeMany({ requestId: doc._id, wave: { $lt: payload.wave } }, 'expired', now);
    announceWithdrawnOffers(expired, 'expired');
  }
  if (next) await scheduleWave(doc, payload.wave + 1, next);
}

/** Why a request is given up, from its history, its offers and who could still have taken it. */
async function unfilledReason(doc: RequestDoc, now: Date): Promise<UnfilledReason> {
  if (doc.history?.some((change) => change.event === 'reopen')) return 'withdrawn';
  const offered = new Set((await offers.find({ requestId: doc._id })).map((o) => o.interpreterId.toString()));
  const { ranked } = await rankFor(doc, now);
  if (offered.size === 0 && ranked.length === 0) return 'nobody_eligible';
  return ranked.some((c) => !offered.has(c.interpreterId)) ? 'too_late' : 'nobody_answered';
}

async function giveUp(doc: RequestDoc, now: Date): Promise<void> {
  const reason = await unfilledReason(doc, now);
  const unfilled = await requests.transition(doc._id, 'giveUp', { set: { unfilledReason: reason }, by: { byRole: 'system' }, now });
  if (!unfilled) return;
  announceWithdrawnOffers(await stopDispatch(unfilled, now), 'unfilled');
  await announceUnfilled(unfilled);
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
  };
}
