import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockCa } from '../../src/index.js';
import { DataDirLocked } from '../../src/state/data-dir-lock.js';

const root = join(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mockca-lock-'));
  dirs.push(d);
  return d;
};
const ports = ['--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0'];

/** The compiled CLI (npm test builds it first), resolved once it prints "mockca ready". */
function startCli(dataDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/mockca.cjs', ...ports, '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('mockca ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`mockca exited with ${code}: ${out}`)));
  });
}

/** Runs the CLI to its end (it refuses to start), with its exit code and stderr. */
function runCliToEnd(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/mockca.cjs', ...ports, '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));

/** A pid that belonged to a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('one --data-dir, one process', () => {
  it('a second CLI on the same directory exits 2 with a sentence naming the directory and the other pid', async () => {
    const dataDir = tempDir();
    const first = await startCli(dataDir);
    expect(readFileSync(join(dataDir, 'mockca.lock'), 'utf8').trim()).toBe(String(first.pid));
    const second = await runCliToEnd(dataDir);
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toBe(`mockca: the data directory ${dataDir} is in use by another mockca (pid ${first.pid}); stop it or choose another --data-dir`);
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);
    expect(existsSync(join(dataDir, 'mockca.lock'))).toBe(false);
    // Free again once the first has stopped.
    const third = await startCli(dataDir);
    third.kill('SIGTERM');
    await exited(third);
  });

  it('the lock of a process that is gone (kill -9) is taken over', async () => {
    const dataDir = tempDir();
    const first = await startCli(dataDir);
    first.kill('SIGKILL');
    await exited(first);
    expect(readFileSync(join(dataDir, 'mockca.lock'), 'utf8').trim()).toBe(String(first.pid));
    const second = await startCli(dataDir);
    expect(readFileSync(join(dataDir, 'mockca.lock'), 'utf8').trim()).toBe(String(second.pid));
    second.kill('SIGTERM');
    await exited(second);
  });

  it('in one process: a second startMockCa on the directory is refused until the first is closed; stale and garbled lock files are taken over', async () => {
    const dataDir = tempDir();
    const first = await startMockCa({ dataDir });
    const refused = await startMockCa({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DataDirLocked);
    expect((refused as DataDirLocked).pid).toBe(process.pid);
    await first.close();
    writeFileSync(join(dataDir, 'mockca.lock'), `${deadPid()}\n`);
    const second = await startMockCa({ dataDir });
    expect(readFileSync(join(dataDir, 'mockca.lock'), 'utf8').trim()).toBe(String(process.pid));
    await second.close();
    writeFileSync(join(dataDir, 'mockca.lock'), 'not a pid');
    const third = await startMockCa({ dataDir });
    await third.close();
    expect(existsSync(join(dataDir, 'mockca.lock'))).toBe(false);
  });

  it('a start that fails after taking the lock gives it back', async () => {
    const dataDir = tempDir();
    const failed = await startMockCa({ dataDir, caCert: join(dataDir, 'missing.pem'), caKey: join(dataDir, 'missing.key') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(existsSync(join(dataDir, 'mockca.lock'))).toBe(false);
    const ok = await startMockCa({ dataDir });
    await ok.close();
  });
});
