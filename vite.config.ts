import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { loginBody, passwordChangeBody, passwordResetBody, setPasswordBody } from './shared/schemas/auth';
import { amountBody, statementRejectBody } from './shared/schemas/billing';
import { cancelBody, completeBody, disputeBody, feedbackBody, requestCreateBody } from './shared/schemas/booking';
import { availabilityUpdateBody, memberInviteBody, qualificationsUpdateBody } from './shared/schemas/directory';
import { agencyCreateBody, agencyUpdateBody, interpreterCreateBody, interpreterUpdateBody, structureCreateBody, structureUpdateBody, userCreateBody, userUpdateBody } from './shared/schemas/directory';
import { simulationScenario } from './shared/schemas/simulation';
import { problemBody, withdrawBody } from './shared/schemas/booking';
import { makeAjv } from './server/platform/validation';

// ajv's standalone module is CommonJS with a default export; under ESM interop it may arrive wrapped.
const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule) as typeof standaloneModule;

/** The schemas the client's forms are checked against: the server's own, nothing written twice. */
const FORM_SCHEMAS = { loginBody, requestCreateBody, cancelBody, completeBody, amountBody, disputeBody, feedbackBody, availabilityUpdateBody, passwordResetBody, setPasswordBody, passwordChangeBody, memberInviteBody, simulationScenario, qualificationsUpdateBody, statementRejectBody };
/** The interpreter's agenda: withdrawing from a session, reporting a problem. */
const INTERPRETER_FORM_SCHEMAS = { withdrawBody, problemBody };
/** The administration's forms (client/src/pages/admin). */
const ADMIN_FORM_SCHEMAS = { structureCreateBody, structureUpdateBody, agencyCreateBody, agencyUpdateBody, userCreateBody, userUpdateBody, interpreterCreateBody, interpreterUpdateBody };

/**
 * `virtual:validators`: the forms' JSON schemas compiled by ajv at build time, with the server's
 * options. Compiling in the browser would need `eval`, which the Content-Security-Policy forbids.
 * Each schema is a module of its own (`virtual:validators/<name>`, re-exported here), so that a form's
 * validator ships in the chunk of the page that has the form: the login page carries no administration form.
 */
function sharedValidators(): Plugin {
  const id = 'virtual:validators';
  const schemas: Record<string, { $id: string }> = { ...FORM_SCHEMAS, ...INTERPRETER_FORM_SCHEMAS, ...ADMIN_FORM_SCHEMAS };
  return {
    name: 'shared-validators',
    resolveId: (source) => (source === id || source.startsWith(`${id}/`) ? `\0${source}` : undefined),
    load(resolved) {
      if (resolved === `\0${id}`) return Object.keys(schemas).map((name) => `export { default as ${name} } from '${id}/${name}';`).join('\n');
      const name = resolved.startsWith(`\0${id}/`) ? resolved.slice(id.length + 2) : undefined;
      const schema = name === undefined ? undefined : schemas[name];
      if (!schema) return undefined;
      const ajv = makeAjv(false, { code: { source: true, esm: true } });
      // The generated module still `require`s ajv's runtime helpers: turn those into imports.
      const imports = new Map<string, string>();
      const code = standaloneCode(ajv, ajv.compile(schema)).replace(/require\("([^"]+)"\)/g, (_match, module: string) => {
        if (!imports.has(module)) imports.set(module, `__runtime${imports.size}`);
        return imports.get(module)!;
      });
      const header = [...imports].map(([module, name]) => `import * as ${name} from ${JSON.stringify(module)};`).join('\n');
      // Nothing runs on import: a validator nobody uses is left out of the build.
      return { code: `${header}\n${code.replace(/^"use strict";/, '')}`, moduleSideEffects: false };
    },
  };
}

/** Where the build's source maps go: beside the served folder (client/dist), never in it. */
const MAPS_DIR = fileURLToPath(new URL('client/dist-maps', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('client/dist', import.meta.url));

/**
 * Source maps (nearly 2 MB, the whole client's source) are kept to read a stack trace from a report, but
 * out of the folder the server serves: the bundles name no map (`sourcemap: 'hidden'`), and the maps
 * are written to MAPS_DIR instead of client/dist.
 */
function mapsOutsideServedFolder(): Plugin {
  const maps = new Map<string, string | Uint8Array>();
  return {
    name: 'maps-outside-served-folder',
    apply: 'build',
    generateBundle(_options, bundle) {
      maps.clear();
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== 'asset' || !name.endsWith('.map')) continue;
        maps.set(name, file.source);
        delete bundle[name];
      }
    },
    async writeBundle(options) {
      // Beside this build's folder: another build (a test's, into its own folder, without maps) leaves these alone.
      const dir = options.dir && path.resolve(options.dir) !== DIST_DIR ? `${options.dir}-maps` : MAPS_DIR;
      if (maps.size === 0) return;
      await rm(dir, { recursive: true, force: true });
      for (const [name, source] of maps) {
        const file = path.join(dir, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, source);
      }
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: false,
  // Brotli and gzip copies of the scripts, styles and page, at the highest levels (paid once, at build),
  // for the server to send as they are; maps are never compressed nor served.
  plugins: [sharedValidators(), mapsOutsideServedFolder(), compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html)$/ })],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: 'hidden',
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: { index: fileURLToPath(new URL('client/index.html', import.meta.url)), sw: fileURLToPath(new URL('client/sw/sw.ts', import.meta.url)) },
      // The service worker keeps one name at the site's root: its scope is then the whole site, and a
      // browser looks for updates at the same address. It imports nothing, so it is one plain script.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  // Under `npx vite`, the service worker comes from the server's build.
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true }, '/sw.js': 'http://127.0.0.1:3000' } },
});
