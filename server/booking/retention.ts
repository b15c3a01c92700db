import type { RequestStatus } from '../../shared/schemas/booking';
import { idempotencyKeys, requests, type Filter, type RequestDoc } from './store';

// Data protection: a request's patient reference, notes and free-text reasons are kept for a period
// after the session, then erased. What the request cost and who did it (the request's other fields, the
// usage ledger and its roll-ups) stays: those records hold no patient field.

const DAY_MS = 86_400_000;

/** Free text users wrote about a session may name or describe the patient: erased with the patient reference. */
export const PATIENT_TEXT = ['patientRef', 'notes', 'cancellation.reason', 'dispute.reason', 'resolution.reason', 'feedback.comment', 'problem.comment'] as const;

/** What a change writing patient text again sets: the request is erasable again once its period is over. */
export const ERASABLE_AGAIN = { erasedAt: null } as const;

/** The patient text of one request removed, reasons in its history included, marked erased. */
function erasure(doc: RequestDoc, now: Date) {
  const history = (doc.history ?? []).map(({ reason: _reason, ...change }) => change);
  return { $unset: Object.fromEntries(PATIENT_TEXT.map((path) => [path, ''])), $set: { erasedAt: now, history } };
}
/** Statuses a request no longer leaves in practice: an unfilled one more than a period old is history. */
const ERASABLE_STATUSES: readonly RequestStatus[] = ['completed', 'cancelled', 'unfilled'];

const missingOrBefore = (field: string, cutoff: Date): Filter => ({ $or: [{ [field]: { $exists: false } }, { [field]: { $lt: cutoff } }] });

/**
 * Final requests not erased since their last change (a change may write patient text again: see
 * transition.ts), whose session ended, and whose completion or cancellation was recorded, before
 * the cutoff.
 */
function dueBefore(cutoff: Date): Filter {
  return {
    $and: [
      { erasedAt: null, end: { $lt: cutoff } },
      { status: { $in: ERASABLE_STATUSES } },
      missingOrBefore('completion.at', cutoff),
      missingOrBefore('cancellation.at', cutoff),
    ],
  };
}

export interface ErasureOptions {
  batchSize?: number;
  /** A run stops after this many batches; the next housekeeping run goes on from there. */
  maxBatches?: number;
}

/**
 * Erases the patient text of every request finished more than `retentionDays` before `now`, batch by
 * batch, each request in single-document updates. Running it again, or in two processes at once, is
 * harmless: both write the same absence. Returns how many requests it erased.
 */
export async function erasePatientData(now: Date, retentionDays: number, options: ErasureOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 25;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let erased = 0;
  let after: Filter = {};
  for (let batch = 0; batch < maxBatches; batch += 1) {
    // Onwards by _id, so that a request left for the next run (a writer holds it) is not read again.
    const due = await requests.find({ $and: [dueBefore(cutoff), after] }, batchSize, { _id: 1 });
    // Without a new version: ledger keys and the usage check derive from it, a bump would bill the request again.
    for (const doc of due) if (await requests.rewriteQuietly(doc._id, (current) => erasure(current, now))) erased += 1;
    if (due.length < batchSize) break;
    after = { _id: { $gt: due.at(-1)!._id } };
  }
  await idempotencyKeys.purgeBefore(cutoff);
  return erased;
}
