import mongoose, { Schema, type Types } from 'mongoose';
import { insertManyOnce, insertOnce } from '../platform/writes';
import type { CalendarInvite } from './ics';

// Mail waiting to leave, one row per mail; the unique dedupe key makes enqueueing idempotent. A sender
// takes a due mail with one conditional findOneAndUpdate (pending -> sending, with a lease) and bumps
// `claims`, the mail's generation: only the sender holding the current generation may close it.
// A calendar invitation is kept as data and written when the mail leaves (see OutboxSender).
const calendarSchema = new Schema(
  {
    method: { type: String, required: true, enum: ['REQUEST', 'CANCEL'] },
    uid: { type: String, required: true },
    sequence: { type: Number, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    summary: { type: String, required: true },
    description: { type: String },
    location: { type: String },
    attendee: { type: new Schema({ email: { type: String, required: true }, name: { type: String } }, { _id: false }), required: true },
  },
  { _id: false },
);
/** A ready-made .ics, as rows queued before invitations were written at sending hold it. */
const icsSchema = new Schema(
  { filename: { type: String, required: true }, content: { type: String, required: true }, method: { type: String, required: true } },
  { _id: false },
);
const mailSchema = new Schema({
  dedupeKey: { type: String, required: true },
  /** The request the mail is about, for the request's export. */
  requestId: { type: String, default: null },
  to: { type: [String], required: true },
  subject: { type: String, required: true },
  text: { type: String, required: true },
  calendar: { type: calendarSchema, default: null },
  ics: { type: icsSchema, default: null },
  secret: { type: Boolean, default: false },
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
mailSchema.index({ status: 1, leaseUntil: 1 });
mailSchema.index({ requestId: 1 });
mailSchema.index({ status: 1, sentAt: 1 });

const SECRET_SENT = '(texte effacé après l’envoi : il contenait un lien à usage unique)';

export const OutboxModel = mongoose.model('OutboxMail', mailSchema, 'outbox');

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';
export interface OutboxDoc {
  _id: Types.ObjectId;
  dedupeKey: string;
  requestId: string | null;
  to: string[];
  subject: string;
  text: string;
  calendar: CalendarInvite | null;
  ics: { filename: string; content: string; method: string } | null;
  secret: boolean;
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

type NewMail = Pick<OutboxDoc, 'dedupeKey' | 'requestId' | 'to' | 'subject' | 'text' | 'calendar' | 'ics' | 'secret' | 'createdAt' | 'nextAttemptAt'>;

export const outbox = {
  /** Inserts the mail unless one with the same dedupe key exists; true when this call created it. */
  insertOnce: (row: NewMail) => insertOnce(OutboxModel, row),
  /** The same for several mails in one write; those whose dedupe key exists are left as they are. */
  insertManyOnce: (rows: readonly NewMail[]) => insertManyOnce<OutboxDoc>(OutboxModel, rows),
  /** The mails about a request, oldest first. */
  about: (requestId: string) => OutboxModel.find({ requestId }).sort({ createdAt: 1 }).lean<OutboxDoc[]>(),
  /** Takes the earliest due mail, or one whose sender died holding it, for leaseMs; null when none is left. */
  async claim(owner: string, now: Date, leaseMs: number): Promise<OutboxDoc | null> {
    const take = { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { claims: 1 } };
    return (
      (await OutboxModel.findOneAndUpdate({ status: 'pending', nextAttemptAt: { $lte: now } }, take, { sort: { nextAttemptAt: 1 }, new: true }).lean<OutboxDoc>()) ??
      (await OutboxModel.findOneAndUpdate({ status: 'sending', leaseUntil: { $lt: now } }, take, { sort: { leaseUntil: 1 }, new: true }).lean<OutboxDoc>())
    );
  },
  /**
   * Only the current claim may close a mail: a sender whose lease was taken over changes nothing. A
   * secret mail's text (a one-time link) is blanked: the database keeps no usable link once it has left.
   */
  markSent: async (mail: OutboxDoc, now: Date) =>
    (
      await OutboxModel.updateOne(
        { _id: mail._id, claims: mail.claims, status: 'sending' },
        { $set: { status: 'sent', sentAt: now, leaseUntil: null, ...(mail.secret ? { text: SECRET_SENT } : {}) } },
      )
    ).modifiedCount === 1,
  retryLater: (mail: OutboxDoc, next: Pick<OutboxDoc, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'firstFailedAt'>) =>
    OutboxModel.updateOne({ _id: mail._id, claims: mail.claims, status: 'sending' }, { $set: { ...next, leaseUntil: null } }),
  /** Sent mail is kept a while so that a late retry of the same use-case still finds its dedupe key. */
  purge: async (sentBefore: Date) => (await OutboxModel.deleteMany({ status: 'sent', sentAt: { $lt: sentBefore } })).deletedCount,
};
