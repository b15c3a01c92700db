import mongoose, { Schema, type Types } from 'mongoose';
import { insertManyOnce, insertOnce } from './writes';

// Durable timers: one row per thing to do later. A worker takes a due row with one conditional
// findOneAndUpdate (pending -> running, with a lease), so several server processes can poll the same
// collection and each job still runs once; a worker that dies leaves its row to be taken again when
// the lease ends. Every poll is one indexed query, whatever the number of jobs planned for later.

export const LANES = ['immediate', 'default'] as const;
/** "immediate": a patient is in the room (a "now" request); it never waits behind booked work. */
export type Lane = (typeof LANES)[number];

const jobSchema = new Schema({
  kind: { type: String, required: true },
  key: { type: String, required: true },
  /** What the job is about (a request id): cancelling and exporting a request's jobs look it up. */
  subject: { type: String, default: null },
  lane: { type: String, required: true, enum: LANES, default: 'default' },
  runAt: { type: Date, required: true },
  payload: { type: Schema.Types.Mixed, required: true },
  status: { type: String, required: true, enum: ['pending', 'running', 'failed'], default: 'pending' },
  attempts: { type: Number, required: true, default: 0 },
  leaseOwner: { type: String, default: null },
  leaseUntil: { type: Date, default: null },
  lastError: { type: String, default: null },
  createdAt: { type: Date, required: true },
});
// The key makes scheduling idempotent: scheduling the same step twice keeps the first row.
jobSchema.index({ key: 1 }, { unique: true });
jobSchema.index({ status: 1, lane: 1, runAt: 1 });
jobSchema.index({ status: 1, lane: 1, leaseUntil: 1 });
jobSchema.index({ subject: 1, status: 1 });

export const JobModel = mongoose.model('Job', jobSchema);

export interface JobDoc {
  _id: Types.ObjectId;
  kind: string;
  key: string;
  subject: string | null;
  lane: Lane;
  runAt: Date;
  payload: unknown;
  status: 'pending' | 'running' | 'failed';
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export type NewJob = Pick<JobDoc, 'kind' | 'key' | 'subject' | 'lane' | 'runAt' | 'payload' | 'createdAt'>;

export const jobs = {
  /** Inserts the job unless one with the same key exists; true when this call created it. */
  insertOnce: (row: NewJob) => insertOnce(JobModel, row),
  /** Inserts jobs in one write; a job whose key exists already is skipped. */
  insertMany: (rows: NewJob[]) => insertManyOnce<JobDoc>(JobModel, rows),
  /** Takes the earliest due job of the lane, or one whose worker died holding it, for leaseMs. */
  async claim(owner: string, lane: Lane, now: Date, leaseMs: number): Promise<JobDoc | null> {
    const take = { $set: { status: 'running', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } };
    return (
      (await JobModel.findOneAndUpdate({ status: 'pending', lane, runAt: { $lte: now } }, take, { sort: { runAt: 1 }, new: true }).lean<JobDoc>()) ??
      (await JobModel.findOneAndUpdate({ status: 'running', lane, leaseUntil: { $lt: now } }, take, { sort: { leaseUntil: 1 }, new: true }).lean<JobDoc>())
    );
  },
  /** A job done is deleted; only the attempt that holds it may (a lease taken over by another is theirs). */
  finish: (job: JobDoc) => JobModel.deleteOne({ _id: job._id, status: 'running', attempts: job.attempts }),
  retryLater: (job: JobDoc, runAt: Date, error: string, giveUp: boolean) =>
    JobModel.updateOne(
      { _id: job._id, status: 'running', attempts: job.attempts },
      { $set: { status: giveUp ? 'failed' : 'pending', runAt, lastError: error.slice(0, 500), leaseOwner: null, leaseUntil: null } },
    ),
  /** Brings a pending job forward to `at` (never later); true when it moved. */
  advance: async (key: string, at: Date) => (await JobModel.updateOne({ key, status: 'pending', runAt: { $gt: at } }, { $set: { runAt: at } })).modifiedCount === 1,
  /** The jobs about a subject still to run, or given up; done jobs are gone. */
  about: (subject: string) => JobModel.find({ subject }).sort({ runAt: 1 }).lean<JobDoc[]>(),
  /** Deletes the pending jobs of these kinds about the subject. */
  cancel: async (subject: string, kinds: readonly string[]) =>
    (await JobModel.deleteMany({ subject, status: 'pending', kind: { $in: kinds } })).deletedCount,
  /** Jobs that gave up are of no use after a while. */
  purgeFailedBefore: async (cutoff: Date) => (await JobModel.deleteMany({ status: 'failed', runAt: { $lt: cutoff } })).deletedCount,
};
