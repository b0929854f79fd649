import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoThreadsReady } from '../../src/ca/crypto-threads.js';
import type { MockCaHandle } from '../../src/index.js';
import { orderRequest, demoKey } from '../emulators/regfish/support.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';

let mock: MockCaHandle;
let api: HttpClient;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'polls:2' });
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const order = async (commonName: string) => (await api.post('/tls/certificate', await orderRequest({ common_name: commonName }))).body.response;
const statusOf = async (id: string) => (await api.get(`/tls/certificate/${id}`)).body.response.status as string;

describe('issuance policies and magic domains', () => {
  it('polls:2 issues on the third read', async () => {
    const { id } = await order('a.example.org');
    expect([await statusOf(id), await statusOf(id), await statusOf(id)]).toEqual(['pending', 'pending', 'issued']);
  });

  it('status reads at once issue a due certificate once: the next serials are those one read gives', async () => {
    // Every signature in a crypto thread, so the reads overlap while the first one's is made.
    expect(await cryptoThreadsReady({ inlineBudgetMs: 0 })).toBe(true);
    try {
      const serialsAfter = async (reads: number) => {
        await mock.reset();
        const { id } = await order('a.example.org');
        await statusOf(id);
        await statusOf(id);
        expect(await Promise.all(Array.from({ length: reads }, () => statusOf(id)))).toEqual(Array(reads).fill('issued'));
        const next = await order('b.example.org');
        for (let i = 0; i < 3; i++) await statusOf(next.id);
        const serial = async (certId: string) => (await api.get(`/tls/certificate/${certId}`)).body.response.serial_number as string;
        return [await serial(id), await serial(next.id)];
      };
      const one = await serialsAfter(1);
      expect(await serialsAfter(8)).toEqual(one);
    } finally {
      await cryptoThreadsReady({ inlineBudgetMs: 1 });
    }
  });

  it('*.reject.test is rejected at the first status read', async () => {
    const created = await order('www.reject.test');
    expect(created.status).toBe('pending');
    expect(await statusOf(created.id)).toBe('rejected');
    const events = (await control.get(`/api/orders/regfish/${created.id}`)).body.certificates[0];
    expect(events.status).toBe('rejected');
  });

  it('*.pending.test never issues by itself; the control API issues it', async () => {
    const { id } = await order('api.pending.test');
    for (let i = 0; i < 4; i++) expect(await statusOf(id)).toBe('pending');
    const issued = await control.post(`/api/orders/regfish/${id}/issue`, {});
    expect(issued.status).toBe(200);
    expect(await statusOf(id)).toBe('issued');
  });

  it('*.slow.test issues 60 virtual seconds after ordering', async () => {
    const { id } = await order('www.slow.test');
    await control.post('/api/clock/advance', { seconds: 59 });
    expect(await statusOf(id)).toBe('pending');
    await control.post('/api/clock/advance', { seconds: 1 });
    expect(await statusOf(id)).toBe('issued');
  });

  it('*.instant.test is issued already in the order answer', async () => {
    expect((await order('go.instant.test')).status).toBe('issued');
  });

  it('an issued certificate expires when the virtual clock passes valid_until', async () => {
    const { id } = await order('b.instant.test');
    const cert = (await api.get(`/tls/certificate/${id}`)).body.response;
    await control.put('/api/clock', { now: new Date(Date.parse(cert.valid_until) + 1000).toISOString() });
    const expired = (await api.get(`/tls/certificate/${id}`)).body.response;
    expect(expired).toMatchObject({ status: 'expired', order_state: 'EXPIRED', certificate_pem_available: true });
  });

  it('control actions: reject a pending order, expire and revoke an issued one, illegal ones answer 409', async () => {
    const a = await order('c.pending.test');
    expect((await control.post(`/api/orders/regfish/${a.id}/reject`, {})).status).toBe(200);
    expect(await statusOf(a.id)).toBe('rejected');
    expect((await control.post(`/api/orders/regfish/${a.id}/reject`, {})).status).toBe(409);
    const b = await order('d.instant.test');
    expect((await control.post(`/api/orders/regfish/${b.id}/revoke`, { reason: 1, comment: 'key compromise' })).status).toBe(200);
    expect(await statusOf(b.id)).toBe('certificate_revoked');
    const c = await order('e.instant.test');
    expect((await control.post(`/api/orders/regfish/${c.id}/expire`, {})).status).toBe(200);
    expect(await statusOf(c.id)).toBe('expired');
    expect((await control.post(`/api/orders/regfish/${c.id}/expire`, {})).status).toBe(409);
    expect((await control.post(`/api/orders/regfish/NOPE/issue`, {})).status).toBe(404);
    expect((await control.post(`/api/orders/regfish/${c.id}/explode`, {})).status).toBe(404);
  });
});

describe('clock and reset', () => {
  it('GET/PUT /api/clock and advance move the virtual clock; reset puts it back', async () => {
    const before = Date.parse((await control.get('/api/clock')).body.now);
    await control.post('/api/clock/advance', { days: 10 });
    const after = Date.parse((await control.get('/api/clock')).body.now);
    expect(after - before).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect((await control.put('/api/clock', { now: 'yesterday' })).status).toBe(400);
    expect((await control.post('/api/clock/advance', {})).status).toBe(400);
    const reset = await control.post('/api/reset', {});
    expect(reset.body.reset).toBe('all');
    expect(Math.abs(Date.parse((await control.get('/api/clock')).body.now) - Date.now())).toBeLessThan(5000);
  });

  it('reset returns the store to the fixtures and replays the same ids (seeded)', async () => {
    const first = (await order('x.example.org')).id;
    await control.post('/api/reset', {});
    expect((await api.get('/tls/certificate')).body.response).toHaveLength(1);
    expect((await order('x.example.org')).id).toBe(first);
  });

  it('reset of one vendor leaves the others alone', async () => {
    await order('y.example.org');
    const res = await control.post('/api/reset', { vendor: 'digicert' });
    expect(res.status).toBe(200);
    expect((await api.get('/tls/certificate')).body.response).toHaveLength(2);
    await control.post('/api/reset?vendor=regfish', {});
    expect((await api.get('/tls/certificate')).body.response).toHaveLength(1);
    expect((await control.post('/api/reset', { vendor: 'acme' })).status).toBe(400);
  });
});
