import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFiles, headingAnchors, shellBlocks, shows } from './blocks.js';
import { runBlock, syntaxCheck } from './run-block.js';

/**
 * Every shell example of the README and of docs/*.md, run as printed (ports substituted) against a
 * fresh mockca, so no example can rot. A block that cannot run here says why in an HTML comment
 * just above its fence (`<!-- not run: … -->`); it is listed below with that reason and only
 * checked for syntax.
 */
const repoRoot = join(import.meta.dirname, '../..');
const files = docFiles(repoRoot);
const blocks = files.flatMap((file) => shellBlocks(repoRoot, file));
const running = blocks.filter((b) => b.notRun === undefined);
const notRun = blocks.filter((b) => b.notRun !== undefined);

describe('every shell example of the docs runs as printed', () => {
  it('finds the examples of every page', () => {
    expect(files).toContain('docs/digicert.md');
    expect(running.length).toBeGreaterThan(10);
  });

  for (const block of running) {
    const flags = block.mockcaFlags.length ? ` (mockca ${block.mockcaFlags.join(' ')})` : '';
    it(`${block.where}${flags}`, async () => {
      const run = await runBlock(block, 30_000);
      const context = `\n--- script\n${run.script}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      expect(run.code, `exit status of ${block.where}${context}`).toBe(0);
      for (const { expected, printed } of run.answers) {
        expect(shows(printed, expected.text), `${block.where}: "# -> ${expected.text}" not in what was printed:\n${printed}${context}`).toBe(true);
      }
    }, 40_000);
  }
});

describe('shell examples that are not run, each with its reason', () => {
  for (const block of notRun) {
    it(`${block.where} is not run: ${block.notRun}`, async () => {
      expect(block.notRun, 'a not-run block needs a reason').toMatch(/\w{3,}/);
      const { code, stderr } = await syntaxCheck(block);
      expect(code, stderr).toBe(0);
    });
  }
});

describe('the docs as a whole', () => {
  it('sh blocks are plain sh: no bash arrays (those blocks are marked bash)', () => {
    const withArrays = blocks.filter((b) => b.lang === 'sh' && /\w=\(|\$\{\w+\[[@*]\]\}/.test(b.code)).map((b) => b.where);
    expect(withArrays).toEqual([]);
  });

  it('no page speaks of "seeds": each names the vendor documentation instead', () => {
    const offending = files.filter((file) => /\bseeds\b|seed page/i.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const page of files.filter((f) => f.startsWith('docs/'))) expect(readme, page).toContain(`(${page})`);
  });

  it('every link between the pages finds its page and its heading', () => {
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      for (const [link, target, anchor] of text.matchAll(/\]\(((?:\.\.\/|docs\/)?[\w./-]+\.md)?(?:#([^)\s]*))?\)/g)) {
        if (target === undefined && anchor === undefined) continue;
        const path = target === undefined ? join(repoRoot, file) : file.startsWith('docs/') ? join(repoRoot, 'docs', target) : join(repoRoot, target);
        if (!existsSync(path)) broken.push(`${file}: ${link} (no such page)`);
        else if (anchor !== undefined && !headingAnchors(readFileSync(path, 'utf8')).has(anchor)) broken.push(`${file}: ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
