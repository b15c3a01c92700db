import { scheduleJob } from '../platform/jobs';

/**
 * The durable job planned after an interpreter's profile changed (availability, absences, departments,
 * languages, reactivation), payload `{ interpreterId }`: whoever can act on it (booking offers them the
 * requests nobody could take) handles this kind; the directory knows nothing of requests.
 */
export const PROFILE_CHANGED_JOB = 'directory.interpreterChanged';

/** Plans PROFILE_CHANGED_JOB for the interpreter (a profile written, interpreters imported and activated, an invitation accepted). */
export const announceProfileChanged = (interpreterId: string, now: Date) =>
  scheduleJob(PROFILE_CHANGED_JOB, now, { interpreterId }, { key: `${PROFILE_CHANGED_JOB}:${interpreterId}:${now.getTime()}`, subject: interpreterId }, now);
