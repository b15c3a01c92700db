import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../platform/config';

const TIMEOUT_MS = 10_000;

/**
 * How mail leaves: through SMTP_URL; without it, in development (`npm start` on a laptop), printed on the
 * console so that invitation and reset links can be followed; elsewhere (production, tests) none, and
 * mail waits in the outbox until SMTP_URL is set.
 */
export function createTransport(config: Config, logger: Logger): Transporter | undefined {
  if (!config.smtpUrl) {
    if (config.nodeEnv !== 'development') return undefined;
    logger.warn('SMTP_URL is not set: mail is printed on the console instead of sent (development only)');
    return consoleTransport();
  }
  const { hostname, port, protocol } = new URL(config.smtpUrl);
  // Short timeouts: a dead SMTP server fails the attempt fast and the outbox retries it later.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    dnsTimeout: TIMEOUT_MS,
  });
  logger.info({ smtpHost: hostname, smtpPort: port || undefined, secure: protocol === 'smtps:' }, 'mail goes out through SMTP');
  return transport;
}

/** A nodemailer transport that prints each mail (recipient, subject, text) on standard error (the JSON logs keep standard output) and reports it sent. */
function consoleTransport(): Transporter {
  return nodemailer.createTransport({
    name: 'console',
    version: '1',
    send(mail, callback) {
      const { to, subject, text } = mail.data;
      // The outbox writes recipients as plain addresses.
      const recipients = String(to);
      process.stderr.write(`\n----- mail (not sent: SMTP_URL is not set) -----\nTo: ${recipients}\nSubject: ${subject}\n\n${String(text ?? '')}\n-----\n`);
      callback(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId() });
    },
  });
}
