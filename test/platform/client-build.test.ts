import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { useTestApp } from '../support/app';

// What `npm run build` leaves the server to serve (npm test builds the client before mocha runs).
const SERVED = path.resolve('client/dist');
const MAPS = path.resolve('client/dist-maps');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('The web client as served in production', () => {
  const t = useTestApp({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) });

  it('serves every script, and none of their source maps: GET of a .map answers 404', async () => {
    const page = await t.http().get('/');
    expect(page.status).to.equal(200);
    const scripts = (await filesUnder(SERVED)).filter((file) => file.endsWith('.js'));
    expect(scripts).to.include('sw.js');
    expect(scripts.some((file) => /^assets\/index-.+\.js$/.test(file) && page.text.includes(`/${file}`)), 'the page loads its bundle').to.equal(true);
    for (const script of scripts) {
      const served = await t.http().get(`/${script}`);
      expect(served.status, script).to.equal(200);
      expect(served.text, `${script} names no map`).not.to.match(/sourceMappingURL/);
      const map = await t.http().get(`/${script}.map`);
      expect(map.status, `${script}.map`).to.equal(404);
      expect(map.text).not.to.include('"sources"');
    }
  });

  it('keeps the maps out of the served folder, beside it, to read a stack trace', async () => {
    expect((await filesUnder(SERVED)).filter((file) => file.endsWith('.map'))).to.deep.equal([]);
    const bundle = (await filesUnder(SERVED)).find((file) => /^assets\/index-.+\.js$/.test(file))!;
    expect((await stat(path.join(MAPS, `${bundle}.map`))).size).to.be.greaterThan(1_000_000);
  });
});
