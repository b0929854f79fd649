import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { certificatePageSql, dnsPageSql, orderPageSql, outboxPageSql } from '../../src/state/paging.js';
import { bulkSeed } from './bulk-seed.js';

let mock: MockCaHandle;
let control: HttpClient;
const seeded = 3000;
/** Orders of the fixtures (there before the bulk seed), in all and per vendor. */
let fixtures: { all: number; regfish: number; digicert: number; sectigo: number };

beforeAll(async () => {
  mock = await startTestServer();
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  const { store } = mock.server.ctx;
  const count = (v: 'regfish' | 'digicert' | 'sectigo' | null) => store.ordersPage(null, v, { limit: 1, offset: 0 }).total;
  fixtures = { all: count(null), regfish: count('regfish'), digicert: count('digicert'), sectigo: count('sectigo') };
  bulkSeed(mock.server.ctx.store, seeded, mock.server.ctx.clock.nowMs());
});

async function allPages(path: string, key: string, limit: number) {
  const ids: string[] = [];
  let offset: number | null = 0;
  let pages = 0;
  while (offset !== null) {
    const res: { status: number; body: any } = await control.get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`);
    expect(res.status).toBe(200);
    expect(res.body[key].length).toBeLessThanOrEqual(limit);
    ids.push(...res.body[key].map((o: { id: string | number }) => String(o.id)));
    offset = res.body.page.next_offset;
    pages++;
  }
  return { ids, pages };
}

describe('GET /api/orders pages', () => {
  it('answers the default page of 100 with the total, not every order', async () => {
    const res = await control.get('/api/orders');
    expect(res.status).toBe(200);
    expect(res.body.orders).toHaveLength(100);
    expect(res.body.page).toEqual({ total: seeded + fixtures.all, limit: 100, offset: 0, next_offset: 100 });
    expect(Buffer.byteLength(res.text)).toBeLessThan(100_000);
  });

  it('walks every order exactly once, oldest first, in pages of the asked size', async () => {
    const { ids, pages } = await allPages('/api/orders', 'orders', 700);
    expect(pages).toBe(Math.ceil((seeded + fixtures.all) / 700));
    expect(new Set(ids).size).toBe(seeded + fixtures.all);
    expect(ids).toEqual(mock.server.ctx.store.allOrders().map((o) => o.publicId));
  });

  it('filters by vendor in the query and counts only that vendor', async () => {
    const res = await control.get('/api/orders?vendor=digicert&limit=5&offset=10');
    expect(res.body.page).toEqual({ total: seeded / 3 + fixtures.digicert, limit: 5, offset: 10, next_offset: 15 });
    expect(res.body.orders.map((o: { vendor: string }) => o.vendor)).toEqual(Array(5).fill('digicert'));
  });

  it('pages are stable: the same query answers the same rows, and new orders only append', async () => {
    const first = await control.get('/api/orders?limit=50&offset=1000');
    bulkSeed(mock.server.ctx.store, 10, mock.server.ctx.clock.nowMs(), 'later');
    const again = await control.get('/api/orders?limit=50&offset=1000');
    expect(again.body.orders).toEqual(first.body.orders);
    expect(again.body.page.total).toBe(seeded + fixtures.all + 10);
  });

  it('an offset past the end answers an empty page with next_offset null', async () => {
    const res = await control.get(`/api/orders?offset=${seeded + fixtures.all}`);
    expect(res.status).toBe(200);
    expect(res.body.orders).toEqual([]);
    expect(res.body.page.next_offset).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=1.5', 'offset'],
    ['vendor=acme', 'vendor'],
  ])('refuses ?%s with 400 invalid_query naming the parameter', async (query, param) => {
    const res = await control.get(`/api/orders?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_query');
    expect(res.body.error.message).toMatch(new RegExp(`^${param}:`));
  });
});

describe('GET /api/outbox and /api/dns/records pages', () => {
  it('pages the outbox oldest first and filters by recipient and vendor in SQL', async () => {
    const { store, clock } = mock.server.ctx;
    const order = store.ordersPage(null, 'sectigo', { limit: 1, offset: 0 }).rows[0];
    store.transaction(() => {
      for (let i = 0; i < 250; i++) {
        store.insertOutbox({ accountId: order.accountId, orderId: i % 2 ? order.id : null, kind: 'dcv', toAddress: `Admin${i % 5}@Example.com`, subject: `s${i}`, body: 'b', link: null, token: null, createdAt: clock.nowMs(), usedAt: null });
      }
    });
    const first = await control.get('/api/outbox');
    expect(first.body.messages).toHaveLength(100);
    expect(first.body.page.total).toBe(250);
    const { ids } = await allPages('/api/outbox', 'messages', 90);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(250);
    const toOne = await control.get('/api/outbox?to=admin3@example.com&limit=1000');
    expect(toOne.body.page.total).toBe(50);
    expect(toOne.body.messages.every((m: { to: string }) => m.to === 'Admin3@Example.com')).toBe(true);
    const ofVendor = await control.get(`/api/outbox?vendor=sectigo&order_id=${order.publicId}&limit=1000`);
    expect(ofVendor.body.page.total).toBe(125);
    expect((await control.get('/api/outbox?vendor=regfish')).body.page.total).toBe(0);
  });

  it('pages DNS records and filters by name', async () => {
    const { core, clock } = mock.server.ctx;
    for (let i = 0; i < 130; i++) core.dns.add({ accountId: null, name: `r${i % 10}.example.net`, type: 'TXT', data: `v${i}` }, clock.nowMs());
    const res = await control.get('/api/dns/records?limit=60');
    expect(res.body.records).toHaveLength(60);
    expect(res.body.page).toEqual({ total: 130, limit: 60, offset: 0, next_offset: 60 });
    const { ids } = await allPages('/api/dns/records', 'records', 60);
    expect(new Set(ids).size).toBe(130);
    const named = await control.get('/api/dns/records?name=R3.example.net.');
    expect(named.body.page.total).toBe(13);
    expect(named.body.records.every((r: { name: string }) => r.name === 'r3.example.net.')).toBe(true);
    expect((await control.get('/api/dns/records?offset=x')).body.error.code).toBe('invalid_query');
  });
});

describe('store.ordersPage, the helper behind every vendor list', () => {
  it('filters, sorts and counts in SQL, scoped to one account', async () => {
    const { store, clock } = mock.server.ctx;
    const account = store.accounts().find((a) => a.vendor === 'regfish')!;
    const all = store.ordersPage(account.id, 'regfish', { limit: 1000, offset: 0 });
    expect(all.total).toBe(seeded / 3 + fixtures.regfish);
    expect(all.rows.every((o) => o.accountId === account.id && o.vendor === 'regfish')).toBe(true);
    const byName = store.ordersPage(account.id, 'regfish', { limit: 10, offset: 0, filters: { search: 'BULK-3' }, sort: [{ by: 'common_name', descending: true }] });
    const names = byName.rows.map((o) => o.commonName);
    expect(names).toEqual([...names].sort().reverse());
    expect(names.every((n) => n.startsWith('bulk-3'))).toBe(true);
    expect(store.ordersPage(account.id, 'regfish', { limit: 10, offset: 0, filters: { search: '%' } }).total).toBe(0);
    expect(store.ordersPage(account.id, 'regfish', { limit: 10, offset: 0, filters: { commonName: 'BULK-0.example.com' } }).rows.map((o) => o.publicId)).toEqual(['bulk0000000']);
    const revoked = store.ordersPage(account.id, 'regfish', { limit: 1000, offset: 0, filters: { currentStatus: ['revoked'] } });
    expect(revoked.total).toBeGreaterThan(0);
    for (const o of revoked.rows) expect(mock.server.ctx.core.current(o).status).toBe('revoked');
    const last = store.ordersPage(null, null, { limit: 1, offset: 0, descending: true }).rows[0];
    expect(last.publicId).toBe(`bulk${String(seeded - 1).padStart(7, '0')}`);
    bulkSeed(store, 4, clock.nowMs(), 'new');
    expect(store.ordersPage(null, null, { limit: 1000, offset: 0, filters: { idAbove: last.id } }).rows.map((o) => o.publicId)).toEqual(['new0000000', 'new0000001', 'new0000002', 'new0000003']);
    const now = clock.nowMs();
    const expiredByTime = store.ordersPage(null, null, { limit: 1, offset: 0, filters: { currentStatus: ['expired'], now } }).total;
    expect(expiredByTime).toBe(seeded / 6);
  });
});

describe('page queries use an index for order and count', () => {
  const plan = (sql: string, params: unknown[]) =>
    (mock.server.ctx.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const accountId = () => mock.server.ctx.store.accounts().find((a) => a.vendor === 'digicert')!.id;
  const queries = () => ({
    'orders of one account': orderPageSql(accountId(), 'digicert', { limit: 50, offset: 0 }),
    'orders of one vendor': orderPageSql(null, 'sectigo', { limit: 50, offset: 0 }),
    'orders, newest first': orderPageSql(accountId(), 'digicert', { limit: 50, offset: 0, descending: true }),
    'Issued Certificates': certificatePageSql({ profile: 'server', now: 0 }, { limit: 50, offset: 0 }),
    'Reissue Requests': certificatePageSql({ profile: 'server', kinds: ['reissue'] }, { limit: 50, offset: 0 }),
    'outbox, newest first': outboxPageSql({}, { limit: 50, offset: 0 }, true),
    'outbox of one order': outboxPageSql({ orderPublicId: 'x', vendor: 'digicert' }, { limit: 50, offset: 0 }),
    'DNS records of one name': dnsPageSql('a.example.', { limit: 50, offset: 0 }),
  });

  const names = ['orders of one account', 'orders of one vendor', 'orders, newest first', 'Issued Certificates', 'Reissue Requests', 'outbox, newest first', 'outbox of one order', 'DNS records of one name'];
  it.each(names)('%s: no table scan without an index, no sort of all rows', (name) => {
    const q = queries()[name as keyof ReturnType<typeof queries>];
    for (const sql of [q.rows, q.count]) {
      const steps = plan(sql, sql === q.rows ? [...q.params, ...q.window] : q.params);
      expect(steps.filter((s) => s.includes('TEMP B-TREE')), `${name}: ${steps.join(' | ')}`).toEqual([]);
      // A plain SCAN is the whole table; fine only where nothing is filtered (rowid order, stopped by LIMIT; COUNT(*) of a b-tree).
      if (!/ WHERE /.test(sql)) continue;
      expect(steps.filter((s) => /^SCAN /.test(s) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(s) && !/^SCAN json_each/.test(s)), `${name}: ${steps.join(' | ')}`).toEqual([]);
    }
  });
});
