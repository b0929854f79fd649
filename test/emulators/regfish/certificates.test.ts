import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import { makeCsr, tamperSignature } from '../../support/csr.js';
import { openssl, opensslVerify, pemBlocks } from '../../support/openssl.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import type { MockCaHandle } from '../../../src/index.js';
import { demoKey, orderIssued, orderRequest, otherKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
let other: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  other = httpClient(mock.urls.regfish, { 'x-api-key': otherKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('POST /tls/certificate', () => {
  it('orders a DV certificate: pending with validation_pending and _dnsauth CNAME records', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ dns_names: ['shop.example.org', 'www.shop.example.org'] }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, code: 0 });
    const cert = res.body.response;
    expect(cert.id).toMatch(/^[0-9A-Z]{13}$/);
    expect(cert).toMatchObject({
      status: 'pending',
      order_state: 'PENDING',
      action_required: false,
      pending_reason: 'validation_pending',
      pending_message: 'The TLS certificate order is waiting for domain validation.',
      product: 'RapidSSL',
      provider: 'digicert',
      certificate_pem_available: false,
      dns_names: ['shop.example.org', 'www.shop.example.org'],
    });
    expect(cert.validation.method).toBe('dns-cname-token');
    expect(cert.validation.dns_records.map((r: { name: string }) => r.name)).toEqual(['_dnsauth.shop.example.org.', '_dnsauth.www.shop.example.org.']);
    expect(cert.validation.dns_records[0].type).toBe('CNAME');
  });

  it('with the default policy polls:1 the first read says pending and the second issued', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    expect((await api.get(`/tls/certificate/${id}`)).body.response.status).toBe('pending');
    const second = (await api.get(`/tls/certificate/${id}`)).body.response;
    expect(second).toMatchObject({ status: 'issued', order_state: 'ISSUED', certificate_pem_available: true });
    expect(second.serial_number).toMatch(/^[0-9A-F]+$/);
  });

  it('serial_number is the hex openssl x509 -serial prints: whole bytes, a leading zero kept', async () => {
    let sawLeadingZero = false;
    for (let i = 0; i < 60 && !sawLeadingZero; i++) {
      const id = await orderIssued(api);
      const serial = (await api.get(`/tls/certificate/${id}`)).body.response.serial_number as string;
      const pem = await (await api.raw(`/tls/certificate/${id}/download/pem`)).text();
      expect(`serial=${serial}`).toBe(openssl(['x509', '-in', '{c.pem}', '-noout', '-serial'], { 'c.pem': pemBlocks(pem)[0] }).stdout.trim());
      sawLeadingZero = serial.startsWith('0');
    }
    expect(sawLeadingZero, 'a serial with a leading zero among 60').toBe(true);
  });

  it('the issued chain passes openssl verify against the emulator root', async () => {
    const id = await orderIssued(api);
    const pem = await api.raw(`/tls/certificate/${id}/download/pem`);
    expect(pem.status).toBe(200);
    expect(pem.headers.get('content-type')).toBe('application/x-pem-file');
    const blocks = pemBlocks(await pem.text());
    expect(blocks).toHaveLength(2);
    const result = opensslVerify(mock.ca.rootPem, blocks[1], blocks[0], ['-purpose', 'sslserver']);
    expect(result.output).toContain('OK');
    expect(result.ok).toBe(true);
    const leaf = new x509.X509Certificate(blocks[0]);
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.names.items.map((n) => n.value)).toEqual(['shop.example.org']);
  });

  it('refuses a CSR whose signature is wrong with 400 "Invalid request payload or CSR"', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ csr: tamperSignature(await makeCsr()) }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: 'Invalid request payload or CSR', error: 'Invalid request payload or CSR' });
  });

  it('refuses an RSA 1024 key', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ csr: await makeCsr({ key: 'rsa-1024' }) }));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-mockca-reason')).toContain('key size');
  });
});

describe('account isolation', () => {
  it("another account's certificate id answers 404 TLS certificate not found", async () => {
    const res = await other.get('/tls/certificate/7K9QW3M2ZT8HJ');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: 'TLS certificate not found', error: 'TLS certificate not found' });
    expect((await other.get('/tls/certificate')).body.response).toEqual([]);
  });
});
