import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, parseCli } from '../../src/cli-options.js';
import { parseConfig } from '../../src/config.js';

const cwd = join(import.meta.dirname, '../..');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['dist/mockca.cjs', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10_000 });

describe('mockca command line', () => {
  it('--help lists every flag with its environment variable', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--host', '--control-port', '--regfish-port', '--digicert-port', '--sectigo-port', '--data-dir', '--seed', '--issuance', '--ca-key-alg', '--ca-cert', '--ca-key', '--tls', '--config', '--scenario']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('MOCKCA_ISSUANCE');
    expect(helpText().split('\n')[0]).toBe(r.stdout.split('\n')[0]);
  });

  it('runs as CommonJS: Node loads no ES module loader (nor what it needs) to start it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-modules-'));
    try {
      const preload = join(dir, 'record.cjs');
      const list = join(dir, 'modules.txt');
      writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
      const r = spawnSync(process.execPath, ['--require', preload, 'dist/mockca.cjs', '--version'], { cwd, encoding: 'utf8', timeout: 10_000 });
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const loaded = readFileSync(list, 'utf8').split('\n');
      expect(loaded).toContain('NativeModule vm');
      for (const module of ['internal/modules/esm/module_job', 'internal/modules/esm/translators', 'internal/fs/promises', 'internal/readline/interface']) {
        expect(loaded).not.toContain(`NativeModule ${module}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown flag or a bad value exits with 2 and a sentence', () => {
    const unknown = run(['--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown option --bogus');
    const bad = run(['--issuance', 'sometimes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('issuance');
    const port = run(['--regfish-port', 'abc']);
    expect(port.status).toBe(2);
  });

  it('precedence: defaults < config file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-cli-'));
    try {
      const yaml = join(dir, 'mockca.yaml');
      writeFileSync(yaml, 'seed: 5\nissuance: manual\nregfish-port: 9001\nvendorIssuance:\n  sectigo: immediate\n');
      const fromFile = parseConfig(parseCli(['--config', yaml], {}).options);
      expect(fromFile).toMatchObject({ seed: 5, issuance: 'manual', regfishPort: 9001, vendorIssuance: { sectigo: 'immediate' }, host: '127.0.0.1' });
      const fromEnv = parseConfig(parseCli(['--config', yaml], { MOCKCA_SEED: '6', MOCKCA_TLS: 'true' }).options);
      expect(fromEnv).toMatchObject({ seed: 6, issuance: 'manual', tls: true });
      const fromFlags = parseConfig(parseCli(['--config', yaml, '--seed', '7', '--no-tls', '--scenario', 'a', '--scenario=b', '--digicert-issuance', 'dcv'], { MOCKCA_SEED: '6', MOCKCA_TLS: 'true' }).options);
      expect(fromFlags).toMatchObject({ seed: 7, tls: false, scenarios: ['a', 'b'], vendorIssuance: { sectigo: 'immediate', digicert: 'dcv' } });
      const json = join(dir, 'mockca.json');
      writeFileSync(json, JSON.stringify({ controlPort: 0, caKeyAlg: 'rsa-2048' }));
      expect(parseConfig(parseCli([], { MOCKCA_CONFIG: json }).options)).toMatchObject({ controlPort: 0, caKeyAlg: 'rsa-2048' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults bind 127.0.0.1 on 8440-8443 with policy polls:1', () => {
    expect(parseConfig({})).toMatchObject({ host: '127.0.0.1', controlPort: 8440, regfishPort: 8441, digicertPort: 8442, sectigoPort: 8443, issuance: 'polls:1' });
    expect(() => parseConfig({ caCert: 'x.pem' })).toThrow(/caCert and caKey go together/);
    expect(() => parseConfig({ controlPort: 70000 })).toThrow(/controlPort/);
  });

  it('starting on a port that is taken fails with exit 1 and a message, not a stack trace', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['dist/mockca.cjs', '--control-port', '0', '--regfish-port', String(port), '--digicert-port', '0', '--sectigo-port', '0'], { cwd });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/^mockca: listen EADDRINUSE/);
      expect(stderr).not.toContain('    at ');
    } finally {
      blocker.close();
    }
  });
});
