import { rebuildRollups } from '../server/billing/ledger';
import { reconcileUsage } from '../server/booking/usage-reconcile';
import { loadConfig } from '../server/platform/config';
import { openDatabase } from '../server/platform/db';
import { createLogger } from '../server/platform/logger';

// `npm run usage:check [-- --fix]`: finds finished requests whose usage is missing from the ledger, then
// folds the whole ledger again and proves every monthly roll-up equal to it (exit 0), or lists what
// differs (exit 1) and, with --fix, records the missing usage and rewrites the months that differ.
const fix = process.argv.includes('--fix');
const config = loadConfig();
const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
const database = await openDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (m) => logger.info(m) });
try {
  const started = performance.now();
  const usage = await reconcileUsage({ fix });
  if (usage.missing.length > 0) {
    logger.warn(`${usage.missing.length} usage entries missing for ${usage.checked} finished requests${fix ? ': recorded now' : ''}`);
    if (!fix) process.exitCode = 1;
  }
  const check = await rebuildRollups({ fix });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (check.mismatches.length === 0) {
    logger.info(`${check.entries} ledger entries over ${check.months} months: every roll-up equals the ledger (${seconds} s)`);
  } else {
    for (const mismatch of check.mismatches) logger.warn(mismatch);
    logger.warn(`${check.mismatches.length} month(s) differ from the ledger${fix ? ': rewritten from the ledger' : ': run again with --fix to rewrite them'} (${seconds} s)`);
    if (!fix) process.exitCode = 1;
  }
} finally {
  await database.close();
}
