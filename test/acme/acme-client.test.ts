import * as acme from 'acme-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../src/ca/x509.js';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { challengeServer, directoryPaths, fixtureEab, leafOf, opensslVerify, revocationSeen } from './support.js';

let mock: MockCaHandle;
let http01: Awaited<ReturnType<typeof challengeServer>>;

beforeAll(async () => {
  http01 = await challengeServer();
  mock = await startTestServer({ acmeHttpPort: http01.port });
});
afterAll(async () => {
  await mock.close();
  await http01.close();
});
beforeEach(() => mock.reset());

const control = () => httpClient(mock.urls.control);

/** An acme-client on a vendor's directory; the account key is ECDSA P-256 (ES256) unless `rsa` (RS256). */
async function client(vendor: 'digicert' | 'sectigo', options: { rsa?: boolean; eab?: { kid: string; hmacKey: string } } = {}) {
  return new acme.Client({
    directoryUrl: `${mock.urls[vendor]}${directoryPaths[vendor]}`,
    accountKey: options.rsa ? await acme.crypto.createPrivateRsaKey() : await acme.crypto.createPrivateEcdsaKey(),
    externalAccountBinding: options.eab ?? fixtureEab[vendor],
    backoffMin: 5,
    backoffMax: 20,
  });
}

/** The whole flow with acme-client's auto(): account, order, challenge, finalize, download. */
async function issue(c: acme.Client, names: string[], challenge: 'http-01' | 'dns-01'): Promise<{ cert: string; key: Buffer }> {
  const [key, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names });
  const records: string[] = [];
  const cert = await c.auto({
    csr,
    email: 'qa@example.com',
    termsOfServiceAgreed: true,
    challengePriority: [challenge],
    skipChallengeVerification: true,
    challengeCreateFn: async (authz, ch, keyAuthorization) => {
      if (ch.type === 'http-01') http01.tokens.set(ch.token, keyAuthorization);
      else {
        const res = await control().post('/api/dns/records', { name: `_acme-challenge.${authz.identifier.value}`, type: 'TXT', data: keyAuthorization });
        records.push(String(res.body.id));
      }
    },
    challengeRemoveFn: async () => undefined,
  });
  return { cert, key };
}

describe('acme-client against the DigiCert ACME directory', { timeout: 30_000 }, () => {
  it('orders over http-01 with EAB and an RSA account key; the chain verifies with openssl and names the domains', async () => {
    const { cert } = await issue(await client('digicert', { rsa: true }), ['www.acme-http.example.com', 'acme-http.example.com'], 'http-01');
    expect(opensslVerify(cert, (await control().get('/api/ca/root.pem')).text)).toContain('OK');
    const leaf = new x509.X509Certificate(cert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0]);
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.names.items.map((n) => n.value).sort()).toEqual(['acme-http.example.com', 'www.acme-http.example.com']);
  });

  it('orders a wildcard over dns-01 written through the control API, then revokes it: OCSP and the CRL see it', async () => {
    const c = await client('digicert');
    const { cert } = await issue(c, ['*.acme-dns.example.com', 'acme-dns.example.com'], 'dns-01');
    const root = (await control().get('/api/ca/root.pem')).text;
    expect(opensslVerify(cert, root)).toContain('OK');
    await c.revokeCertificate(cert, { reason: 1 });
    const seen = await revocationSeen(mock.urls.control, leafOf(cert), (await control().get('/api/ca/intermediate.pem')).text, root);
    expect(seen.ocsp).toMatch(/revoked/i);
    expect(seen.crl).toMatch(/certificate revoked/);
  });
});

describe('acme-client against the Sectigo ACME directory', { timeout: 30_000 }, () => {
  it('orders over dns-01 and the chain verifies', async () => {
    const { cert } = await issue(await client('sectigo'), ['acme.sectigo-test.example.org'], 'dns-01');
    expect(opensslVerify(cert, (await control().get('/api/ca/root.pem')).text)).toContain('OK');
  });
});
