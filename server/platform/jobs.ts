import { jobs } from './jobs-store';

// Offer expiry, dispatch waves, deadlines and reminders are rows in the database, not timers in memory:
// they survive a restart, and a lease lets several processes share them with each job run once.

export type JobHandler = (payload: never) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** Plans `kind` at `at`; the same key scheduled again while still pending (a retried use-case) is a no-op. */
export async function scheduleJob(kind: string, at: Date, payload: object, options: { key: string }, now = new Date()): Promise<boolean> {
  return jobs.insertOnce({ kind, key: options.key, runAt: at, payload, createdAt: now });
}

/** Cancels the pending jobs whose key starts with the prefix (a request assigned, cancelled, reopened). */
export async function cancelJobs(filter: { keyPrefix: string }): Promise<number> {
  return jobs.cancelByKeyPrefix(filter.keyPrefix);
}

/** Keys of the jobs still to run (pending or running) that start with the prefix. */
export const pendingJobKeys = (prefix: string) => jobs.pendingKeysStartingWith(prefix);

/** The jobs still to run, or given up, whose key names the object (a request id, say); done jobs are gone. */
export const jobsAbout = (id: string) => jobs.findByKeyContaining(id);

/** Jobs that gave up, and the claims of job attempts, older than 30 days. */
export const purgeOldJobs = (now = new Date()) => jobs.purgeFinishedBefore(new Date(now.getTime() - 30 * 24 * 3600_000));

export interface JobRunnerOptions {
  /** Who holds the lease: host and pid, so that a log says which process ran what. */
  owner: string;
  pollMs?: number;
  /** A handler running longer than this is presumed dead and its job is run again elsewhere. */
  leaseMs?: number;
  maxAttempts?: number;
  now?: () => Date;
  onError?: (error: unknown, job: { kind: string; key: string; attempts: number }) => void;
}

/** Polls for due jobs and runs them one at a time; handlers must be idempotent (a crash re-runs them). */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private stopRequested = false;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly options: JobRunnerOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.stopRequested = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopRequested = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs every job due now, including those the run itself makes due; returns how many ran. */
  async runDue(): Promise<number> {
    let count = 0;
    for (;;) {
      const job = await jobs.claim(this.options.owner, this.now(), this.leaseMs);
      if (!job) return count;
      count += 1;
      const handler = this.handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job.payload as never);
        await jobs.finish(job._id);
      } catch (error) {
        this.options.onError?.(error, job);
        const giveUp = job.attempts >= this.maxAttempts;
        const backoffMs = Math.min(15 * 60_000, 5_000 * 2 ** (job.attempts - 1));
        const message = error instanceof Error ? error.message : String(error);
        await jobs.retryLater(job._id, this.options.owner, new Date(this.now().getTime() + backoffMs), message, giveUp);
      }
      if (this.stopRequested) return count;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error: unknown) => this.options.onError?.(error, { kind: 'poll', key: '', attempts: 0 }))
        .finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }
}
