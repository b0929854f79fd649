import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '../..');

/** The scenario page's library table names every file of scenarios/, and nothing that is not one. */
it('the scenario library table lists exactly the bundled scenario files', () => {
  const page = readFileSync(join(repoRoot, 'docs/scenarios.md'), 'utf8');
  const library = page.slice(page.indexOf('## The scenario library'));
  const listed = [...library.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]).sort();
  const files = readdirSync(join(repoRoot, 'scenarios'))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => name.replace(/\.(ya?ml|json)$/, ''))
    .sort();
  expect(listed).toEqual(files);
});
