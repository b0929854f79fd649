import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '../../src/ca/x509.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'mockca-ca-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
const certs = (file: string) => x509.PemConverter.decode(readFileSync(file, 'utf8')).map((der) => new x509.X509Certificate(der));

/** An HTTPS GET that trusts only `caPem` (no -k): resolves with the status. */
function getTrusting(url: string, caPem: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--ca-export: the trust anchor as files, so --tls needs no -k', () => {
  it('with --tls writes root, intermediate, chain and the server certificate; openssl verifies them and HTTPS trusts root.pem', async () => {
    const out = join(dir, 'tls');
    const cli = await startCli(['--tls', '--ca-export', out, '--log-level', 'silent']);
    try {
      expect(cli.stdout()).toContain(`CA files in ${out}: root.pem intermediate.pem chain.pem server.pem`);
      const [root, intermediate, chain, server] = ['root.pem', 'intermediate.pem', 'chain.pem', 'server.pem'].map((f) => join(out, f));
      expect(openssl(['verify', '-CAfile', root, intermediate]).stdout.trim()).toBe(`${intermediate}: OK`);
      const verified = openssl(['verify', '-CAfile', root, '-untrusted', intermediate, server]);
      expect(verified.stdout.trim()).toBe(`${server}: OK`);
      expect(verified.status).toBe(0);

      const [rootCert] = certs(root);
      const [intermediateCert] = certs(intermediate);
      expect(certs(chain).map((c) => c.subject)).toEqual([intermediateCert.subject, rootCert.subject]);
      const [leaf, served] = certs(server);
      expect(served.subject).toBe(intermediateCert.subject);
      expect(leaf.issuer).toBe(intermediateCert.subject);
      const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)!;
      expect(san.names.items.map((n) => n.value)).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));
      expect(leaf.notBefore.getTime()).toBeLessThan(Date.now());
      expect(leaf.notAfter.getTime()).toBeGreaterThan(Date.now());

      expect(cli.urls.regfish).toMatch(/^https:\/\//);
      const rootPem = readFileSync(root, 'utf8');
      expect(await getTrusting(`${cli.urls.regfish}/tls/products`, rootPem)).toBe(401);
      expect(await getTrusting(`${cli.urls.control}/api/health`, rootPem)).toBe(200);
    } finally {
      await cli.stop();
    }
  });

  it('without --tls writes the CA files only', async () => {
    const out = join(dir, 'plain');
    const cli = await startCli(['--ca-export', out, '--log-level', 'silent']);
    try {
      expect(existsSync(join(out, 'root.pem'))).toBe(true);
      expect(existsSync(join(out, 'chain.pem'))).toBe(true);
      expect(existsSync(join(out, 'server.pem'))).toBe(false);
      const served = await (await fetch(`${cli.urls.control}/api/ca/root.pem`)).text();
      expect(certs(join(out, 'root.pem'))[0].equal(new x509.X509Certificate(served))).toBe(true);
    } finally {
      await cli.stop();
    }
  });

  it('--ca-cert/--ca-key: a stable trust anchor, the same root at every start; each server certificate chains to it', async () => {
    const key = join(dir, 'own-root.key');
    const cert = join(dir, 'own-root.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30',
      '-subj', '/CN=mockca test suite root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ], { stdio: 'ignore' });
    const given = certs(cert)[0];
    for (const run of ['first', 'second']) {
      const out = join(dir, `own-${run}`);
      const cli = await startCli(['--tls', '--ca-cert', cert, '--ca-key', key, '--ca-export', out, '--log-level', 'silent']);
      try {
        expect(certs(join(out, 'root.pem'))[0].equal(given)).toBe(true);
        const verified = openssl(['verify', '-CAfile', cert, '-untrusted', join(out, 'intermediate.pem'), join(out, 'server.pem')]);
        expect(verified.status).toBe(0);
        expect(await getTrusting(`${cli.urls.regfish}/tls/products`, readFileSync(cert, 'utf8'))).toBe(401);
      } finally {
        await cli.stop();
      }
    }
  });
});
