import { parseArgs } from 'node:util';
import { DEFAULT_REGION_CODE } from '../shared/enums';
import { REGIONS, regionByCode } from '../shared/regions';
import { loadConfig } from '../server/platform/config';
import { openDatabase } from '../server/platform/db';
import { createLogger } from '../server/platform/logger';
import { addDemo, DemoRefused } from '../server/seed/region-demo';

// `npm run seed:demo [-- --region <code>]`: a region's demo directory (Auvergne-Rhône-Alpes's by
// default; another region's with this year's usage so far and its budget), into MONGODB_URI or the
// embedded engine under DATA_DIR, beside the demos already there.
const USAGE = `usage: npm run seed:demo [-- --region <code>]
  --region <code>  the INSEE code of the region whose demo to add (default ${DEFAULT_REGION_CODE}, Auvergne-Rhône-Alpes):
${REGIONS.map((r) => `                   ${r.code.padEnd(3)}${r.name}`).join('\n')}
  --help           this text`;

let values: { region?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { region: { type: 'string' }, help: { type: 'boolean' } } }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const region = values.region?.trim() ?? DEFAULT_REGION_CODE;
if (!regionByCode(region)) {
  process.stderr.write(`Unknown region code "${region}": use an INSEE region code such as 84, 76, 52 or 04 (npm run seed:demo -- --help lists them).\n`);
  process.exit(2);
}

const config = loadConfig();
const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
const database = await openDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (m) => logger.info(m) });
try {
  const started = performance.now();
  if (await addDemo(region, { history: region !== DEFAULT_REGION_CODE, log: (m) => logger.info(m) })) {
    logger.info(`demo of ${regionByCode(region)!.name} seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    logger.info(`the demo of ${regionByCode(region)!.name} is already present: nothing to do`);
  }
} catch (error) {
  if (!(error instanceof DemoRefused)) throw error;
  logger.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
