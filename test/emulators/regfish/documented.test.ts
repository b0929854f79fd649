import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('the Regfish reference examples, verbatim', () => {
  it('the create-certificate example (its CSR cut off after MIIC...) answers the documented 200 "TLS certificate order created"', async () => {
    const res = await api.post('/tls/certificate', '{"sku":"RapidSSL","common_name":"www.example.com","csr":"-----BEGIN CERTIFICATE REQUEST-----\\nMIIC...","dcv_method":"dns-cname-token"}');
    expect(res.status, res.headers.get('x-mockca-reason') ?? '').toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.code).toBe(0);
    const cert = res.body.response;
    expect(cert.id).toMatch(/^[0-9A-Z]{13}$/);
    expect(cert).toMatchObject({
      status: 'pending',
      common_name: 'www.example.com',
      product: 'RapidSSL',
      provider: 'digicert',
      dns_names: ['www.example.com'],
      order_state: 'PENDING',
      action_required: false,
      pending_reason: 'validation_pending',
      pending_message: 'The TLS certificate order is waiting for domain validation.',
      completion_url: '',
      organization_id: null,
      certificate_pem_available: false,
      validation: { method: 'dns-cname-token', dns_records: [{ name: '_dnsauth.www.example.com.', type: 'CNAME', value: expect.stringMatching(/\.dcv\.digicert\.com\.$/) }] },
    });
  });

  it("the fixture certificate 7K9QW3M2ZT8HJ reads like certbro's 'current OpenAPI fields' fixture", async () => {
    const res = await api.get('/tls/certificate/7K9QW3M2ZT8HJ');
    const cert = res.body.response;
    expect(cert).toMatchObject({
      id: '7K9QW3M2ZT8HJ',
      status: 'issued',
      common_name: 'example.com',
      product: 'RapidSSL',
      provider: 'digicert',
      dns_names: ['example.com', 'www.example.com'],
      order_state: 'ISSUED',
      action_required: false,
      renewal_supported: true,
      reissue_supported: true,
      validity_days: 199,
      certificate_pem_available: true,
      order_cancellation_mode: 'revoke_issued',
    });
    for (const field of ['valid_from', 'valid_until', 'contract_valid_from', 'contract_valid_until', 'last_status_check', 'order_cancellable_until']) {
      expect(cert[field], field).toMatch(rfc3339);
    }
    expect(typeof cert.order_cancellable).toBe('boolean');
    expect(typeof cert.completion_url).toBe('string');
    expect(cert.serial_number).toMatch(/^[0-9A-F]+$/);
    expect(cert).not.toHaveProperty('pending_reason');
  });

  it("GET /tls/products has the fields of certbro's catalog fixture", async () => {
    const products = (await api.get('/tls/products')).body.response;
    expect(products.find((p: { sku: string }) => p.sku === 'RapidSSL')).toEqual({ sku: 'RapidSSL', name: 'RapidSSL', type: 'dv', ca: 'digicert', recommended: true, validation_level: 'dv', organization_required: false });
    expect(products.find((p: { sku: string }) => p.sku === 'SecureSite')).toEqual({ sku: 'SecureSite', name: 'Secure Site', type: 'ov', ca: 'digicert', validation_level: 'ov', organization_required: true });
  });
});
