import { jobs, type JobDoc, type Lane } from './jobs-store';
import { Poller } from './poller';

// Offer expiry, dispatch waves, deadlines and reminders are rows in the database, not timers in memory:
// they survive a restart, and a lease lets several processes share them with each job run once. Each
// lane has its own runner, so an immediate request is never queued behind the backlog of booked work.

export type { Lane } from './jobs-store';
export type JobHandler = (payload: never) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface ScheduleOptions {
  /** Unique: the same key scheduled again while its row exists (a retried use-case) is a no-op. */
  key: string;
  /** What the job is about (a request id), for cancelJobs and exports. */
  subject?: string;
  lane?: Lane;
}

const scheduled = new Set<(lane: Lane, at: Date) => void>();

/** Plans `kind` at `at`; false when a job with the same key already exists. */
export async function scheduleJob(kind: string, at: Date, payload: object, options: ScheduleOptions, now = new Date()): Promise<boolean> {
  const lane = options.lane ?? 'default';
  const created = await jobs.insertOnce({ kind, key: options.key, subject: options.subject ?? null, lane, runAt: at, payload, createdAt: now });
  if (created) for (const listener of scheduled) listener(lane, at);
  return created;
}

/** Plans several jobs in one write (each key once); a job whose key exists already is left as it is. */
export async function scheduleJobs(planned: Array<{ kind: string; at: Date; payload: object; options: ScheduleOptions }>, now = new Date()): Promise<void> {
  await jobs.insertMany(planned.map(({ kind, at, payload, options }) => ({ kind, key: options.key, subject: options.subject ?? null, lane: options.lane ?? 'default', runAt: at, payload, createdAt: now })));
  for (const { at, options } of planned) for (const listener of scheduled) listener(options.lane ?? 'default', at);
}

/**
 * Plans `kind` at `at`, or brings the job with that key forward to `at` if it is planned for later
 * (a wave due in an hour runs now once every offer of the current one was declined).
 */
export async function scheduleOrAdvanceJob(kind: string, at: Date, payload: object, options: ScheduleOptions, now = new Date()): Promise<void> {
  if (await scheduleJob(kind, at, payload, options, now)) return;
  if (await jobs.advance(options.key, at)) for (const listener of scheduled) listener(options.lane ?? 'default', at);
}

/** Cancels the pending jobs of these kinds about the subject (a request assigned, cancelled, reopened). */
export const cancelJobs = (subject: string, kinds: readonly string[]) => jobs.cancel(subject, kinds);

/** The jobs still to run, or given up, about a subject (a request id); done jobs are gone. */
export const jobsAbout = (subject: string) => jobs.about(subject);

/** Jobs that gave up, older than 30 days. */
export const purgeOldJobs = (now = new Date()) => jobs.purgeFailedBefore(new Date(now.getTime() - 30 * 24 * 3600_000));

export interface JobRunnerOptions {
  /** Who holds the lease: host and pid, so that a log says which process ran what. */
  owner: string;
  lane?: Lane;
  pollMs?: number;
  /** Jobs run at the same time by this runner. */
  concurrency?: number;
  /** A handler running longer than this is presumed dead and its job is run again elsewhere. */
  leaseMs?: number;
  maxAttempts?: number;
  now?: () => Date;
  onError?: (error: unknown, job: { kind: string; key: string; attempts: number }) => void;
}

/**
 * How long a worker holds a row it took (a job, a mail) before another process may take it over: longer
 * than any step takes (a wave, an SMTP exchange), short enough that a killed worker's row waits a minute.
 */
export const LEASE_MS = 60_000;

/** Polls one lane for due jobs and runs them; handlers must be idempotent (a crash re-runs them). */
export class JobRunner {
  private readonly poller: Poller;
  private stopRequested = false;
  private readonly lane: Lane;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  private readonly onScheduled = (lane: Lane, at: Date) => {
    if (lane === this.lane && at.getTime() <= this.now().getTime()) this.poller.wake();
  };

  constructor(
    private readonly handlers: JobHandlers,
    private readonly options: JobRunnerOptions,
  ) {
    this.lane = options.lane ?? 'default';
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.now = options.now ?? (() => new Date());
    this.poller = new Poller(() => this.runDue(), { everyMs: this.pollMs, onError: (error) => this.options.onError?.(error, { kind: 'poll', key: '', attempts: 0 }) });
  }

  start(): void {
    this.stopRequested = false;
    scheduled.add(this.onScheduled);
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    scheduled.delete(this.onScheduled);
    await this.poller.stop();
  }

  /** Runs every job of the lane due now, including those the run itself makes due; returns how many ran. */
  async runDue(): Promise<number> {
    let count = 0;
    const worker = async () => {
      while (!this.stopRequested) {
        const job = await jobs.claim(this.options.owner, this.lane, this.now(), this.leaseMs);
        if (!job) return;
        count += 1;
        await this.run(job);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 1 }, worker));
    return count;
  }

  private async run(job: JobDoc): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload as never);
      await jobs.finish(job);
    } catch (error) {
      this.options.onError?.(error, job);
      const giveUp = job.attempts >= this.maxAttempts;
      const backoffMs = Math.min(15 * 60_000, 5_000 * 2 ** (job.attempts - 1));
      const message = error instanceof Error ? error.message : String(error);
      await jobs.retryLater(job, new Date(this.now().getTime() + backoffMs), message, giveUp);
    }
  }

  /** Polls at once (a job of this lane was just planned for now), or right after the poll under way. */
  wake(): void {
    this.poller.wake();
  }
}
