import type { ParsedMail } from 'mailparser';
import { settleResetRequests } from '../../server/accounts/passwords';
import { senderTo, startSmtpSink, type SmtpSink } from '../notify/support';

// Account mails go through the real outbox and a real SMTP server in the test process; a test reads
// them as the person would, and follows their link.

export const LINK = /\/#\/mot-de-passe\?jeton=([A-Za-z0-9_-]{43})/;

export const recipients = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);

/** An SMTP server for the file, and `delivered()`: the mails sent since the last call, once reset requests have run. */
export function useMailbox() {
  const box = { sink: undefined as unknown as SmtpSink };
  before(async () => {
    box.sink = await startSmtpSink();
  });
  after(async () => {
    await box.sink.close();
  });
  // What earlier tests queued is sent and forgotten: each test reads the mails of what it does.
  beforeEach(async () => {
    await settleResetRequests();
    await senderTo(box.sink.port).runDue();
    box.sink.raw.length = 0;
  });
  return {
    async delivered(): Promise<ParsedMail[]> {
      await settleResetRequests();
      await senderTo(box.sink.port).runDue();
      const mails = await box.sink.parsed();
      box.sink.raw.length = 0;
      return mails;
    },
    /** The token of the only mail to `email` with a link. */
    async tokenFor(email: string): Promise<string> {
      const mails = (await this.delivered()).filter((m) => recipients(m).includes(email) && LINK.test(m.text ?? ''));
      if (mails.length !== 1) throw new Error(`expected one mail with a link to ${email}, got ${mails.length}`);
      return LINK.exec(mails[0]!.text!)![1]!;
    },
  };
}
