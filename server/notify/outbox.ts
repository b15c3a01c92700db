import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { LEASE_MS } from '../platform/jobs';
import { Poller } from '../platform/poller';
import { inviteAttachment, organizerOf, type CalendarInvite, type Mailbox } from './ics';
import { outbox, type OutboxDoc } from './outbox-store';

// Mail leaves through a durable outbox: a use-case only stores it (idempotently, by dedupe key) and a
// sender delivers it later, retrying with backoff, so an SMTP outage loses nothing and a retried
// use-case sends nothing twice. Logs carry outbox ids, attempt counts and error messages, never content.

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  /** A calendar invitation, written when the mail leaves: its ORGANIZER is the sender's From. */
  calendar?: CalendarInvite;
  dedupeKey: string;
  /** The request the mail is about, for the request's export. */
  requestId?: string;
  /** The text holds a one-time link: it is blanked in the outbox once the mail has left. */
  secret?: boolean;
}

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 15 * 60_000;
export const GIVE_UP_AFTER_MS = 48 * 3600_000;
export const MAX_ATTEMPTS = 200;

function outboxRow(mail: OutgoingMail, now: Date) {
  return { dedupeKey: mail.dedupeKey, requestId: mail.requestId ?? null, to: mail.to, subject: mail.subject, text: mail.text, calendar: mail.calendar ?? null, ics: null, secret: mail.secret === true, createdAt: now, nextAttemptAt: now };
}

export async function enqueueMail(mail: OutgoingMail): Promise<void> {
  await outbox.insertOnce(outboxRow(mail, new Date()));
}

/** Several mails in one write (a wave's offers); each is still stored at most once by its dedupe key. */
export async function enqueueMails(mails: readonly OutgoingMail[]): Promise<void> {
  const now = new Date();
  await outbox.insertManyOnce(mails.map((mail) => outboxRow(mail, now)));
}

/** The mails still kept (sent ones for 30 days) about a request. */
export const mailsAbout = (requestId: string) => outbox.about(requestId);

/** Delay before the next try after `failures` failed ones: 30 s doubling, capped at 15 min, up to 10 % earlier. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 - 0.1 * random()));
}

export const messageIdOf = (outboxId: string) => `<outbox-${outboxId}@sante-interpretes>`;

// SMTP replies often quote the rejected address: keep it out of the database and the logs.
const scrub = (message: string) => message.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]').slice(0, 500);
const errorMessage = (error: unknown) => scrub(error instanceof Error ? error.message : String(error));

export interface OutboxSenderOptions {
  transport: Transporter | undefined;
  from: string;
  owner: string;
  logger: Logger;
  pollMs?: number;
  now?: () => Date;
}

export class OutboxSender {
  private readonly now: () => Date;
  private readonly poller: Poller;
  private stopping = false;
  private warnedNoTransport = false;
  private readonly organizer: Mailbox;

  constructor(private readonly options: OutboxSenderOptions) {
    this.now = options.now ?? (() => new Date());
    this.organizer = organizerOf(options.from);
    this.poller = new Poller(() => this.runDue(), { everyMs: options.pollMs ?? 1000, onError: (error) => options.logger.error({ error: errorMessage(error) }, 'outbox poll failed') });
  }

  start(): void {
    if (!this.options.transport) {
      if (!this.warnedNoTransport) this.options.logger.warn('SMTP_URL is not set: mail stays queued in the outbox until it is');
      this.warnedNoTransport = true;
      return;
    }
    this.stopping = false;
    this.poller.start(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.poller.stop();
  }

  /** Sends every mail due now, one claim at a time; returns how many were sent. */
  async runDue(): Promise<number> {
    const transport = this.options.transport;
    if (!transport) return 0;
    let sent = 0;
    while (!this.stopping) {
      const mail = await outbox.claim(this.options.owner, this.now(), LEASE_MS);
      if (!mail) break;
      if (await this.deliver(transport, mail)) sent += 1;
    }
    return sent;
  }

  private async deliver(transport: Transporter, mail: OutboxDoc): Promise<boolean> {
    const outboxId = mail._id.toString();
    try {
      await transport.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdOf(outboxId),
        attachments: this.attachments(mail),
      });
    } catch (error) {
      await this.failed(mail, errorMessage(error));
      return false;
    }
    if (!(await outbox.markSent(mail, this.now()))) {
      this.options.logger.warn({ outboxId }, 'mail sent after its lease was taken over: it may arrive twice');
    }
    this.options.logger.info({ outboxId, attempts: mail.attempts + 1 }, 'mail sent');
    return true;
  }

  // DTSTAMP is when the change was decided (the mail's creation), so every attempt sends the same invitation.
  private attachments(mail: OutboxDoc) {
    if (mail.calendar) return [inviteAttachment(mail.calendar, this.organizer, mail.createdAt)];
    // A row queued before invitations were written at sending carries its .ics ready-made.
    if (mail.ics) return [{ filename: mail.ics.filename, content: mail.ics.content, contentType: `text/calendar; charset=utf-8; method=${mail.ics.method}` }];
    return [];
  }

  private async failed(mail: OutboxDoc, lastError: string) {
    const now = this.now();
    const attempts = mail.attempts + 1;
    const firstFailedAt = mail.firstFailedAt ?? now;
    const giveUp = attempts >= MAX_ATTEMPTS || now.getTime() - firstFailedAt.getTime() >= GIVE_UP_AFTER_MS;
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts));
    await outbox.retryLater(mail, { status: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt, lastError, firstFailedAt });
    const outboxId = mail._id.toString();
    if (giveUp) this.options.logger.error({ outboxId, attempts, error: lastError }, 'mail given up after repeated failures');
    else this.options.logger.warn({ outboxId, attempts, error: lastError, retryAt: nextAttemptAt.toISOString() }, 'mail not sent, will retry');
  }
}

/** Housekeeping: drops mail sent over 30 days ago. */
export const purgeOutbox = (now = new Date()) => outbox.purge(new Date(now.getTime() - 30 * 86_400_000));
