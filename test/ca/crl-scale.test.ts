import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { opensslAsync } from './support.js';

const fixtureId = '7K9QW3M2ZT8HJ';
const many = 10_000;

let mock: MockCaHandle;
let control: HttpClient;

/** Writes `count` revoked certificates straight into the store (one transaction), reasons cycling through 0-5. */
function seedRevoked(count: number): string[] {
  const { store, clock } = mock.server.ctx;
  const order = store.orderByVendorId('regfish', fixtureId)!;
  const now = clock.nowMs();
  const serials: string[] = [];
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const serial = `7e${i.toString(16).padStart(30, '0')}`;
      serials.push(serial);
      store.insertCertificate({
        orderId: order.id,
        publicId: `bulk-${i}`,
        kind: 'duplicate',
        status: 'revoked',
        csr: '',
        commonName: 'example.com',
        dnsNames: ['example.com'],
        validityDays: 90,
        profile: 'server',
        serial,
        pem: null,
        notBefore: now - 86_400_000,
        notAfter: now + 86_400_000,
        polls: 0,
        requestedAt: now - 86_400_000,
        issuedAt: now - 86_400_000,
        revokedAt: now - (count - i) * 1000,
        revocationReason: i % 6,
        revocationComment: null,
        meta: {},
        updatedAt: now,
      });
    }
  });
  return serials;
}

async function crl(): Promise<{ pem: string; text: string; verified: string; der: Buffer }> {
  const pem = await (await control.raw('/api/ca/crl?format=pem')).text();
  const der = Buffer.from(await (await control.raw('/api/ca/crl')).arrayBuffer());
  const out = await opensslAsync(['crl', '-in', '{crl.pem}', '-CAfile', '{int.pem}', '-noout', '-text'], { 'crl.pem': pem, 'int.pem': mock.ca.intermediatePem });
  return { pem, text: out.stdout, verified: out.stderr, der };
}

const listed = (text: string) => [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1].toLowerCase());
const crlNumber = (text: string) => Number(/X509v3 CRL Number:\s*\n\s*(\d+)/.exec(text)?.[1]);

beforeAll(async () => {
  mock = await startTestServer();
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());

describe('a CRL of 10,000 revoked certificates', () => {
  it('verifies with openssl, lists every one with its reason, and a second revocation adds one entry', async () => {
    const serials = seedRevoked(many);
    const first = await crl();
    expect(first.verified).toContain('verify OK');
    expect(listed(first.text)).toEqual(serials);
    expect(first.text.match(/Key Compromise/g)).toHaveLength(Math.ceil((many - 1) / 6));
    expect(first.der.equals(Buffer.from(first.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'))).toBe(true);

    // Unchanged list, same CRL (same number).
    expect(crlNumber((await crl()).text)).toBe(crlNumber(first.text));

    const order = await control.get(`/api/orders/regfish/${fixtureId}`);
    const fixtureSerial = (order.body.certificates[0].serial as string).toLowerCase();
    mock.clock.advance(1000);
    expect((await control.post(`/api/orders/regfish/${fixtureId}/revoke`, { reason: 4 })).status).toBe(200);
    const second = await crl();
    expect(second.verified).toContain('verify OK');
    const after = listed(second.text);
    expect(after).toHaveLength(many + 1);
    expect(after.slice(0, many)).toEqual(serials);
    expect(after[many].replace(/^0+/, '')).toBe(fixtureSerial.replace(/^0+/, ''));
    expect(crlNumber(second.text)).toBe(crlNumber(first.text) + 1);
  });
});

describe('CRL of an RSA CA', () => {
  it('is signed sha256WithRSAEncryption and verifies with openssl', async () => {
    const rsa = await startTestServer({ caKeyAlg: 'rsa-2048' });
    try {
      const c = httpClient(rsa.urls.control);
      await c.post(`/api/orders/regfish/${fixtureId}/revoke`, { reason: 1 });
      const pem = await (await c.raw('/api/ca/crl?format=pem')).text();
      const out = await opensslAsync(['crl', '-in', '{crl.pem}', '-CAfile', '{int.pem}', '-noout', '-text'], { 'crl.pem': pem, 'int.pem': rsa.ca.intermediatePem });
      expect(out.stderr).toContain('verify OK');
      expect(out.stdout).toContain('Signature Algorithm: sha256WithRSAEncryption');
      expect(out.stdout).toContain('Key Compromise');
      expect(listed(out.stdout)).toHaveLength(1);
    } finally {
      await rsa.close();
    }
  });
});
