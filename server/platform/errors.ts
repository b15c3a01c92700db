import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

export interface ErrorDetail {
  field: string;
  message: string;
  code?: string;
  /** For a file's rows (CSV imports): the row as a spreadsheet numbers it, and the column's header. */
  row?: number;
  column?: string;
  /** For a change that would drop confirmed sessions (409 `sessions_during_absence`): one of them, start and end in ISO 8601 UTC. */
  session?: { requestId: string; start: string; end: string; language: string; modality: string; late: boolean };
}

/** An error meant for the client: status, machine code and a sentence, in the format of API.md. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError(400, 'invalid_input', message, details);
export const unauthorized = () => new AppError(401, 'unauthenticated', 'Authentication required.');
export const forbidden = () => new AppError(403, 'forbidden', 'Your role does not allow this action.');
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const businessRule = (code: string, message: string, details?: ErrorDetail[]) => new AppError(422, code, message, details);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', 'Too many attempts, try again later.', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const unavailable = () =>
  new AppError(503, 'unavailable', 'The service is temporarily unavailable, try again shortly.');

export const notFoundRoute: RequestHandler = (_req, _res, next) => next(notFound('Route'));

interface HttpishError {
  status?: number;
  type?: string;
  code?: number | string;
  name?: string;
  message?: string;
  writeErrors?: unknown[];
}

/** What a connection lost mid-write says when the driver reports it inside another error. */
const LOST_CONNECTION = /ECONNRESET|ECONNREFUSED|EPIPE|socket|connection .*(closed|reset|refused)|not connected/i;

/** Maps whatever was thrown to the API error format; never sends a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error({ err, reqId: req.id }, 'request failed');
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  };
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as HttpishError;
  if (e.type === 'entity.parse.failed') return badRequest('The body is not valid JSON.');
  if (e.type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'The body is too large.');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_media_type', 'Send the body as UTF-8 JSON.');
  }
  if (e.code === 11000) return conflict('duplicate', 'An object with the same unique value already exists.');
  if (isDatabaseUnavailable(e)) return unavailable();
  return new AppError(500, 'internal', 'An unexpected error occurred.');
}

function isDatabaseUnavailable(e: HttpishError): boolean {
  return (
    // The driver wraps a connection lost during an insertMany in a bulk write error that keeps the network error's fields.
    // Under load the same loss may surface as a bulk write error with no write error and only its message (ECONNRESET).
    (e.name === 'MongoBulkWriteError' && ('beforeHandshake' in e || ((e.writeErrors ?? []).length === 0 && LOST_CONNECTION.test(e.message ?? '')))) ||
    e.name === 'MongoNetworkError' ||
    e.name === 'MongoServerSelectionError' ||
    e.name === 'MongoNotConnectedError' ||
    e.name === 'MongoTopologyClosedError' ||
    e.name === 'MongoPoolClearedError' ||
    e.name === 'MongoNetworkTimeoutError'
  );
}
