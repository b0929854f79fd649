/**
 * Debian's lego against the emulator's ACME servers: --eab --kid --hmac, http-01 with its own
 * challenge server, dns-01 through its exec provider writing the emulated DNS, renew and revoke.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../src/ca/x509.js';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { dnsHook, realClient, removeTempDirs, run, tempDir } from './clients.js';
import { directoryPaths, fixtureEab, freePort, leafOf, opensslVerify, revocationSeen } from './support.js';

const lego = realClient('lego');

let mock: MockCaHandle;
let port: number;
let tlsPort: number;
let root: string;

beforeAll(async () => {
  if (!lego) return;
  port = await freePort();
  tlsPort = await freePort();
  mock = await startTestServer({ acmeHttpPort: port, acmeTlsPort: tlsPort });
  root = (await httpClient(mock.urls.control).get('/api/ca/root.pem')).text;
});
afterAll(async () => {
  await mock?.close();
  removeTempDirs();
});
beforeEach(() => mock?.reset());

function legoArgs(dir: string, vendor: 'digicert' | 'sectigo', domain: string): string[] {
  const eab = fixtureEab[vendor];
  return ['--server', `${mock.urls[vendor]}${directoryPaths[vendor]}`, '--email', 'a@b.test', '--accept-tos', '--eab', '--kid', eab.kid, '--hmac', eab.hmacKey, '--path', dir, '--domains', domain];
}

async function legoRun(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await run(lego!, args, env);
  if (result.code !== 0) throw new Error(`lego ${args.at(-1)} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

const serialOf = (pem: string) => new x509.X509Certificate(leafOf(pem)).serialNumber.toLowerCase();

describe.skipIf(!lego)('lego', { timeout: 60_000 }, () => {
  it('run --http and renew on the DigiCert directory: both chains verify and DigiCert lists both orders', async () => {
    const dir = tempDir('mockca-lego-');
    const domain = 'lego.example.com';
    const http = ['--http', '--http.port', `127.0.0.1:${port}`];
    await legoRun([...legoArgs(dir, 'digicert', domain), ...http, 'run']);
    const first = readFileSync(join(dir, 'certificates', `${domain}.crt`), 'utf8');
    expect(opensslVerify(first, root)).toContain('OK');
    await legoRun([...legoArgs(dir, 'digicert', domain), ...http, 'renew', '--days', '100000', '--no-random-sleep']);
    const second = readFileSync(join(dir, 'certificates', `${domain}.crt`), 'utf8');
    expect(opensslVerify(second, root)).toContain('OK');
    expect(serialOf(second)).not.toBe(serialOf(first));
    const dc = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-demo-key' });
    const list = await dc.get(`/order/certificate?filters[common_name]=${domain}`);
    expect((list.body.orders as { certificate: { serial_number: string } }[]).map((o) => o.certificate.serial_number.toLowerCase()).sort()).toEqual(
      [serialOf(first), serialOf(second)].sort(),
    );
  });

  it('run --tls (tls-alpn-01) on the Sectigo directory: the chain verifies', async () => {
    const dir = tempDir('mockca-lego-');
    const domain = 'lego-alpn.example.org';
    await legoRun([...legoArgs(dir, 'sectigo', domain), '--tls', '--tls.port', `127.0.0.1:${tlsPort}`, 'run']);
    expect(opensslVerify(readFileSync(join(dir, 'certificates', `${domain}.crt`), 'utf8'), root)).toContain('OK');
  });

  it('run --dns exec on the Sectigo directory, then revoke: OCSP and the CRL see the revocation', async () => {
    const dir = tempDir('mockca-lego-');
    const domain = 'lego-dns.example.org';
    const env = { EXEC_PATH: dnsHook(dir, mock.urls.control), EXEC_POLLING_INTERVAL: '1', EXEC_PROPAGATION_TIMEOUT: '5', LEGO_DISABLE_CNAME_SUPPORT: 'true' };
    const dns = ['--dns', 'exec', '--dns.disable-cp'];
    await legoRun([...legoArgs(dir, 'sectigo', domain), ...dns, 'run'], env);
    const chain = readFileSync(join(dir, 'certificates', `${domain}.crt`), 'utf8');
    expect(opensslVerify(chain, root)).toContain('OK');
    await legoRun([...legoArgs(dir, 'sectigo', domain), 'revoke'], env);
    const intermediate = (await httpClient(mock.urls.control).get('/api/ca/intermediate.pem')).text;
    const seen = await revocationSeen(mock.urls.control, leafOf(chain), intermediate, root);
    expect(seen.ocsp).toMatch(/revoked/i);
    expect(seen.crl).toMatch(/certificate revoked/);
  });
});
