import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { helpText } from '../../src/cli-options.js';

/** The option list of docs/operations.md is what `mockca --help` prints, so a new option cannot go undocumented. */
it('the options page lists exactly what mockca --help prints', () => {
  const page = readFileSync(join(import.meta.dirname, '../../docs/operations.md'), 'utf8');
  const listing = /`mockca --help` prints this list, with each default:\n\n```\n([\s\S]*?)\n```/.exec(page)?.[1];
  const help = helpText();
  expect(listing).toBe(help.slice(help.indexOf('  --config')).trimEnd());
});
