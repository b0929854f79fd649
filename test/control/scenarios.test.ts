import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { clients, fixtureOrderOf, type Clients } from '../scenarios/support.js';
import { makeCsr } from '../support/csr.js';

let mock: MockCaHandle;
let api: Clients;

beforeAll(async () => {
  mock = await startTestServer();
  api = clients(mock);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  await api.control.delete('/api/scenarios');
});

const scenario = {
  name: 'regfish-reissue-conflict',
  description: 'the next reissue of any certificate is refused with the documented 409',
  rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' }, delay: { fixed: 0 }, fault: null, times: 1 }],
};

describe('POST /api/scenarios', () => {
  it('adds the scenario in the documented shape and answers its id', async () => {
    const res = await api.control.post('/api/scenarios', scenario);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^sc\d+$/), name: 'regfish-reissue-conflict', rules: ['regfish.reissue → regfish:409'] });
    const id = fixtureOrderOf(mock);
    const body = { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' };
    expect((await api.regfish.post(`/tls/certificate/${id}/reissue`, body)).status).toBe(409);
    expect((await api.regfish.post(`/tls/certificate/${id}/reissue`, body)).status).toBe(200);
  });

  it('refuses an invalid scenario with 400 naming the rule and the field', async () => {
    const res = await api.control.post('/api/scenarios', { rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' } }, { fault: 'explode' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_scenario');
    expect(res.body.error.message).toMatch(/^POST \/api\/scenarios: rule 2, field fault: Invalid option/);
  });

  it('refuses malformed JSON', async () => {
    const res = await api.control.request('POST', '/api/scenarios', '{nope', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
  });
});

describe('POST /api/scenarios/load', () => {
  it('loads a file by name', async () => {
    const res = await api.control.post('/api/scenarios/load', { name: 'regfish-500-once' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'regfish-500-once', file: expect.stringMatching(/scenarios\/regfish-500-once\.yaml$/) });
    expect((await api.regfish.get('/tls/products')).status).toBe(500);
  });

  it('answers 404 for an unknown name, listing what exists', async () => {
    const res = await api.control.post('/api/scenarios/load', { name: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('available: ');
    expect(res.body.error.message).toContain('regfish-reissue-conflict');
  });
});

describe('GET /api/scenarios', () => {
  it('lists loaded scenarios with per-rule match counts, and the available files', async () => {
    await api.control.post('/api/scenarios', { name: 'twice', rules: [{ match: { operation: 'regfish.products.list' }, respond: { status: 503 }, times: 2 }] });
    for (let i = 0; i < 3; i++) await api.regfish.get('/tls/products');
    const res = await api.control.get('/api/scenarios');
    expect(res.status).toBe(200);
    expect(res.body.loaded).toHaveLength(1);
    expect(res.body.loaded[0]).toMatchObject({
      name: 'twice',
      source: 'api',
      rules: [{ rule: 1, explain: 'regfish.products.list → HTTP 503', phase: 'routed', completion: '2 times', matched: 2, used: 2, exhausted: true }],
    });
    expect(res.body.available.length).toBeGreaterThanOrEqual(15);
    expect(res.body.available.find((f: { name: string }) => f.name === 'flaky-network').description).toBe('about 10 % of requests to every vendor get a connection reset (seeded)');
  });
});

describe('DELETE /api/scenarios', () => {
  it('removes one by id, 404 for an unknown id, and clears all', async () => {
    const a = (await api.control.post('/api/scenarios', { name: 'a', rules: [{ match: { operation: 'regfish.products.list' }, respond: { status: 503 } }] })).body.id;
    await api.control.post('/api/scenarios', { name: 'b', rules: [{ match: { operation: 'regfish.certificate.list' }, respond: { status: 503 } }] });
    expect((await api.control.delete(`/api/scenarios/${a}`)).status).toBe(204);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
    expect((await api.regfish.get('/tls/certificate')).status).toBe(503);
    expect((await api.control.delete(`/api/scenarios/${a}`)).status).toBe(404);
    const cleared = await api.control.delete('/api/scenarios');
    expect(cleared.body).toEqual({ removed: 1 });
    expect((await api.regfish.get('/tls/certificate')).status).toBe(200);
  });

  it('POST /api/scenarios/{id}/reset re-arms one scenario', async () => {
    await api.control.post('/api/scenarios/load', { name: 'regfish-500-once' });
    expect((await api.regfish.get('/tls/products')).status).toBe(500);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
    expect((await api.control.post('/api/scenarios/regfish-500-once/reset')).status).toBe(204);
    expect((await api.regfish.get('/tls/products')).status).toBe(500);
    expect((await api.control.post('/api/scenarios/nope/reset')).status).toBe(404);
  });

  it('removes by name too', async () => {
    await api.control.post('/api/scenarios/load', { name: 'total-outage' });
    expect((await api.regfish.get('/tls/products')).status).toBe(503);
    expect((await api.control.delete('/api/scenarios/total-outage')).status).toBe(204);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });
});

describe('hot path', () => {
  it('100 non-matching rules are indexed away: a plain GET is not slowed by them', async () => {
    const rules = Array.from({ length: 100 }, (_, i) => ({ match: { operation: 'regfish.reissue', id: `NOMATCH${i}` }, respond: { error: 'regfish:409' } }));
    const time = async () => {
      const started = performance.now();
      for (let i = 0; i < 100; i++) await api.regfish.get('/tls/products');
      return performance.now() - started;
    };
    await time();
    const without: number[] = [];
    const withRules: number[] = [];
    for (let round = 0; round < 3; round++) {
      mock.scenarios.clear();
      without.push(await time());
      mock.scenarios.add({ name: 'noise', rules });
      withRules.push(await time());
    }
    // Best of three each, with a generous bound for a busy CI machine; `npm run bench` measures it properly.
    expect(Math.min(...withRules)).toBeLessThan(Math.min(...without) * 2 + 100);
    expect(mock.scenarios.list().loaded[0].rules.every((r) => r.matched === 0)).toBe(true);
  });
});
