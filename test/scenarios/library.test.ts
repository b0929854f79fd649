import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { parseScenario } from '../../src/scenarios/schema.js';
import { packageRoot } from '../../src/version.js';
import { makeCsr } from '../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { clients, demoKey, fixtureOrderOf, rawRequest, type Clients } from './support.js';

const dir = join(packageRoot, 'scenarios');
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

let mock: MockCaHandle;
let api: Clients;
let digicert: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ digicertRateLimit: false });
  api = clients(mock);
  digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key', 'content-type': 'application/json' });
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  mock.scenarios.clear();
});

const sectigo = (endpoint: string, form: Record<string, string>, login = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' }) =>
  fetch(`${mock.urls.sectigo}${endpoint === 'CollectSSL' ? '/products/download/CollectSSL' : `/products/!${endpoint}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...login, ...form }).toString(),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));

async function regfishOrder(): Promise<string> {
  const res = await api.regfish.post('/tls/certificate', { sku: 'RapidSSL', common_name: 'shop.example.org', dcv_method: 'dns-cname-token', csr: await makeCsr({ commonName: 'shop.example.org' }) });
  expect(res.status).toBe(200);
  return res.body.response.id;
}

const reissue = async (id: string) => api.regfish.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });

describe('the scenario library', () => {
  it('has at least 15 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s validates, says what it is for, and loads into a running server', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (file.endsWith('.json')) expect(raw.$comment).toMatch(/^What it is for: /);
    else expect(text).toMatch(/^# What it is for: /);
    const spec = parseScenario(file, raw);
    expect(spec.name).toBe(file.replace(/\.(ya?ml|json)$/, ''));
    expect(spec.description).toBeTruthy();
    const loaded = mock.scenarios.load(spec.name!);
    expect(loaded.name).toBe(spec.name);
  });

  it('GET /api/scenarios lists every file as available', async () => {
    const res = await api.control.get('/api/scenarios');
    expect(res.body.available.map((f: { name: string }) => `${f.name}`).sort()).toEqual(files.map((f) => f.replace(/\.(ya?ml|json)$/, '')).sort());
  });
});

describe('Regfish scenarios do what their comment says', () => {
  it('regfish-reissue-conflict: the next reissue answers the documented 409, the one after goes through', async () => {
    mock.scenarios.load('regfish-reissue-conflict');
    const id = fixtureOrderOf(mock);
    const first = await reissue(id);
    expect(first.status).toBe(409);
    expect(first.body).toEqual({ success: false, message: 'The TLS certificate cannot be reissued in its current state', error: 'The TLS certificate cannot be reissued in its current state' });
    expect((await reissue(id)).status).toBe(200);
  });

  it('regfish-upstream-502: every certificate call answers 502, DNS still works', async () => {
    mock.scenarios.load('regfish-upstream-502');
    for (const res of [await api.regfish.get('/tls/certificate'), await api.regfish.get(`/tls/certificate/${fixtureOrderOf(mock)}`), await reissue(fixtureOrderOf(mock))]) {
      expect(res.status).toBe(502);
      expect(res.body.message).toBe('Upstream TLS provider error');
    }
    expect((await api.regfish.get('/dns/example.com/rr')).status).toBe(200);
  });

  it('regfish-500-once: one 500 Unexpected error, then normal answers', async () => {
    mock.scenarios.load('regfish-500-once');
    const first = await api.regfish.get('/tls/products');
    expect(first.status).toBe(500);
    expect(first.body.message).toBe('Unexpected error');
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });

  it('regfish-download-not-ready: downloads answer 409', async () => {
    mock.scenarios.load('regfish-download-not-ready');
    const res = await api.regfish.get(`/tls/certificate/${fixtureOrderOf(mock)}/download/pem`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The TLS certificate cannot be downloaded in its current state');
  });

  it('regfish-api-key-revoked: the demo key gets 401, the other key works', async () => {
    mock.scenarios.load('regfish-api-key-revoked');
    expect((await api.regfish.get('/tls/products')).status).toBe(401);
    expect((await api.other.get('/tls/products')).status).toBe(200);
  });
});

describe('chaos scenarios do what their comment says', () => {
  it('slow-issuance: the first 5 reads see the order pending, then it issues; placing an order is slow', async () => {
    mock.scenarios.load('slow-issuance');
    const started = performance.now();
    const id = await regfishOrder();
    expect(performance.now() - started).toBeGreaterThan(500);
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) seen.push((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status);
    expect(seen.slice(0, 6)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(seen[6]).toBe('issued');
  });

  it('ca-rejects-every-order: new orders and reissues end rejected', async () => {
    mock.scenarios.load('ca-rejects-every-order');
    const id = await regfishOrder();
    expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('rejected');
    const fixture = fixtureOrderOf(mock);
    expect((await reissue(fixture)).status).toBe(200);
    expect((await api.regfish.get(`/tls/certificate/${fixture}`)).body.response.reissue.status).toBe('rejected');
  });

  it('flaky-network: about 10 % resets, the same ones again after a reset', async () => {
    mock.scenarios.load('flaky-network');
    const run = async () => {
      const out: string[] = [];
      for (let i = 0; i < 60; i++) {
        const o = await rawRequest(mock.urls.regfish, '/tls/products', { headers: { 'x-api-key': demoKey } });
        out.push(o.kind === 'response' ? String(o.status) : o.code);
      }
      return out;
    };
    const first = await run();
    const resets = first.filter((x) => x === 'ECONNRESET').length;
    expect(resets).toBeGreaterThanOrEqual(2);
    expect(resets).toBeLessThanOrEqual(14);
    expect(first.filter((x) => x !== 'ECONNRESET').every((x) => x === '200')).toBe(true);
    await mock.reset();
    expect(await run()).toEqual(first);
  });

  it('total-outage: every vendor answers a 503 page with Retry-After', async () => {
    mock.scenarios.load('total-outage');
    for (const url of [`${mock.urls.regfish}/tls/products`, `${mock.urls.digicert}/services/v2/product`, `${mock.urls.sectigo}/products/!AutoApplySSL`]) {
      const res = await fetch(url, { method: url.includes('sectigo') ? 'POST' : 'GET' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('120');
      expect(await res.text()).toContain('503 Service Temporarily Unavailable');
    }
  });

  it('slow-responses: requests wait, then answer normally', async () => {
    mock.scenarios.load('slow-responses');
    const started = performance.now();
    const res = await api.regfish.get('/tls/products');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThan(150);
  });

  it('hang: the next request hangs until the client gives up, later ones are answered', async () => {
    mock.scenarios.load('hang');
    expect(await rawRequest(mock.urls.regfish, '/tls/products', { headers: { 'x-api-key': demoKey }, timeoutMs: 250 })).toEqual({ kind: 'error', code: 'CLIENT_TIMEOUT' });
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });

  it('garbage-replies: the first 2 pass, then some replies are garbage', async () => {
    mock.scenarios.load('garbage-replies');
    const out: string[] = [];
    for (let i = 0; i < 20; i++) {
      const o = await rawRequest(mock.urls.regfish, '/tls/products', { headers: { 'x-api-key': demoKey } });
      out.push(o.kind === 'response' ? String(o.status) : 'broken');
    }
    expect(out.slice(0, 2)).toEqual(['200', '200']);
    expect(out.filter((x) => x === 'broken').length).toBeGreaterThanOrEqual(2);
  });
});

describe('DigiCert scenarios do what their comment says', () => {
  const newOrder = async () => {
    const res = await digicert.post('/order/certificate/ssl_dv_geotrust', {
      certificate: { common_name: 'shop.example.org', csr: await makeCsr({ commonName: 'shop.example.org' }), signature_hash: 'sha256', server_platform: { id: 45 } },
      validity_years: 1,
      dcv_method: 'dns-txt-token',
      skip_approval: true,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  it('digicert-rate-limited: every call answers 429 request_limit_exceeded', async () => {
    mock.scenarios.load('digicert-rate-limited');
    const res = await digicert.get('/order/certificate');
    expect(res.status).toBe(429);
    expect(res.body.errors[0].code).toBe('request_limit_exceeded');
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('digicert-order-not-found: order reads answer 404 not_found|order', async () => {
    const id = await newOrder();
    mock.scenarios.load('digicert-order-not-found');
    const res = await digicert.get(`/order/certificate/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe('not_found|order');
  });

  it('digicert-dcv-never-completes: the order stays pending and check-dcv finds no TXT record', async () => {
    mock.scenarios.load('digicert-dcv-never-completes');
    const id = await newOrder();
    for (let i = 0; i < 4; i++) {
      expect((await digicert.get(`/order/certificate/${id}`)).body.status).toBe('pending');
      expect((await digicert.get('/order/certificate')).status).toBe(200);
    }
    const listed = mock.journal.find({ operation: 'digicert.order.list' });
    expect(listed[0].rules[0]).toMatch(/\[held .*pending\]$/);
    const check = await digicert.put(`/order/certificate/${id}/check-dcv`, {});
    expect(check.status).toBe(400);
    expect(check.body.errors[0].code).toBe('invalid_dns_txt');
  });
});

describe('Sectigo scenarios do what their comment says', () => {
  it('sectigo-authentication-failed: every call answers -16', async () => {
    mock.scenarios.load('sectigo-authentication-failed');
    const res = await sectigo('CollectSSL', { orderNumber: '10000001', queryType: '0', responseFormat: '1' });
    expect(res.status).toBe(200);
    expect(new URLSearchParams(res.text).get('errorCode')).toBe('-16');
    // Answered before auth and routing, yet in the endpoint's own format (newline text here).
    const text = await fetch(`${mock.urls.sectigo}/products/%21autorevokecertificate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'loginName=x&loginPassword=y&orderNumber=1&responseFormat=0',
    }).then((r) => r.text());
    expect(text.split('\n')[0]).toBe('-16');
    expect(mock.journal.find({ vendor: 'sectigo' }).map((e) => e.error)).toEqual(['sectigo:-16', 'sectigo:-16']);
  });

  it('sectigo-certificate-being-issued: CollectSSL and autoRevokeCertificate answer -26', async () => {
    mock.scenarios.load('sectigo-certificate-being-issued');
    const collect = await sectigo('CollectSSL', { orderNumber: '10000001', queryType: '0', responseFormat: '1' });
    expect(new URLSearchParams(collect.text).get('errorCode')).toBe('-26');
    const revoke = await sectigo('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'superseded', responseFormat: '1' });
    expect(new URLSearchParams(revoke.text).get('errorCode')).toBe('-26');
  });

  it('sectigo-too-many-requests: three -42 answers, then the endpoint answers for itself', async () => {
    mock.scenarios.load('sectigo-too-many-requests');
    const codes: (string | null)[] = [];
    for (let i = 0; i < 4; i++) codes.push(new URLSearchParams((await sectigo('autoRevokeCertificate', { orderNumber: '99999999', responseFormat: '1' })).text).get('errorCode'));
    expect(codes.slice(0, 3)).toEqual(['-42', '-42', '-42']);
    expect(codes[3]).not.toBe('-42');
  });
});
