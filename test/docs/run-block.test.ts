import { describe, expect, it } from 'vitest';
import type { ShellBlock } from './blocks.js';
import { runBlock, syntaxCheck } from './run-block.js';

const block = (code: string, extra: Partial<ShellBlock> = {}): ShellBlock => ({ where: 'x.md:1', lang: 'bash', code, mockcaFlags: [], ...extra });

describe('running a docs block', () => {
  it('talks to a fresh mockca on the documented ports and splits the output at each expected answer', async () => {
    const run = await runBlock(block("curl -s http://127.0.0.1:8440/api/health | jq -r .status\n# -> ok\necho second\n# -> second"), 20_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.script).not.toContain(':8440');
    expect(run.answers.map((a) => [a.expected.text, a.printed.trim()])).toEqual([
      ['ok', 'ok'],
      ['second', 'second'],
    ]);
  });

  it('runs under -e, -u and pipefail: a failing command, an unset variable or a failing pipe stage fails the block', async () => {
    for (const code of ['false\necho never', 'echo "$NOT_SET"', 'false | cat']) {
      const run = await runBlock(block(code), 20_000);
      expect(run.code, code).not.toBe(0);
      expect(run.stdout, code).not.toContain('never');
    }
  });

  it('an expected answer after the command that failed is not reached', async () => {
    const run = await runBlock(block('echo one\n# -> one\nexit 3\n# -> two'), 20_000);
    expect(run.code).toBe(3);
    expect(run.answers.map((a) => a.printed.trim())).toEqual(['one', '(not reached)']);
  });

  it('starts mockca with the flags of the block, relative paths inside its folder', async () => {
    const run = await runBlock(block('ls .mockca/ca\ncurl -s http://127.0.0.1:8440/api/health | jq -r .seed', { mockcaFlags: ['--seed', '7', '--ca-export', '.mockca/ca'] }), 20_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['root.pem', 'intermediate.pem', '7']));
  });

  it('a block that is not run is still checked for syntax, sh blocks by sh', async () => {
    expect((await syntaxCheck(block('if true; then echo; fi'))).code).toBe(0);
    expect((await syntaxCheck(block('if true; then echo'))).code).not.toBe(0);
    expect((await syntaxCheck(block('H=(-a -b)', { lang: 'sh' }))).code).not.toBe(0);
  });
});
