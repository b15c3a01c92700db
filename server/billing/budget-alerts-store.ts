import mongoose, { Schema } from 'mongoose';
import { insertOnce } from '../platform/writes';

// Which budget thresholds were passed, as small documents: one per year and structure (or the region)
// with the highest threshold passed and the auditors' summary that listed it, and one per year
// numbering those summaries, leased by the check writing one. Every decision is one conditional
// update, so concurrent checks (two processes, a completed session during the periodic check) never
// announce a threshold twice. The only file that touches these models.

export const REGION = 'region';

export interface CrossingDoc {
  _id: string;
  year: number;
  /** A structure id, or REGION for the envelope. */
  subject: string;
  name: string;
  threshold: number;
  /** What was consumed, and the allocation (or envelope), when the threshold was passed. */
  consumedCents: number;
  limitCents: number;
  /** Waiting for the auditors' next summary. */
  pending: boolean;
  /** The number of the auditors' summary that listed it; null for one never announced (seeded history). */
  summary: number | null;
}

export type Crossing = Pick<CrossingDoc, 'subject' | 'name' | 'threshold' | 'consumedCents' | 'limitCents'>;

interface SummaryDoc {
  _id: number;
  /** Summaries begun so far: the last one's number. */
  summaries: number;
  /** Set while a check writes summary `summaries`; a lease past its time is a check that died. */
  leaseUntil: Date | null;
}

const crossingSchema = new Schema<CrossingDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    subject: { type: String, required: true },
    name: { type: String, required: true },
    threshold: { type: Number, required: true },
    consumedCents: { type: Number, required: true },
    limitCents: { type: Number, required: true },
    pending: { type: Boolean, required: true },
    summary: { type: Number, default: null },
  },
  { versionKey: false },
);
crossingSchema.index({ year: 1, pending: 1 });
crossingSchema.index({ year: 1, summary: 1 });

const summarySchema = new Schema<SummaryDoc>(
  {
    _id: { type: Number, required: true },
    summaries: { type: Number, required: true },
    leaseUntil: { type: Date, default: null },
  },
  { versionKey: false },
);

const CrossingModel = mongoose.model<CrossingDoc>('BudgetCrossing', crossingSchema, 'budget_crossings');
const SummaryModel = mongoose.model<SummaryDoc>('BudgetSummary', summarySchema, 'budget_summaries');

export const budgetAlerts = {
  /** The highest threshold passed so far by each subject of the year. */
  async passed(year: number): Promise<Map<string, number>> {
    const docs = await CrossingModel.find({ year }).select({ subject: 1, threshold: 1 }).lean<Array<Pick<CrossingDoc, 'subject' | 'threshold'>>>();
    return new Map(docs.map((doc) => [doc.subject, doc.threshold]));
  },
  /**
   * Records that the subject passed `crossing.threshold`, if it had not passed it yet; true for the one
   * caller that recorded it. `announce` false records it as already known (seeded history).
   */
  async raise(year: number, crossing: Crossing, announce: boolean): Promise<boolean> {
    const _id = `${year}:${crossing.subject}`;
    const state = { ...crossing, pending: announce, summary: null };
    if (await insertOnce(CrossingModel, { _id, year, ...state })) return true;
    const raised = await CrossingModel.updateOne({ _id, threshold: { $lt: crossing.threshold } }, { $set: state });
    return raised.modifiedCount === 1;
  },
  /**
   * Takes the writing of the year's next summary: its number, and the number of a summary whose writer
   * died before finishing (to finish first); null while another check writes one.
   */
  async takeSummary(year: number, now: Date, leaseMs: number): Promise<{ number: number; unfinished: number | null } | null> {
    await insertOnce(SummaryModel, { _id: year, summaries: 0, leaseUntil: null });
    const before = await SummaryModel.findOneAndUpdate(
      { _id: year, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { $inc: { summaries: 1 }, $set: { leaseUntil: new Date(now.getTime() + leaseMs) } },
      { new: false },
    ).lean<SummaryDoc>();
    if (!before) return null;
    return { number: before.summaries + 1, unfinished: before.leaseUntil ? before.summaries : null };
  },
  /** Lists every crossing still waiting in summary `number`; returns what that summary lists. */
  async fill(year: number, number: number): Promise<CrossingDoc[]> {
    await CrossingModel.updateMany({ year, pending: true }, { $set: { pending: false, summary: number } });
    return this.listedIn(year, number);
  },
  listedIn: (year: number, number: number) => CrossingModel.find({ year, summary: number }).lean<CrossingDoc[]>(),
  /** Ends the writing of summary `number`, unless a later check took it over. */
  release: (year: number, number: number) => SummaryModel.updateOne({ _id: year, summaries: number }, { $set: { leaseUntil: null } }),
  hasPending: async (year: number) => (await CrossingModel.exists({ year, pending: true })) !== null,
};
