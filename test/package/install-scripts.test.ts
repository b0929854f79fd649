import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');

describe('installing this repository prints no install-script notice', () => {
  it('allowScripts settles every installed package that has an install script (better-sqlite3 allowed, esbuild denied)', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true, esbuild: false });
    // What `npm ci` ends with when a package's scripts are not covered; read-only.
    const ls = spawnSync('npm', ['install-scripts', 'ls'], { cwd: repo, encoding: 'utf8', timeout: 30_000 });
    expect(ls.status).toBe(0);
    expect(ls.stdout).toContain('No packages with unreviewed install scripts.');
    expect(ls.stdout + ls.stderr).not.toContain('not yet covered by allowScripts');
  });
});
