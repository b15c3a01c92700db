import { parseArgs } from 'node:util';
import { loadConfig } from '../server/platform/config';
import { openDatabase } from '../server/platform/db';
import { createLogger } from '../server/platform/logger';
import { HistoryRefused, seedHistory } from '../server/seed/history';

// `npm run seed:history -- --year 2022 [--scale N]`: the demo directory if absent, then a year of
// sessions on the brief's figures (times N), into MONGODB_URI or the embedded engine under DATA_DIR.
const { values } = parseArgs({ options: { year: { type: 'string' }, scale: { type: 'string', default: '1' } } });
const config = loadConfig();
const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
if (!values.year || !/^\d{4}$/.test(values.year)) {
  logger.error('usage: npm run seed:history -- --year YYYY [--scale N]');
  process.exit(2);
}
const database = await openDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (m) => logger.info(m) });
try {
  await seedHistory({ year: Number(values.year), scale: Number(values.scale), log: (m) => logger.info(m) });
} catch (error) {
  if (!(error instanceof HistoryRefused)) throw error;
  logger.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
