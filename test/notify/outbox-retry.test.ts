import { expect } from 'chai';
import { enqueueMail, FIRST_RETRY_MS, GIVE_UP_AFTER_MS, mailsAbout, MAX_ATTEMPTS, messageIdOf, retryDelayMs } from '../../server/notify/outbox';
import { LEASE_MS } from '../../server/platform/jobs';
import { outbox } from '../../server/notify/outbox-store';
import { useTestApp } from '../support/app';
import { capturingLogger, drainOutbox, freePort, newBatch, sampleMail as sampleOf, senderTo, startSmtpSink, type SmtpSink } from './support';

const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe('mail outbox: retries and concurrency', () => {
  useTestApp();
  let sink: SmtpSink | undefined;
  // Each test's mails are about its own batch; the outbox rows of the batch are read as a request's export reads them.
  let batch: string;
  const sampleMail = (n: number) => sampleOf(n, batch);
  const rows = () => mailsAbout(batch);
  const row = async () => {
    const [only, ...more] = await rows();
    expect(more, 'one row').to.deep.equal([]);
    return only;
  };

  beforeEach(async () => {
    await drainOutbox();
    batch = newBatch();
  });
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  it('backs off from 30 s, doubling, capped at 15 min, with jitter of at most 10 % earlier', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => retryDelayMs(n, none))).to.deep.equal([30, 60, 120, 240, 480, 900, 900, 900].map((s) => s * 1000));
    expect(retryDelayMs(1, () => 0.999)).to.be.within(27_000, 30_000);
    expect(retryDelayMs(8, () => 0.999)).to.be.within(810_000, 900_000);
  });

  it('an SMTP outage loses nothing: failed mails wait for their backoff, then each arrives exactly once', async () => {
    const port = await freePort();
    const { logger, lines } = capturingLogger();
    const mails = [1, 2, 3, 4, 5].map(sampleMail);
    for (const mail of mails) await enqueueMail(mail);
    let clock = new Date();
    const sender = senderTo(port, { logger, now: () => clock });

    expect(await sender.runDue()).to.equal(0);
    const failed = await rows();
    expect(failed).to.have.length(5);
    for (const row of failed) {
      expect(row).to.deep.include({ status: 'pending', attempts: 1 });
      expect(row.nextAttemptAt.getTime()).to.be.greaterThan(clock.getTime());
      expect(row.lastError).to.match(/ECONNREFUSED/);
    }

    sink = await startSmtpSink({ port });
    expect(await sender.runDue()).to.equal(0); // still inside the backoff
    clock = later(clock, FIRST_RETRY_MS + 1000);
    let sent = 0;
    for (let round = 0; round < 5 && sent < 5; round++) sent += await sender.runDue();
    expect(sent).to.equal(5);

    const received = await sink.parsed();
    const sentRows = await rows();
    expect(received.map((m) => m.messageId).sort()).to.deep.equal(sentRows.map((r) => messageIdOf(r._id.toString())).sort());
    expect(received.map((m) => m.subject).sort()).to.deep.equal(mails.map((m) => m.subject).sort());
    expect(sentRows.every((r) => r.status === 'sent')).to.equal(true);
    const log = lines.join('');
    expect(log).to.include(sentRows[0]!._id.toString());
    for (const mail of mails) for (const secret of [mail.subject, 'Bonjour', mail.to[0]!]) expect(log).not.to.include(secret);
  });

  it('a rejected mail keeps its error message, without the addresses, in the row and in the logs', async () => {
    sink = await startSmtpSink({ rejectRecipients: true });
    const { logger, lines } = capturingLogger();
    await enqueueMail(sampleMail(1));
    expect(await senderTo(sink.port, { logger }).runDue()).to.equal(0);
    const rejected = await row();
    expect(rejected).to.deep.include({ status: 'pending', attempts: 1 });
    expect(rejected?.lastError).to.match(/mailbox unknown/);
    expect(rejected?.lastError).to.include('[address]');
    expect(`${rejected?.lastError} ${lines.join('')}`).not.to.include('@');
  });

  it('two senders running at the same time send each of 20 mails exactly once', async () => {
    sink = await startSmtpSink();
    for (let n = 0; n < 20; n++) await enqueueMail(sampleMail(n));
    const a = senderTo(sink.port, { owner: 'host-a:1' });
    const b = senderTo(sink.port, { owner: 'host-b:2' });
    const [sentByA, sentByB] = await Promise.all([a.runDue(), b.runDue()]);
    expect(sentByA + sentByB).to.equal(20);
    const ids = (await sink.parsed()).map((m) => m.messageId);
    expect(ids).to.have.length(20);
    expect(new Set(ids).size).to.equal(20);
    expect((await rows()).filter((r) => r.status === 'sent')).to.have.length(20);
  });

  it('a mail held by a sender that crashed is sent by another sender once the lease has expired, not before', async () => {
    sink = await startSmtpSink();
    await enqueueMail(sampleMail(1));
    const start = new Date();
    const crashed = await outbox.claim('crashed-host:9', start, LEASE_MS);
    expect(crashed?.status).to.equal('sending');
    let clock = later(start, LEASE_MS / 2);
    const sender = senderTo(sink.port, { owner: 'host-b:2', now: () => clock });
    expect(await sender.runDue()).to.equal(0);
    clock = later(start, LEASE_MS + 1000);
    expect(await sender.runDue()).to.equal(1);
    expect(sink.raw).to.have.length(1);
    expect(await outbox.markSent(crashed!, clock)).to.equal(false); // the crashed sender, back too late, changes nothing
    expect(await row()).to.deep.include({ _id: crashed!._id, status: 'sent', leaseOwner: 'host-b:2' });
  });

  it('a mail still failing after 48 hours is marked failed, logged as an error, and no longer retried', async () => {
    const port = await freePort();
    const { logger, lines } = capturingLogger();
    await enqueueMail(sampleMail(1));
    const start = new Date();
    let clock = start;
    const sender = senderTo(port, { logger, now: () => clock });
    await sender.runDue();
    clock = later(start, GIVE_UP_AFTER_MS - 60_000);
    await sender.runDue();
    expect(await row()).to.deep.include({ status: 'pending', attempts: 2 });
    clock = later(start, GIVE_UP_AFTER_MS + 60_000);
    await sender.runDue();
    const given = await row();
    expect(given).to.deep.include({ status: 'failed', attempts: 3 });
    const errors = lines.map((line) => JSON.parse(line) as { level: number; outboxId?: string }).filter((entry) => entry.level === 50);
    expect(errors.map((entry) => entry.outboxId)).to.deep.equal([given!._id.toString()]);
    clock = later(start, 4 * GIVE_UP_AFTER_MS);
    await sender.runDue();
    expect((await row())?.attempts).to.equal(3);
  });

  it(`a mail is given up after ${MAX_ATTEMPTS} failed attempts`, async () => {
    const port = await freePort();
    await enqueueMail(sampleMail(1));
    const clock = new Date();
    // As if it had failed 199 times within the 48 hours (backing off that often would take longer): the outbox's own retry write.
    const claimed = (await outbox.claim('earlier-host:1', clock, LEASE_MS))!;
    await outbox.retryLater(claimed, { status: 'pending', attempts: MAX_ATTEMPTS - 1, nextAttemptAt: clock, lastError: 'connect ECONNREFUSED', firstFailedAt: clock });
    await senderTo(port, { now: () => clock }).runDue();
    expect(await row()).to.deep.include({ status: 'failed', attempts: MAX_ATTEMPTS });
  });
});
