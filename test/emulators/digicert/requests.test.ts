import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, order, orderIssued, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ issuance: 'immediate' });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

describe('requests', () => {
  it('GET /request lists the account requests, filtered by status', async () => {
    const a = await order(t.api, { skip_approval: false, common_name: 'a.example.org' });
    await order(t.api, { skip_approval: true, common_name: 'b.example.org' });
    const all = await t.api.get('/request');
    expect(all.status).toBe(200);
    expect(all.body.requests).toHaveLength(2);
    const pending = (await t.api.get('/request?status=pending')).body.requests;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      id: a.requests[0].id,
      type: 'new_request',
      status: 'pending',
      requester: { id: 112233, email: 'dana.demo@example.com' },
      order: { id: a.id, certificate: { common_name: 'a.example.org' }, product: { name_id: 'ssl_dv_geotrust' }, container: { id: 44556 } },
    });
    expect((await t.other.get('/request')).body.requests).toEqual([]);
  });

  it('GET /request/{id} embeds the full order; unknown ids are 404 not_found|request', async () => {
    const a = await order(t.api, { skip_approval: false });
    const res = await t.api.get(`/request/${a.requests[0].id}`);
    expect(res.body.order).toMatchObject({ id: a.id, status: 'needs_approval', product_name_id: 'ssl_dv_geotrust' });
    expectError(await t.api.get('/request/1234567'), 404, 'not_found|request');
    expectError(await t.other.get(`/request/${a.requests[0].id}`), 404, 'not_found|request');
  });

  it('approving a new request opens the order (issued at once under --issuance immediate)', async () => {
    const a = await order(t.api, { skip_approval: false });
    expect(a.certificate_id).toBeUndefined();
    expect((await t.api.put(`/request/${a.requests[0].id}/status`, { status: 'approved' })).status).toBe(204);
    const got = (await t.api.get(`/order/certificate/${a.id}`)).body;
    expect(got.status).toBe('issued');
    expect(got.requests[0]).toMatchObject({ status: 'approved' });
    const req = (await t.api.get(`/request/${a.requests[0].id}`)).body;
    expect(req.date_processed).toMatch(/\+00:00$/);
    expect(req.processor).toMatchObject({ id: 112233 });
  });

  it('a processed request answers invalid_request_status; a bad status invalid_param|status; read-only keys 403', async () => {
    const a = await order(t.api, { skip_approval: false });
    expectError(await t.readonly.put(`/request/${a.requests[0].id}/status`, { status: 'approved' }), 403, 'access_denied|missing_permission');
    expectError(await t.api.put(`/request/${a.requests[0].id}/status`, { status: 'maybe' }), 400, 'invalid_param|status');
    await t.api.put(`/request/${a.requests[0].id}/status`, { status: 'rejected' });
    expectError(await t.api.put(`/request/${a.requests[0].id}/status`, { status: 'approved' }), 400, 'invalid_request_status');
  });

  it('a rejected revoke request leaves the certificate issued', async () => {
    const { id } = await orderIssued(t.api);
    const revoke = await t.api.put(`/order/certificate/${id}/revoke`, { comments: 'please' });
    expect(revoke.status).toBe(201);
    expect((await t.api.get('/request?status=pending')).body.requests[0]).toMatchObject({ id: revoke.body.id, type: 'revoke' });
    await t.api.put(`/request/${revoke.body.id}/status`, { status: 'rejected', processor_comment: 'no' });
    expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('issued');
  });

  it('reissue and duplicate requests are approved at once and listed on the order', async () => {
    const { id } = await orderIssued(t.api);
    const csr = (await import('../../support/csr.js')).makeCsr;
    const reissue = await t.api.post(`/order/certificate/${id}/reissue`, { certificate: { csr: await csr({ commonName: 'shop.example.org' }) } });
    expect(reissue.body.requests[0].status).toBe('approved');
    expect(reissue.body.certificate_chain).toHaveLength(3);
    const types = (await t.api.get(`/order/certificate/${id}`)).body.requests.map((r: { type: string }) => r.type);
    expect(types).toEqual(['new_request', 'reissue']);
  });
});
