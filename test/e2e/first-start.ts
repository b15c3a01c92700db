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
 * removed when the process exits. A failed first start fails every caller with its error.
 */
export function seededTemplate(firstStart: (dataDir: string) => Promise<{ stop(): Promise<void> }>): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-template-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const platform = await firstStart(dir);
    await platform.stop();
    // The engine removes its pid file once it has exited: no process holds the files being copied.
    if (fs.existsSync(path.join(dir, 'ferretdb', 'engine.pid'))) throw new Error(`the first start's engine did not stop cleanly (see ${FIRST_START_LOG})`);
    // Its log as it ended, for first-start.test.ts: the file may be written again by a later first start
    // (two of them were seen in one run of the browser lane, at 078bf06 and 88f6d1d; cause not yet found).
    firstStartLog = fs.readFileSync(FIRST_START_LOG, 'utf8');
    console.log(`      (the run's first start: ${dir}, by process ${process.pid})`);
    return dir;
  })();
  return template;
}

/** Whether `dataDir` holds no embedded database yet (missing or empty, as a fresh clone's `./data`). */
export async function holdsNoDatabase(dataDir: string): Promise<boolean> {
  return (await readdir(dataDir).catch(() => [])).length === 0;
}

/** An independent copy of the template's files into `dataDir` (plain copies: no file is shared). */
export async function copyTemplate(templateDir: string, dataDir: string): Promise<void> {
  await cp(templateDir, dataDir, { recursive: true, errorOnExist: true, force: false });
}
