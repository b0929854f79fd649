import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEcCsr } from '../../src/ca/make-csr.js';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';

let mock: MockCaHandle;
let regfish: HttpClient;
const csr = makeEcCsr('reset.example.com').csrPem;

beforeAll(async () => {
  mock = await startTestServer();
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': 'regfish-demo-key' });
});
afterAll(() => mock.close());

const order = (name: string) => regfish.post('/tls/certificate', { sku: 'RapidSSL', common_name: name, csr, dcv_method: 'dns-cname-token' });

describe('a full reset of the in-memory store', () => {
  it('leaves the fixtures and nothing else, and the emulator answers on the new store', async () => {
    const created = await order('gone-after-reset.example.com');
    expect(created.status).toBe(200);
    const id = created.body.response.id;
    expect((await regfish.get(`/tls/certificate/${id}`)).status).toBe(200);
    await mock.reset();
    expect((await regfish.get(`/tls/certificate/${id}`)).status).toBe(404);
    expect((await regfish.get('/tls/certificate/7K9QW3M2ZT8HJ')).status).toBe(200);
    const again = await order('after-reset.example.com');
    expect(again.status).toBe(200);
    expect((await regfish.get(`/tls/certificate/${again.body.response.id}`)).body.response.common_name).toBe('after-reset.example.com');
  });

  it('gives the same ids after each reset (same seed, same store)', async () => {
    await mock.reset();
    const first = (await order('same-id.example.com')).body.response.id;
    await mock.reset();
    const second = (await order('same-id.example.com')).body.response.id;
    expect(second).toBe(first);
  });

  it('never hands out a DNS record id twice, across resets', async () => {
    const record = { type: 'TXT', name: '_probe.reset.example.com', data: 'x', ttl: 60 };
    const before = (await regfish.post('/dns/rr', record)).body.response.id as number;
    await mock.reset();
    const after = (await regfish.post('/dns/rr', record)).body.response.id as number;
    expect(after).toBeGreaterThan(before);
  });

  it('keeps the count of starts and hands the old store back', async () => {
    const { store } = mock.server.ctx;
    const old = store.db;
    const starts = store.setting('starts');
    const ms = await mock.reset();
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(store.db).not.toBe(old);
    expect(store.setting('starts')).toBe(starts);
    await new Promise((resolve) => setImmediate(resolve));
    expect(old.open).toBe(false);
  });
});
