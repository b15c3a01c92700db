import mongoose, { Schema, type Types } from 'mongoose';
import { claim, ClaimModel, insertOnce, jitter } from './claims';

// Durable timers: one row per thing to do later. A row is claimed by one worker at a time through a
// lease, so several server processes can poll the same collection and each job still runs once.
const jobSchema = new Schema({
  kind: { type: String, required: true },
  key: { type: String, required: true },
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
jobSchema.index({ status: 1, runAt: 1 });

export const JobModel = mongoose.model('Job', jobSchema);

export interface JobDoc {
  _id: Types.ObjectId;
  kind: string;
  key: string;
  runAt: Date;
  payload: unknown;
  status: 'pending' | 'running' | 'failed';
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const jobs = {
  /** Inserts the job unless one with the same key exists; true when this call created it. */
  insertOnce: (row: { kind: string; key: string; runAt: Date; payload: unknown; createdAt: Date }) => insertOnce(JobModel, row),
  /**
   * Claims the earliest due job, or one whose worker died holding it: the attempt number is claimed in
   * the unique-indexed claims collection, so two workers never both take the same attempt.
   */
  async claim(owner: string, now: Date, leaseMs: number): Promise<JobDoc | null> {
    const due = { $or: [{ status: 'pending', runAt: { $lte: now } }, { status: 'running', leaseUntil: { $lt: now } }] };
    for (let round = 0; round < 20; round += 1) {
      const candidates = await JobModel.find(due).sort({ runAt: 1 }).limit(10).lean<JobDoc[]>();
      if (candidates.length === 0) return null;
      for (const job of candidates) {
        const attempt = job.attempts + 1;
        if (!(await claim('job', job._id.toString(), attempt, { owner }, now))) continue;
        const leaseUntil = new Date(now.getTime() + leaseMs);
        await JobModel.updateOne({ _id: job._id }, { $set: { status: 'running', leaseOwner: owner, leaseUntil, attempts: attempt } });
        return { ...job, status: 'running', leaseOwner: owner, leaseUntil, attempts: attempt };
      }
      await jitter(round);
    }
    return null;
  },
  /**
   * A job done is deleted: FerretDB scans the whole collection for due jobs, so it holds only what is
   * still to do. Handlers are idempotent, so a step scheduled again after its row is gone changes nothing.
   */
  finish: (id: Types.ObjectId) => JobModel.deleteOne({ _id: id }),
  retryLater: (id: Types.ObjectId, owner: string, runAt: Date, error: string, giveUp: boolean) =>
    JobModel.updateOne(
      { _id: id, status: 'running', leaseOwner: owner },
      { $set: { status: giveUp ? 'failed' : 'pending', runAt, lastError: error.slice(0, 500), leaseUntil: null } },
    ),
  /** The jobs, pending or given up, whose key contains the text (a scan: the collection holds only those). */
  findByKeyContaining: (text: string) => JobModel.find({ key: { $regex: escapeRegex(text) } }).sort({ runAt: 1 }).lean<(JobDoc & { createdAt: Date })[]>(),
  /** The keys of the jobs still to run whose key starts with the prefix (one scan). */
  pendingKeysStartingWith: async (prefix: string) =>
    (await JobModel.find({ key: { $regex: `^${escapeRegex(prefix)}` }, status: { $in: ['pending', 'running'] } }, { key: 1 }).lean<{ key: string }[]>()).map((j) => j.key),
  cancelByKeyPrefix: async (prefix: string) =>
    (await JobModel.deleteMany({ key: { $regex: `^${escapeRegex(prefix)}` }, status: 'pending' })).deletedCount,
  /** Jobs that gave up, and the claims attempts left, are of no use after a while. */
  async purgeFinishedBefore(cutoff: Date): Promise<number> {
    const jobsGone = await JobModel.deleteMany({ status: 'failed', runAt: { $lt: cutoff } });
    const claimsGone = await ClaimModel.deleteMany({ scope: 'job', at: { $lt: cutoff } });
    return jobsGone.deletedCount + claimsGone.deletedCount;
  },
};
