import { readdir, readFile, stat } from 'node:fs/promises';
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
  const mainBundle = async () => (await filesUnder(SERVED)).find((file) => /^assets\/index-.+\.js$/.test(file))!;

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
    // Each chunk's map, the main bundle's naming the client's own sources.
    const scripts = (await filesUnder(SERVED)).filter((file) => /^assets\/.+\.js$/.test(file));
    for (const script of scripts) {
      const map = JSON.parse(await readFile(path.join(MAPS, `${script}.map`), 'utf8')) as { sources: string[] };
      expect(map.sources.length, script).to.be.greaterThan(0);
    }
    const main = JSON.parse(await readFile(path.join(MAPS, `${await mainBundle()}.map`), 'utf8')) as { sources: string[] };
    expect(main.sources.some((source) => source.endsWith('src/app.tsx'))).to.equal(true);
  });

  it('caches the hashed scripts and styles for a year, immutable, and never the page nor the service worker', async () => {
    const assets = (await filesUnder(SERVED)).filter((file) => /^assets\/.+\.(js|css)$/.test(file));
    expect(assets.some((file) => file.endsWith('.css'))).to.equal(true);
    for (const asset of assets) {
      const served = await t.http().get(`/${asset}`);
      expect(served.headers['cache-control'], asset).to.equal('public, max-age=31536000, immutable');
    }
    for (const page of ['/', '/index.html', '/sw.js']) {
      const served = await t.http().get(page).set('Accept-Encoding', 'br');
      expect(served.status, page).to.equal(200);
      expect(served.headers['cache-control'], page).to.equal('no-cache');
    }
  });

  for (const [accepted, encoding, extension] of [['br', 'br', 'br'], ['gzip, deflate', 'gzip', 'gz'], ['gzip, deflate, br, zstd', 'br', 'br']] as const) {
    it(`sends the main bundle precompressed as ${encoding} to a browser that accepts "${accepted}", with Vary: Accept-Encoding`, async () => {
      const bundle = await mainBundle();
      const served = await t.http().get(`/${bundle}`).set('Accept-Encoding', accepted);
      expect(served.status).to.equal(200);
      expect(served.headers['content-encoding']).to.equal(encoding);
      expect(served.headers.vary).to.match(/Accept-Encoding/i);
      expect(served.headers['content-type']).to.match(/^text\/javascript/);
      // The bytes sent are the build's precompressed copy, and they decode to the bundle itself.
      const precompressed = await stat(path.join(SERVED, `${bundle}.${extension}`));
      expect(Number(served.headers['content-length'])).to.equal(precompressed.size);
      expect(precompressed.size).to.be.lessThan((await stat(path.join(SERVED, bundle))).size / 2);
      expect(served.text).to.equal(await readFile(path.join(SERVED, bundle), 'utf8'));
    });
  }

  it('sends the bundle as it is to a client that accepts no compression', async () => {
    const bundle = await mainBundle();
    const served = await t.http().get(`/${bundle}`).set('Accept-Encoding', 'identity');
    expect(served.headers['content-encoding']).to.equal(undefined);
    expect(Number(served.headers['content-length'])).to.equal((await stat(path.join(SERVED, bundle))).size);
  });

  it('compresses the API\'s larger JSON answers for a client that accepts gzip or Brotli', async () => {
    for (const encoding of ['gzip', 'br']) {
      const served = await t.http().get('/api/openapi.json').set('Accept-Encoding', encoding);
      expect(served.status).to.equal(200);
      expect(served.headers['content-encoding'], encoding).to.equal(encoding);
      expect(served.body.openapi).to.be.a('string');
    }
    const plain = await t.http().get('/api/openapi.json').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).to.equal(undefined);
  });
});
