import { createHash } from 'node:crypto';
import type { CancelBody, CompleteBody, RequestCreateBody, RequestListQuery } from '../../shared/schemas/booking';
import { cancellationPrice, completionPrice, pricingContext, recordTransition } from '../billing/charges';
import type { Actor } from '../platform/actor';
import { badRequest, businessRule, conflict, forbidden } from '../platform/errors';
import { callSummaries } from '../calls/rooms';
import { closeCall } from '../calls/signalling';
import { structureTimeZone } from '../directory/structures';
import { heldInCall } from './views';
import { releaseSlot } from './agenda';
import { alternativesFor, EligibilityCounter, eligibleCounts } from './coverage';
import { escalateAtBooking, startDispatch, stopDispatch } from './dispatch';
import { exclusionsOf, toMatch } from './match-inputs';
import { listQualifications, requiredAmong } from '../directory/qualifications';
import { announceCancellation, announceRequest } from './announce';
import { endingChange } from './calendar';
import { assertBookable, minutesBeforeStart } from './rules';
import { similarTo } from './similar';
import { FINAL_STATUSES } from './state-machine';
import { idempotencyKeys, newId, requests, toId, type Filter, type RequestDoc } from './store';
import { transition } from './transition';
import { asBilled } from './usage-reconcile';
import { pendingVerification, planTacitConfirmation } from './verification';
import { zoneOf } from './zone';
import { findVisible, scopeOf, viewFor, viewsFor } from './visibility';

const bodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * A professional asks for an interpreter. With an Idempotency-Key, the ids of the new requests are
 * reserved with the key before anything is created, so a double-click, a retry after a timeout or a
 * crash half-way all end with the same single request (or series).
 */
export async function requestInterpreter(actor: Actor, body: RequestCreateBody, idempotencyKey: string | undefined, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  const timeZone = await structureTimeZone(actor.structureId);
  const starts = assertBookable(body, now, timeZone);
  const preferredInterpreterId = await previousInterpreter(actor, body.sameInterpreterAs);

  let ids = starts.map(() => newId());
  let replayed = false;
  const idempotencyKeyId = idempotencyKey ? `${actor.userId}:${idempotencyKey}` : undefined;
  if (idempotencyKeyId) {
    const claim = await idempotencyKeys.claim({ _id: idempotencyKeyId, bodyHash: bodyHash(body), requestIds: ids, createdAt: now });
    if (claim.record.bodyHash !== bodyHash(body)) {
      throw conflict('idempotency_key_reused', 'This Idempotency-Key was already used with a different request.');
    }
    ids = claim.record.requestIds;
    replayed = !claim.first;
  }

  const seriesId = starts.length > 1 ? ids[0] : undefined;
  const rows = starts.map((start, index) => ({
    _id: ids[index]!,
    structureId: toId(actor.structureId!),
    requesterId: toId(actor.userId),
    requesterName: actor.name,
    language: body.language,
    modality: body.modality,
    immediate: body.start === 'now',
    start,
    end: new Date(start.getTime() + body.durationMinutes * 60_000),
    timeZone,
    durationMinutes: body.durationMinutes,
    briefingMinutes: body.briefingMinutes ?? 0,
    debriefingMinutes: body.debriefingMinutes ?? 0,
    specialty: body.specialty,
    location: body.location,
    interpreterGender: body.interpreterGender,
    sameInterpreterAs: body.sameInterpreterAs ? toId(body.sameInterpreterAs) : undefined,
    preferredInterpreterId,
    patientRef: body.patientRef,
    notes: body.notes,
    callbackPhone: body.callbackPhone,
    seriesId,
    occurrence: seriesId ? index + 1 : undefined,
    seriesSize: seriesId ? starts.length : undefined,
    idempotencyKeyId,
    status: 'open',
    // On the use case's clock, as assignedAt is: the access report measures from one to the other.
    createdAt: now,
  }) as Partial<RequestDoc> & { _id: RequestDoc['_id'] } & Pick<RequestDoc, 'start' | 'modality'>);
  const created = await requests.insertNew(replayed ? rows : await withCoverage(rows, now), replayed);
  // Scheduling is keyed by request id, so a replay that reaches this line starts nothing twice.
  await startDispatch(created, now);
  const first = created[0]!;
  if (!replayed) {
    await announceRequest(first);
    await escalateAtBooking(created);
  }
  return { request: { ...(await viewFor(first, 'structure')), coverage: coverageAnswer(created), similar: await similarTo(created) }, replayed };
}

type NewRequest = Partial<RequestDoc> & { _id: RequestDoc['_id'] } & Pick<RequestDoc, 'start' | 'modality'>;

/**
 * Counts who could take each new request before it is written; one nobody can take is written
 * uncovered, with what would work instead, so that it is escalated at once rather than at its start.
 */
async function withCoverage(rows: NewRequest[], now: Date): Promise<NewRequest[]> {
  const exclusions = rows[0] ? await exclusionsOf(rows[0].structureId!.toString()) : undefined;
  const catalogue = await listQualifications();
  const matches = rows.map((row) => toMatch(row as RequestDoc, exclusions, requiredAmong(catalogue, row.specialty, row.language!)));
  const counter = new EligibilityCounter();
  const counts = await eligibleCounts(matches, counter);
  return Promise.all(rows.map(async (row, index): Promise<NewRequest> => {
    if (counts[index]! > 0) return { ...row, eligibleAtBooking: counts[index]! };
    const alternatives = await alternativesFor(matches[index]!, zoneOf(row), counter);
    return { ...row, eligibleAtBooking: 0, uncovered: true, uncoveredSince: now, alternatives: alternatives as RequestDoc['alternatives'] };
  }));
}

/** The 201 answer's coverage: the first request's count and, for a series, every occurrence's. */
function coverageAnswer(created: RequestDoc[]) {
  const eligible = created[0]?.eligibleAtBooking ?? 0;
  if (created.length === 1) return { eligible };
  return {
    eligible,
    occurrences: created.map((doc) => ({ occurrence: doc.occurrence ?? 1, start: doc.start.toISOString(), eligible: doc.eligibleAtBooking ?? 0 })),
    uncoveredOccurrences: created.filter((doc) => doc.eligibleAtBooking === 0).map((doc) => doc.occurrence ?? 1),
  };
}

/** "Same interpreter as": only a request of the caller's own structure that had an interpreter. */
async function previousInterpreter(actor: Actor, requestId: string | undefined) {
  if (!requestId) return undefined;
  const previous = await requests.findOne({ _id: requestId, structureId: toId(actor.structureId!) });
  if (!previous?.interpreterId) {
    throw businessRule('no_previous_interpreter', 'sameInterpreterAs must name a request of your structure that had an interpreter.');
  }
  return previous.interpreterId;
}

export async function listRequests(actor: Actor, query: RequestListQuery) {
  const { filter, audience } = await scopeOf(actor);
  const conditions: Filter[] = [filter];
  if (query.status) conditions.push({ status: query.status });
  if (query.from) conditions.push({ start: { $gte: new Date(query.from) } });
  if (query.to) conditions.push({ start: { $lt: new Date(query.to) } });
  if (query.before) conditions.push({ _id: { $lt: toId(query.before) } });
  if (query.seriesId) conditions.push({ seriesId: toId(query.seriesId) });
  if (query.verification) conditions.push({ verification: query.verification });
  const docs = await requests.find({ $and: conditions }, query.limit ?? 100);
  return viewsFor(docs, audience);
}

export async function getRequest(actor: Actor, id: string) {
  const { doc, audience } = await findVisible(actor, id);
  return viewFor(doc, audience);
}

function assertOpenToChange(doc: RequestDoc) {
  if (FINAL_STATUSES.includes(doc.status)) throw conflict('request_closed', `This request is already ${doc.status}.`);
}

/** The requester cancels; how long before the start is recorded, and a late one is billed. */
export async function cancelRequest(actor: Actor, id: string, body: CancelBody, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, id);
  assertOpenToChange(doc);
  const targets = body.scope === 'following' && doc.seriesId
    ? await requests.find({ seriesId: doc.seriesId, occurrence: { $gte: doc.occurrence }, status: { $nin: FINAL_STATUSES } }, 1000, { occurrence: 1 })
    : [doc];
  let result: RequestDoc | undefined;
  for (const target of targets) {
    const cancelled = await cancelOne(actor, target, body.reason, now);
    if (target._id.equals(doc._id)) result = cancelled;
  }
  return viewFor(result!, 'structure');
}

/**
 * What cancelling now would cost, for the requester to see before confirming: the same price the
 * cancellation itself would record if nothing changes meanwhile.
 */
export async function cancellationQuote(actor: Actor, id: string, now = new Date()) {
  if (actor.role !== 'requester') throw forbidden();
  const { doc } = await findVisible(actor, id);
  assertOpenToChange(doc);
  const fee = cancellationPrice(await pricingContext(doc), doc, now, doc.status === 'assigned');
  const minutes = minutesBeforeStart(doc.start, now);
  return { requestId: doc._id.toString(), feeCents: fee?.costCents ?? 0, minutesBeforeStart: minutes, quotedAt: now.toISOString() };
}

async function cancelOne(actor: Actor, doc: RequestDoc, reason: string, now: Date): Promise<RequestDoc> {
  const minutes = minutesBeforeStart(doc.start, now);
  let before: RequestDoc = doc;
  let cancelled: RequestDoc | null = null;
  const calendar = endingChange();
  // Decided on the request as it is when the cancellation lands: an acceptance a moment earlier counts,
  // priced with the tariff of the agency that accepted (loaded again if the agency changed meanwhile).
  for (let attempt = 0; attempt < 5 && !cancelled; attempt += 1) {
    const context = await pricingContext(before);
    const pricedFor = String(before.agencyId ?? '');
    let seen: RequestDoc | undefined;
    cancelled = await transition(doc._id, 'cancel', {
      when: (current) => {
        seen = current;
        return String(current.agencyId ?? '') === pricedFor;
      },
      set: (current) => {
        before = current;
        const wasAssigned = current.status === 'assigned';
        const fee = cancellationPrice(context, current, now, wasAssigned);
        return {
          cancellation: { at: now, byUserId: toId(actor.userId), byRole: actor.role, reason, minutesBeforeStart: minutes, wasAssigned },
          cancellationFeeCents: fee?.costCents ?? 0,
          ...(fee ? { billedMinutes: fee.billedMinutes, tariffVersion: fee.tariffVersion } : {}),
        };
      },
      by: { byRole: actor.role, byUserId: toId(actor.userId) },
      now,
      calendar: calendar.plan,
    });
    if (!cancelled && !seen) throw conflict('request_closed', 'The request was completed or cancelled meanwhile; reload it.');
    if (!cancelled) before = seen!;
  }
  if (!cancelled) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordTransition('cancel', cancelled, actor.userId);
  await closeCall(cancelled._id.toString(), 'cancelled', now);
  const formerInterpreter = before.status === 'assigned' ? before.interpreterId : undefined;
  if (formerInterpreter) await releaseSlot(formerInterpreter, doc._id);
  await stopDispatch(cancelled, now);
  await announceCancellation(cancelled, formerInterpreter?.toString(), calendar.lost);
  return cancelled;
}

/**
 * The assigned interpreter records what happened: minutes really worked, or the patient's absence.
 * Sending it again (a double click, a retry after a lost answer) returns the completion already recorded.
 */
export async function completeRequest(actor: Actor, id: string, body: CompleteBody, now = new Date()) {
  if (actor.role !== 'interpreter') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (doc.status === 'completed' && doc.interpreterId?.equals(actor.userId)) {
    await recordTransition('complete', asBilled(doc, 'complete'), actor.userId);
    return viewFor(doc, 'interpreter');
  }
  assertOpenToChange(doc);
  if (doc.status !== 'assigned') throw conflict('not_assigned', 'Only an assigned request can be completed.');
  // Declared: on site; after a call that could not be held; and for a no-show, whose price does not depend on minutes.
  const declared = !heldInCall(doc) || body.heldByCallback === true || body.outcome === 'patient_no_show';
  if (declared && body.actualMinutes === undefined) {
    throw badRequest('actualMinutes is required for a session not measured by the platform\'s call.', [{ field: 'actualMinutes', code: 'required', message: 'is required' }]);
  }
  const { actualMinutes, measuredSeconds } = declared ? { actualMinutes: body.actualMinutes!, measuredSeconds: undefined } : await measuredMinutes(doc, body, now);
  // The call opens 10 minutes before the start: a session it measured may have begun early and be recorded at once.
  if (now < doc.start && !(measuredSeconds !== undefined && measuredSeconds > 0)) throw businessRule('not_started', 'A session can be completed once it has started, or once its call has measured it.');
  const price = completionPrice(await pricingContext(doc), doc, body.outcome, actualMinutes);
  const completion = { at: now, actualMinutes, outcome: body.outcome, measuredSeconds, ...(body.heldByCallback && heldInCall(doc) ? { heldByCallback: true } : {}) };
  const completed = await transition(doc._id, 'complete', {
    when: (current) => Boolean(current.interpreterId?.equals(actor.userId)) && String(current.agencyId) === String(doc.agencyId),
    set: { completion, costCents: price.costCents, billedMinutes: price.billedMinutes, tariffVersion: price.tariffVersion, ...pendingVerification(now) },
    by: { byRole: 'interpreter', byUserId: toId(actor.userId), interpreterId: toId(actor.userId) },
    now,
  });
  if (!completed) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordTransition('complete', completed, actor.userId);
  await closeCall(completed._id.toString(), 'completed', now);
  // A call that ended before its booked end frees the interpreter at once for the next call (on site, the travel still holds the slot).
  if (heldInCall(completed) && completed.interpreterId) await releaseSlot(completed.interpreterId, completed._id);
  await planTacitConfirmation(completed, now);
  await announceRequest(completed);
  return viewFor(completed, 'interpreter');
}

/**
 * The minutes a completion in the platform's call bills: the time the interpreter and another participant
 * were connected together, rounded up to the minute begun; a figure above it is refused.
 */
async function measuredMinutes(doc: RequestDoc, body: CompleteBody, now: Date): Promise<{ actualMinutes: number; measuredSeconds: number }> {
  const measuredSeconds = (await callSummaries([doc._id.toString()], now)).get(doc._id.toString())?.measuredSeconds ?? 0;
  const measured = Math.ceil(measuredSeconds / 60);
  if (body.actualMinutes !== undefined && body.actualMinutes > measured) {
    throw businessRule('exceeds_measured', `The call measured ${measured} min with the interpreter and another participant connected; a session held in the platform cannot bill more.`, [
      { field: 'actualMinutes', code: 'exceeds_measured', message: `must be at most ${measured}` },
    ]);
  }
  return { actualMinutes: body.actualMinutes ?? measured, measuredSeconds };
}
