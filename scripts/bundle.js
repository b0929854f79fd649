// Makes the fast-starting CLI: src/cli.ts bundled into one CommonJS file (dist/mockca-bundle.cjs), a
// launcher (dist/mockca.cjs) that runs it with V8's code cache, and the cache itself, written by one
// warm-up start (`MOCKCA_WARMUP=1`: start on free ports, stop at once). One file to load and no
// compilation at start is what keeps start-up short. better-sqlite3's JavaScript is bundled too; its
// addon is loaded by path (src/state/db.ts), so `bindings` (its fallback search) stays external.
// Also the package's CommonJS entry (dist/index.cjs, for `require('mockca')`), bundled the same way.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/** A seam of two lazily required modules, each behind a function of its own. */
function lazySchemas(...pairs) {
  const lines = [];
  for (let i = 0; i < pairs.length; i += 2) lines.push(`let m${i};`, `export const ${pairs[i]} = () => (m${i} ??= require(${JSON.stringify(pairs[i + 1])}));`);
  return `${lines.join('\n')}\n`;
}

// Libraries that a start does not need, which their seam modules import at once (for the ESM build
// and the tests): in the bundle each seam is replaced by one that requires the library on first use
// (esbuild makes a require() of a bundled module its lazy initialisation).
const lazySeams = {
  // @peculiar/x509 and its ASN.1 schemas, about 12 ms.
  'src/ca/x509-lib.ts': "let lib;\nexport const x509Lib = () => (lib ??= require('./x509.js').x509);\n",
  // Config and scenario files that are YAML.
  'src/lib/yaml.ts': "export const parseYaml = (...args) => require('yaml').parse(...args);\n",
  // The vendors' request and response zod schemas, built on the first request or OpenAPI document
  // that needs them (a zod schema takes 20-30 µs to build; all of them were a fifth of a start).
  'src/emulators/regfish/schema-lib.ts': lazySchemas('regfishSchemas', './schemas.js', 'regfishAnswerSchemas', './response-schemas.js'),
  'src/emulators/digicert/schema-lib.ts': lazySchemas('digicertSchemas', './schemas.js', 'digicertResponses', './responses.js'),
  'src/emulators/sectigo/schema-lib.ts': lazySchemas('sectigoSchemas', './schemas.js', 'sectigoAnswerSchemas', './response-schemas.js'),
};
const lazyLoading = {
  name: 'lazy-seams',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const seam = Object.keys(lazySeams).find((path) => args.path.endsWith(path));
      return seam ? { contents: lazySeams[seam], loader: 'ts' } : undefined;
    });
  },
};

// The CLI's HTTP adapter, @hono/node-server, is evaluated on the first request instead of at start:
// its module reads Node's fetch globals (Headers, Request, Response), and the first read loads
// Node's bundled undici, about 10 ms. The listener each port gets at start makes the adapter's own on
// the first request (which replaces those globals then, as it did at start before). Not in
// dist/index.cjs, where the globals are the embedding program's and are replaced at start as ever.
const nodeServerExports = Object.keys(await import('@hono/node-server'));
const lazyNodeServer = {
  name: 'lazy-node-server',
  setup(build) {
    build.onResolve({ filter: /^@hono\/node-server$/ }, (args) => (args.pluginData?.real ? undefined : { path: '@hono/node-server', namespace: 'lazy-node-server' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-node-server' }, async () => {
      const real = await build.resolve('@hono/node-server', { kind: 'import-statement', resolveDir: process.cwd(), pluginData: { real: true } });
      const contents = [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(real.path)}));`,
        `for (const name of ${JSON.stringify(nodeServerExports.filter((name) => name !== 'getRequestListener'))}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        'exports.getRequestListener = (fetch, options) => {',
        '  let listener;',
        '  return (incoming, outgoing) => (listener ??= load().getRequestListener(fetch, options))(incoming, outgoing);',
        '};',
      ].join('\n');
      return { contents, loader: 'js', resolveDir: process.cwd() };
    });
  },
};

const commonJs = {
  bundle: true,
  plugins: [lazyLoading],
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The console's OIDC, SAML and LDAP second factors load these on first use only: kept out of the
  // bundle, so the file that every start parses stays as small as before they existed.
  external: ['bindings', 'oidc-provider', 'samlify', 'ldapts', '@xmldom/xmldom'],
  define: { 'import.meta.url': '__mockcaModuleUrl' },
  banner: { js: "const __mockcaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
};

await build({ ...commonJs, plugins: [lazyLoading, lazyNodeServer], entryPoints: ['src/cli.ts'], outfile: 'dist/mockca-bundle.cjs', minify: true });
await build({ ...commonJs, entryPoints: ['src/public.ts'], outfile: 'dist/index.cjs' });
// The package's ESM entry (dist/public.js, written by tsc as one module of hundreds) bundled into one
// file too: Node 20 keeps no code cache for ES modules, and loading the tsc output took a test suite's
// process 0.9 s, against 0.2 s for the bundle. The bundled CommonJS libraries (better-sqlite3) get a
// require of their own; import.meta.url is the bundle's, one level below the package root as before.
await build({
  ...commonJs,
  format: 'esm',
  define: {},
  banner: { js: "import { createRequire as __mockcaCreateRequire } from 'node:module';\nconst require = __mockcaCreateRequire(import.meta.url);" },
  entryPoints: ['src/public.ts'],
  outfile: 'dist/public.js',
  allowOverwrite: true,
});
// The CommonJS entry's types: the same declarations as the ESM entry's.
writeFileSync('dist/index.d.cts', "export * from './public.js';\n");

// The launcher is CommonJS: an ES module entry would have Node load its ESM loader first (about
// twenty internal modules, 4-12 ms of the median start here, 2026-12-03).
writeFileSync(
  'dist/mockca.cjs',
  `#!/usr/bin/env node
// The mockca command: runs the bundle (mockca-bundle.cjs) with V8's code cache (mockca-bundle.cjs.cache) when it fits.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'mockca-bundle.cjs');
const cacheFile = \`\${file}.cache\`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// An ASCII bundle (as esbuild writes it) is read as latin1, a plain copy: twice as fast as decoding UTF-8.
const bytes = readFileSync(file);
const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
const script = new vm.Script(\`(function (exports, require, module, __filename, __dirname) {\${source}\\n})\`, { filename: file, cachedData });
// Once started: the warm-up of the build writes the cache. A cache fits one Node version only (a
// packed package carries the packer's), so a start that had none or had it rejected writes its own,
// best effort (the package may be read-only), through a rename so that parallel starts never read half.
globalThis.__mockcaStarted = () => {
  if (!process.env.MOCKCA_WARMUP && cachedData && !script.cachedDataRejected) return;
  const written = \`\${cacheFile}.\${process.pid}\`;
  try {
    writeFileSync(written, script.createCachedData());
    renameSync(written, cacheFile);
  } catch {
    // no cache then: the next start compiles again
    rmSync(written, { force: true });
  }
};
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, __dirname);
`,
);
chmodSync('dist/mockca.cjs', 0o755);
// What builds before 2026-12-03 wrote under the names of then: the ES module launcher and the bundle's cache.
rmSync('dist/mockca.js', { force: true });
rmSync('dist/mockca.cjs.cache', { force: true });

rmSync('dist/mockca-bundle.cjs.cache', { force: true });
// With the banner (not --quiet): the cache holds what a usual start compiles, the banner included.
const warmup = spawnSync(process.execPath, ['dist/mockca.cjs', '--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0', '--log-level', 'error'], {
  env: { ...process.env, MOCKCA_WARMUP: '1' },
  encoding: 'utf8',
  timeout: 60_000,
});
if (warmup.status !== 0) console.warn(`mockca: code cache not written (warm-up exited ${warmup.status}): ${warmup.stderr}`);
