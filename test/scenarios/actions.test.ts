import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { makeCsr } from '../support/csr.js';
import { startTestServer } from '../support/server.js';
import { clients, demoKey, fixtureOrderOf, rawRequest, type Clients } from './support.js';

let mock: MockCaHandle;
let api: Clients;

beforeAll(async () => {
  mock = await startTestServer();
  api = clients(mock);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  mock.scenarios.clear();
});

const reissueBody = async () => ({ csr: await makeCsr({ commonName: 'www.example.com' }), dcv_method: 'dns-cname-token' });

async function newOrder(): Promise<string> {
  const res = await api.regfish.post('/tls/certificate', { sku: 'RapidSSL', common_name: 'shop.example.org', dcv_method: 'dns-cname-token', csr: await makeCsr({ commonName: 'shop.example.org' }) });
  expect(res.status).toBe(200);
  return res.body.response.id;
}

describe('named vendor errors', () => {
  it('regfish:409 is byte for byte the 409 the emulator itself answers', async () => {
    const id = fixtureOrderOf(mock);
    // The real one: a second reissue while the first is pending.
    mock.server.ctx.store.update('orders', mock.server.ctx.store.orderByVendorId('regfish', id)!.id, { policy: 'manual' });
    expect((await api.regfish.post(`/tls/certificate/${id}/reissue`, await reissueBody())).status).toBe(200);
    const real = await api.regfish.post(`/tls/certificate/${id}/reissue`, await reissueBody());
    expect(real.status).toBe(409);

    await mock.reset();
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' } }] });
    const injected = await api.regfish.post(`/tls/certificate/${fixtureOrderOf(mock)}/reissue`, await reissueBody());
    expect(injected.status).toBe(409);
    expect(injected.text).toBe(real.text);
    expect(injected.headers.get('content-type')).toBe(real.headers.get('content-type'));
  });

  it('regfish:502 and descriptive names render the catalogue entry', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:upstream' } }] });
    const res = await api.regfish.get('/tls/products');
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ success: false, message: 'Upstream TLS provider error', error: 'Upstream TLS provider error' });
  });
});

describe('raw answers', () => {
  it('sends the given status, headers and JSON body', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { status: 429, headers: { 'retry-after': '7' }, body: { busy: true } } }] });
    const res = await api.regfish.get('/tls/products');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual({ busy: true });
  });

  it('sends a string body as is (an empty 200 too)', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { status: 200, body: '' } }] });
    const res = await api.regfish.get('/tls/products');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });
});

describe('delays', () => {
  it('fixed: waits, then the emulator answers normally', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, delay: { fixed: 150 } }] });
    const started = performance.now();
    const res = await api.regfish.get('/tls/products');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
  });

  it('a bare number is a fixed delay; combined with an error the error comes late', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, delay: 120, respond: { error: 'regfish:500' } }] });
    const started = performance.now();
    const res = await api.regfish.get('/tls/products');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(res.status).toBe(500);
  });

  it('uniform: each delay lies in [min, max]', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, delay: { uniform: [40, 90] } }] });
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await api.regfish.get('/tls/products');
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(38);
      expect(took).toBeLessThan(400);
    }
  });

  it('lognormal: draws around the median, from the seeded generator', async () => {
    const { rng } = mock.server.ctx.scenarios;
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, delay: { lognormal: { median: 30, sigma: 0.3 } } }] });
    const started = performance.now();
    for (let i = 0; i < 4; i++) await api.regfish.get('/tls/products');
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(4 * 30 * Math.exp(-0.3 * 3));
    expect(took).toBeLessThan(4 * 30 * Math.exp(0.3 * 3) + 400);
    expect(rng).toBeDefined();
  });

  it('a delay-only rule stacks with a later answering rule', async () => {
    mock.scenarios.add({
      rules: [
        { match: { vendor: 'regfish' }, delay: 100 },
        { match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:502' } },
      ],
    });
    const started = performance.now();
    const res = await api.regfish.get('/tls/products');
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(res.status).toBe(502);
    const [entry] = mock.journal.find({ operation: 'regfish.products.list' });
    expect(entry.rules).toHaveLength(2);
    expect(entry.answeredBy).toContain('rule 2');
  });
});

describe('connection faults', () => {
  const hit = (timeoutMs?: number) => rawRequest(mock.urls.regfish, '/tls/products', { headers: { 'x-api-key': demoKey }, timeoutMs });

  it('reset: the client sees ECONNRESET', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish' }, fault: 'reset' }] });
    expect(await hit()).toEqual({ kind: 'error', code: 'ECONNRESET' });
  });

  it('empty: the connection closes without a byte (socket hang up)', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, fault: 'empty' }] });
    const outcome = await hit();
    expect(outcome.kind).toBe('error');
    expect(['ECONNRESET', 'socket hang up']).toContain((outcome as { code: string }).code);
  });

  it('garbage: bytes that are not HTTP, then close (parse error)', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, fault: 'garbage' }] });
    const outcome = await hit();
    expect(outcome.kind).toBe('error');
    expect((outcome as { code: string }).code).toMatch(/^HPE_|ECONNRESET/);
  });

  it('hang: nothing comes back until the client gives up; the server stays healthy', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, fault: 'hang', once: true }] });
    const started = performance.now();
    expect(await hit(300)).toEqual({ kind: 'error', code: 'CLIENT_TIMEOUT' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const after = await api.regfish.get('/tls/products');
    expect(after.status).toBe(200);
    // The hung request is journaled once its connection is gone.
    await expect.poll(() => mock.journal.find({ operation: 'regfish.products.list' }).find((e) => e.fault)).toMatchObject({ status: null, fault: 'hang until the client gives up' });
  });

  it('the fault is journaled with the rule that caused it', async () => {
    mock.scenarios.add({ name: 'net', rules: [{ match: { vendor: 'regfish' }, fault: 'reset' }] });
    await hit();
    const [entry] = mock.journal.find({ vendor: 'regfish' });
    expect(entry.fault).toBe('connection reset');
    expect(entry.answeredBy).toBe('answered by scenario net, rule 1: any regfish request → connection reset (always, used 1)');
  });
});

describe('state effects', () => {
  it('pending: a status read sees the order pending while the rule is loaded, and it issues once removed', async () => {
    const id = await newOrder();
    const added = mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get' }, effect: 'pending' }] });
    for (let i = 0; i < 3; i++) expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('pending');
    mock.scenarios.remove(added.id);
    await api.regfish.get(`/tls/certificate/${id}`);
    expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('issued');
  });

  it('issue: the order is issued before the handler reads it', async () => {
    const id = await newOrder();
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get', id }, effect: 'issue', once: true }] });
    const res = await api.regfish.get(`/tls/certificate/${id}`);
    expect(res.body.response.status).toBe('issued');
  });

  it('reject: on create, the order the request creates is rejected', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.create' }, effect: 'reject' }] });
    const id = await newOrder();
    expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('rejected');
    const [entry] = mock.journal.find({ operation: 'regfish.certificate.create' });
    expect(entry.rules[0]).toContain(`rejected ${id}`);
  });

  it('expire: the issued certificate of the named order expires', async () => {
    const id = fixtureOrderOf(mock);
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get' }, effect: 'expire', once: true }] });
    expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('expired');
  });

  it('revoke and approve-dcv go through the core too', async () => {
    const id = fixtureOrderOf(mock);
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get' }, effect: 'revoke', once: true }] });
    expect((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('certificate_revoked');
    const pending = await newOrder();
    mock.server.ctx.store.update('orders', mock.server.ctx.store.orderByVendorId('regfish', pending)!.id, { policy: 'dcv' });
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get', id: pending }, effect: 'approve-dcv', once: true }] });
    expect((await api.regfish.get(`/tls/certificate/${pending}`)).body.response.status).toBe('issued');
  });
});
