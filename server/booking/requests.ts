import { createHash } from 'node:crypto';
import type { CorrectionBody } from '../../shared/schemas/billing';
import type { CancelBody, CompleteBody, RequestCreateBody, RequestListQuery } from '../../shared/schemas/booking';
import { cancellationPrice, completionPrice, pricingContext, recordCorrection, recordTransition } from '../billing/charges';
import { interpreterContact } from '../directory/interpreters';
import type { Actor } from '../platform/actor';
import { businessRule, conflict, forbidden, notFound } from '../platform/errors';
import { releaseSlot } from './agenda';
import { startDispatch, stopDispatch } from './dispatch';
import { announceCancellation, announceRequest } from './announce';
import { occurrenceStarts } from './recurrence';
import { assertBookable } from './rules';
import { FINAL_STATUSES } from './state-machine';
import { idempotencyKeys, newId, requests, toId, type Filter, type RequestDoc } from './store';
import { requestView, type Audience } from './views';

/** Which requests a caller may see, and how much of them. */
export function scopeOf(actor: Actor): { filter: Filter; audience: Audience } {
  switch (actor.role) {
    case 'requester':
      return { filter: { structureId: toId(actor.structureId!) }, audience: 'structure' };
    case 'interpreter':
      return { filter: { interpreterId: toId(actor.userId) }, audience: 'interpreter' };
    case 'dispatcher':
      return { filter: { $or: [{ candidateAgencyIds: toId(actor.agencyId!) }, { agencyId: toId(actor.agencyId!) }] }, audience: 'dispatcher' };
    case 'auditor':
    case 'admin':
      return { filter: {}, audience: 'auditor' };
  }
}

export async function viewFor(doc: RequestDoc, audience: Audience) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  return requestView(doc, audience, contact);
}

const bodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * A professional asks for an interpreter. With an Idempotency-Key, the ids of the new requests are
 * reserved with the key before anything is created, so a double-click, a retry after a timeout or a
 * crash half-way all end with the same single request (or series).
 */
export async function requestInterpreter(actor: Actor, body: RequestCreateBody, idempotencyKey: string | undefined, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  assertBookable(body, now);
  const preferredInterpreterId = await previousInterpreter(actor, body.sameInterpreterAs);
  const starts = body.start === 'now' ? [now] : occurrenceStarts(new Date(body.start), body.recurrence?.every ?? 'week', body.recurrence?.count ?? 1);

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
  const created = await requests.insertNew(starts.map((start, index) => ({
    _id: ids[index]!,
    structureId: toId(actor.structureId!),
    requesterId: toId(actor.userId),
    language: body.language,
    modality: body.modality,
    immediate: body.start === 'now',
    start,
    end: new Date(start.getTime() + body.durationMinutes * 60_000),
    durationMinutes: body.durationMinutes,
    specialty: body.specialty,
    location: body.location,
    interpreterGender: body.interpreterGender,
    sameInterpreterAs: body.sameInterpreterAs ? toId(body.sameInterpreterAs) : undefined,
    preferredInterpreterId,
    patientRef: body.patientRef,
    notes: body.notes,
    seriesId,
    occurrence: seriesId ? index + 1 : undefined,
    idempotencyKeyId,
    status: 'open',
    // On the use case's clock, as assignedAt is: the access report measures from one to the other.
    createdAt: now,
  }) as Partial<RequestDoc> & { _id: RequestDoc['_id'] }), replayed);
  // Scheduling is keyed by request id, so a replay that reaches this line starts nothing twice.
  await startDispatch(created, now);
  const first = created[0]!;
  if (!replayed) await announceRequest(first);
  return { request: await viewFor(first, 'structure'), replayed };
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
  const { filter, audience } = scopeOf(actor);
  const conditions: Filter[] = [filter];
  if (query.status) conditions.push({ status: query.status });
  if (query.from) conditions.push({ start: { $gte: new Date(query.from) } });
  if (query.to) conditions.push({ start: { $lt: new Date(query.to) } });
  if (query.before) conditions.push({ _id: { $lt: toId(query.before) } });
  if (query.seriesId) conditions.push({ seriesId: toId(query.seriesId) });
  const docs = await requests.find({ $and: conditions }, query.limit ?? 100);
  return Promise.all(docs.map((doc) => viewFor(doc, audience)));
}

export async function findVisible(actor: Actor, id: string): Promise<{ doc: RequestDoc; audience: Audience }> {
  const { filter, audience } = scopeOf(actor);
  const doc = await requests.findOne({ $and: [filter, { _id: toId(id) }] });
  if (!doc) throw notFound('Request');
  return { doc, audience };
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
  const minutesBeforeStart = Math.floor((doc.start.getTime() - now.getTime()) / 60_000);
  return { requestId: doc._id.toString(), feeCents: fee?.costCents ?? 0, minutesBeforeStart, quotedAt: now.toISOString() };
}

async function cancelOne(actor: Actor, doc: RequestDoc, reason: string, now: Date): Promise<RequestDoc> {
  const minutesBeforeStart = Math.floor((doc.start.getTime() - now.getTime()) / 60_000);
  let before: RequestDoc = doc;
  let cancelled: RequestDoc | null = null;
  // Decided on the request as it is when the cancellation lands: an acceptance a moment earlier counts,
  // priced with the tariff of the agency that accepted (loaded again if the agency changed meanwhile).
  for (let attempt = 0; attempt < 5 && !cancelled; attempt += 1) {
    const context = await pricingContext(before);
    const pricedFor = String(before.agencyId ?? '');
    let seen: RequestDoc | undefined;
    cancelled = await requests.transition(doc._id, 'cancel', {
      when: (current) => {
        seen = current;
        return String(current.agencyId ?? '') === pricedFor;
      },
      set: (current) => {
        before = current;
        const wasAssigned = current.status === 'assigned';
        const fee = cancellationPrice(context, current, now, wasAssigned);
        return {
          cancellation: { at: now, byUserId: toId(actor.userId), byRole: actor.role, reason, minutesBeforeStart, wasAssigned },
          cancellationFeeCents: fee?.costCents ?? 0,
          ...(fee ? { billedMinutes: fee.billedMinutes, tariffVersion: fee.tariffVersion } : {}),
        };
      },
      by: { byRole: actor.role, byUserId: toId(actor.userId) },
      now,
    });
    if (!cancelled && !seen) throw conflict('request_closed', 'The request was completed or cancelled meanwhile; reload it.');
    if (!cancelled) before = seen!;
  }
  if (!cancelled) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordTransition('cancel', cancelled, actor.userId);
  const formerInterpreter = before.status === 'assigned' ? before.interpreterId : undefined;
  if (formerInterpreter) await releaseSlot(formerInterpreter, doc._id);
  await stopDispatch(cancelled, now);
  await announceCancellation(cancelled, formerInterpreter?.toString());
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
    await recordTransition('complete', doc, actor.userId);
    return viewFor(doc, 'interpreter');
  }
  assertOpenToChange(doc);
  if (doc.status !== 'assigned') throw conflict('not_assigned', 'Only an assigned request can be completed.');
  if (now < doc.start) throw businessRule('not_started', 'A session can be completed once it has started.');
  const price = completionPrice(await pricingContext(doc), doc, body.outcome, body.actualMinutes);
  const completed = await requests.transition(doc._id, 'complete', {
    when: (current) => Boolean(current.interpreterId?.equals(actor.userId)) && String(current.agencyId) === String(doc.agencyId),
    set: { completion: { at: now, actualMinutes: body.actualMinutes, outcome: body.outcome }, costCents: price.costCents, billedMinutes: price.billedMinutes, tariffVersion: price.tariffVersion },
    by: { byRole: 'interpreter', byUserId: toId(actor.userId), interpreterId: toId(actor.userId) },
    now,
  });
  if (!completed) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordTransition('complete', completed, actor.userId);
  await announceRequest(completed);
  return viewFor(completed, 'interpreter');
}

/**
 * An auditor corrects a completed session (minutes or outcome recorded wrongly): the request carries
 * the new figures, and the ledger gets a reversal of the old usage and the new one, never an edit.
 */
export async function correctCompletion(actor: Actor, id: string, body: CorrectionBody) {
  if (actor.role !== 'auditor' && actor.role !== 'admin') throw forbidden();
  const { doc } = await findVisible(actor, id);
  if (doc.status !== 'completed') throw conflict('not_completed', 'Only a completed session can be corrected.');
  const price = completionPrice(await pricingContext(doc), doc, body.outcome, body.actualMinutes);
  let before: RequestDoc = doc;
  const corrected = await requests.amend(doc._id, 'correct', (current) => {
    before = current;
    if (current.status !== 'completed') return null;
    return {
      completion: { ...current.completion, actualMinutes: body.actualMinutes, outcome: body.outcome },
      costCents: price.costCents,
      billedMinutes: price.billedMinutes,
      tariffVersion: price.tariffVersion,
      corrections: (current.corrections ?? 0) + 1,
    };
  }, { byRole: actor.role, byUserId: toId(actor.userId), reason: body.reason });
  if (!corrected) throw conflict('state_changed', 'The request changed meanwhile; reload it.');
  await recordCorrection(before, corrected, body.reason, actor.userId);
  return viewFor(corrected, 'auditor');
}
