import { countUsers } from '../server/directory/users';
import { loadConfig } from '../server/platform/config';
import { openDatabase } from '../server/platform/db';
import { createLogger } from '../server/platform/logger';
import { seedDemo } from '../server/seed/demo-data';
import { UserModel } from '../server/directory/store';

// `npm run seed:demo`: the demo directory, into MONGODB_URI or the embedded engine under DATA_DIR.
const config = loadConfig();
const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
const database = await openDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (m) => logger.info(m) });
try {
  if (await UserModel.exists({ email: 'admin@demo.test' })) {
    logger.info('demo data already present: nothing to do');
  } else if ((await countUsers()) > 0) {
    logger.error('this database already holds non-demo users: refusing to add demo accounts to it');
    process.exitCode = 1;
  } else {
    await seedDemo(logger);
  }
} finally {
  await database.close();
}
