import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startMockCa } from '../../src/index.js';
import { LocalCa } from '../../src/ca/local-ca.js';
import { opensslVerify, pemBlocks } from '../support/openssl.js';
import { orderRequest, demoKey } from '../emulators/regfish/support.js';
import { httpClient } from '../support/server.js';

function httpsGet(url: string, ca: string, headers: Record<string, string>): Promise<{ status: number; body: string; cert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, agent: false }, (res) => {
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()!;
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, cert: peer }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--tls', () => {
  it('serves every listener over HTTPS with a certificate from the emulator CA that clients can trust', async () => {
    const mock = await startMockCa({ tls: true });
    try {
      expect(mock.urls.regfish).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await httpsGet(`${mock.urls.regfish}/tls/products`, mock.ca.chainPem, { 'x-api-key': demoKey });
      expect(res.status).toBe(200);
      expect(res.cert.subjectAltName).toContain('DNS:localhost');
      expect(res.cert.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(res.cert.subjectAltName).toContain('DNS:api.regfish.com');
      expect(res.cert.subjectAltName).toContain('DNS:secure.trust-provider.com');
      const control = await httpsGet(`${mock.urls.control}/api/health`, mock.ca.chainPem, {});
      expect(JSON.parse(control.body).status).toBe('ok');
    } finally {
      await mock.close();
    }
  });
});

describe('the local CA', () => {
  it('names say it is a test CA; root -> intermediate chain verifies', async () => {
    const mock = await startMockCa();
    try {
      const root = new X509Certificate(mock.ca.rootPem);
      const intermediate = new X509Certificate(mock.ca.intermediatePem);
      expect(root.subject).toMatch(/TEST Root CA - DO NOT TRUST/);
      expect(intermediate.subject).toMatch(/TEST Issuing CA - DO NOT TRUST/);
      expect(intermediate.checkIssued(root)).toBe(true);
      expect(intermediate.verify(root.publicKey)).toBe(true);
      expect(root.ca).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('RSA 2048 CA: issued chains still verify with openssl', async () => {
    const mock = await startMockCa({ caKeyAlg: 'rsa-2048', issuance: 'immediate' });
    try {
      const api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
      const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
      const blocks = pemBlocks(await (await api.raw(`/tls/certificate/${id}/download/pem`)).text());
      expect(opensslVerify(mock.ca.rootPem, blocks[1], blocks[0]).ok).toBe(true);
      expect(new X509Certificate(mock.ca.rootPem).publicKey.asymmetricKeyType).toBe('rsa');
    } finally {
      await mock.close();
    }
  });

  it('--ca-cert/--ca-key: a CA the user brings becomes the root, the emulator makes the intermediate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-byo-'));
    try {
      const own = await LocalCa.create({ keyAlgorithm: 'ec-p256', dataDir: dir });
      const mock = await startMockCa({ caCert: join(dir, 'ca-root.pem'), caKey: join(dir, 'ca-root.key'), issuance: 'immediate' });
      try {
        expect(mock.ca.rootPem.trim()).toBe(own.rootPem.trim());
        expect(mock.ca.intermediatePem).not.toBe(own.intermediatePem);
        const api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
        const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
        const blocks = pemBlocks(await (await api.raw(`/tls/certificate/${id}/download/pem`)).text());
        expect(opensslVerify(readFileSync(join(dir, 'ca-root.pem'), 'utf8'), blocks[1], blocks[0]).ok).toBe(true);
      } finally {
        await mock.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the same seed and the same requests give the same ids and serial numbers', async () => {
    const run = async () => {
      const mock = await startMockCa({ seed: 99, issuance: 'immediate' });
      try {
        const api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
        const out = [];
        for (let i = 0; i < 3; i++) {
          const r = (await api.post('/tls/certificate', await orderRequest({ common_name: `s${i}.example.org` }))).body.response;
          out.push([r.id, r.serial_number, r.validation.dns_records[0].value]);
        }
        return out;
      } finally {
        await mock.close();
      }
    };
    expect(await run()).toEqual(await run());
  });
});
