import fs from 'node:fs';

// The tests' databases (the run's engine, each platform's, the engine comparisons') and other scratch
// files go to memory when the machine has room in /dev/shm: every write the embedded engine commits is
// synced by SQLite, and on the shared disk those syncs took a fifth of the database-bound tests' time.
// Nothing there has to outlive the run, and killing a process (the fault tests) loses nothing either
// way. A TMPDIR already set is kept; children (servers, browsers, engines) inherit the choice.
const MEMORY = '/dev/shm';
const ROOM = 2 * 1024 ** 3;

function roomIn(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize >= ROOM;
  } catch {
    return false;
  }
}

if (!process.env.TMPDIR && roomIn(MEMORY)) process.env.TMPDIR = MEMORY;
