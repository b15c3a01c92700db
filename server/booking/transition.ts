import type { Types } from 'mongoose';
import { ERASABLE_AGAIN } from './retention';
import { canApply, TRANSITIONS, type Transition } from './state-machine';
import { requests, type CalendarUpdate, type ChangedBy, type Filter, type RequestDoc } from './store';

export interface TransitionOptions {
  /** A further condition on the request as it is when the change lands (the status is always checked). */
  when?: (doc: RequestDoc) => boolean;
  /** What the transition sets besides the status, possibly computed from the request as it is then. */
  set: Filter | ((doc: RequestDoc) => Filter);
  by: ChangedBy;
  now?: Date;
  /**
   * The calendar part of the change, decided from the request as it is when the change lands: who has the
   * session in their calendar afterwards, with the sequence moved by one; null when no invitation is sent.
   */
  calendar?: (doc: RequestDoc) => CalendarUpdate | null;
}

/**
 * Applies one transition of the state machine (state-machine.ts): only from its `from` statuses, only
 * while `when` holds, as one versioned change of the request (requests.change), so exactly once however
 * many callers race. The request as changed, or null when the transition no longer applies.
 */
export function transition(id: Types.ObjectId, name: Transition, options: TransitionOptions): Promise<RequestDoc | null> {
  return requests.change(id, name, (doc) => {
    if (!canApply(name, doc.status) || !(options.when?.(doc) ?? true)) return null;
    const set = typeof options.set === 'function' ? options.set(doc) : options.set;
    const calendar = options.calendar?.(doc) ?? null;
    // Taken, cancelled or reopened, a request is no longer uncovered; given up, it stays escalated.
    const cleared = name === 'giveUp' ? {} : { uncovered: false };
    // A transition may write patient text again (a reason): the request becomes erasable again.
    return { $set: { ...cleared, ...set, ...calendar?.$set, status: TRANSITIONS[name].to, ...ERASABLE_AGAIN }, ...(calendar ? { $inc: calendar.$inc } : {}) };
  }, options.by, options.now ?? new Date());
}
