import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { clients, otherKey, type Clients } from '../scenarios/support.js';

let mock: MockCaHandle;
let api: Clients;

beforeAll(async () => {
  mock = await startTestServer();
  api = clients(mock);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('POST /api/seed', () => {
  it('creates Regfish orders in each state; the API shows them like real ones', async () => {
    const res = await api.control.post('/api/seed', {
      vendor: 'regfish',
      orders: [
        { common_name: 'pending.example.com', state: 'pending' },
        { common_name: 'issued.example.com', state: 'issued', dns_names: ['issued.example.com', 'www.issued.example.com'] },
        { common_name: 'rejected.example.com', state: 'rejected' },
        { common_name: 'revoked.example.com', state: 'revoked' },
        { common_name: 'expired.example.com', state: 'expired' },
        { id: 'SEEDCANCEL001', common_name: 'cancelled.example.com', state: 'cancelled' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.account).toBe('regfish-demo-key');
    const ids = res.body.orders.map((o: { id: string }) => o.id);
    expect(ids[5]).toBe('SEEDCANCEL001');
    const statuses = [];
    for (const id of ids) statuses.push((await api.regfish.get(`/tls/certificate/${id}`)).body.response.status);
    expect(statuses.slice(1)).toEqual(['issued', 'rejected', 'certificate_revoked', 'expired', 'order_cancelled']);
    // Pending stays pending for its first read, then follows the server policy (polls:1).
    expect(statuses[0]).toBe('pending');
    const issued = (await api.regfish.get(`/tls/certificate/${ids[1]}`)).body.response;
    expect(issued).toMatchObject({ common_name: 'issued.example.com', dns_names: ['issued.example.com', 'www.issued.example.com'], certificate_pem_available: true });
    expect(issued.serial_number).toBe(res.body.orders[1].serial.toUpperCase());
    expect((await api.regfish.get(`/tls/certificate/${ids[1]}/download/pem`)).status).toBe(200);
  });

  it('seeds for one account only', async () => {
    const res = await api.control.post('/api/seed', { vendor: 'regfish', account: otherKey, orders: [{ common_name: 'mine.example.com' }] });
    const id = res.body.orders[0].id;
    expect((await api.other.get(`/tls/certificate/${id}`)).status).toBe(200);
    expect((await api.regfish.get(`/tls/certificate/${id}`)).status).toBe(404);
  });

  it('a pending order with a manual policy never issues by itself', async () => {
    const { orders } = await mock.seed({ vendor: 'regfish', orders: [{ common_name: 'manual.example.com', state: 'pending', policy: 'manual' }] });
    for (let i = 0; i < 3; i++) expect((await api.regfish.get(`/tls/certificate/${orders[0].id}`)).body.response.status).toBe('pending');
  });

  it('seeds DigiCert and Sectigo orders through the same core', async () => {
    const d = await mock.seed({ vendor: 'digicert', orders: [{ common_name: 'dc.example.com', state: 'issued' }] });
    const order = await fetch(`${mock.urls.digicert}/services/v2/order/certificate/${d.orders[0].id}`, { headers: { 'X-DC-DEVKEY': 'digicert-demo-key' } });
    expect(order.status).toBe(200);
    expect((await order.json()).status).toBe('issued');
    const s = await mock.seed({ vendor: 'sectigo', account: 'sectigo-demo', orders: [{ common_name: 'sc.example.com', state: 'revoked' }] });
    expect(s.orders[0]).toMatchObject({ state: 'revoked', id: expect.stringMatching(/^\d{8}$/) });
    expect(mock.server.ctx.store.orderByVendorId('sectigo', s.orders[0].id)).toBeDefined();
  });

  it('refuses an unknown account, a duplicate id and a bad body', async () => {
    expect((await api.control.post('/api/seed', { vendor: 'regfish', account: 'nobody', orders: [{ common_name: 'a.example.com' }] })).body.error.code).toBe('seed_refused');
    await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ id: 'DUP', common_name: 'a.example.com' }] });
    const dup = await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ id: 'DUP', common_name: 'a.example.com' }] });
    expect(dup.status).toBe(409);
    const bad = await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ common_name: 'a.example.com', state: 'weird' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^orders\.0\.state/);
  });
});

describe('programmatic dns and outbox', () => {
  it('adds, lists and removes emulated DNS records', () => {
    const record = mock.dns.add({ name: '_dnsauth.example.com', type: 'TXT', data: 'token' });
    expect(mock.dns.list('_dnsauth.example.com').map((r) => r.id)).toEqual([record.id]);
    mock.dns.remove(record.id);
    expect(mock.dns.list('_dnsauth.example.com')).toEqual([]);
  });

  it('lists the outbox', () => {
    expect(Array.isArray(mock.outbox.list())).toBe(true);
  });
});
