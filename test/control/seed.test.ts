import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { opensslSerial } from '../../src/ca/serial-text.js';
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
    expect(issued.serial_number).toBe(opensslSerial(res.body.orders[1].serial));
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
    await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ id: 'DUPLICATE0001', common_name: 'a.example.com' }] });
    const dup = await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ id: 'DUPLICATE0001', common_name: 'a.example.com' }] });
    expect(dup.status).toBe(409);
    const bad = await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ common_name: 'a.example.com', state: 'weird' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^orders\.0\.state/);
  });
});

describe('POST /api/seed validates ids and names like the vendor APIs', () => {
  const refused = async (vendor: string, order: Record<string, unknown>) => {
    const res = await api.control.post('/api/seed', { vendor, orders: [order] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    return res.body.error.message as string;
  };

  it('an order id must have the vendor format', async () => {
    expect(await refused('regfish', { id: 'DUP', common_name: 'a.example.com' })).toBe('orders.0.id: a regfish order id is 13 upper-case letters and digits, like 7K9QW3M2ZT8HJ');
    expect(await refused('regfish', { id: '../../etc/pas', common_name: 'a.example.com' })).toMatch(/^orders\.0\.id: /);
    expect(await refused('digicert', { id: '12ab', common_name: 'a.example.com' })).toBe('orders.0.id: a digicert order id is a number of up to 10 digits, like 12345678');
    expect(await refused('sectigo', { id: '0123', common_name: 'a.example.com' })).toMatch(/^orders\.0\.id: a sectigo order id is an order number/);
    expect(await refused('sectigo', { id: '1'.repeat(19), common_name: 'a.example.com' })).toMatch(/^orders\.0\.id: /);
    const twice = await api.control.post('/api/seed', { vendor: 'digicert', orders: [{ id: '12345678', common_name: 'a.example.com' }, { id: '12345678', common_name: 'b.example.com' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('orders.1.id: 12345678 is given twice');
    expect(mock.server.ctx.store.orderByVendorId('digicert', '12345678')).toBeUndefined();
  });

  it('names must be DNS names, products the vendor\'s', async () => {
    expect(await refused('regfish', { common_name: 'not a name' })).toMatch(/^orders\.0\.common_name: must be a DNS name/);
    expect(await refused('regfish', { common_name: '<script>.example.com' })).toMatch(/^orders\.0\.common_name: /);
    expect(await refused('digicert', { common_name: 'localhost' })).toMatch(/^orders\.0\.common_name: /);
    expect(await refused('sectigo', { common_name: 'a.example.com', dns_names: ['a.example.com', 'bad_name.example.com'] })).toMatch(/^orders\.0\.dns_names\.1: /);
    expect(await refused('regfish', { common_name: 'a.example.com', product: 'NoSuchSku' })).toBe('orders.0.product: no regfish product NoSuchSku');
    expect(await refused('sectigo', { common_name: 'a.example.com', product: '99999' })).toBe('orders.0.product: no sectigo product 99999');
    const wildcard = await api.control.post('/api/seed', { vendor: 'digicert', orders: [{ common_name: '*.example.com', product: 'ssl_dv_geotrust_flex' }] });
    expect(wildcard.status).toBe(201);
  });

  it('gives every seeded certificate an id of its own, even when the generator repeats one', async () => {
    const { rng } = mock.server.ctx;
    const digits = rng.digits;
    const queue = ['11111111', '22222222', '33333333', '22222222'];
    rng.digits = (length: number) => queue.shift() ?? digits.call(rng, length);
    try {
      const res = await mock.seed({ vendor: 'digicert', orders: [{ common_name: 'one.example.com' }, { common_name: 'two.example.com' }] });
      expect(res.orders.map((o) => o.id)).toEqual(['11111111', '33333333']);
      expect(res.orders[0].certificate_id).toBe('22222222');
      expect(res.orders[1].certificate_id).not.toBe('22222222');
    } finally {
      rng.digits = digits;
    }
  });

  it('a seed that fails half-way leaves none of its orders behind', async () => {
    const { ca, store } = mock.server.ctx;
    const before = store.allOrders().length;
    const sign = ca.signLeaf;
    let left = 1;
    ca.signLeaf = async (req) => {
      if (left-- <= 0) throw new Error('forced signing failure');
      return sign.call(ca, req);
    };
    const error = console.error;
    console.error = () => {};
    try {
      const res = await api.control.post('/api/seed', { vendor: 'regfish', orders: [{ common_name: 'a.example.com' }, { common_name: 'b.example.com' }, { common_name: 'c.example.com' }] });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
    } finally {
      ca.signLeaf = sign;
      console.error = error;
    }
    expect(store.allOrders().length).toBe(before);
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
