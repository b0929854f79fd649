import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCsr } from '../../support/csr.js';
import { expectError, order, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ issuance: 'manual' });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const statusOf = async (id: number) => (await t.api.get(`/order/certificate/${id}`)).body.status;

describe('control API: outbox', () => {
  it('GET /api/outbox lists every email with to, subject, body and an absolute approval link', async () => {
    const created = await order(t.api, { common_name: 'o.example.org', dcv_method: 'email', dcv_emails: [{ dns_name: 'o.example.org', email: 'pki@example.org' }] });
    const res = await t.control.get('/api/outbox');
    expect(res.status).toBe(200);
    expect(res.body.messages).toHaveLength(1);
    const m = res.body.messages[0];
    expect(m).toMatchObject({ vendor: 'digicert', order_id: String(created.id), kind: 'dcv', to: 'pki@example.org', used_at: null });
    expect(m.link).toBe(`${t.mock.urls.control}/api/outbox/${m.token}/approve`);
    expect(m.body).toContain(m.link);
    expect((await t.control.get('/api/outbox?to=nobody@example.org')).body.messages).toEqual([]);
  });

  it('following the link validates the domain (idempotent); an unknown token is 404', async () => {
    const created = await order(t.api, { common_name: 'o.example.org', dcv_method: 'email' });
    const link = (await t.control.get('/api/outbox')).body.messages[0].link as string;
    const first = await (await fetch(link)).json();
    expect(first).toMatchObject({ approved: true, vendor: 'digicert', order_id: String(created.id), validated: ['o.example.org'] });
    const second = await (await fetch(link, { method: 'POST' })).json();
    expect(second.validated).toEqual([]);
    expect((await t.control.get('/api/outbox')).body.messages[0].used_at).not.toBeNull();
    const validation = (await t.api.get(`/order/certificate/${created.id}/validation`)).body;
    expect(validation.dns_name_validations[0].status).toBe('approved');
    expect(await statusOf(created.id)).toBe('pending');
    const unknown = await t.control.get('/api/outbox/nope/approve');
    expect(unknown.status).toBe(404);
  });
});

describe('control API: POST /api/orders/digicert/{id}/{action}', () => {
  it('issue opens a needs_approval order and issues it', async () => {
    const created = await order(t.api, { skip_approval: false });
    expect(await statusOf(created.id)).toBe('needs_approval');
    const res = await t.control.post(`/api/orders/digicert/${created.id}/issue`);
    expect(res.status).toBe(200);
    expect(await statusOf(created.id)).toBe('issued');
    // the request reads as approved, and can no longer be decided
    expect((await t.api.get(`/request/${created.requests[0].id}`)).body.status).toBe('approved');
    expect((await t.api.get('/request?status=pending')).body.requests).toEqual([]);
    expectError(await t.api.put(`/request/${created.requests[0].id}/status`, { status: 'rejected' }), 400, 'invalid_request_status');
  });

  it('reject, expire and revoke map onto rejected, expired and revoked', async () => {
    const a = await order(t.api, { common_name: 'a.example.org' });
    await t.control.post(`/api/orders/digicert/${a.id}/reject`);
    expect(await statusOf(a.id)).toBe('rejected');

    const b = await order(t.api, { common_name: 'b.example.org' });
    await t.control.post(`/api/orders/digicert/${b.id}/issue`);
    expect((await t.control.post(`/api/orders/digicert/${b.id}/expire`)).status).toBe(200);
    expect(await statusOf(b.id)).toBe('expired');

    const c = await order(t.api, { common_name: 'c.example.org' });
    await t.control.post(`/api/orders/digicert/${c.id}/issue`);
    expect((await t.control.post(`/api/orders/digicert/${c.id}/revoke`, { reason: 1 })).status).toBe(200);
    expect(await statusOf(c.id)).toBe('revoked');
  });

  it('approve-dcv validates every domain (issued under the dcv policy)', async () => {
    const dcv = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
    try {
      const created = await order(dcv.api, { dcv_method: 'http-token', dns_names: ['shop.example.org', 'www.shop.example.org'] });
      await dcv.control.post(`/api/orders/digicert/${created.id}/approve-dcv`);
      expect((await dcv.api.get(`/order/certificate/${created.id}`)).body.status).toBe('issued');
    } finally {
      await dcv.mock.close();
    }
  });

  it('an expired certificate shows as expired once the virtual clock passes valid_till', async () => {
    const created = await order(t.api, { common_name: 'e.example.org' });
    await t.control.post(`/api/orders/digicert/${created.id}/issue`);
    t.mock.clock.advance(400 * 86_400_000);
    expect(await statusOf(created.id)).toBe('expired');
    expect((await t.api.get('/order/certificate?filters[status]=expired')).body.orders.map((o: { id: number }) => o.id).sort()).toEqual([31415926, created.id].sort());
  });
});

describe('concurrency', () => {
  it('of 10 parallel reissues exactly one wins; the others answer invalid_order_status', async () => {
    const created = await order(t.api, { common_name: 'race.example.org' });
    await t.control.post(`/api/orders/digicert/${created.id}/issue`);
    const csr = await makeCsr({ commonName: 'race.example.org' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.api.post(`/order/certificate/${created.id}/reissue`, { certificate: { csr } })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201)) expectError(r, 400, 'invalid_order_status');
    expect(await statusOf(created.id)).toBe('reissue_pending');
    expect((await t.api.get(`/order/certificate/${created.id}/reissue`)).body.certificates).toHaveLength(1);
  });
});

describe('scenarios see DigiCert operations and its error catalogue', () => {
  it('the bundled digicert scenarios answer byte for byte like the routes', async () => {
    const created = await order(t.api, { common_name: 's.example.org' });
    expect((await t.control.post('/api/scenarios/load', { name: 'digicert-order-not-found' })).status).toBe(201);
    const scripted = await t.api.get(`/order/certificate/${created.id}`);
    const real = await t.api.get('/order/certificate/12345678');
    expectError(scripted, 404, 'not_found|order');
    expect(scripted.text).toBe(real.text);
    await t.control.request('DELETE', '/api/scenarios');
    expect((await t.api.get(`/order/certificate/${created.id}`)).status).toBe(200);

    expect((await t.control.post('/api/scenarios/load', { name: 'digicert-rate-limited' })).status).toBe(201);
    const limited = await t.api.get('/user/me');
    expectError(limited, 429, 'request_limit_exceeded');
    await t.control.request('DELETE', '/api/scenarios');
  });
});
