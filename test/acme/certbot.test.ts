/**
 * Debian's certbot against the emulator's ACME servers: certonly --standalone over http-01 with
 * EAB, renew, --manual with a dns-01 hook writing the emulated DNS, and revoke by certificate key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../src/ca/x509.js';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { dnsHook, realClient, removeTempDirs, run, tempDir } from './clients.js';
import { directoryPaths, fixtureEab, freePort, leafOf, opensslVerify, revocationSeen } from './support.js';

const certbot = realClient('certbot');

let mock: MockCaHandle;
let port: number;
let root: string;
let intermediate: string;

beforeAll(async () => {
  if (!certbot) return;
  port = await freePort();
  mock = await startTestServer({ acmeHttpPort: port });
  root = (await httpClient(mock.urls.control).get('/api/ca/root.pem')).text;
  intermediate = (await httpClient(mock.urls.control).get('/api/ca/intermediate.pem')).text;
});
afterAll(async () => {
  await mock?.close();
  removeTempDirs();
});
beforeEach(() => mock?.reset());

function certbotArgs(dir: string, vendor: 'digicert' | 'sectigo'): string[] {
  return [
    '--non-interactive',
    '--server',
    `${mock.urls[vendor]}${directoryPaths[vendor]}`,
    '--config-dir',
    join(dir, 'config'),
    '--work-dir',
    join(dir, 'work'),
    '--logs-dir',
    join(dir, 'logs'),
  ];
}

async function certbotRun(args: string[]): Promise<string> {
  const result = await run(certbot!, args);
  if (result.code !== 0) throw new Error(`certbot ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

const serialOf = (pem: string) => new x509.X509Certificate(leafOf(pem)).serialNumber.toLowerCase();

describe.skipIf(!certbot)('certbot over --tls', { timeout: 60_000 }, () => {
  it('orders over https when REQUESTS_CA_BUNDLE names the emulator root', async () => {
    const httpPort = await freePort();
    const tls = await startTestServer({ tls: true, acmeHttpPort: httpPort });
    try {
      const dir = tempDir('mockca-certbot-tls-');
      // Its own CA (every server makes one); its control API is behind the same TLS.
      const rootPem = tls.server.ctx.ca.rootPem;
      writeFileSync(join(dir, 'root.pem'), rootPem);
      expect(tls.urls.digicert).toMatch(/^https:/);
      const args = ['certonly', '--standalone', '--non-interactive', '--agree-tos', '-m', 'a@b.test', '--server', `${tls.urls.digicert}${directoryPaths.digicert}`];
      args.push('--eab-kid', fixtureEab.digicert.kid, '--eab-hmac-key', fixtureEab.digicert.hmacKey, '--http-01-port', String(httpPort), '--http-01-address', '127.0.0.1');
      args.push('-d', 'tls.certbot.example.com', '--config-dir', join(dir, 'config'), '--work-dir', join(dir, 'work'), '--logs-dir', join(dir, 'logs'));
      const result = await run(certbot!, args, { REQUESTS_CA_BUNDLE: join(dir, 'root.pem') });
      expect(result.code, result.stderr).toBe(0);
      expect(opensslVerify(readFileSync(join(dir, 'config/live/tls.certbot.example.com/fullchain.pem'), 'utf8'), rootPem)).toContain('OK');
    } finally {
      await tls.close();
    }
  });
});

describe.skipIf(!certbot)('certbot', { timeout: 60_000 }, () => {
  it('certonly --standalone over http-01 with --eab-kid/--eab-hmac-key, then renew: both chains verify and both orders are DigiCert orders', async () => {
    const dir = tempDir('mockca-certbot-');
    await certbotRun([
      'certonly',
      '--standalone',
      '--agree-tos',
      '-m',
      'a@b.test',
      '--eab-kid',
      fixtureEab.digicert.kid,
      '--eab-hmac-key',
      fixtureEab.digicert.hmacKey,
      '--http-01-port',
      String(port),
      '--http-01-address',
      '127.0.0.1',
      '-d',
      'certbot.example.com',
      '-d',
      'www.certbot.example.com',
      '--cert-name',
      'site',
      ...certbotArgs(dir, 'digicert'),
    ]);
    const first = readFileSync(join(dir, 'config/live/site/fullchain.pem'), 'utf8');
    expect(opensslVerify(first, root)).toContain('OK');

    await certbotRun(['renew', '--force-renewal', '--no-random-sleep-on-renew', ...certbotArgs(dir, 'digicert')]);
    const second = readFileSync(join(dir, 'config/live/site/fullchain.pem'), 'utf8');
    expect(opensslVerify(second, root)).toContain('OK');
    expect(serialOf(second)).not.toBe(serialOf(first));

    const dc = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-demo-key' });
    const list = await dc.get('/order/certificate?filters[common_name]=certbot.example.com');
    expect(list.status).toBe(200);
    const orders = list.body.orders as { status: string; certificate: { serial_number: string; dns_names: string[] } }[];
    expect(orders.map((o) => o.certificate.serial_number.toLowerCase()).sort()).toEqual([serialOf(first), serialOf(second)].sort());
    expect(orders.every((o) => o.status === 'issued')).toBe(true);
  });

  it('--manual with a dns-01 hook on the Sectigo directory, then revoke by the certificate key: Sectigo, the CRL and OCSP see it revoked', async () => {
    const dir = tempDir('mockca-certbot-');
    const hook = dnsHook(dir, mock.urls.control);
    await certbotRun([
      'certonly',
      '--manual',
      '--preferred-challenges',
      'dns',
      '--manual-auth-hook',
      hook,
      '--agree-tos',
      '-m',
      'a@b.test',
      '--eab-kid',
      fixtureEab.sectigo.kid,
      '--eab-hmac-key',
      fixtureEab.sectigo.hmacKey,
      '-d',
      '*.certbot-dns.example.org',
      '--cert-name',
      'wild',
      ...certbotArgs(dir, 'sectigo'),
    ]);
    const chain = readFileSync(join(dir, 'config/live/wild/fullchain.pem'), 'utf8');
    expect(opensslVerify(chain, root)).toContain('OK');
    const leaf = leafOf(chain);
    expect(new x509.X509Certificate(leaf).getExtension(x509.SubjectAlternativeNameExtension)!.names.items.map((n) => n.value)).toEqual(['*.certbot-dns.example.org']);
    expect((await revocationSeen(mock.urls.control, leaf, intermediate, root)).ocsp).toContain('good');

    await certbotRun([
      'revoke',
      '--cert-path',
      join(dir, 'config/live/wild/cert.pem'),
      '--key-path',
      join(dir, 'config/live/wild/privkey.pem'),
      '--reason',
      'keycompromise',
      '--no-delete-after-revoke',
      ...certbotArgs(dir, 'sectigo'),
    ]);
    const seen = await revocationSeen(mock.urls.control, leaf, intermediate, root);
    expect(seen.ocsp).toMatch(/revoked/i);
    expect(seen.ocsp).toMatch(/keyCompromise/i);
    expect(seen.crl).toMatch(/certificate revoked/);

    const order = mock.server.ctx.store.allOrders().find((o) => o.vendor === 'sectigo' && o.commonName === '*.certbot-dns.example.org')!;
    const form = new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber: order.publicId, responseFormat: '1' });
    const status = await fetch(`${mock.urls.sectigo}/products/!GetDetailedOrderStatus`, { method: 'POST', body: form });
    expect(new URLSearchParams(await status.text()).get('certificateStatus')).toBe('Revoked');
  });
});
