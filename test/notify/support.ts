import net, { type AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { createTransport } from '../../server/notify/mailer';
import { OutboxSender, purgeOutbox } from '../../server/notify/outbox';
import { createLogger } from '../../server/platform/logger';
import { testConfig } from '../support/app';

export const MAIL_FROM = 'Interprétariat santé <no-reply@sante.test>';

// A real SMTP server in the test process: it keeps every message it accepts, raw, for the test to parse.
export interface SmtpSink {
  port: number;
  raw: Buffer[];
  /** Messages being received right now, and the most ever received at the same time. */
  inData: number;
  maxConcurrentData: number;
  parsed(): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { port?: number; delayMs?: number; rejectRecipients?: boolean } = {}): Promise<SmtpSink> {
  const sink = { raw: [] as Buffer[], inData: 0, maxConcurrentData: 0 } as SmtpSink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.rejectRecipients) return callback();
      callback(Object.assign(new Error(`<${address.address}>: mailbox unknown`), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      sink.inData += 1;
      sink.maxConcurrentData = Math.max(sink.maxConcurrentData, sink.inData);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        setTimeout(() => {
          sink.raw.push(Buffer.concat(chunks));
          sink.inData -= 1;
          callback();
        }, options.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  sink.port = (server.server.address() as AddressInfo).port;
  sink.parsed = () => Promise.all(sink.raw.map((raw) => simpleParser(raw)));
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** A local port with nothing listening on it (taken then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger whose lines are kept, to check what is logged and what never is. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('info', { write: (line: string) => void lines.push(line) }), lines };
}

/** A sender with a real SMTP transport (built from SMTP_URL like in production) to a local port. */
export function senderTo(port: number, options: { owner?: string; logger?: Logger; now?: () => Date; pollMs?: number } = {}) {
  const logger = options.logger ?? capturingLogger().logger;
  const transport = createTransport(testConfig({ SMTP_URL: `smtp://127.0.0.1:${port}` }), logger);
  return new OutboxSender({ transport, from: MAIL_FROM, owner: options.owner ?? 'host-a:1', logger, now: options.now, pollMs: options.pollMs });
}

/** A mail of a batch: the batch is what the mail is about (its requestId), so that `mailsAbout(batch)` lists the batch's rows. */
export const sampleMail = (n: number, batch = 'sample') => ({
  to: [`interprete${n}@exemple.fr`],
  subject: `Séance confirmée n°${n} : arabe, le lundi 3 mars à 14h00`,
  text: `Bonjour Amina ${n},\n\nVous êtes confirmée pour la séance n°${n}.\n`,
  dedupeKey: `${batch}:${n}`,
  requestId: batch,
});

let batches = 0;
/** A name for a test's own batch of sample mails. */
export const newBatch = () => `batch-${(batches += 1)}-${Date.now().toString(36)}`;

/**
 * Leaves no mail for a sender to claim: whatever earlier tests left pending or held is sent, at a time
 * past every backoff and lease, to an SMTP server that accepts it, then purged as old sent mail. Mails
 * given up stay, as in production, and are never claimed again.
 */
export async function drainOutbox() {
  const farFuture = new Date(Date.now() + 365 * 86_400_000);
  const sink = await startSmtpSink();
  try {
    await senderTo(sink.port, { owner: 'drain:0', now: () => farFuture }).runDue();
  } finally {
    await sink.close();
  }
  await purgeOutbox(new Date(farFuture.getTime() + 31 * 86_400_000));
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An invitation as a calendar reads it (parsed by ical.js): the calendar's METHOD and its one VEVENT. */
export interface ParsedInvite {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  summary: string;
  description: string | null;
  location: string | null;
  start: Date;
  end: Date;
  /** Whether DTSTART and DTEND are written in UTC. */
  utc: boolean;
  organizer: { email: string; name: string | null };
  attendees: Array<{ email: string; name: string | null }>;
  /** Every property name of the VEVENT, to check what is never there. */
  properties: string[];
}

const mailto = (value: unknown) => String(value).replace(/^mailto:/i, '');

export function parseInvite(text: string): ParsedInvite {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  const event = events[0]!;
  const value = (name: string) => event.getFirstPropertyValue(name);
  const time = (name: string) => value(name) as ICAL.Time;
  const person = (property: ICAL.Property) => ({ email: mailto(property.getFirstValue()), name: (property.getParameter('cn') as string | undefined) ?? null });
  const organizer = event.getFirstProperty('organizer');
  if (!organizer) throw new Error('no ORGANIZER');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(value('uid')),
    sequence: Number(value('sequence')),
    status: String(value('status')),
    summary: String(value('summary')),
    description: (value('description') as string | null) ?? null,
    location: (value('location') as string | null) ?? null,
    start: time('dtstart').toJSDate(),
    end: time('dtend').toJSDate(),
    utc: time('dtstart').zone === ICAL.Timezone.utcTimezone && time('dtend').zone === ICAL.Timezone.utcTimezone,
    organizer: person(organizer),
    attendees: event.getAllProperties('attendee').map(person),
    properties: event.getAllProperties().map((property) => property.name),
  };
}

/** The calendar attachment of a received mail, parsed, with the method its Content-Type gives; null when it has none. */
export function inviteOf(mail: ParsedMail): (ParsedInvite & { mimeMethod: string }) | null {
  const attachment = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!attachment) return null;
  const { params } = attachment.headers.get('content-type') as { params: Record<string, string> };
  return { ...parseInvite(attachment.content.toString('utf8')), mimeMethod: params.method ?? '' };
}
