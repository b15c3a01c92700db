import type { ParsedMail } from 'mailparser';
import { senderTo, startSmtpSink, type SmtpSink } from '../notify/support';
import type { TestContext } from './app';

/** The addresses a received mail went to. */
export const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address ?? '') ?? []);

/**
 * A real SMTP server for the test file, and the mails it received, read as their recipients would.
 * The outbox is emptied by sending, so what earlier tests queued never needs deleting.
 */
export function useInbox(t: TestContext) {
  let sink: SmtpSink;
  const inbox: ParsedMail[] = [];
  before(async () => {
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
  });
  return {
    /** Sends what is due at `now` and returns every mail received since the file began. */
    async received(now?: () => Date): Promise<ParsedMail[]> {
      await senderTo(sink.port, { now }).runDue();
      inbox.push(...(await sink.parsed()));
      sink.raw.length = 0;
      return inbox;
    },
    /**
     * The mails about one request (of one kind), sent as at `now`, as received: its export (read with `auth`) says which
     * were queued about it and that each was sent, the SMTP server what they said and to whom. They are
     * told apart by subject, which names the session (language, day, time): another request's mail of the
     * same kind for the same session would be counted too.
     */
    async about(requestId: string, auth: string, options: { kind?: string; now?: () => Date } = {}): Promise<ParsedMail[]> {
      const { kind, now } = options;
      const all = await this.received(now);
      const res = await t.http().get(`/api/requests/${requestId}/export`).set('Authorization', auth);
      if (res.status !== 200) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
      const listed = (res.body.mails as Array<{ kind: string; subject: string; status: string }>).filter((m) => !kind || m.kind === kind);
      const unsent = listed.filter((m) => m.status !== 'sent');
      if (unsent.length > 0) throw new Error(`mails about ${requestId} not sent: ${JSON.stringify(unsent)}`);
      const mails = all.filter((mail) => listed.some((m) => m.subject === mail.subject));
      if (mails.length < listed.length) throw new Error(`${listed.length} mails listed about ${requestId}, only ${mails.length} received with their subjects`);
      return mails;
    },
  };
}
