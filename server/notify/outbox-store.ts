import mongoose, { Schema, type Types } from 'mongoose';
import { claim, ClaimModel, findClaim, insertOnce } from '../platform/claims';

// Mail waiting to leave, one row per mail; the unique dedupe key makes enqueueing idempotent.
// FerretDB v1 runs findOneAndUpdate as a read then a separate write, so two workers can both "claim"
// the same row. A sender wins a mail by claiming (mail id, generation) in the platform's claims
// collection (a unique _id), and `claims` (the generation counter) is bumped by the winner, so every
// claim of a mail is its own row and only one worker wins each.
const icsSchema = new Schema(
  { filename: { type: String, required: true }, content: { type: String, required: true }, method: { type: String, required: true } },
  { _id: false },
);
const mailSchema = new Schema({
  dedupeKey: { type: String, required: true },
  to: { type: [String], required: true },
  subject: { type: String, required: true },
  text: { type: String, required: true },
  ics: { type: icsSchema, default: null },
  status: { type: String, required: true, enum: ['pending', 'sending', 'sent', 'failed'], default: 'pending' },
  claims: { type: Number, required: true, default: 0 },
  attempts: { type: Number, required: true, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  leaseOwner: { type: String, default: null },
  leaseUntil: { type: Date, default: null },
  lastError: { type: String, default: null },
  firstFailedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
  sentAt: { type: Date, default: null },
});
mailSchema.index({ dedupeKey: 1 }, { unique: true });
mailSchema.index({ status: 1, nextAttemptAt: 1 });

export const OutboxModel = mongoose.model('OutboxMail', mailSchema, 'outbox');
/** Claims of a mail's generations live in the platform's claims collection under this scope. */
export const MAIL_CLAIMS = 'mail';

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';
export interface OutboxDoc {
  _id: Types.ObjectId;
  dedupeKey: string;
  to: string[];
  subject: string;
  text: string;
  ics: { filename: string; content: string; method: string } | null;
  status: MailStatus;
  claims: number;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  firstFailedAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

const dueFilter = (now: Date) => ({
  $or: [
    { status: 'pending', nextAttemptAt: { $lte: now } },
    { status: 'sending', leaseUntil: { $lt: now } },
  ],
});

/** Claims this generation of the mail: won by the one worker whose claim lands. */
async function lock(mail: OutboxDoc, owner: string, now: Date, leaseMs: number): Promise<'won' | 'lost' | 'moved'> {
  if (await claim(MAIL_CLAIMS, mail._id.toString(), mail.claims, { owner }, now)) return 'won';
  // A winner that died between its claim and its update would pin the mail: after a lease, move past it.
  const held = await findClaim(MAIL_CLAIMS, mail._id.toString(), mail.claims);
  if (!held || held.at.getTime() + leaseMs >= now.getTime()) return 'lost';
  await OutboxModel.updateOne({ _id: mail._id, claims: mail.claims }, { $inc: { claims: 1 } });
  return 'moved';
}

export const outbox = {
  /** Inserts the mail unless one with the same dedupe key exists; true when this call created it. */
  insertOnce: (row: Pick<OutboxDoc, 'dedupeKey' | 'to' | 'subject' | 'text' | 'ics' | 'createdAt' | 'nextAttemptAt'>) => insertOnce(OutboxModel, row),
  /** The mails whose dedupe key contains one of the texts (a scan of the outbox: for an export). */
  findByKeyContaining: (texts: string[]) =>
    OutboxModel.find({ dedupeKey: { $regex: texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') } }).sort({ createdAt: 1 }).lean<OutboxDoc[]>(),
  /** Claims one due mail (or one whose sender died holding it) for leaseMs; null when none is left. */
  async claim(owner: string, now: Date, leaseMs: number): Promise<OutboxDoc | null> {
    const lost: Types.ObjectId[] = [];
    for (;;) {
      const due = await OutboxModel.find({ ...dueFilter(now), _id: { $nin: lost } })
        .sort({ nextAttemptAt: 1 })
        .limit(10)
        .lean<OutboxDoc[]>();
      if (due.length === 0) return null;
      for (const mail of due) {
        const outcome = await lock(mail, owner, now, leaseMs);
        if (outcome === 'moved') continue; // the next query sees it again, one generation on
        const claimed =
          outcome === 'won' &&
          (await OutboxModel.findOneAndUpdate(
            { _id: mail._id, claims: mail.claims, status: { $in: ['pending', 'sending'] } },
            { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { claims: 1 } },
            { new: true },
          ).lean<OutboxDoc>());
        if (claimed) return claimed;
        lost.push(mail._id);
      }
    }
  },
  /** Only the current claim may close a mail: a sender whose lease was taken over changes nothing. */
  markSent: async (mail: OutboxDoc, now: Date) =>
    (
      await OutboxModel.updateOne(
        { _id: mail._id, claims: mail.claims, status: 'sending' },
        { $set: { status: 'sent', sentAt: now, leaseUntil: null } },
      )
    ).modifiedCount === 1,
  retryLater: (mail: OutboxDoc, next: Pick<OutboxDoc, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'firstFailedAt'>) =>
    OutboxModel.updateOne({ _id: mail._id, claims: mail.claims, status: 'sending' }, { $set: { ...next, leaseUntil: null } }),
  /** Sent mail is kept a while so that a late retry of the same use-case still finds its dedupe key. */
  purge: async (sentBefore: Date, claimsBefore: Date) => {
    const mails = await OutboxModel.deleteMany({ status: 'sent', sentAt: { $lt: sentBefore } });
    const claims = await ClaimModel.deleteMany({ scope: MAIL_CLAIMS, at: { $lt: claimsBefore } });
    return mails.deletedCount + claims.deletedCount;
  },
};
