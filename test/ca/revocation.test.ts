import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { makeCsr } from '../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { opensslAsync } from './support.js';

const fixtureId = '7K9QW3M2ZT8HJ';

let mock: MockCaHandle;
let control: HttpClient;
let regfish: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  control = httpClient(mock.urls.control);
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': 'regfish-demo-key' });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

async function fixtureLeaf(): Promise<{ serial: string; pem: string }> {
  const order = await control.get(`/api/orders/regfish/${fixtureId}`);
  const serial = order.body.certificates[0].serial as string;
  const status = await control.get(`/api/certificates/${serial}`);
  return { serial, pem: status.body.certificate };
}

const revokeFixture = (reason = 1) => control.post(`/api/orders/regfish/${fixtureId}/revoke`, { reason, comment: 'key compromise drill' });

const ocspUrl = () => `${mock.urls.control}/api/ca/ocsp`;

async function opensslOcsp(leafPem: string, extra: string[] = []) {
  return opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-url', ocspUrl(), '-CAfile', '{root.pem}', ...extra], {
    'int.pem': mock.ca.intermediatePem,
    'leaf.pem': leafPem,
    'root.pem': mock.ca.rootPem,
  });
}

async function fetchCrlPem(): Promise<string> {
  const res = await control.raw('/api/ca/crl?format=pem');
  expect(res.status).toBe(200);
  return res.text();
}

async function crlText(crlPem: string) {
  return opensslAsync(['crl', '-in', '{crl.pem}', '-CAfile', '{int.pem}', '-noout', '-text'], { 'crl.pem': crlPem, 'int.pem': mock.ca.intermediatePem });
}

async function verifyWithCrl(leafPem: string, crlPem: string) {
  return opensslAsync(['verify', '-crl_check', '-CAfile', '{root.pem}', '-untrusted', '{int.pem}', '-CRLfile', '{crl.pem}', '{leaf.pem}'], {
    'root.pem': mock.ca.rootPem,
    'int.pem': mock.ca.intermediatePem,
    'crl.pem': crlPem,
    'leaf.pem': leafPem,
  });
}

describe('certificate status by serial (GET /api/certificates/{serial})', () => {
  it('finds a certificate by hex in any case, with colons and with leading zeros', async () => {
    const { serial } = await fixtureLeaf();
    const colons = serial.toUpperCase().match(/.{1,2}/g)!.join(':');
    for (const written of [serial, serial.toUpperCase(), colons, `00${serial}`, `0000${serial.replace(/^0+/, '')}`]) {
      const res = await control.get(`/api/certificates/${encodeURIComponent(written)}`);
      expect(res.status, written).toBe(200);
      expect(res.body).toMatchObject({ serial, status: 'issued', vendor: 'regfish', order_id: fixtureId, revoked_at: null });
    }
  });

  it('reports revoked with the time and the reason after a revocation', async () => {
    const { serial } = await fixtureLeaf();
    await revokeFixture(4);
    const res = await control.get(`/api/certificates/${serial.toUpperCase()}`);
    expect(res.body).toMatchObject({ status: 'revoked', revocation_reason: 4 });
    expect(Date.parse(res.body.revoked_at)).toBeGreaterThan(0);
  });

  it('answers 404 unknown_serial for a serial it never issued', async () => {
    const res = await control.get('/api/certificates/DE:AD:BE:EF');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('unknown_serial');
  });
});

describe('CRL (GET /api/ca/crl)', () => {
  it('is signed by the intermediate and lists nothing before a revocation', async () => {
    const { pem } = await fixtureLeaf();
    const crl = await fetchCrlPem();
    const text = await crlText(crl);
    expect(text.stderr).toContain('verify OK');
    expect(text.stdout).toContain('No Revoked Certificates');
    const verify = await verifyWithCrl(pem, crl);
    expect(verify.stdout).toContain('OK');
    expect(verify.status).toBe(0);
  });

  it('is DER by default (application/pkix-crl)', async () => {
    const res = await control.raw('/api/ca/crl');
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const der = new Uint8Array(await res.arrayBuffer());
    const parsed = await opensslAsync(['crl', '-inform', 'DER', '-in', '{crl.der}', '-CAfile', '{int.pem}', '-noout'], { 'crl.der': der, 'int.pem': mock.ca.intermediatePem });
    expect(parsed.stderr).toContain('verify OK');
  });

  it('is regenerated when a certificate is revoked: the serial is on it and openssl verify -crl_check refuses the leaf', async () => {
    const { serial, pem } = await fixtureLeaf();
    const before = await crlText(await fetchCrlPem());
    const again = await crlText(await fetchCrlPem());
    const crlNumber = (t: string) => /X509v3 CRL Number:\s*\n\s*(\d+)/.exec(t)?.[1];
    expect(crlNumber(again.stdout)).toBe(crlNumber(before.stdout));

    await revokeFixture(1);
    const crl = await fetchCrlPem();
    const after = await crlText(crl);
    expect(Number(crlNumber(after.stdout))).toBeGreaterThan(Number(crlNumber(before.stdout)));
    expect(after.stdout.toUpperCase()).toContain(serial.toUpperCase().replace(/^0+/, ''));
    expect(after.stdout).toContain('Key Compromise');
    const verify = await verifyWithCrl(pem, crl);
    expect(verify.status).not.toBe(0);
    expect(`${verify.stdout}${verify.stderr}`).toContain('certificate revoked');
  });

  it('does not list a certificate that was replaced by a reissue (only revoked ones)', async () => {
    const { serial } = await fixtureLeaf();
    const reissued = await regfish.post(`/tls/certificate/${fixtureId}/reissue`, { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });
    expect(reissued.status).toBe(200);
    await control.post(`/api/orders/regfish/${fixtureId}/issue`);
    expect((await control.get(`/api/certificates/${serial}`)).body.status).toBe('replaced');
    const text = await crlText(await fetchCrlPem());
    expect(text.stdout).toContain('No Revoked Certificates');
  });
});

describe('revocation URLs in the leaves', () => {
  it('a newly issued leaf names this server: OCSP in the AIA, CRL distribution point, CA issuers; each answers', async () => {
    const ordered = await regfish.post('/tls/certificate', { sku: 'RapidSSL', common_name: 'shop.example.org', dcv_method: 'dns-cname-token', csr: await makeCsr({ commonName: 'shop.example.org' }) });
    const id = ordered.body.response.id as string;
    await control.post(`/api/orders/regfish/${id}/issue`);
    const serial = (await control.get(`/api/orders/regfish/${id}`)).body.certificates[0].serial;
    const pem = (await control.get(`/api/certificates/${serial}`)).body.certificate as string;
    const ext = await opensslAsync(['x509', '-in', '{leaf.pem}', '-noout', '-ocsp_uri', '-ext', 'crlDistributionPoints,authorityInfoAccess'], { 'leaf.pem': pem });
    expect(ext.stdout).toContain(`URI:${mock.urls.control}/api/ca/crl`);
    expect(ext.stdout).toContain(`CA Issuers - URI:${mock.urls.control}/api/ca/intermediate.cer`);
    const ocspUri = ext.stdout.split('\n')[0].trim();
    expect(ocspUri).toBe(`${mock.urls.control}/api/ca/ocsp`);
    expect((await fetch(`${mock.urls.control}/api/ca/crl`)).status).toBe(200);
    expect((await fetch(`${mock.urls.control}/api/ca/intermediate.cer`)).headers.get('content-type')).toBe('application/pkix-cert');

    const good = await opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-url', ocspUri, '-CAfile', '{root.pem}'], {
      'int.pem': mock.ca.intermediatePem,
      'leaf.pem': pem,
      'root.pem': mock.ca.rootPem,
    });
    expect(good.stderr).toContain('Response verify OK');
    expect(good.stdout).toMatch(/leaf\.pem: good/);
    await control.post(`/api/orders/regfish/${id}/revoke`, { reason: 5 });
    const revoked = await opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-url', ocspUri, '-CAfile', '{root.pem}'], {
      'int.pem': mock.ca.intermediatePem,
      'leaf.pem': pem,
      'root.pem': mock.ca.rootPem,
    });
    expect(revoked.stdout).toMatch(/leaf\.pem: revoked/);
    expect(revoked.stdout).toContain('Reason: cessationOfOperation');
  });
});

describe('OCSP responder (/api/ca/ocsp)', () => {
  it('answers openssl ocsp: Response verify OK and good for an issued certificate', async () => {
    const { pem } = await fixtureLeaf();
    const run = await opensslOcsp(pem);
    expect(run.stderr).toContain('Response verify OK');
    expect(run.stdout).toMatch(/leaf\.pem: good/);
    expect(run.stderr).not.toContain('WARNING: no nonce');
  });

  it('answers revoked with the revocation time and reason after a revocation', async () => {
    const { pem } = await fixtureLeaf();
    await revokeFixture(1);
    const run = await opensslOcsp(pem);
    expect(run.stderr).toContain('Response verify OK');
    expect(run.stdout).toMatch(/leaf\.pem: revoked/);
    expect(run.stdout).toContain('Reason: keyCompromise');
    expect(run.stdout).toMatch(/Revocation Time: \w+/);
  });

  it('answers unknown for a certificate of another CA', async () => {
    const other = await opensslAsync(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '{k.pem}', '-subj', '/CN=stranger', '-out', '{c.pem}', '-days', '1', '-set_serial', '4660'],
      {},
      ['c.pem'],
    );
    const run = await opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-url', ocspUrl(), '-CAfile', '{root.pem}'], {
      'int.pem': mock.ca.intermediatePem,
      'leaf.pem': other.outputs['c.pem'],
      'root.pem': mock.ca.rootPem,
    });
    expect(run.stderr).toContain('Response verify OK');
    expect(run.stdout).toMatch(/leaf\.pem: unknown/);
  });

  it('answers a GET with the base64 request in the path (RFC 6960 A.1)', async () => {
    const { pem } = await fixtureLeaf();
    await revokeFixture(1);
    const req = await opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-no_nonce', '-reqout', '{req.der}'], { 'int.pem': mock.ca.intermediatePem, 'leaf.pem': pem }, ['req.der']);
    const res = await control.raw(`/api/ca/ocsp/${encodeURIComponent(req.outputs['req.der'].toString('base64'))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    const check = await opensslAsync(['ocsp', '-respin', '{resp.der}', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-CAfile', '{root.pem}', '-no_nonce'], {
      'resp.der': new Uint8Array(await res.arrayBuffer()),
      'int.pem': mock.ca.intermediatePem,
      'leaf.pem': pem,
      'root.pem': mock.ca.rootPem,
    });
    expect(check.stderr).toContain('Response verify OK');
    expect(check.stdout).toMatch(/leaf\.pem: revoked/);
  });

  it('answers malformedRequest to bytes that are not an OCSP request', async () => {
    const res = await control.raw('/api/ca/ocsp', { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'hello' });
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x30, 0x03, 0x0a, 0x01, 0x01]);
  });
});

describe('OCSP with an RSA CA', () => {
  it('signs with sha256WithRSAEncryption and openssl verifies it', async () => {
    const rsa = await startTestServer({ caKeyAlg: 'rsa-2048' });
    try {
      const api = httpClient(rsa.urls.control);
      const serial = (await api.get(`/api/orders/regfish/${fixtureId}`)).body.certificates[0].serial;
      const pem = (await api.get(`/api/certificates/${serial}`)).body.certificate;
      const run = await opensslAsync(['ocsp', '-issuer', '{int.pem}', '-cert', '{leaf.pem}', '-url', `${rsa.urls.control}/api/ca/ocsp`, '-CAfile', '{root.pem}', '-resp_text'], {
        'int.pem': rsa.ca.intermediatePem,
        'leaf.pem': pem,
        'root.pem': rsa.ca.rootPem,
      });
      expect(run.stderr).toContain('Response verify OK');
      expect(run.stdout).toContain('sha256WithRSAEncryption');
      expect(run.stdout).toMatch(/leaf\.pem: good/);
    } finally {
      await rsa.close();
    }
  });
});
