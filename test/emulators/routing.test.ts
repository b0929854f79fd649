import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';

// The vendor listeners route on a precompiled table; these are the rules it keeps from Hono's routers.
let mock: MockCaHandle;
const regfish = (path: string, init: RequestInit = {}) => fetch(`${mock.urls.regfish}${path}`, { ...init, headers: { 'x-api-key': 'regfish-demo-key', ...(init.headers as Record<string, string>) } });
const digicert = (path: string, init: RequestInit = {}) => fetch(`${mock.urls.digicert}${path}`, { ...init, headers: { 'x-dc-devkey': 'digicert-demo-key', ...(init.headers as Record<string, string>) } });

beforeAll(async () => {
  mock = await startTestServer();
});
afterAll(() => mock.close());

describe('vendor routing', () => {
  it('answers HEAD as the GET, with its status and headers and no body', async () => {
    const get = await regfish('/tls/certificate/7K9QW3M2ZT8HJ');
    const head = await regfish('/tls/certificate/7K9QW3M2ZT8HJ', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect((await get.json()).response.id).toBe('7K9QW3M2ZT8HJ');
  });

  it('percent-decodes path parameters', async () => {
    const res = await regfish('/tls/certificate/7K9QW3M2ZT8H%4A');
    expect(res.status).toBe(200);
    expect((await res.json()).response.id).toBe('7K9QW3M2ZT8HJ');
  });

  it('keeps a parameter that is not valid percent-encoding as sent (and finds nothing)', async () => {
    const res = await regfish('/tls/certificate/%E0%A4%A');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('TLS certificate not found');
  });

  it('matches no route with an empty parameter or a trailing slash on Regfish', async () => {
    for (const path of ['/tls/certificate/', '/tls/certificate/7K9QW3M2ZT8HJ/', '//tls/certificate']) {
      const res = await regfish(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error, path).toBe('Not found');
      expect(res.headers.get('x-mockca-reason'), path).toMatch(/^no route GET /);
    }
  });

  it('ignores a trailing slash on DigiCert (its API is not strict about it)', async () => {
    const res = await digicert('/services/v2/order/certificate/31415926/');
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe(31415926);
  });

  it('lets the route registered first win where two match (status-changes before an order id)', async () => {
    const res = await digicert('/services/v2/order/certificate/status-changes');
    // The status-changes answer (it wants a time frame), not the order lookup's not_found.
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].code).toBe('time_frame_required');
    expect(mock.journal.find({ path: '/services/v2/order/certificate/status-changes' }).at(-1)?.operation).toBe('digicert.order.statusChanges');
  });

  it('answers a method the path has no route for as an unknown route, after authentication', async () => {
    const denied = await fetch(`${mock.urls.regfish}/tls/certificate/7K9QW3M2ZT8HJ`, { method: 'PATCH' });
    expect(denied.status).toBe(401);
    const res = await regfish('/tls/certificate/7K9QW3M2ZT8HJ', { method: 'PATCH' });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('Not found');
    expect(res.headers.get('x-mockca-reason')).toBe('no route PATCH /tls/certificate/7K9QW3M2ZT8HJ');
  });
});
