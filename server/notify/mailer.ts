import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../platform/config';

const TIMEOUT_MS = 10_000;

/** The SMTP transport for SMTP_URL, or undefined when none is configured (mail then stays queued). */
export function createTransport(config: Config, logger: Logger): Transporter | undefined {
  if (!config.smtpUrl) return undefined;
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
