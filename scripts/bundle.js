// Bundles the CLI into one file (dist/mockca.js) so `npm start` and the `mockca` bin start fast:
// one module to load instead of several hundred. better-sqlite3 stays external (native addon).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/mockca.js',
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __mockcaRequire } from 'node:module'; const require = __mockcaRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
