import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { makeCsr } from '../support/csr.js';
import { clients, demoKey, fixtureOrderOf, otherKey, type Clients } from '../scenarios/support.js';

let mock: MockCaHandle;
let api: Clients;

beforeAll(async () => {
  mock = await startTestServer({ journalSize: 50 });
  api = clients(mock);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  mock.scenarios.clear();
});

describe('the journal', () => {
  it('records every request with its operation, account, status, duration and body', async () => {
    await api.regfish.post('/dns/rr', { type: 'TXT', name: '_x.example.com', data: 'hello' });
    const res = await api.control.get('/api/journal?vendor=regfish&secrets=true');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    expect(res.body.capacity).toBe(50);
    const [e] = res.body.entries;
    expect(e).toMatchObject({
      id: expect.any(Number),
      vendor: 'regfish',
      method: 'POST',
      path: '/dns/rr',
      operation: 'regfish.dns.create',
      matched: true,
      account: demoKey,
      status: 200,
      error: null,
      reason: null,
      answeredBy: null,
      scenario: null,
      rules: [],
      fault: null,
    });
    expect(e.durationMs).toBeGreaterThan(0);
    expect(JSON.parse(e.request.body)).toEqual({ type: 'TXT', name: '_x.example.com', data: 'hello' });
    expect(e.request.headers['x-api-key']).toBe(demoKey);
    expect(e.response.headers['content-type']).toMatch(/^application\/json/);
    expect(e.request.bodyClipped).toBe(false);
    expect(e.bytes).toBeGreaterThan(512);
    expect(new Date(e.at).getTime()).toBeGreaterThan(0);
  });

  it('masks API keys and passwords unless ?secrets=true; filters still match the real key', async () => {
    await api.regfish.get('/tls/products');
    await fetch(`${mock.urls.digicert}/services/v2/product`, { headers: { 'X-DC-DEVKEY': 'digicert-demo-key' } });
    await fetch(`${mock.urls.sectigo}/products/download/CollectSSL?loginPassword=in-the-query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'loginName=sectigo-demo&login%50assword=sectigo-demo-password&orderNumber=424242&queryType=0&responseFormat=1',
    });
    const masked = (await api.control.get(`/api/journal?account=${demoKey}`)).body.entries;
    expect(masked).toHaveLength(1);
    expect(masked[0].account).toBe('****-key');
    expect(masked[0].request.headers['x-api-key']).toBe('****-key');
    const all = (await api.control.get('/api/journal')).body.entries;
    const [regfish, digicert, sectigo] = all;
    expect(JSON.stringify(all)).not.toContain(demoKey);
    expect(JSON.stringify(all)).not.toContain('digicert-demo-key');
    expect(JSON.stringify(all)).not.toContain('sectigo-demo-password');
    expect(JSON.stringify(all)).not.toContain('in-the-query');
    expect(digicert.request.headers['x-dc-devkey']).toBe('****-key');
    expect(sectigo.account).toBe('sectigo-demo');
    expect(sectigo.request.body).toBe('loginName=sectigo-demo&login%50assword=****&orderNumber=424242&queryType=0&responseFormat=1');
    expect(sectigo.query).toBe('loginPassword=****');
    const one = (await api.control.get(`/api/journal/${regfish.id}`)).body;
    expect(one.request.headers['x-api-key']).toBe('****-key');
    const found = (await api.control.post('/api/journal/find', { headers: { 'x-api-key': demoKey } })).body.entries;
    expect(found.map((e: { id: number }) => e.id)).toEqual([regfish.id]);
    expect(found[0].request.headers['x-api-key']).toBe('****-key');

    const shown = (await api.control.get('/api/journal?secrets=true')).body.entries;
    expect(shown[0].account).toBe(demoKey);
    expect(shown[1].request.headers['x-dc-devkey']).toBe('digicert-demo-key');
    expect(shown[2].request.body).toContain('login%50assword=sectigo-demo-password');
    expect((await api.control.get(`/api/journal/${regfish.id}?secrets=true`)).body.request.headers['x-api-key']).toBe(demoKey);
    expect((await api.control.post('/api/journal/find', { secrets: true, vendor: 'digicert' })).body.entries[0].account).toBe('digicert-demo-key');
  });

  it('refuses a secrets value that is not true or false', async () => {
    const res = await api.control.get('/api/journal?secrets=yes');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query' });
  });

  it('says in words which rule answered', async () => {
    mock.scenarios.load('regfish-reissue-conflict');
    const id = fixtureOrderOf(mock);
    await api.regfish.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });
    const [e] = (await api.control.get('/api/journal?operation=regfish.reissue')).body.entries;
    expect(e.answeredBy).toBe('answered by scenario regfish-reissue-conflict, rule 1: regfish.reissue → regfish:409 (once, used 1/1)');
    expect(e.scenario).toEqual({ id: expect.any(String), name: 'regfish-reissue-conflict', rule: 1 });
    expect(e.error).toBe('regfish:reissueConflict');
    expect(e.status).toBe(409);
    expect(JSON.parse(e.response.body).message).toBe('The TLS certificate cannot be reissued in its current state');
  });

  it('filters by operation and vendor, counts, and finds by body predicates', async () => {
    await api.regfish.get('/tls/products');
    await api.regfish.get('/tls/products');
    await api.other.get('/tls/certificate');
    await api.regfish.post('/dns/rr', { type: 'TXT', name: '_acme-challenge.example.com', data: 'token-1' });
    expect((await api.control.get('/api/journal/count?operation=regfish.products.list')).body).toEqual({ count: 2 });
    expect((await api.control.get('/api/journal/count?vendor=regfish')).body).toEqual({ count: 4 });
    expect((await api.control.get(`/api/journal/count?account=${otherKey}`)).body).toEqual({ count: 1 });
    expect((await api.control.get('/api/journal?path=/tls/*')).body.count).toBe(3);
    expect((await api.control.get('/api/journal?operation=regfish.products.list&limit=1')).body.entries).toHaveLength(1);
    const found = await api.control.post('/api/journal/find', { operation: 'regfish.dns.create', body: { name: { contains: 'acme' }, data: 'token-1' } });
    expect(found.body.count).toBe(1);
    expect((await api.control.post('/api/journal/find', { body: { data: 'token-2' } })).body.count).toBe(0);
    expect(mock.journal.count({ operation: 'regfish.products.list' })).toBe(2);
  });

  it('find by order id', async () => {
    const id = fixtureOrderOf(mock);
    await api.regfish.get(`/tls/certificate/${id}`);
    await api.regfish.get('/tls/certificate/OTHER0000000X');
    const found = await api.control.post('/api/journal/find', { id });
    expect(found.body.entries.map((e: { path: string }) => e.path)).toEqual([`/tls/certificate/${id}`]);
  });

  it('lists unmatched requests (no route) and journals refused ones with their operation', async () => {
    await api.regfish.get('/no/such/thing');
    await fetch(`${mock.urls.regfish}/tls/products`);
    const unmatched = await api.control.get('/api/journal/unmatched');
    expect(unmatched.body.count).toBe(1);
    expect(unmatched.body.entries[0]).toMatchObject({ path: '/no/such/thing', matched: false, operation: null, status: 404 });
    const [refused] = (await api.control.get('/api/journal?status=401')).body.entries;
    expect(refused).toMatchObject({ operation: 'regfish.products.list', matched: true, account: null, reason: 'missing x-api-key header', error: 'regfish:unauthorized' });
  });

  it('is bounded: keeps the newest journalSize entries', async () => {
    for (let i = 0; i < 60; i++) await api.regfish.get(`/tls/certificate/X${i}`);
    const all = (await api.control.get('/api/journal')).body;
    expect(all.count).toBe(50);
    expect(all.entries[0].path).toBe('/tls/certificate/X10');
    expect(all.entries[49].path).toBe('/tls/certificate/X59');
    const one = await api.control.get(`/api/journal/${all.entries[3].id}`);
    expect(one.body.path).toBe('/tls/certificate/X13');
  });

  it('entries that rotate out are filled again without touching what was read before', async () => {
    for (let i = 0; i < 50; i++) await api.regfish.get(`/tls/certificate/A${i}`, { 'x-trace': `a${i}` });
    const before = mock.journal.find();
    for (let i = 0; i < 120; i++) await api.regfish.get(`/tls/certificate/B${i}`, { 'x-trace': `b${i}` });
    expect(before.map((e) => e.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/tls/certificate/A${i}`));
    expect(before.map((e) => e.request.headers['x-trace'])).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`));
    const after = mock.journal.find();
    expect(after.map((e) => e.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/tls/certificate/B${i + 70}`));
    expect(after.map((e) => e.request.headers['x-trace'])).toEqual(Array.from({ length: 50 }, (_, i) => `b${i + 70}`));
    expect(new Set(after.map((e) => e.id)).size).toBe(50);
    expect(after.every((e, i) => i === 0 || e.id === after[i - 1].id + 1)).toBe(true);
    expect((await api.control.get(`/api/journal/${after[7].id}`)).body.path).toBe('/tls/certificate/B77');
  });

  it('DELETE /api/journal clears it; reset clears it too', async () => {
    await api.regfish.get('/tls/products');
    expect((await api.control.delete('/api/journal')).body).toEqual({ cleared: 1 });
    expect((await api.control.get('/api/journal/count')).body.count).toBe(0);
    await api.regfish.get('/tls/products');
    await api.control.post('/api/reset', {});
    expect((await api.control.get('/api/journal/count')).body.count).toBe(0);
  });

  it('journals DigiCert and Sectigo requests too', async () => {
    await fetch(`${mock.urls.digicert}/services/v2/product`, { headers: { 'X-DC-DEVKEY': 'digicert-demo-key' } });
    await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'loginName=sectigo-demo&loginPassword=sectigo-demo-password&orderNumber=424242&queryType=0&responseFormat=1',
    });
    const [d] = mock.journal.find({ vendor: 'digicert' });
    expect(d).toMatchObject({ operation: 'digicert.product.list', status: 200, account: 'digicert-demo-key' });
    const [s] = mock.journal.find({ vendor: 'sectigo' });
    expect(s).toMatchObject({ operation: 'sectigo.CollectSSL', account: 'sectigo-demo', error: expect.stringMatching(/^sectigo:-\d+$/) });
    expect(s.response.body).toMatch(/^errorCode=-\d+&/);
  });

  it('keeps the response body of errors only: a Sectigo answer with errorCode >= 0 keeps none', async () => {
    const form = 'loginName=sectigo-demo&loginPassword=sectigo-demo-password&orderNumber=10000001&queryType=1&responseFormat=1';
    const answer = await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(new URLSearchParams(await answer.text()).get('errorCode')).not.toMatch(/^-/);
    const [s] = mock.journal.find({ vendor: 'sectigo' });
    expect(s).toMatchObject({ operation: 'sectigo.CollectSSL', status: 200, error: null });
    expect(s.response.body).toBeNull();
    expect(s.request.body).toContain('orderNumber=10000001');
  });
});

describe('the contract report', () => {
  it('per vendor: operations exercised and not, error paths with injected counts, contract violations with reasons', async () => {
    mock.scenarios.load('regfish-reissue-conflict');
    const id = fixtureOrderOf(mock);
    await api.regfish.get(`/tls/certificate/${id}`);
    await api.regfish.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });
    await api.regfish.post('/tls/certificate', { sku: 'NoSuchSku', common_name: 'a.example.com', dcv_method: 'dns-cname-token', csr: 'x' });
    await api.regfish.get('/tls/certificat');
    const res = await api.control.get('/api/contract?vendor=regfish');
    expect(res.status).toBe(200);
    const r = res.body.regfish;
    expect(r.requests).toBe(4);
    expect(r.operations.exercised['regfish.certificate.get']).toEqual({ calls: 1, statuses: { '200': 1 } });
    expect(r.operations.exercised['regfish.reissue']).toEqual({ calls: 1, statuses: { '409': 1 } });
    expect(r.operations.not_exercised).toContain('regfish.revoke');
    expect(r.operations.coverage).toBeGreaterThan(0);
    expect(r.error_paths['regfish:reissueConflict']).toEqual({ count: 1, injected_by_scenarios: 1, status: 409, operations: ['regfish.reissue'] });
    expect(r.error_paths['regfish:invalidCertificateRequest']).toMatchObject({ count: 1, injected_by_scenarios: 0, status: 400 });
    expect(r.contract_violations.count).toBe(2);
    expect(r.contract_violations.requests[0]).toMatchObject({ method: 'POST', path: '/tls/certificate', operation: 'regfish.certificate.create', status: 400, reason: expect.stringContaining('sku') });
    expect(r.contract_violations.requests[1]).toMatchObject({ path: '/tls/certificat', operation: null, status: 404, reason: 'no route GET /tls/certificat' });
    expect(r.unmatched).toBe(1);
    expect(res.body.digicert).toBeUndefined();
  });

  it('DigiCert and Sectigo: error paths by code, violations with the emulator\'s reason', async () => {
    await fetch(`${mock.urls.digicert}/services/v2/order/certificate/ssl_dv_geotrust`, {
      method: 'POST',
      headers: { 'X-DC-DEVKEY': 'digicert-demo-key', 'content-type': 'application/json' },
      body: '{not json',
    });
    await fetch(`${mock.urls.digicert}/services/v2/order/certificate/1`, { headers: { 'X-DC-DEVKEY': 'digicert-demo-key' } });
    await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'loginName=sectigo-demo&loginPassword=wrong&orderNumber=1&queryType=0&responseFormat=1',
    });
    const report = (await api.control.get('/api/contract')).body;
    expect(report.digicert.error_paths['digicert:bad_request_format']).toMatchObject({ count: 1, status: 400, operations: ['digicert.order.create'] });
    expect(report.digicert.error_paths['digicert:not_found|order']).toMatchObject({ count: 1, status: 404 });
    expect(report.digicert.contract_violations.requests.map((v: { operation: string }) => v.operation)).toContain('digicert.order.create');
    expect(report.sectigo.error_paths['sectigo:-16']).toMatchObject({ count: 1, operations: ['sectigo.CollectSSL'] });
  });

  it('keeps a violation small: a 10,000-character path is kept to its first 2048, and an API key is masked', async () => {
    await api.regfish.get(`/${'x'.repeat(10_000)}`);
    const [v] = (await api.control.get('/api/contract?vendor=regfish')).body.regfish.contract_violations.requests;
    expect(v.path).toBe(`/${'x'.repeat(2047)}…`);
    expect(v.reason.length).toBeLessThanOrEqual(2049);
    expect(v.account).toBe('****-key');
  });

  it('covers every vendor, and restarts on reset', async () => {
    await api.regfish.get('/tls/products');
    const all = (await api.control.get('/api/contract')).body;
    expect(Object.keys(all)).toEqual(['regfish', 'digicert', 'sectigo']);
    expect(all.digicert.operations.not_exercised).toContain('digicert.order.create');
    await mock.reset();
    expect((await api.control.get('/api/contract')).body.regfish.requests).toBe(0);
    expect(mock.journal.contract('regfish')).toHaveProperty('regfish');
  });
});

describe('the journal in bytes', () => {
  let small: MockCaHandle;
  const maxBytes = 1024 * 1024;
  beforeAll(async () => {
    small = await startTestServer({ journalBytes: maxBytes });
  });
  afterAll(() => small.close());

  const wrongPasswordPost = (i: number) =>
    fetch(`${small.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `loginName=sectigo-demo&loginPassword=wrong&queryType=0&responseFormat=1&orderNumber=${i}${'0'.repeat(1_000_000)}`,
    });

  it('clips 1 MB bodies at 64 KiB, says so, and keeps no more than journalBytes (the oldest go first)', async () => {
    for (let i = 1; i <= 24; i++) expect(await (await wrongPasswordPost(i)).text()).toMatch(/^errorCode=-16&/);
    const control = httpClient(small.urls.control);
    const res = (await control.get('/api/journal?secrets=true')).body;
    expect(res.max_bytes).toBe(maxBytes);
    expect(res.bytes).toBeLessThanOrEqual(maxBytes);
    expect(res.bytes).toBe(res.entries.reduce((n: number, e: { bytes: number }) => n + e.bytes, 0));
    expect(res.count).toBeGreaterThan(1);
    expect(res.count).toBeLessThan(24);
    for (const e of res.entries) {
      expect(e.request.bodyClipped).toBe(true);
      expect(e.request.body).toHaveLength(64 * 1024);
      expect(e.response.bodyClipped).toBe(false);
      expect(e.bytes).toBeGreaterThan(2 * 64 * 1024);
    }
    // The newest are kept, in order, up to the last post.
    const ids = res.entries.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(res.entries[res.count - 1].request.body).toMatch(/orderNumber=240{10}/);
    // A small request after them still fits, and the count bound works beside the byte bound.
    await fetch(`${small.urls.regfish}/tls/products`, { headers: { 'x-api-key': 'regfish-demo-key' } });
    const after = (await control.get('/api/journal')).body;
    expect(after.bytes).toBeLessThanOrEqual(maxBytes);
    expect(after.entries[after.count - 1]).toMatchObject({ vendor: 'regfish', request: { bodyClipped: false } });
    expect((await control.delete('/api/journal')).body.cleared).toBe(after.count);
    expect((await control.get('/api/journal')).body).toMatchObject({ count: 0, bytes: 0 });
  });

  it('journalBytes 0 keeps nothing, yet the contract report still counts', async () => {
    const none = await startTestServer({ journalBytes: 0 });
    try {
      await fetch(`${none.urls.regfish}/tls/products`, { headers: { 'x-api-key': 'regfish-demo-key' } });
      const control = httpClient(none.urls.control);
      expect((await control.get('/api/journal')).body).toMatchObject({ count: 0, bytes: 0 });
      expect((await control.get('/api/contract?vendor=regfish')).body.regfish.requests).toBe(1);
    } finally {
      await none.close();
    }
  });
});
