import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The CLI bundle builds the vendors' zod schemas on first use (scripts/bundle.js replaces each
 * vendor's schema-lib.ts with lazy requires). One value import of a schema module from anywhere
 * else would build them at every start again, silently: this keeps the seam the only way in.
 */
const root = join(import.meta.dirname, '..', '..');
const schemaModule = /from '[./\w-]*\/(?:emulators\/(?:regfish|digicert|sectigo)\/)?(schemas|responses|response-schemas)\.js'|from '\.\/(schemas|responses|response-schemas)\.js'/;
const allowed = /(?:^src\/emulators\/(?:regfish|digicert|sectigo)\/(?:schemas|responses|response-schemas|schema-lib)\.ts$)|^src\/openapi\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe("the vendors' zod schemas", () => {
  it('are imported as values only by their schema-lib seams (and the OpenAPI builders, loaded on first use)', () => {
    const offenders: string[] = [];
    for (const vendor of ['regfish', 'digicert', 'sectigo']) {
      for (const file of sourceFiles(join(root, 'src', 'emulators', vendor))) {
        const path = relative(root, file);
        if (allowed.test(path)) continue;
        for (const line of readFileSync(file, 'utf8').split('\n')) {
          if (line.startsWith('import ') && !line.startsWith('import type ') && schemaModule.test(line)) offenders.push(`${path}: ${line}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the bundle replaces each seam with lazy requires', () => {
    const bundle = readFileSync(join(root, 'scripts', 'bundle.js'), 'utf8');
    for (const vendor of ['regfish', 'digicert', 'sectigo']) expect(bundle).toContain(`'src/emulators/${vendor}/schema-lib.ts': lazySchemas(`);
  });
});
