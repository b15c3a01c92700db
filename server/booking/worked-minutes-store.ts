import { DateTime } from 'luxon';
import { bookedMinutes } from '../../shared/exchange';
import mongoose, { Schema, type Types } from 'mongoose';
import { insertOnce } from '../platform/writes';

// The minutes of sessions each interpreter holds, per Paris month of the sessions' starts: what ranking's
// fairness weighs, kept as requests change (MongoDB's computed pattern) instead of summed from a month of
// requests on every wave. One small document per interpreter and month: its total, and the ids of the
// last changes applied to it. Each versioned change of a request moves its minutes by a difference
// (differences add up in any order); the change's id, checked and recorded in the same update as the
// $inc, makes a retried or repeated difference a no-op.

const workedMinutesSchema = new Schema(
  {
    _id: { type: String, required: true },
    interpreterId: { type: Schema.Types.ObjectId, required: true },
    /** 'YYYY-MM', Paris time. */
    month: { type: String, required: true },
    minutes: { type: Number, required: true },
    /** The last changes applied, oldest first (at most APPLIED_KEPT): what makes applying one again a no-op. */
    applied: { type: [String], required: true },
  },
  { versionKey: false },
);
workedMinutesSchema.index({ interpreterId: 1, month: 1 });
export const WorkedMinutesModel = mongoose.model('WorkedMinutes', workedMinutesSchema, 'worked_minutes');

/** A retry comes back within seconds; this many later changes of the same interpreter's month is far more. */
const APPLIED_KEPT = 32;

/** What a request as stored says it adds to an interpreter's month: an assigned or completed session. */
interface RequestFacts {
  _id: Types.ObjectId;
  version: number;
  status: string;
  interpreterId?: Types.ObjectId | null;
  start: Date;
  durationMinutes: number;
  briefingMinutes?: number | null;
  debriefingMinutes?: number | null;
}

export const monthOf = (date: Date) => DateTime.fromJSDate(date, { zone: 'Europe/Paris' }).toFormat('yyyy-MM');
const counts = (doc: RequestFacts) => Boolean(doc.interpreterId) && (doc.status === 'assigned' || doc.status === 'completed');
const keyOf = (interpreterId: Types.ObjectId, month: string) => `${interpreterId.toString()}:${month}`;

/** Adds `minutes` (negative to take away) to an interpreter's month, once for the change `changeId`. */
async function add(interpreterId: Types.ObjectId, month: string, changeId: string, minutes: number): Promise<void> {
  const _id = keyOf(interpreterId, month);
  for (let round = 0; round < 2; round += 1) {
    const updated = await WorkedMinutesModel.findOneAndUpdate(
      { _id, applied: { $ne: changeId } },
      { $inc: { minutes }, $push: { applied: changeId } },
      { new: true },
    ).lean<{ applied: string[] }>();
    if (updated) {
      // Kept short by dropping the oldest: each change adds one id and drops at most one.
      if (updated.applied.length > APPLIED_KEPT) await WorkedMinutesModel.updateOne({ _id }, { $pop: { applied: -1 } });
      return;
    }
    if (await WorkedMinutesModel.exists({ _id })) return; // applied already
    await insertOnce(WorkedMinutesModel, { _id, interpreterId, month, minutes: 0, applied: [] });
  }
}

export const workedMinutes = {
  /**
   * Follows one versioned change of a request: its minutes leave the month (and interpreter) it counted
   * in before and land where it counts now. `before` is the request as the change read it.
   */
  async follow(before: RequestFacts, after: RequestFacts): Promise<void> {
    const was = counts(before) ? { interpreterId: before.interpreterId!, month: monthOf(before.start), minutes: bookedMinutes(before) } : undefined;
    const now = counts(after) ? { interpreterId: after.interpreterId!, month: monthOf(after.start), minutes: bookedMinutes(after) } : undefined;
    const sameMonth = Boolean(was && now && now.interpreterId.equals(was.interpreterId) && now.month === was.month);
    const changeId = `${after._id.toString()}:v${after.version}`;
    if (sameMonth) {
      // Completed, reconfirmed, annotated: counted the same; a new duration moves the total by the difference.
      if (now!.minutes !== was!.minutes) await add(now!.interpreterId, now!.month, changeId, now!.minutes - was!.minutes);
      return;
    }
    if (was) await add(was.interpreterId, was.month, `${changeId}:out`, -was.minutes);
    if (now) await add(now.interpreterId, now.month, `${changeId}:in`, now.minutes);
  },
  /** Requests written whole (history, imports): their minutes, one update per interpreter and month. */
  async followInserted(docs: readonly RequestFacts[], changeId: string): Promise<void> {
    const byMonth = new Map<string, { interpreterId: Types.ObjectId; month: string; minutes: number }>();
    for (const doc of docs) {
      if (!counts(doc)) continue;
      const month = monthOf(doc.start);
      const key = keyOf(doc.interpreterId!, month);
      const group = byMonth.get(key) ?? byMonth.set(key, { interpreterId: doc.interpreterId!, month, minutes: 0 }).get(key)!;
      group.minutes += bookedMinutes(doc);
    }
    for (const { interpreterId, month, minutes } of byMonth.values()) await add(interpreterId, month, changeId, minutes);
  },
  any: async () => (await WorkedMinutesModel.exists({})) !== null,
  /** Minutes per interpreter in sessions starting from the Paris month of `since` on (later months included). */
  async since(interpreterIds: readonly Types.ObjectId[], since: Date): Promise<Map<string, number>> {
    if (interpreterIds.length === 0) return new Map();
    const docs = await WorkedMinutesModel.find({ interpreterId: { $in: interpreterIds }, month: { $gte: monthOf(since) } }, { interpreterId: 1, minutes: 1 })
      .lean<Array<{ interpreterId: Types.ObjectId; minutes: number }>>();
    const total = new Map<string, number>();
    for (const doc of docs) total.set(doc.interpreterId.toString(), (total.get(doc.interpreterId.toString()) ?? 0) + doc.minutes);
    return total;
  },
};
