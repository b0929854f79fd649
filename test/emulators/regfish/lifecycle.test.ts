import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderIssued, orderRequest } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** Reads the entries of a stored ZIP archive. */
function unzip(buf: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const method = buf.readUInt16LE(at + 8);
    const size = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLength).toString();
    const data = buf.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString();
    at += 30 + nameLength + extra + size;
  }
  return files;
}

describe('list, products and get', () => {
  it('GET /tls/products lists the SKUs with their validation level', async () => {
    const res = await api.get('/tls/products');
    expect(res.status).toBe(200);
    const skus = res.body.response.map((p: { sku: string }) => p.sku);
    expect(skus).toEqual(['RapidSSL', 'RapidSSLWildcard', 'QuickSSLPremium', 'SSL123', 'TrueBusinessID', 'SecureSite', 'SSLWebServer']);
    expect(res.body.response.find((p: { sku: string }) => p.sku === 'SecureSite')).toMatchObject({ validation_level: 'ov', organization_required: true, ca: 'digicert' });
    expect(res.body.response[0]).toMatchObject({ sku: 'RapidSSL', recommended: true, type: 'dv' });
  });

  it('GET /tls/certificate lists only the caller\'s certificates', async () => {
    await api.post('/tls/certificate', await orderRequest());
    const res = await api.get('/tls/certificate');
    expect(res.body.response.map((c: { id: string }) => c.id)).toHaveLength(2);
    expect(res.body.response[0].id).toBe('7K9QW3M2ZT8HJ');
  });
});

describe('download', () => {
  it('pem answers 409 until the certificate is issued', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    const early = await api.get(`/tls/certificate/${id}/download/pem`);
    expect(early.status).toBe(409);
    expect(early.body).toEqual({
      success: false,
      message: 'The TLS certificate cannot be downloaded in its current state',
      error: 'The TLS certificate cannot be downloaded in its current state',
    });
  });

  it('zip bundles certificate, chain, fullchain and root', async () => {
    const id = await orderIssued(api);
    const res = await api.raw(`/tls/certificate/${id}/download/zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['certificate.pem', 'chain.pem', 'fullchain.pem', 'root.pem']);
    expect(files['fullchain.pem']).toBe(`${files['certificate.pem']}${files['chain.pem']}`);
    expect(files['root.pem'].trim()).toBe(mock.ca.rootPem.trim());
  });

  it('an unknown format answers 400 and an unknown id 404', async () => {
    expect((await api.get('/tls/certificate/7K9QW3M2ZT8HJ/download/p12')).status).toBe(400);
    expect((await api.get('/tls/certificate/AAAAAAAAAAAAA/download/pem')).status).toBe(404);
  });
});

describe('renewal', () => {
  it('renewal_of_certificate_id creates a new order with a new id and reports renewal_bonus_days once issued', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ common_name: 'example.com', renewal_of_certificate_id: '7K9QW3M2ZT8HJ' }));
    expect(res.status).toBe(200);
    const id = res.body.response.id;
    expect(id).not.toBe('7K9QW3M2ZT8HJ');
    await api.get(`/tls/certificate/${id}`);
    const issued = (await api.get(`/tls/certificate/${id}`)).body.response;
    expect(issued.status).toBe('issued');
    expect(issued.renewal_bonus_days).toBeGreaterThan(190);
  });

  it('renewal of an unknown certificate answers 404', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ renewal_of_certificate_id: 'AAAAAAAAAAAAA' }));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('TLS certificate not found');
  });
});

describe('revoke and cancel (inferred endpoints)', () => {
  it('revoke with scope order closes the order: order_revoked, not reissuable', async () => {
    const id = await orderIssued(api);
    const res = await api.post(`/tls/certificate/${id}/revoke`, { scope: 'order', reason: 'key compromise' });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ status: 'order_revoked', revocation_scope: 'order', reissue_supported: false, certificate_pem_available: false });
    expect((await api.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr(), dcv_method: 'email' })).status).toBe(409);
  });

  it('revoking a pending certificate answers 409', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    const res = await api.post(`/tls/certificate/${id}/revoke`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The TLS certificate cannot be revoked in its current state');
  });

  it('cancel rejects a pending order (order_cancelled) and a second cancel answers 409', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    const res = await api.post(`/tls/certificate/${id}/cancel`, {});
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ status: 'order_cancelled', order_cancellable: false });
    expect((await api.post(`/tls/certificate/${id}/cancel`, {})).status).toBe(409);
  });

  it('cancel of an issued order revokes it (mode revoke_issued) and puts it on the CRL', async () => {
    const id = await orderIssued(api);
    const serial = (await api.get(`/tls/certificate/${id}`)).body.response.serial_number;
    const res = await api.delete(`/tls/certificate/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.response.status).toBe('order_cancelled');
    const status = await control.get(`/api/certificates/${serial}`);
    expect(status.body).toMatchObject({ status: 'revoked' });
  });

  it('cancel after the 30-day window answers 409', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    await control.post('/api/clock/advance', { days: 31 });
    const res = await api.post(`/tls/certificate/${id}/cancel`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The TLS certificate cannot be cancelled in its current state');
  });
});
