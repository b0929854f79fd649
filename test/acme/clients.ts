import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's certbot and lego, run as the real programs. CI installs both (.ci/run) and must run their
 * tests: there a missing client is a failure. On a machine without them the suites say so and do not run.
 */
export function realClient(name: 'certbot' | 'lego'): string | undefined {
  const path = process.env[`${name.toUpperCase()}_PATH`] ?? `/usr/bin/${name}`;
  if (existsSync(path)) return path;
  if (process.env.CI) throw new Error(`CI must run the ACME ${name} tests, but there is no ${name} at ${path}`);
  console.warn(`ACME ${name} tests not run: no ${name} at ${path} (apt-get install ${name}, or set ${name.toUpperCase()}_PATH)`);
  return undefined;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the event loop (the emulator answers it from this process). */
export function run(program: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(program, args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const made: string[] = [];

/** A temporary folder for one client run; removeTempDirs() removes every one made. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A DNS hook as a small node script: writes (or, with `cleanup`, leaves) the TXT record the client
 * asks for into the emulated DNS through the control API. `nameVar`/`valueVar` are the client's variables.
 */
export function dnsHook(dir: string, controlUrl: string): string {
  const path = join(dir, 'dns-hook.mjs');
  writeFileSync(
    path,
    `#!/usr/bin/env node
// certbot: CERTBOT_DOMAIN + CERTBOT_VALIDATION; lego exec: "present" <fqdn> <value>
const [, , action, fqdn, value] = process.argv;
const name = process.env.CERTBOT_DOMAIN ? '_acme-challenge.' + process.env.CERTBOT_DOMAIN : fqdn.replace(/\\.$/, '');
const data = process.env.CERTBOT_VALIDATION ?? value;
if (process.env.CERTBOT_AUTH_OUTPUT !== undefined || action === 'cleanup') process.exit(0);
const res = await fetch(${JSON.stringify(controlUrl)} + '/api/dns/records', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, type: 'TXT', data }),
});
if (res.status !== 201) { console.error('dns hook:', res.status, await res.text()); process.exit(1); }
`,
    { mode: 0o755 },
  );
  return path;
}
