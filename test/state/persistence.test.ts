import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockCa } from '../../src/index.js';
import { orderRequest, demoKey } from '../emulators/regfish/support.js';
import { httpClient } from '../support/server.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mockca-data-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts the compiled CLI (npm test builds it first) and resolves with its URLs once it prints "mockca ready". */
function startCli(args: string[]): Promise<{ child: ChildProcess; regfish: string; control: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/mockca.cjs', '--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0', ...args], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('mockca ready')) {
        const regfish = /Regfish\s+(http:\/\/\S+)/.exec(out)![1];
        const control = /control API\s+(http:\/\/\S+?)\/api/.exec(out)![1];
        resolve({ child, regfish, control });
      }
    });
    child.on('exit', (code) => reject(new Error(`mockca exited with ${code}: ${out}`)));
  });
}

describe('--data-dir', () => {
  it('a restart keeps every order, certificate and the CA', async () => {
    const dataDir = tempDir();
    const first = await startMockCa({ dataDir, seed: 7 });
    const api = httpClient(first.urls.regfish, { 'x-api-key': demoKey });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.post('/tls/certificate', await orderRequest({ common_name: `p${i}.instant.test` }))).body.response.id);
    const before = (await api.get('/tls/certificate')).body.response;
    const root = first.ca.rootPem;
    await first.close();

    const second = await startMockCa({ dataDir, seed: 7 });
    try {
      expect(second.ca.rootPem).toBe(root);
      const after = (await httpClient(second.urls.regfish, { 'x-api-key': demoKey }).get('/tls/certificate')).body.response;
      expect(after.map((c: { id: string }) => c.id)).toEqual(before.map((c: { id: string }) => c.id));
      expect(after.map((c: { serial_number: string }) => c.serial_number)).toEqual(before.map((c: { serial_number: string }) => c.serial_number));
    } finally {
      await second.close();
    }
  });

  it('nothing acknowledged is lost after kill -9', async () => {
    const dataDir = tempDir();
    const first = await startCli(['--data-dir', dataDir]);
    const api = httpClient(first.regfish, { 'x-api-key': demoKey });
    const acknowledged: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await api.post('/tls/certificate', await orderRequest({ common_name: `k${i}.example.org` }));
      expect(res.status).toBe(200);
      acknowledged.push(res.body.response.id);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('close', r));

    const second = await startCli(['--data-dir', dataDir]);
    try {
      const listed = (await httpClient(second.regfish, { 'x-api-key': demoKey }).get('/tls/certificate')).body.response.map((c: { id: string }) => c.id);
      for (const id of acknowledged) expect(listed).toContain(id);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('close', r));
    }
  });

  it('SIGTERM shuts down gracefully with exit code 0', async () => {
    const running = await startCli([]);
    const code = await new Promise((resolve) => {
      running.child.once('exit', resolve);
      running.child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
