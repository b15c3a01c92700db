import { expect } from 'chai';
import { createTransport } from '../../server/notify/mailer';
import { enqueueMail, mailsAbout, messageIdOf, OutboxSender } from '../../server/notify/outbox';
import { outbox } from '../../server/notify/outbox-store';
import { testConfig, useTestApp } from '../support/app';
import { capturingLogger, drainOutbox, inviteOf, MAIL_FROM, newBatch, sampleMail as sampleOf, senderTo, startSmtpSink, waitFor, type SmtpSink } from './support';

describe('mail outbox: delivery', () => {
  useTestApp();
  let sink: SmtpSink;
  let senders: OutboxSender[] = [];
  const track = (sender: OutboxSender) => (senders.push(sender), sender);

  // Each test's mails are about its own batch; the outbox rows of the batch are read as a request's export reads them.
  let batch: string;
  const sampleMail = (n: number) => sampleOf(n, batch);
  const rows = () => mailsAbout(batch);
  const withStatus = async (status: string) => (await rows()).filter((r) => r.status === status).length;

  beforeEach(async () => {
    await drainOutbox();
    batch = newBatch();
  });
  afterEach(async () => {
    await Promise.all(senders.map((sender) => sender.stop()));
    senders = [];
    await sink?.close();
  });

  it('stores one mail for a dedupe key enqueued twice, and sends it once', async () => {
    sink = await startSmtpSink();
    await enqueueMail(sampleMail(1));
    await enqueueMail({ ...sampleMail(1), subject: 'autre sujet' });
    expect((await rows()).map((r) => r.dedupeKey)).to.deep.equal([sampleMail(1).dedupeKey]);
    const sender = senderTo(sink.port);
    expect(await sender.runDue()).to.equal(1);
    expect(await sender.runDue()).to.equal(0);
    const [received, ...others] = await sink.parsed();
    expect(others).to.have.length(0);
    expect(received?.subject).to.equal(sampleMail(1).subject);
  });

  it('delivers from, to, subject, text, a Message-ID made from the outbox id, and the .ics as a text/calendar attachment with its method, organized by the From', async () => {
    sink = await startSmtpSink();
    const calendar = { method: 'CANCEL' as const, uid: 'request-1@sante-interpretes', sequence: 4, start: new Date('2030-03-04T13:00:00Z'), end: new Date('2030-03-04T14:00:00Z'), summary: 'Interprétariat arabe', attendee: { email: 'interprete2@exemple.fr' } };
    const mail = { ...sampleMail(2), to: ['interprete2@exemple.fr', 'secretariat@chu.exemple.fr'], calendar };
    await enqueueMail(mail);
    expect(await senderTo(sink.port).runDue()).to.equal(1);

    const [received] = await sink.parsed();
    const row = (await rows()).find((r) => r.dedupeKey === mail.dedupeKey);
    expect(received?.from?.value).to.deep.equal([{ address: 'no-reply@sante.test', name: 'Interprétariat santé' }]);
    const to = Array.isArray(received?.to) ? received.to.flatMap((a) => a.value) : (received?.to?.value ?? []);
    expect(to.map((a) => a.address)).to.deep.equal(mail.to);
    expect(received?.subject).to.equal(mail.subject);
    expect(received?.text).to.equal(mail.text);
    expect(received?.messageId).to.equal(messageIdOf(row!._id.toString()));
    const [attachment, ...more] = received?.attachments ?? [];
    expect(more).to.have.length(0);
    expect(attachment?.filename).to.equal('seance.ics');
    expect(attachment?.contentType).to.equal('text/calendar');
    const { params } = attachment?.headers.get('content-type') as { params: Record<string, string> };
    expect(params).to.deep.include({ charset: 'utf-8', method: 'CANCEL' });
    expect(inviteOf(received!)).to.deep.include({
      method: 'CANCEL', mimeMethod: 'CANCEL', uid: calendar.uid, sequence: 4,
      organizer: { email: 'no-reply@sante.test', name: 'Interprétariat santé' }, attendees: [{ email: 'interprete2@exemple.fr', name: null }],
    });
    expect(row?.status).to.equal('sent');
    expect(row?.sentAt).to.be.instanceOf(Date);
  });

  it('a mail queued before invitations were written at sending still leaves with its ready-made .ics and method', async () => {
    sink = await startSmtpSink();
    const content = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sante Interpretes//Reservations//FR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n';
    const now = new Date();
    // The row as that older version wrote it, through the outbox's own insert.
    expect(await outbox.insertOnce({ ...sampleMail(9), calendar: null, ics: { filename: 'seance.ics', content, method: 'CANCEL' }, secret: false, nextAttemptAt: now, createdAt: now })).to.equal(true);
    expect(await senderTo(sink.port).runDue()).to.equal(1);
    const [attachment] = (await sink.parsed())[0]?.attachments ?? [];
    expect((attachment?.headers.get('content-type') as { params: Record<string, string> }).params).to.deep.include({ method: 'CANCEL' });
    expect(attachment?.content.toString('utf8')).to.equal(content);
  });

  it('without SMTP_URL keeps mail queued: start() logs it once and runDue() sends nothing', async () => {
    const { logger, lines } = capturingLogger();
    const transport = createTransport(testConfig(), logger);
    expect(transport).to.equal(undefined);
    const sender = track(new OutboxSender({ transport, from: MAIL_FROM, owner: 'host-a:1', logger }));
    await enqueueMail(sampleMail(3));
    sender.start();
    sender.start();
    expect(lines.filter((line) => line.includes('SMTP_URL'))).to.have.length(1);
    expect(await sender.runDue()).to.equal(0);
    const [row, ...more] = await rows();
    expect(more).to.deep.equal([]);
    expect(row).to.deep.include({ dedupeKey: sampleMail(3).dedupeKey, status: 'pending', attempts: 0 });
  });

  it('the poll loop sends mail by itself, one at a time, never running two polls at once', async () => {
    sink = await startSmtpSink({ delayMs: 100 });
    const sender = track(senderTo(sink.port, { pollMs: 5 }));
    sender.start();
    for (const n of [4, 5, 6]) await enqueueMail(sampleMail(n));
    await waitFor(async () => (await withStatus('sent')) === 3);
    expect(sink.raw).to.have.length(3);
    expect(sink.maxConcurrentData).to.equal(1);
  });

  it('stop() stops polling and waits for the send in flight, which ends marked sent', async () => {
    sink = await startSmtpSink({ delayMs: 300 });
    for (const n of [7, 8]) await enqueueMail(sampleMail(n));
    const sender = track(senderTo(sink.port, { pollMs: 5 }));
    sender.start();
    await waitFor(() => sink.inData === 1);
    await sender.stop();
    expect(sink.raw).to.have.length(1);
    expect(await withStatus('sent')).to.equal(1);
    expect(await withStatus('pending')).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sink.raw).to.have.length(1);
  });
});
