import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, order, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ issuance: 'manual' });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const moment = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', '+');

describe('GET /order/certificate/status-changes', () => {
  it('lists the orders whose status changed in the last minutes or seconds', async () => {
    const a = await order(t.api, { common_name: 'a.example.org' });
    let res = await t.api.get('/order/certificate/status-changes?minutes=5');
    expect(res.status).toBe(200);
    expect(res.body.orders).toEqual([{ order_id: a.id, certificate_id: expect.any(Number), status: 'pending' }]);
    t.mock.clock.advance(10 * 60_000);
    expect((await t.api.get('/order/certificate/status-changes?minutes=5')).body.orders).toEqual([]);
    await t.control.post(`/api/orders/digicert/${a.id}/issue`);
    res = await t.api.get('/order/certificate/status-changes?seconds=60');
    expect(res.body.orders).toEqual([{ order_id: a.id, certificate_id: expect.any(Number), status: 'issued' }]);
    expect((await t.other.get('/order/certificate/status-changes?minutes=60')).body.orders).toEqual([]);
  });

  it('accepts filters[status_last_updated]=FROM...TO', async () => {
    const a = await order(t.api);
    const now = t.mock.clock.now().getTime();
    const range = `${moment(now - 60_000)}...${moment(now + 60_000)}`;
    const res = await t.api.get(`/order/certificate/status-changes?filters[status_last_updated]=${range}`);
    expect(res.body.orders.map((o: { order_id: number }) => o.order_id)).toEqual([a.id]);
    // the fixture order was issued a day ago
    const dayAgo = `${moment(now - 2 * 86_400_000)}...${moment(now - 3_600_000)}`;
    expect((await t.api.get(`/order/certificate/status-changes?filters[status_last_updated]=${dayAgo}`)).body.orders).toEqual([{ order_id: 31415926, certificate_id: 27182818, status: 'issued' }]);
  });

  it('a window over 7 days answers time_frame_too_long; no window time_frame_required', async () => {
    expectError(await t.api.get('/order/certificate/status-changes?minutes=10081'), 400, 'time_frame_too_long');
    expect((await t.api.get('/order/certificate/status-changes?minutes=10080')).status).toBe(200);
    expectError(await t.api.get('/order/certificate/status-changes?seconds=604801'), 400, 'time_frame_too_long');
    expectError(await t.api.get('/order/certificate/status-changes?filters[status_last_updated]=2026-01-01...2026-01-09'), 400, 'time_frame_too_long');
    expectError(await t.api.get('/order/certificate/status-changes'), 400, 'time_frame_required');
    expectError(await t.api.get('/order/certificate/status-changes?minutes=abc'), 400, 'invalid_param|minutes');
  });
});
