import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');
const ports = ['--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0'];

export interface RunningCli {
  urls: { control: string; regfish: string; digicert: string; sectigo: string };
  stdout(): string;
  stderr(): string;
  /** Stops it (SIGTERM, or SIGKILL for a crash) and resolves with its exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Starts the built CLI (dist/mockca.cjs; npm test builds it first) on free ports and resolves once
 * it prints "mockca ready", with the URLs its banner names.
 */
export function startCli(args: string[] = [], env: Record<string, string> = {}): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/mockca.cjs', ...ports, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    let ready = false;
    const exited = new Promise<number | string | null>((done) => child.on('exit', (code, signal) => done(code ?? signal)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d) => {
      out += String(d);
      if (ready || !out.includes('mockca ready')) return;
      ready = true;
      const url = (label: string) => new RegExp(`${label}\\s+(https?://[^\\s/]+)`).exec(out)?.[1] ?? '';
      resolve({
        urls: { control: url('control API'), regfish: url('Regfish'), digicert: url('DigiCert'), sectigo: url('Sectigo') },
        stdout: () => out,
        stderr: () => err,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    child.on('error', reject);
    void exited.then((code) => {
      if (!ready) reject(new Error(`mockca exited (${code}) before it was ready: ${err}`));
    });
  });
}

/** Waits until the log has written `count` lines to stderr (it writes once the answer is sent). */
export async function stderrLines(cli: RunningCli, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const lines = cli.stderr().split('\n').filter(Boolean);
    if (lines.length >= count) return lines;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cli.stderr().split('\n').filter(Boolean);
}
