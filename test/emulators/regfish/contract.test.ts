import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { MockCaHandle } from '../../../src/index.js';
import {
  certificateSchema,
  dnsRecordResponseSchema,
  errorEnvelopeSchema,
  organizationSchema,
  regfishAnswers,
  type RegfishJsonOperation,
} from '../../../src/emulators/regfish/response-schemas.js';
import { httpClient, startTestServer, type HttpClient, type JsonResponse } from '../../support/server.js';
import { demoKey, orderIssued, orderRequest } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
const held = new Set<RegfishJsonOperation>();

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** Holds a success answer against the operation's documented schema: any renamed, retyped or extra field fails. */
function holds(operation: RegfishJsonOperation, res: JsonResponse) {
  expect(res.status, `${operation}: ${res.headers.get('x-mockca-reason') ?? res.text}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed = regfishAnswers[operation].safeParse(res.body);
  expect(parsed.success, `${operation}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
  held.add(operation);
  return res.body.response;
}

function holdsError(res: JsonResponse, status: number, message: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(errorEnvelopeSchema.safeParse(res.body).success, res.text).toBe(true);
  expect(res.body.message).toBe(message);
}

describe('every Regfish operation answers what its schema (from the Regfish docs and certbro) says', () => {
  it('products, certificates, reissue, complete, revoke and cancel', async () => {
    holds('regfish.products.list', await api.get('/tls/products'));
    const fixture = holds('regfish.certificate.get', await api.get('/tls/certificate/7K9QW3M2ZT8HJ'));
    expect(fixture).toMatchObject({ status: 'issued', order_state: 'ISSUED', certificate_pem_available: true });
    const created = holds('regfish.certificate.create', await api.post('/tls/certificate', await orderRequest()));
    expect(created.validation.dns_records).toHaveLength(1);
    const staged = holds('regfish.certificate.create', await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite' })));
    expect(staged).toMatchObject({ action_required: true, pending_reason: 'organization_required', order_state: 'ACTION_REQUIRED' });
    holds('regfish.complete', await api.post(`/tls/certificate/${staged.id}/complete`, { org_id: 'hdl_ABCDEFGHJKLMN' }));
    holds('regfish.certificate.list', await api.get('/tls/certificate'));

    const reissued = holds('regfish.reissue', await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----', dcv_method: 'dns-cname-token' }));
    expect(reissued.reissue).toMatchObject({ id: 1, status: 'pending' });

    const issued = await orderIssued(api, { common_name: 'shop.example.net' });
    const renewal = holds('regfish.certificate.create', await api.post('/tls/certificate', await orderRequest({ common_name: 'shop.example.net', renewal_of_certificate_id: issued })));
    await api.get(`/tls/certificate/${renewal.id}`);
    const renewed = holds('regfish.certificate.get', await api.get(`/tls/certificate/${renewal.id}`));
    expect(typeof renewed.renewal_bonus_days).toBe('number');
    holds('regfish.revoke', await api.post(`/tls/certificate/${issued}/revoke`, { scope: 'certificate' }));
    holds('regfish.cancel', await api.post(`/tls/certificate/${created.id}/cancel`, {}));
  });

  it('organizations', async () => {
    const fields = { organization: 'Beispiel AG', first_name: 'Max', last_name: 'Muster', address: 'Hauptstrasse 5', postal_code: '80331', city: 'Munich', country_code: 'DE', phone: '+49.891234567', email: 'tls@beispiel.example' };
    holds('regfish.organization.list', await api.get('/tls/organization'));
    const org = holds('regfish.organization.create', await api.post('/tls/organization', fields));
    holds('regfish.organization.get', await api.get(`/tls/organization/${org.id}`));
    holds('regfish.organization.update', await api.patch(`/tls/organization/${org.id}`, { city: 'Hamburg' }));
    expect(holds('regfish.organization.delete', await api.delete(`/tls/organization/${org.id}`))).toBeNull();
  });

  it('DNS records', async () => {
    const record = holds('regfish.dns.create', await api.post('/dns/rr', { type: 'MX', name: 'example.org', data: 'mail.example.org.', priority: 10, annotation: 'mail' }));
    holds('regfish.dns.create', await api.post('/dns/rr', { type: 'SRV', name: '_sip._tcp.example.org', data: '10 60 5060 sip.example.org.' }));
    holds('regfish.dns.create', await api.post('/dns/rr', { type: 'CAA', name: 'example.org', data: '0 issue "digicert.com"' }));
    holds('regfish.dns.list', await api.get('/dns/example.org/rr'));
    holds('regfish.dns.get', await api.get(`/dns/rr/${record.id}`));
    holds('regfish.dns.update', await api.patch(`/dns/rr/${record.id}`, { type: 'MX', name: '@', data: 'mx.example.org.', priority: 20 }));
    holds('regfish.dns.upsert', await api.patch('/dns/rr', { type: 'MX', name: 'example.org.', data: 'mx2.example.org.', priority: 30 }));
    holds('regfish.dns.delete', await api.delete(`/dns/rr/${record.id}`));
  });

  it('the tests above held every JSON operation', () => {
    expect([...held].sort()).toEqual(Object.keys(regfishAnswers).sort());
  });
});

describe('error answers have the documented error shape', () => {
  it('401, 404, 400 and 409 answer {success:false, message, error} with message = error and no code', async () => {
    holdsError(await httpClient(mock.urls.regfish).get('/tls/certificate'), 401, 'Unauthorized');
    holdsError(await api.get('/tls/certificate/ZZZZZZZZZZZZZ'), 404, 'TLS certificate not found');
    holdsError(await api.get('/tls/organization/hdl_ZZZZZZZZZZZZZ'), 404, 'TLS organization not found');
    holdsError(await api.get('/dns/rr/999999'), 404, 'DNS record not found');
    holdsError(await api.post('/tls/certificate', { sku: 'RapidSSL' }), 400, 'Invalid request payload or CSR');
    holdsError(await api.post('/dns/rr', { type: 'TXT' }), 400, 'Invalid request');
    holdsError(await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: 'MIIC...', dcv_method: 'dns-cname-token', dns_names: ['other.example.com'] }), 400, 'Invalid request payload or CSR');
    const pending = (await api.post('/tls/certificate', await orderRequest())).body.response.id;
    holdsError(await api.post(`/tls/certificate/${pending}/reissue`, { csr: 'MIIC...', dcv_method: 'dns-cname-token' }), 409, 'The TLS certificate cannot be reissued in its current state');
  });
});

describe('the schemas are strict enough to catch a drift', () => {
  const valid = async () => (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
  const fails = (schema: z.ZodType, value: unknown) => expect(schema.safeParse(value).success).toBe(false);

  it('a renamed, retyped or extra certificate field fails', async () => {
    const cert = await valid();
    expect(certificateSchema.safeParse(cert).success).toBe(true);
    const { common_name, ...renamed } = cert;
    fails(certificateSchema, { ...renamed, commonName: common_name });
    fails(certificateSchema, { ...cert, validity_days: String(cert.validity_days) });
    fails(certificateSchema, { ...cert, certificate_pem_available: 'true' });
    fails(certificateSchema, { ...cert, surprise: 1 });
  });

  it('DNS timestamps as strings, or an MX without its numbers, fail; organizations need every field', async () => {
    const record = (await api.post('/dns/rr', { type: 'MX', name: 'example.org', data: 'mail.example.org.', priority: 10 })).body.response;
    expect(dnsRecordResponseSchema.safeParse(record).success).toBe(true);
    fails(dnsRecordResponseSchema, { ...record, ts_created: new Date(record.ts_created * 1000).toISOString() });
    fails(dnsRecordResponseSchema, { ...record, priority: '10' });
    fails(dnsRecordResponseSchema, { ...record, auto: 0 });
    const org = (await api.get('/tls/organization/hdl_ABCDEFGHJKLMN')).body.response;
    const { country_code: _dropped, ...missing } = org;
    fails(organizationSchema, missing);
  });
});

describe('the OpenAPI document shows the same schemas as the success answers', () => {
  it('every JSON operation of /api/openapi/regfish.json has a 200 application/json schema', async () => {
    const doc = (await httpClient(mock.urls.control).get('/api/openapi/regfish.json')).body;
    const withSchema: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const schema = op.responses['200']?.content?.['application/json']?.schema;
        if (schema) withSchema.push(`${method.toUpperCase()} ${path}`);
        else expect(path, `${method} ${path} has no answer schema`).toMatch(/\/download\//);
      }
    }
    expect(withSchema.length).toBeGreaterThanOrEqual(Object.keys(regfishAnswers).length);
    const certificate = doc.paths['/tls/certificate/{certificate_id}'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(certificate)).toContain('certificate_pem_available');
  });
});
