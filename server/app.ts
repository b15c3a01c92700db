import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { accountsRouter } from './accounts/routes';
import { csrfProtection } from './auth/csrf';
import { identifyCaller } from './auth/middleware';
import { LoginThrottle, PerMinuteThrottle, ResetThrottle } from './auth/throttle';
import { billingRouter } from './billing/routes';
import { bookingRouter } from './booking/routes';
import { callSessionOf } from './booking/call-sessions';
import { heldSessionsOfBooking } from './booking/held-sessions';
import { verificationsOf } from './booking/verification';
import { provideVerifications } from './billing/statements';
import { provideCallSessions } from './calls/sessions';
import { provideHeldSessions } from './directory/held-sessions';
import { directoryRouter } from './directory/routes';
import { IMPORT_PATHS, importsRouter } from './imports/routes';
import { notifyRouter } from './notify/routes';
import { simulationRouter } from './simulation/routes';
import type { Config } from './platform/config';
import { admission } from './platform/admission';
import { databaseIsReady } from './platform/db';
import { errorHandler, notFoundRoute } from './platform/errors';
import { openApiDocument } from './platform/openapi';
import type { RedisClient } from './platform/redis';

// The web client's build (`npm run build`, run by `npm start` and `npm test`).
const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * API answers are compressed on the fly, except those that carry a session token in their body (sign-in,
 * a password set from a link): a secret compressed beside text an attacker chooses leaks its length (BREACH).
 */
const compressible = (req: Request, res: Response) => !req.path.startsWith('/api/auth/') && compression.filter(req, res);

/** The Express app, assembled from the components' routers; `redis`, when several processes run, holds the rate limits they share. */
export function createApp(config: Config, logger: Logger, redis?: RedisClient): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Flat query strings only: `?a[$gt]=` stays a string and never becomes an object.
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // The path only: query strings and bodies may carry what must not be logged.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(admission(config.admission));
  app.use(helmet());
  // The client's files come precompressed from the build (served below); socket.io answers before Express.
  app.use(compression({ filter: compressible }));
  const json = express.json({ limit: config.bodyLimit, strict: true });
  // CSV imports read their larger bodies themselves, once the caller is known (server/imports/routes.ts).
  app.use((req, res, next) => (req.path.startsWith(`${IMPORT_PATHS}/`) ? next() : json(req, res, next)));
  app.use(cookieParser());
  app.use(identifyCaller);
  app.use(csrfProtection(config.publicUrl));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ready = await databaseIsReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable' });
  });

  const throttle = new LoginThrottle({
    maxFailuresPerAccount: config.loginMaxFailuresPerAccount,
    maxFailuresPerIp: config.loginMaxFailuresPerIp,
    windowSeconds: config.loginWindowSeconds,
    redis,
  });
  const resetThrottle = new ResetThrottle({ ...config.passwordReset, redis });
  // A hospital's staff share an address: 60 provider sign-ins a minute from one is still far above a morning's rush.
  app.use(accountsRouter(config, { login: throttle, reset: resetThrottle, providerStart: new PerMinuteThrottle('sign-in-start', 60, redis) }));
  app.use(directoryRouter());
  app.use(importsRouter(config));
  // Calls learn from booking who may join a session, and when (calls never imports booking).
  provideCallSessions(callSessionOf);
  provideHeldSessions(heldSessionsOfBooking);
  // Statements show each session's verification, which booking keeps (billing never imports booking).
  provideVerifications(verificationsOf);
  app.use(bookingRouter(new PerMinuteThrottle('booking', config.bookingMaxPerMinute, redis), config.publicUrl));
  app.use(billingRouter());
  app.use(notifyRouter(config));
  app.use(simulationRouter());
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(config.publicUrl));
  });

  app.use('/api', notFoundRoute);
  app.use(
    // The build writes each script, style and the page beside its Brotli (.br) and gzip (.gz) copies: the
    // one the browser accepts is sent as it is, with its Content-Encoding and `Vary: Accept-Encoding`.
    expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: 'index.html',
      serveStatic: {
        // File names under assets/ carry a content hash: cache them for good, and never the page nor the service worker.
        setHeaders: (res, file) => res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      },
    }),
  );
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
}
