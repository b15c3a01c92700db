import { JobRunner, purgeOldJobs, type JobHandlers } from '../../server/platform/jobs';
import { LANES } from '../../server/platform/jobs-store';

/** Handlers that take any job and do nothing with it. */
const ANY_JOB_DONE = new Proxy({}, { get: () => async () => undefined }) as JobHandlers;

/**
 * Leaves no job for a runner to claim: whatever earlier tests left pending or held is run, on both
 * lanes, at a time past every lease and backoff, by handlers that do nothing (a job done leaves the
 * queue); jobs given up are purged as old.
 */
export async function drainJobs() {
  const farFuture = new Date(Date.now() + 365 * 86_400_000);
  await Promise.all(LANES.map((lane) => new JobRunner(ANY_JOB_DONE, { owner: 'drain', lane, now: () => farFuture }).runDue()));
  await purgeOldJobs(new Date(farFuture.getTime() + 31 * 86_400_000));
}
