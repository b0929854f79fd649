import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli-options.js';
import { parseConfig } from '../../src/config.js';
import { describeBinding, isLoopback } from '../../src/http/loopback.js';

const cwd = join(import.meta.dirname, '../..');
const ports = ['--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0'];

/** Starts the built CLI, waits for "mockca ready", stops it; returns what it printed. */
function startAndStop(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/mockca.cjs', ...ports, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => {
      stdout += String(d);
      if (stdout.includes('mockca ready')) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ stdout, stderr }));
  });
}

describe('where mockca is bound', () => {
  it('--host 0.0.0.0 says so in the banner and warns on stderr', async () => {
    const { stdout, stderr } = await startAndStop(['--host', '0.0.0.0']);
    expect(stdout).toContain('bound to 0.0.0.0: every IPv4 interface');
    expect(stderr).toMatch(/^mockca: warning: bound to 0\.0\.0\.0, not a loopback address/m);
    expect(stderr).toContain('--control-token');
  });

  it('the default loopback binding prints no warning, and a token shows in the banner', async () => {
    const { stdout, stderr } = await startAndStop(['--control-token', 'abc']);
    expect(stdout).toContain('bound to 127.0.0.1 (loopback only)');
    expect(stdout).toContain('control token required');
    expect(stdout).not.toContain('abc');
    expect(stderr).toBe('');
  });

  it('isLoopback and describeBinding', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('::')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
    expect(describeBinding('::')).toContain('every interface');
    expect(describeBinding('192.168.1.5')).toBe('bound to 192.168.1.5');
  });
});

describe('--allowed-host and --control-token go through the one config schema', () => {
  it('flags (repeatable, comma lists), MOCKCA_* variables and config keys', () => {
    const flags = parseConfig(parseCli(['--allowed-host', 'a.example,b.example', '--allowed-host', '.ci.example', '--control-token', 't1'], {}).options);
    expect(flags.allowedHosts).toEqual(['a.example', 'b.example', '.ci.example']);
    expect(flags.controlToken).toBe('t1');
    const env = parseConfig(parseCli([], { MOCKCA_ALLOWED_HOSTS: 'x.example, y.example', MOCKCA_CONTROL_TOKEN: 't2' }).options);
    expect(env.allowedHosts).toEqual(['x.example', 'y.example']);
    expect(env.controlToken).toBe('t2');
    expect(parseConfig({ allowedHosts: ['*'], controlToken: 't3' })).toMatchObject({ allowedHosts: ['*'], controlToken: 't3' });
    expect(() => parseConfig({ controlToken: '' })).toThrow(/controlToken/);
    expect(parseConfig({}).allowedHosts).toEqual([]);
  });
});
