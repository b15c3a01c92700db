import fs from 'node:fs';
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The platform's first start on an empty embedded database seeds the demo data and this year's history:
// about a minute, two on a busy machine. A test run pays it once: the first platform started runs that
// real first start into a template data directory, stops cleanly, and every platform started on an
// empty database (this one too) gets its own copy of the template's SQLite files.

export const FIRST_START_LOG = 'test-output/e2e-first-start.log';

let template: Promise<string> | undefined;
let firstStartLog = '';

/** The log of the first start the template was made from, read when it stopped ('' before). */
export const templateLog = () => firstStartLog;

/**
 * The template's data directory, made by `firstStart` on an empty one the first time in this process,
 * removed when the process exits. With E2E_TEMPLATE_DIR (set by scripts/test-lanes.mjs for both lanes),
 * the first lane to ask makes it there and the other waits for it: a run pays one first start, not one
 * per lane. A failed first start fails every caller with its error.
 */
export function seededTemplate(firstStart: (dataDir: string) => Promise<{ stop(): Promise<void> }>): Promise<string> {
  const shared = process.env.E2E_TEMPLATE_DIR;
  template ??= shared ? sharedTemplate(shared, firstStart) : ownTemplate(firstStart);
  return template;
}

async function ownTemplate(firstStart: (dataDir: string) => Promise<{ stop(): Promise<void> }>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-template-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  await makeTemplate(dir, firstStart);
  return dir;
}

/** `dir` made by whichever lane creates it first (mkdir is the lock); `<dir>.ready` holds its log once done, `<dir>.failed` the error. */
async function sharedTemplate(dir: string, firstStart: (dataDir: string) => Promise<{ stop(): Promise<void> }>): Promise<string> {
  const [ready, failed] = [`${dir}.ready`, `${dir}.failed`];
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // The other lane is making it (a first start takes one to three minutes).
    for (const deadline = Date.now() + 15 * 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 500))) {
      if (fs.existsSync(ready)) {
        firstStartLog = fs.readFileSync(ready, 'utf8');
        console.log(`      (the run's first start: ${dir}, made by the other lane)`);
        return dir;
      }
      if (fs.existsSync(failed)) throw new Error(`the other lane's first start failed: ${fs.readFileSync(failed, 'utf8')}`);
    }
    throw new Error(`the other lane's first start into ${dir} did not end within 15 minutes`);
  }
  try {
    await makeTemplate(dir, firstStart);
    fs.writeFileSync(ready, firstStartLog);
    return dir;
  } catch (error) {
    fs.writeFileSync(failed, String((error as Error).stack ?? error));
    throw error;
  }
}

async function makeTemplate(dir: string, firstStart: (dataDir: string) => Promise<{ stop(): Promise<void> }>): Promise<void> {
  const platform = await firstStart(dir);
  await platform.stop();
  // The engine removes its pid file once it has exited: no process holds the files being copied.
  if (fs.existsSync(path.join(dir, 'ferretdb', 'engine.pid'))) throw new Error(`the first start's engine did not stop cleanly (see ${FIRST_START_LOG})`);
  // Its log as it ended, for first-start.test.ts: the file may be written again by a later first start.
  firstStartLog = fs.readFileSync(FIRST_START_LOG, 'utf8');
  console.log(`      (the run's first start: ${dir}, by process ${process.pid})`);
}

/** Whether `dataDir` holds no embedded database yet (missing or empty, as a fresh clone's `./data`). */
export async function holdsNoDatabase(dataDir: string): Promise<boolean> {
  return (await readdir(dataDir).catch(() => [])).length === 0;
}

/** An independent copy of the template's files into `dataDir` (plain copies: no file is shared). */
export async function copyTemplate(templateDir: string, dataDir: string): Promise<void> {
  await cp(templateDir, dataDir, { recursive: true, errorOnExist: true, force: false });
}
