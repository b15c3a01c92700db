import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

// The JavaScript and CSS a browser downloads on a first load, as it receives them (Brotli), from the
// built client (`npm run build`). One entry today, `index.html`; when the client is split by role, each
// role's entry page is listed here with what it loads first (issue 26, item 3).
const DIST = 'client/dist';
export const FIRST_LOAD_ENTRIES = ['index.html'];

const brotli = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Compressed bytes per entry page: its scripts, preloaded modules and style sheets; undefined without a build. */
export async function firstLoadBytes(): Promise<Array<{ entry: string; files: number; bytes: number; compressed: number }> | undefined> {
  if (!existsSync(path.join(DIST, FIRST_LOAD_ENTRIES[0]!))) return undefined;
  return Promise.all(FIRST_LOAD_ENTRIES.map(async (entry) => {
    const html = await readFile(path.join(DIST, entry), 'utf8');
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const contents = await Promise.all(assets.map((asset) => readFile(path.join(DIST, asset))));
    return { entry, files: assets.length, bytes: contents.reduce((n, c) => n + c.length, 0), compressed: contents.reduce((n, c) => n + brotli(c), 0) };
  }));
}
