import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

// Fields that may carry secrets or patient data are censored wherever they appear in a log object.
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'patientRef',
  '*.patientRef',
  'notes',
  '*.notes',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'sante-interpretes' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
