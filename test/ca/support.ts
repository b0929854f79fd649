import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslRun {
  status: number;
  stdout: string;
  stderr: string;
  /** Contents of the files openssl wrote, by the names given in `outputs`. */
  outputs: Record<string, Buffer>;
}

/**
 * Runs openssl without blocking the event loop (the server under test lives in this process, so
 * `openssl ocsp -url` against it needs the loop free). `{name}` in args is the path of a file.
 */
export async function opensslAsync(args: string[], files: Record<string, string | Uint8Array> = {}, outputs: string[] = []): Promise<OpensslRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const resolved = args.map((a) => a.replace(/\{([\w.-]+)\}/g, (_, n: string) => join(dir, n)));
    const child = spawn('openssl', resolved);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const out: Record<string, Buffer> = {};
    for (const name of outputs) out[name] = readFileSync(join(dir, name));
    return { status, stdout, stderr, outputs: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
