import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderIssued } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const seedBody = `{
  "csr": "-----BEGIN CERTIFICATE REQUEST-----\\nMIIC...\\n-----END CERTIFICATE REQUEST-----",
  "dcv_method": "dns-cname-token"
}`;

describe('POST /tls/certificate/{certificate_id}/reissue', () => {
  it("the seed's request, verbatim, is accepted: 200 with the documented response shape", async () => {
    const res = await fetch(`${mock.urls.regfish}/tls/certificate/7K9QW3M2ZT8HJ/reissue`, {
      method: 'POST',
      headers: { 'x-api-key': demoKey, 'content-type': 'application/json' },
      body: seedBody,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.success).toBe(true);
    expect(body.code).toBe(0);
    expect(body.response).toMatchObject({
      id: '7K9QW3M2ZT8HJ',
      status: 'pending',
      provider: 'digicert',
      action_required: false,
      pending_reason: 'validation_pending',
      pending_message: 'The TLS certificate order is waiting for domain validation.',
      completion_url: '',
      organization_id: null,
      certificate_pem_available: false,
    });
    for (const key of ['id', 'status', 'common_name', 'product', 'provider', 'dns_names', 'action_required', 'pending_reason', 'pending_message', 'completion_url', 'organization_id', 'certificate_pem_available']) {
      expect(body.response).toHaveProperty(key);
    }
    expect(body.response.reissue).toMatchObject({ id: 1, status: 'pending', common_name: 'example.com' });
    expect(body.response.reissue.validation.dns_records[0].name).toBe('_dnsauth.example.com.');
  });

  it('after the reissue is issued the old certificate is replaced and the new one is downloadable', async () => {
    const before = (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
    await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });
    await api.get('/tls/certificate/7K9QW3M2ZT8HJ');
    const after = (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
    expect(after).toMatchObject({ status: 'issued', certificate_pem_available: true, reissue: { status: 'issued' } });
    expect(after.serial_number).not.toBe(before.serial_number);
    const status = await fetch(`${mock.urls.control}/api/certificates/${before.serial_number}`);
    expect(((await status.json()) as any).status).toBe('replaced');
  });

  it('dns_names that differ from the current SAN list answer 400 "Invalid request payload or CSR"', async () => {
    const res = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: await makeCsr(), dcv_method: 'dns-cname-token', dns_names: ['example.com'] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: 'Invalid request payload or CSR', error: 'Invalid request payload or CSR' });
  });

  it('dns_names equal to the current SAN list (any order) are accepted', async () => {
    const res = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', {
      csr: await makeCsr(),
      dcv_method: 'email',
      dns_names: ['www.example.com', 'example.com'],
      comments: 'certbro scheduled reissue',
    });
    expect(res.status).toBe(200);
    expect(res.body.response.reissue.validation).toMatchObject({ method: 'email', email_targets: ['admin@example.com'] });
  });

  it('a reissue while a reissue is pending answers 409 with the documented message', async () => {
    const csr = await makeCsr();
    expect((await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr, dcv_method: 'dns-cname-token' })).status).toBe(200);
    const res = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr, dcv_method: 'dns-cname-token' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      message: 'The TLS certificate cannot be reissued in its current state',
      error: 'The TLS certificate cannot be reissued in its current state',
    });
  });

  it('a certificate that is still pending cannot be reissued (409)', async () => {
    const created = await api.post('/tls/certificate', { sku: 'RapidSSL', common_name: 'new.example.org', csr: await makeCsr(), dcv_method: 'dns-cname-token' });
    const res = await api.post(`/tls/certificate/${created.body.response.id}/reissue`, { csr: await makeCsr(), dcv_method: 'dns-cname-token' });
    expect(res.status).toBe(409);
  });

  it('unknown id answers 404 and a missing key 401, in the documented envelope', async () => {
    const notFound = await api.post('/tls/certificate/AAAAAAAAAAAAA/reissue', { csr: await makeCsr(), dcv_method: 'dns-cname-token' });
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ success: false, message: 'TLS certificate not found', error: 'TLS certificate not found' });
    const anonymous = await httpClient(mock.urls.regfish).post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: 'x', dcv_method: 'dns-cname-token' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ success: false, message: 'Unauthorized', error: 'Unauthorized' });
  });

  it('missing dcv_method, a wrong dcv_method or a garbage CSR answer 400', async () => {
    for (const body of [{ csr: await makeCsr() }, { csr: await makeCsr(), dcv_method: 'http' }, { csr: 'not a csr', dcv_method: 'email' }, { csr: 42, dcv_method: 'email' }]) {
      const res = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('Invalid request payload or CSR');
    }
  });

  it('of 50 parallel reissues of one certificate exactly one is accepted and 49 conflict', async () => {
    const csr = await makeCsr({ commonName: 'example.com' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr, dcv_method: 'dns-cname-token' })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const order = await (await fetch(`${mock.urls.control}/api/orders/regfish/7K9QW3M2ZT8HJ`)).json();
    expect((order as any).certificates.filter((c: { kind: string }) => c.kind === 'reissue')).toHaveLength(1);
  });

  it('a certificate-revoked certificate can be reissued (status certificate_revoked)', async () => {
    const id = await orderIssued(api);
    const revoked = await api.post(`/tls/certificate/${id}/revoke`, {});
    expect(revoked.body.response).toMatchObject({ status: 'certificate_revoked', revocation_scope: 'certificate', reissue_supported: true });
    const res = await api.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr(), dcv_method: 'dns-cname-token' });
    expect(res.status).toBe(200);
    expect(res.body.response.status).toBe('pending');
  });

  it('validity_days is capped at the remaining order contract', async () => {
    const res = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: await makeCsr(), dcv_method: 'dns-cname-token', validity_days: 5000 });
    expect(res.status).toBe(200);
    await api.get('/tls/certificate/7K9QW3M2ZT8HJ');
    const after = (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
    expect(Date.parse(after.valid_until)).toBeLessThanOrEqual(Date.parse(after.contract_valid_until));
  });
});
