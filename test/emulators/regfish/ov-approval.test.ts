import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderRequest } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'manual' });
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('OV orders between domain validation and issuance', () => {
  it('read order_state PENDING_APPROVAL (status pending) once every domain is validated, then ISSUED', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite', org_id: 'hdl_ABCDEFGHJKLMN' }))).body.response;
    expect(order).toMatchObject({ status: 'pending', order_state: 'PENDING', pending_reason: 'validation_pending', action_required: false });
    expect((await control.post(`/api/orders/regfish/${order.id}/approve-dcv`, {})).status).toBe(200);
    const approving = (await api.get(`/tls/certificate/${order.id}`)).body.response;
    expect(approving).toMatchObject({ status: 'pending', order_state: 'PENDING_APPROVAL', action_required: false, certificate_pem_available: false });
    expect(approving).not.toHaveProperty('pending_reason');
    expect((await control.post(`/api/orders/regfish/${order.id}/issue`, {})).status).toBe(200);
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response).toMatchObject({ status: 'issued', order_state: 'ISSUED' });
  });

  it('a DV order has no organization step: validated but not issued it still reads PENDING', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest())).body.response;
    await control.post(`/api/orders/regfish/${order.id}/approve-dcv`, {});
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response).toMatchObject({ status: 'pending', order_state: 'PENDING', pending_reason: 'validation_pending' });
  });
});
