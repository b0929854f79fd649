import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Splits a PEM bundle into its certificate blocks. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Runs `openssl verify -CAfile root -untrusted intermediate leaf`; returns openssl's output and exit status. */
export function opensslVerify(root: string, intermediate: string, leaf: string, extra: string[] = []): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-verify-'));
  try {
    writeFileSync(join(dir, 'root.pem'), root);
    writeFileSync(join(dir, 'int.pem'), intermediate);
    writeFileSync(join(dir, 'leaf.pem'), leaf);
    const r = spawnSync('openssl', ['verify', ...extra, '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'int.pem'), join(dir, 'leaf.pem')], {
      encoding: 'utf8',
    });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Any openssl command with files written from the given contents; `{name}` in args is replaced by the file path. */
export function openssl(args: string[], files: Record<string, string | Uint8Array> = {}): { status: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const resolved = args.map((a) => a.replace(/\{([\w.-]+)\}/g, (_, n: string) => join(dir, n)));
    const r = spawnSync('openssl', resolved, { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
