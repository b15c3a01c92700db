import http from 'node:http';
import os from 'node:os';
import type { Logger } from 'pino';
import { DateTime } from 'luxon';
import { seedDemoCall, type DemoCallCast } from './seed/demo-call';
import { seedDemoAtStart } from './seed/region-demo';
import { settleResetRequests } from './accounts/passwords';
import { createApp } from './app';
import { migrateToRegions } from './migrations/regions';
import { connectRedis } from './platform/redis';
import { purgeExpiredSessions } from './auth/sessions';
import { purgeExpiredSignInAttempts } from './auth/sign-in-attempts';
import { purgeExpiredTokens } from './auth/tokens';
import { announceUsage } from './billing/announce';
import { watchBudget } from './billing/budget-alerts';
import { billingHandlers } from './billing/charges';
import { bookingHandlers } from './booking/handlers';
import { discardAbandonedImports } from './directory/staging';
import { watchExpiries } from './directory/qualification-expiries';
import { configureDispatch } from './booking/dispatch-policy';
import { resumeUndispatched } from './booking/dispatch';
import { countWorkedMinutesOnce } from './booking/match-inputs';
import { erasePatientData } from './booking/retention';
import { warmAccessReport } from './booking/access-report';
import { attachLive } from './notify/live';
import { admitGuest, attachCalls } from './calls/signalling';
import { createTransport } from './notify/mailer';
import { OutboxSender, purgeOutbox } from './notify/outbox';
import { purgeStalePresence } from './notify/presence';
import { configurePush, settlePushes, vapidKeys } from './notify/push';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { openDatabase, type Database } from './platform/db';
import { EngineUnavailableError } from './platform/embedded-engine';
import { JobRunner, purgeOldJobs } from './platform/jobs';
import { createLogger } from './platform/logger';

/** How long after the start this year's access report is read ahead of its first reader. */
const ACCESS_REPORT_WARM_UP_DELAY_MS = 60_000;

/** Start-up only: config, database, HTTP, socket.io, background workers, graceful shutdown. */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let database: Database;
  let demoCall: DemoCallCast | undefined;
  try {
    database = await openDatabase({
      mongodbUri: config.mongodbUri,
      dataDir: config.dataDir,
      log: (message) => logger.info(message),
    });
  } catch (error) {
    if (error instanceof EngineUnavailableError) {
      process.stderr.write(`Cannot start the database: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (database.embedded) logger.info({ pid: database.embedded.pid, dataDir: config.dataDir }, 'embedded FerretDB started');
  // A database from before regions gets them, before anyone reads it (once; safe in two processes at once).
  const regions = await migrateToRegions();
  if (regions.ran) logger.info({ changed: regions.changed, ms: regions.ms }, 'regions given to the data from before regions');
  // Demo accounts only ever land in the embedded database: when it is empty, or beside other demos (DEMO_REGION).
  if (database.embedded && config.seedDemo === 'auto') {
    demoCall = await seedDemoAtStart(config.demoRegion, logger);
    if (demoCall) logger.info('demo data created');
  }

  configureDispatch(config.dispatch);
  configurePush({ ...config.push, logger });
  // The first start generates the VAPID key pair (when not configured), so that pages can subscribe at once.
  await vapidKeys();
  logger.info({ vapid: config.push.vapid ? 'configuration' : 'database' }, 'web push ready');
  // Requests a killed process wrote but had not yet planned: plan them before taking new work.
  const discarded = await discardAbandonedImports();
  if (discarded > 0) logger.warn({ discarded }, 'removed the rows of CSV imports a stopped process had staged and not activated');
  const counted = await countWorkedMinutesOnce(new Date());
  if (counted > 0) logger.info({ counted }, 'counted the interpreters’ recent minutes, kept from now on as sessions change');
  const resumed = await resumeUndispatched(new Date(), 0);
  if (resumed > 0) logger.warn({ resumed }, 'planned the dispatch of requests left unplanned by a stopped process');
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  if (redis) logger.info('redis connected: socket.io events and rate limits are shared with the other processes');
  const app = createApp(config, logger, redis?.client);
  const server = http.createServer(app);
  const live = attachLive(server, logger, config.publicUrl, redis, admitGuest);
  const callSignalling = attachCalls(live.io, config.calls, logger);
  const owner = `${os.hostname()}:${process.pid}`;
  const handlers = { ...bookingHandlers(), ...billingHandlers() };
  const onError = (err: unknown, job: { kind: string; attempts: number }) => logger.error({ err, kind: job.kind, attempts: job.attempts }, 'job failed');
  // Two lanes: an immediate request (a patient in the room) never waits behind the backlog of booked work.
  const runners = [
    new JobRunner(handlers, { owner, lane: 'immediate', pollMs: 250, concurrency: 2, onError }),
    new JobRunner(handlers, { owner, lane: 'default', pollMs: 500, concurrency: 2, onError }),
  ];
  const outbox = new OutboxSender({ transport: createTransport(config, logger), from: config.mailFrom, owner, logger });
  for (const runner of runners) runner.start();
  // A demo call to join right away, once the job runners can dispatch it.
  if (demoCall) {
    const cast = demoCall;
    seedDemoCall(new Date(), cast).then(
      (call) => call && logger.info({ requestId: call.requestId, interpreter: call.interpreterEmail }, `demo video call of ${cast.label}: joinable for the next three hours`),
      (error: unknown) => logger.warn({ err: error }, 'the demo call could not be booked'),
    );
  }
  outbox.start();
  const stopBudgetWatch = watchBudget({ onError: (error) => logger.warn({ err: error }, 'budget alert check failed') });
  const stopExpiryWatch = watchExpiries({ onError: (error) => logger.warn({ err: error }, 'qualification expiry check failed') });
  const stopUsageAnnounce = announceUsage();

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host }, `listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
  // The first access report of a year reads all its requests (seconds of the engine's time): this year's
  // is read a minute after the start, so that a restart under traffic answers its first requests first.
  const warmUp = setTimeout(() => {
    const warming = performance.now();
    warmAccessReport(DateTime.now().setZone('Europe/Paris').year).then(
      (facts) => logger.info({ requests: facts.size, ms: Math.round(performance.now() - warming) }, 'access report ready'),
      (error: unknown) => logger.warn({ err: error }, 'access report warm-up failed: the first report will read the year'),
    );
  }, ACCESS_REPORT_WARM_UP_DELAY_MS);
  warmUp.unref();

  const housekeeping = setInterval(() => {
    purgeExpiredSessions().catch((error: unknown) => logger.warn({ err: error }, 'session purge failed'));
    purgeExpiredTokens().catch((error: unknown) => logger.warn({ err: error }, 'one-time link purge failed'));
    purgeExpiredSignInAttempts().catch((error: unknown) => logger.warn({ err: error }, 'sign-in attempt purge failed'));
    purgeStalePresence().catch((error: unknown) => logger.warn({ err: error }, 'presence purge failed'));
    discardAbandonedImports().catch((error: unknown) => logger.warn({ err: error }, 'abandoned import clean-up failed'));
    purgeOldJobs().catch((error: unknown) => logger.warn({ err: error }, 'job purge failed'));
    purgeOutbox().catch((error: unknown) => logger.warn({ err: error }, 'outbox purge failed'));
    resumeUndispatched(new Date(), 60_000).catch((error: unknown) => logger.warn({ err: error }, 'dispatch resume failed'));
    erasePatientData(new Date(), config.retentionDays).catch((error: unknown) => logger.warn({ err: error }, 'patient data erasure failed'));
  }, 600_000);
  housekeeping.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    clearInterval(housekeeping);
    clearTimeout(warmUp);
    stopBudgetWatch();
    stopExpiryWatch();
    stopUsageAnnounce();
    const force = setTimeout(() => {
      logger.warn('requests still in flight after the shutdown timeout: closing them');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    const closed = new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    // A reset request answered just before the signal still writes its link and mail.
    await settleResetRequests();
    await Promise.all([...runners.map((runner) => runner.stop()), outbox.stop()]);
    await settlePushes();
    callSignalling.close();
    await live.close();
    await closed;
    clearTimeout(force);
    await redis?.close();
    await database.close();
    logger.info('stopped');
    await flush(logger);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function flush(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
