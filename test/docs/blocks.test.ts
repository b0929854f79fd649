import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFiles, headingAnchors, marker, runnableScript, shellBlocks, shows, withPorts, type ShellBlock } from './blocks.js';

/** The rules the shell-example test reads the docs by: what counts as a block, a note, an expected answer. */
function pages(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mockca-docs-blocks-'));
  mkdirSync(join(root, 'docs'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

const block = (code: string, lang: ShellBlock['lang'] = 'sh'): ShellBlock => ({ where: 'x.md:1', lang, code, mockcaFlags: [] });

describe('finding the shell blocks of a page', () => {
  const root = pages({
    'README.md': '# t\n',
    'docs/b.md': [
      '<!-- not run: stays up -->',
      '```sh',
      'npm start',
      '```',
      '',
      '<!-- mockca: --issuance dcv --seed 7 -->',
      '```bash',
      'echo one',
      '```',
      '<!-- not run: separated by a blank line, so it describes nothing -->',
      '',
      '```console',
      '$ echo two',
      'two',
      '```',
      '```ts',
      'const notShell = 1;',
      '```',
      '````sh',
      '```',
      'echo inside a longer fence',
      '````',
      '1. a list item',
      '   <!-- mockca: --seed 3 -->',
      '   ~~~bash',
      '   echo indented',
      '     echo more',
      '   ~~~',
    ].join('\n'),
    'docs/a.md': '```sh\necho a\n```\n',
    'docs/notes.txt': '```sh\necho not a page\n```\n',
  });

  it('reads the README, then every page of docs/ in name order, and nothing else', () => {
    expect(docFiles(root)).toEqual(['README.md', 'docs/a.md', 'docs/b.md']);
  });

  it('takes sh, bash and console fences (indented or not, backticks or tildes) with the notes just above them, and leaves other languages', () => {
    const found = shellBlocks(root, 'docs/b.md');
    expect(found.map((b) => [b.where, b.lang, b.notRun, b.mockcaFlags])).toEqual([
      ['docs/b.md:2', 'sh', 'stays up', []],
      ['docs/b.md:7', 'bash', undefined, ['--issuance', 'dcv', '--seed', '7']],
      ['docs/b.md:12', 'console', undefined, []],
      ['docs/b.md:19', 'sh', undefined, []],
      ['docs/b.md:25', 'bash', undefined, ['--seed', '3']],
    ]);
    expect(found[3].code).toBe('```\necho inside a longer fence');
    expect(found[4].code).toBe('echo indented\n  echo more');
  });
});

describe('expected answers in the comments', () => {
  it('a "# -> …" comment becomes a marker after the command above it, continuation lines joined', () => {
    const { script, expectations } = runnableScript(block('curl a\n# -> {"a":1,\n#     "b":2}\n# a plain comment\ncurl b\n# -> done'));
    expect(expectations.map((e) => e.text)).toEqual(['{"a":1,"b":2}', 'done']);
    expect(script).toBe(`curl a\nprintf '\\n%s\\n' '${marker(0)}'\n# a plain comment\ncurl b\nprintf '\\n%s\\n' '${marker(1)}'\n`);
  });

  it('a console block: $ lines are the commands, the lines after them what they print', () => {
    const { script, expectations } = runnableScript(block('$ echo hi\nhi\n\n$ true', 'console'));
    expect(script).toBe(`echo hi\nprintf '\\n%s\\n' '${marker(0)}'\ntrue\n`);
    expect(expectations).toEqual([{ text: 'hi' }]);
  });

  it('a console command may go on over lines ending in a backslash', () => {
    const { script, expectations } = runnableScript(block('$ echo a \\\n  b\na b', 'console'));
    expect(script).toBe(`echo a \\\n  b\nprintf '\\n%s\\n' '${marker(0)}'\n`);
    expect(expectations).toEqual([{ text: 'a b' }]);
  });

  it('… stands for anything, but the pieces must come in order', () => {
    expect(shows('{"id":"X1","status":"pending","extra":1}', '{"id":"…","status":"pending"…')).toBe(true);
    expect(shows('errorCode=0&orderNumber=123', 'errorCode=0&orderNumber=…')).toBe(true);
    expect(shows('{"status":"pending","id":"X1"}', '"id":…"status":"pending"')).toBe(false);
    expect(shows('errorCode=-21', 'errorCode=0')).toBe(false);
    expect(shows('', 'pending')).toBe(false);
  });
});

describe('ports', () => {
  it('replaces the four documented ports on loopback names only', () => {
    const ports = { 8440: '5000', 8441: '5001', 8442: '5002', 8443: '5003' };
    expect(withPorts('http://127.0.0.1:8440/api https://localhost:8441/tls 127.0.0.1:8442 localhost:8443 example.com:8441 :84410', ports)).toBe(
      'http://127.0.0.1:5000/api https://localhost:5001/tls 127.0.0.1:5002 localhost:5003 example.com:8441 :84410',
    );
  });
});

describe('heading anchors', () => {
  it('are the ones GitHub makes, repeats numbered, headings inside code fences left out', () => {
    const page = ['# Control API (port 8440)', '## What `--data-dir` keeps across a restart', '## Trusting the `--tls` listeners without `-k`', '## Notes', '## Notes', '```sh', '# not a heading', '```', '### Running it: cross-site rules, Host check'].join('\n');
    expect([...headingAnchors(page)]).toEqual([
      'control-api-port-8440',
      'what---data-dir-keeps-across-a-restart',
      'trusting-the---tls-listeners-without--k',
      'notes',
      'notes-1',
      'running-it-cross-site-rules-host-check',
    ]);
  });
});
