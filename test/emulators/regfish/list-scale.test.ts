import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, otherKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
const seeded: string[] = [];
const total = 2501; // the fixture certificate 7K9QW3M2ZT8HJ and 2500 seeded ones

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'manual' });
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  for (let batch = 0; batch < 5; batch++) {
    const orders = Array.from({ length: 500 }, (_, i) => ({ common_name: `host${batch * 500 + i}.example.org`, state: 'pending' as const }));
    const answer = await mock.seed({ vendor: 'regfish', account: demoKey, orders });
    seeded.push(...answer.orders.map((o) => o.id));
  }
  await mock.seed({ vendor: 'regfish', account: otherKey, orders: [{ common_name: 'not-yours.example.net' }] });
}, 120_000);
afterAll(() => mock.close());

const ids = (res: { body: { response: { id: string }[] } }) => res.body.response.map((c) => c.id);

describe('GET /tls/certificate with thousands of certificates', () => {
  it('answers one bounded page, oldest first, with the total in x-total-count', async () => {
    const res = await api.get('/tls/certificate');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.response).toHaveLength(1000);
    expect(res.headers.get('x-total-count')).toBe(String(total));
    expect(ids(res)).toEqual(['7K9QW3M2ZT8HJ', ...seeded.slice(0, 999)]);
  });

  it('limit and offset walk the whole list: pages are complete, disjoint and in order', async () => {
    const walked: string[] = [];
    for (let offset = 0; offset < total; offset += 700) {
      const page = await api.get(`/tls/certificate?limit=700&offset=${offset}`);
      expect(page.status).toBe(200);
      expect(page.body.response.length).toBe(Math.min(700, total - offset));
      walked.push(...ids(page));
    }
    expect(walked).toEqual(['7K9QW3M2ZT8HJ', ...seeded]);
    const past = await api.get(`/tls/certificate?offset=${total}`);
    expect(past.body).toEqual({ success: true, code: 0, response: [] });
  });

  it('another key sees only its own certificate', async () => {
    const res = await httpClient(mock.urls.regfish, { 'x-api-key': otherKey }).get('/tls/certificate');
    expect(res.body.response.map((c: { common_name: string }) => c.common_name)).toEqual(['not-yours.example.net']);
    expect(res.headers.get('x-total-count')).toBe('1');
  });

  it('a limit outside 1…1000 or a negative offset is 400 "Invalid request payload"', async () => {
    for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'offset=-1']) {
      const res = await api.get(`/tls/certificate?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toEqual({ success: false, message: 'Invalid request payload', error: 'Invalid request payload' });
    }
  });
});
