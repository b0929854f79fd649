import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CaMaterial {
  rootPem: string;
  intermediatePem: string;
  /** Intermediate then root. */
  chainPem: string;
}

/**
 * `--ca-export DIR`: the emulator's trust anchor and chain as PEM files, so a client can trust the
 * `--tls` listeners without `-k` (`curl --cacert DIR/root.pem`, `NODE_EXTRA_CA_CERTS=DIR/root.pem`).
 * With TLS, also the server certificate the listeners present (leaf then intermediate).
 * Returns the files written.
 */
export function exportCa(dir: string, ca: CaMaterial, serverCertPem?: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['root.pem', ca.rootPem],
    ['intermediate.pem', ca.intermediatePem],
    ['chain.pem', ca.chainPem],
  ];
  if (serverCertPem) files.push(['server.pem', serverCertPem]);
  return files.map(([name, pem]) => {
    const path = join(dir, name);
    writeFileSync(path, pem.endsWith('\n') ? pem : `${pem}\n`);
    return path;
  });
}
