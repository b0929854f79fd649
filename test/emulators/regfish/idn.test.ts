import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderIssued, orderRequest } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const invalid = { success: false, message: 'Invalid request payload or CSR', error: 'Invalid request payload or CSR' };
const reason = (res: { headers: Headers }) => decodeURIComponent(res.headers.get('x-mockca-reason') ?? '');

describe('IDNs in TLS orders: punycode only', () => {
  it('a Unicode common name (例え.jp) is 400 "Invalid request payload or CSR", never a 500', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ common_name: '例え.jp', csr: 'MIIC...' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid);
    expect(reason(res)).toContain('例え.jp');
    expect(reason(res)).toContain('punycode');
  });

  it('a Unicode name among dns_names, or as the reissue common name, is the same 400', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ common_name: 'shop.example.org', dns_names: ['shop.example.org', 'bücher.example.org'] }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid);
    const reissue = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: 'MIIC...', dcv_method: 'dns-cname-token', common_name: 'bücher.example.com' });
    expect(reissue.status).toBe(400);
    expect(reissue.body).toEqual(invalid);
  });

  it('the punycode form (xn--r8jz45g.jp) is ordered, validated and issued with that name in the SAN', async () => {
    const id = await orderIssued(api, { common_name: 'xn--r8jz45g.jp' });
    const cert = (await api.get(`/tls/certificate/${id}`)).body.response;
    expect(cert).toMatchObject({ common_name: 'xn--r8jz45g.jp', dns_names: ['xn--r8jz45g.jp'], status: 'issued' });
    expect(cert.validation.dns_records[0].name).toBe('_dnsauth.xn--r8jz45g.jp.');
    const pem = (await api.get(`/tls/certificate/${id}/download/pem`)).text;
    const leaf = new x509.X509Certificate(pem.split(/(?<=-----END CERTIFICATE-----)\s*/)[0]);
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.items.map((n) => n.value)).toEqual(['xn--r8jz45g.jp']);
  });
});

describe('the DNS API takes the same punycode name for the DCV record', () => {
  it('publishing the CNAME of a punycode order under its punycode name is accepted', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest({ common_name: 'xn--r8jz45g.jp' }))).body.response;
    const [record] = order.validation.dns_records;
    const res = await api.post('/dns/rr', { type: 'CNAME', name: record.name, data: record.value, ttl: 60 });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ name: '_dnsauth.xn--r8jz45g.jp.', type: 'CNAME', data: record.value });
  });
});
