import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseCli } from '../../src/cli-options.js';
import { startMockCa, type MockCaOptions } from '../../src/index.js';
import { marker, runnableScript, withPorts, type Expectation, type ShellBlock } from './blocks.js';

export interface BlockRun {
  code: number | null;
  stdout: string;
  stderr: string;
  script: string;
  /** The output each `# -> …` comment speaks for (what was printed since the previous one). */
  answers: { expected: Expectation; printed: string }[];
}

/** Options naming files or folders: relative to the block's working directory, as for a reader. */
const pathOptions = ['dataDir', 'caExport', 'caCert', 'caKey', 'fixtures', 'scenarioDir'] as const;

/**
 * Runs one block with `bash -euo pipefail` in a fresh temporary directory, against a fresh mockca
 * started in this process with the block's `<!-- mockca: … -->` flags on free ports (the documented
 * ports in the block replaced by the real ones).
 */
export async function runBlock(block: ShellBlock, timeoutMs: number): Promise<BlockRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-docs-'));
  const { options } = parseCli(block.mockcaFlags, {});
  for (const key of pathOptions) {
    const value = options[key];
    if (typeof value === 'string' && !isAbsolute(value)) options[key] = resolve(dir, value);
  }
  const mock = await startMockCa({ ...(options as MockCaOptions), controlPort: 0, regfishPort: 0, digicertPort: 0, sectigoPort: 0, host: '127.0.0.1' });
  try {
    const port = (url: string) => new URL(url).port;
    const { script, expectations } = runnableScript(block);
    const real = withPorts(script, { 8440: port(mock.urls.control), 8441: port(mock.urls.regfish), 8442: port(mock.urls.digicert), 8443: port(mock.urls.sectigo) });
    writeFileSync(join(dir, 'block.sh'), real);
    const { code, stdout, stderr } = await bash(dir, timeoutMs);
    const printed = stdout.split(/\n?@@mockca-docs-expected-\d+@@\n/);
    const answers = expectations.map((expected, n) => ({ expected, printed: stdout.includes(marker(n)) ? printed[n] : '(not reached)' }));
    return { code, stdout, stderr, script: real, answers };
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The block's own HOME, and no proxy between curl and the loopback mockca. */
function bash(cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-euo', 'pipefail', 'block.sh'], { cwd, env: { ...process.env, HOME: cwd, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' }, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `bash -n` (and `sh -n` for an `sh` block): the block parses, without running it. */
export function syntaxCheck(block: ShellBlock): Promise<{ code: number | null; stderr: string }> {
  const shell = block.lang === 'sh' ? 'sh' : 'bash';
  return new Promise((done, fail) => {
    const child = spawn(shell, ['-n'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
    child.stdin.end(block.lang === 'console' ? block.code.split('\n').filter((l) => l.startsWith('$ ')).map((l) => l.slice(2)).join('\n') : block.code);
  });
}
