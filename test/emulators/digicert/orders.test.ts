import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCsr, tamperSignature } from '../../support/csr.js';
import { digicertProducts } from '../../../src/emulators/digicert/products.js';
import { expectError, order, orderIssued, orderRequest, startDigicert, v2, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert();
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

describe('POST /order/certificate/{product_name_id}', () => {
  it('accepts every documented product id and answers 201 with the order and request ids', async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org' });
    for (const p of digicertProducts) {
      const cn = p.wildcard === 'required' ? '*.example.org' : 'shop.example.org';
      const body = await orderRequest({ common_name: cn, csr, ...(p.validation_type === 'dv' ? {} : { organization: { id: 112233 } }) });
      const res = await t.api.post(`/order/certificate/${p.name_id}`, body);
      expect(res.status, `${p.name_id}: ${res.text}`).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body.id).toBeGreaterThan(9_999_999);
      expect(res.body.requests).toEqual([{ id: expect.any(Number), status: 'approved' }]);
    }
  });

  it('an unknown product answers 404 not_found|product', async () => {
    const res = await t.api.post('/order/certificate/ssl_does_not_exist', await orderRequest());
    expectError(res, 404, 'not_found|product');
    expect(res.body.errors[0].message).toBe('The specified product was not found.');
  });

  it('without skip_approval the order needs approval and its request is pending', async () => {
    const created = await order(t.api, { skip_approval: false });
    expect(created.requests[0].status).toBe('pending');
    const got = await t.api.get(`/order/certificate/${created.id}`);
    expect(got.body.status).toBe('needs_approval');
    expect(got.body.requests[0]).toMatchObject({ id: created.requests[0].id, type: 'new_request', status: 'pending' });
  });

  it('a token DCV method returns the random value and the domains while pending', async () => {
    const created = await order(t.api, { dns_names: ['shop.example.org', 'www.shop.example.org'] });
    expect(created.dcv_random_value).toMatch(/^[0-9a-z]{32}$/);
    expect(created.domains.map((d: { name: string }) => d.name)).toEqual(['shop.example.org', 'www.shop.example.org']);
    expect(created.domains[0].dcv_token).toMatchObject({ token: created.dcv_random_value, status: 'pending' });
    expect(created.certificate_id).toBeUndefined();
  });

  it('OV products need organization.id; an unknown organization is 404', async () => {
    expectError(await t.api.post('/order/certificate/ssl_basic', await orderRequest()), 400, 'missing_param|organization.id');
    expectError(await t.api.post('/order/certificate/ssl_basic', await orderRequest({ organization: { id: 334455 } })), 404, 'not_found|organization');
  });

  it('refuses a CSR with a wrong signature (csr_invalid_cannot_parse) and an RSA 1024 key (csr_invalid_key_size)', async () => {
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust', await orderRequest({ csr: tamperSignature(await makeCsr()) })), 400, 'csr_invalid_cannot_parse');
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust', await orderRequest({ csr: await makeCsr({ key: 'rsa-1024' }) })), 400, 'csr_invalid_key_size');
  });

  it('names what is missing or wrong: missing_param|certificate.csr, invalid_param|certificate.common_name', async () => {
    const body = await orderRequest();
    delete (body.certificate as Record<string, unknown>).csr;
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust', body), 400, 'missing_param|certificate.csr');
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust', await orderRequest({ common_name: '*.example.org' })), 400, 'invalid_param|certificate.common_name');
    expectError(await t.api.post('/order/certificate/wildcard_dv_geotrust', await orderRequest({ common_name: 'example.org' })), 400, 'invalid_param|certificate.common_name');
  });

  it('a certificate validity longer than the order answers cert_validity_exceeds_order_validity', async () => {
    const body = await orderRequest({ validity_years: 1 });
    (body.certificate as Record<string, unknown>).cert_validity = { days: 400 };
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust', body), 400, 'cert_validity_exceeds_order_validity');
  });

  it('with --issuance immediate and skip_approval the 201 carries certificate_id and the chain (leaf, intermediate, root; CRLF)', async () => {
    const immediate = await startDigicert({ issuance: 'immediate' });
    try {
      const created = await order(immediate.api);
      expect(created.certificate_id).toEqual(expect.any(Number));
      expect(created.certificate_chain).toHaveLength(3);
      expect(created.certificate_chain[0].subject_common_name).toBe('shop.example.org');
      expect(created.certificate_chain[2].subject_common_name).toMatch(/Root/);
      expect(created.certificate_chain[0].pem).toContain('\r\n');
      expect(created.dcv_random_value).toBeUndefined();
    } finally {
      await immediate.mock.close();
    }
  });
});

describe('GET /order/certificate/{order_id}', () => {
  it('the fixture order 31415926 is issued, with certificate 27182818 downloadable', async () => {
    const got = await t.api.get('/order/certificate/31415926');
    expect(got.body).toMatchObject({ id: 31415926, status: 'issued', certificate: { id: 27182818, common_name: 'demo.example.com', dns_names: ['demo.example.com', 'www.demo.example.com'] }, requests: [] });
    const pem = await t.api.raw('/certificate/27182818/download/format/pem_all');
    expect(pem.status).toBe(200);
  });

  it('polls to issued (policy polls:1) and shows the certificate with thumbprint and serial', async () => {
    const created = await order(t.api);
    expect((await t.api.get(`/order/certificate/${created.id}`)).body.status).toBe('pending');
    const got = await t.api.get(`/order/certificate/${created.id}`);
    expect(got.body).toMatchObject({ id: created.id, status: 'issued', product_name_id: 'ssl_dv_geotrust', dcv_method: 'dns-txt-token', product: { name_id: 'ssl_dv_geotrust', validation_type: 'dv' } });
    expect(got.body.certificate.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(got.body.certificate.serial_number).toMatch(/^[0-9A-F]+$/);
    expect(got.body.certificate.valid_till).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(got.body.date_created).toMatch(/\+00:00$/);
  });

  it('finds the order by certificate thumbprint and by serial number', async () => {
    const { id } = await orderIssued(t.api);
    const got = (await t.api.get(`/order/certificate/${id}`)).body;
    expect((await t.api.get(`/order/certificate/${got.certificate.thumbprint}`)).body.id).toBe(id);
    expect((await t.api.get(`/order/certificate/${got.certificate.serial_number}`)).body.id).toBe(id);
  });

  it("an unknown id and another account's order answer 404 not_found|order", async () => {
    const { id } = await orderIssued(t.api);
    expectError(await t.api.get('/order/certificate/12345678'), 404, 'not_found|order');
    expectError(await t.other.get(`/order/certificate/${id}`), 404, 'not_found|order');
    // the recorded empty list: no `orders` key at all
    expect((await t.other.get('/order/certificate?offset=0&limit=1')).text).toBe('{"page":{"total":0,"limit":1,"offset":0}}');
  });
});

describe('GET /order/certificate (list)', () => {
  it('% wildcards match like SQL LIKE, and a pattern built to backtrack answers at once', async () => {
    const name = `${'a'.repeat(60)}.example.org`;
    await order(t.api, { common_name: name, csr: await makeCsr({ commonName: name }) });
    const total = async (pattern: string) => (await t.api.get(`/order/certificate?filters[common_name]=${encodeURIComponent(pattern)}`)).body.page?.total ?? 0;
    expect(await total('aaa%.org')).toBe(1);
    expect(await total('%example%')).toBe(2);
    expect(await total('%.example.org')).toBe(1);
    expect(await total('%a%a%a%.org%')).toBe(1);
    expect(await total('%.org.%')).toBe(0);
    expect(await total('b%')).toBe(0);
    // `^.*a.*a.*…b$` against 60 a's: exponential for a backtracking engine, one pass here.
    expect(await total(`${'%a'.repeat(40)}%b`)).toBe(0);
  });

  it('filters, sorts, pages and reports page{total,limit,offset}', async () => {
    await orderIssued(t.api, { common_name: 'a.example.org' });
    await order(t.api, { common_name: 'b.example.org' });
    await order(t.api, { common_name: 'c.example.net', skip_approval: false });
    const all = await t.api.get('/order/certificate');
    expect(all.body.page).toEqual({ total: 4, limit: 1000, offset: 0 });
    expect(all.body.orders.map((o: { status: string }) => o.status).sort()).toEqual(['issued', 'issued', 'needs_approval', 'pending']);

    const issued = await t.api.get('/order/certificate?filters[status]=issued&sort=common_name');
    expect(issued.body.orders.map((o: { certificate: { common_name: string } }) => o.certificate.common_name)).toEqual(['a.example.org', 'demo.example.com']);
    const byName = await t.api.get('/order/certificate?filters[common_name]=b.example.org');
    expect(byName.body.page.total).toBe(1);
    const search = await t.api.get(`/order/certificate?filters[search]=${encodeURIComponent('%.example.org')}`);
    expect(search.body.page.total).toBe(2);
    const sorted = await t.api.get('/order/certificate?sort=-common_name');
    expect(sorted.body.orders.map((o: { certificate: { common_name: string } }) => o.certificate.common_name)).toEqual(['demo.example.com', 'c.example.net', 'b.example.org', 'a.example.org']);
    const paged = await t.api.get('/order/certificate?sort=common_name&offset=1&limit=1');
    expect(paged.body.page).toEqual({ total: 4, limit: 1, offset: 1 });
    expect(paged.body.orders[0].certificate.common_name).toBe('b.example.org');
    const later = await t.api.get('/order/certificate?filters[valid_till]=>2000-01-01');
    expect(later.body.page.total).toBe(2);
    const domain = await t.api.get('/order/certificate?filters[domain_name]=www.demo.example.com');
    expect(domain.body.orders.map((o: { id: number }) => o.id)).toEqual([31415926]);
    expectError(await t.api.get('/order/certificate?sort=nonsense'), 400, 'invalid_param|sort');
  });

  it('answers CSV when asked with Accept: text/csv', async () => {
    await order(t.api);
    const res = await t.api.raw('/order/certificate', { headers: { accept: 'text/csv' } });
    expect(res.headers.get('content-type')).toBe('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^order_id,certificate_id,common_name/);
    expect(lines).toHaveLength(3);
  });
});

describe('authentication, permissions and the error shape', () => {
  it('a missing or unknown X-DC-DEVKEY answers the recorded 403 access_denied|access_denied_invalid_key', async () => {
    const recorded = '{"errors":[{"code":"access_denied|access_denied_invalid_key","message":"Access denied due to access_denied_invalid_key."}]}';
    for (const key of ['', 'nope']) {
      const res = await t.api.get('/order/certificate', { 'X-DC-DEVKEY': key });
      expectError(res, 403, 'access_denied|access_denied_invalid_key');
      expect(res.text).toBe(recorded);
    }
  });

  it('the read-only key reads the account but any write is 403 access_denied|missing_permission', async () => {
    const { id } = await orderIssued(t.api);
    expect((await t.readonly.get(`/order/certificate/${id}`)).status).toBe(200);
    expectError(await t.readonly.post('/order/certificate/ssl_dv_geotrust', await orderRequest()), 403, 'access_denied|missing_permission');
    expectError(await t.readonly.put(`/order/certificate/${id}/revoke`, { skip_approval: true }), 403, 'access_denied|missing_permission');
  });

  it('malformed JSON answers 400 bad_request_format', async () => {
    const res = await t.api.post('/order/certificate/ssl_dv_geotrust', '{"certificate": {');
    expectError(res, 400, 'bad_request_format');
    expect(res.text).toBe('{"errors":[{"code":"bad_request_format","message":"The request body is malformed. Make sure the request body uses valid JSON or XML."}]}');
  });

  it('an unknown route answers 404 not_found|route with the documented message, also outside /services/v2', async () => {
    const res = await t.api.get('/order/nothing/here');
    expectError(res, 404, 'not_found|route');
    expect(res.body.errors[0].message).toBe('The specified route was not found.');
    const outside = await fetch(`${t.mock.urls.digicert}/v1/whatever`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toBe('application/json');
    expect((await outside.json()).errors[0].code).toBe('not_found|route');
    const wrongMethod = await t.api.request('DELETE', '/order/certificate');
    expectError(wrongMethod, 404, 'not_found|route');
  });

  it('a body over maxBodyBytes answers 413 request_too_large, never a 500', async () => {
    const res = await t.api.post('/order/certificate/ssl_dv_geotrust', JSON.stringify({ comments: 'x'.repeat(1024 * 1024 + 10) }));
    expectError(res, 413, 'request_too_large');
  });

  it('works with a trailing slash like Go clients send it', async () => {
    const res = await t.api.get('/order/certificate/');
    expect(res.status).toBe(200);
    expect(res.body.page.total).toBe(1);
  });

  it('the catalogue renders named errors byte for byte like the routes', () => {
    const catalogue = t.mock.server.ctx.vendorErrors.digicert!;
    expect(catalogue.render('429')).toEqual({
      status: 429,
      headers: { 'content-type': 'application/json' },
      body: '{"errors":[{"code":"request_limit_exceeded","message":"Service unavailable, please limit request volume"}]}',
    });
    expect(catalogue.render('not_found|order')?.status).toBe(404);
    expect(catalogue.names()).toContain('not_found|route');
    expect(catalogue.render('no_such_error')).toBeUndefined();
  });

  it('registers every route under a stable operation name with the zod body as spec', () => {
    const ops = t.mock.server.operations.digicert;
    const names = new Set(ops.map((o) => o.operation));
    for (const n of ['digicert.order.create', 'digicert.order.get', 'digicert.order.list', 'digicert.order.reissue', 'digicert.order.duplicate', 'digicert.order.cancel', 'digicert.order.revoke', 'digicert.certificate.revoke', 'digicert.order.resendEmails', 'digicert.order.checkDcv', 'digicert.certificate.download', 'digicert.request.update']) {
      expect(names.has(n), n).toBe(true);
    }
    expect(ops.find((o) => o.operation === 'digicert.order.create')?.body).toBeDefined();
    // the ACME front end mounted on the same listener has its own paths
    expect(ops.filter((o) => !o.operation.startsWith('digicert.acme.')).every((o) => o.path.startsWith(v2))).toBe(true);
  });
});
