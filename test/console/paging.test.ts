import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { bulkSeed } from '../control/bulk-seed.js';
import { startTestServer } from '../support/server.js';
import { consoleClient, type ConsoleClient } from './support.js';

let mock: MockCaHandle;
let web: ConsoleClient;
const seeded = 5000;
let fixtureCertificates: number;

beforeAll(async () => {
  mock = await startTestServer();
  web = consoleClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  const { store, clock } = mock.server.ctx;
  fixtureCertificates = store.certificatesPage({ profile: 'server' }, { limit: 1, offset: 0 }).total;
  bulkSeed(store, seeded, clock.nowMs());
});

const certs = (html: string) => [...html.matchAll(/<tr data-order="([^"]+)" data-cert="([^"]+)" data-status="([^"]+)"/g)].map((m) => ({ order: m[1], cert: m[2], status: m[3] }));
const pager = (html: string) => {
  const m = /<nav class="hint pager" aria-label="pages" data-total="(\d+)" data-page="(\d+)" data-pages="(\d+)"/.exec(html);
  if (!m) throw new Error('no pager on the page');
  return { total: Number(m[1]), page: Number(m[2]), pages: Number(m[3]) };
};
const nextLink = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('Issued Certificates with 5,000 certificates', () => {
  it('answers one page of 50 rows in a bounded number of bytes, with the total', async () => {
    const res = await web.get('/certificates');
    expect(res.status).toBe(200);
    expect(certs(res.html)).toHaveLength(50);
    expect(pager(res.html)).toEqual({ total: seeded + fixtureCertificates, page: 1, pages: Math.ceil((seeded + fixtureCertificates) / 50) });
    expect(Buffer.byteLength(res.html)).toBeLessThan(150_000);
    expect(res.html).toContain('Showing 1–50 of 5,');
    // Same query, same rows: ties in request time are ordered by id.
    expect(certs((await web.get('/certificates?page=37')).html)).toEqual(certs((await web.get('/certificates?page=37')).html));
  });

  it('walks every certificate exactly once, newest request first, following the next links', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/certificates?size=200';
    let pages = 0;
    while (path) {
      const res = await web.get(path);
      expect(res.status).toBe(200);
      const rows = certs(res.html);
      expect(rows.length).toBeLessThanOrEqual(200);
      seen.push(...rows.map((r) => `${r.order}/${r.cert}`));
      path = nextLink(res.html);
      pages++;
    }
    expect(pages).toBe(Math.ceil((seeded + fixtureCertificates) / 200));
    expect(new Set(seen).size).toBe(seeded + fixtureCertificates);
    const bulk = seen.filter((s) => s.startsWith('bulk'));
    expect(bulk).toEqual([...bulk].sort().reverse());
  });

  it('applies vendor, status and name filters before paging and keeps them in the page links', async () => {
    const res = await web.get('/certificates?vendor=regfish&status=revoked&size=25');
    const rows = certs(res.html);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.status === 'revoked')).toBe(true);
    const total = pager(res.html).total;
    expect(total).toBe(mock.server.ctx.store.certificatesPage({ profile: 'server', vendor: 'regfish', statuses: ['revoked'] }, { limit: 1, offset: 0 }).total);
    expect(nextLink(res.html)).toBe('/certificates?vendor=regfish&status=revoked&page=2&size=25');
    const second = await web.get(nextLink(res.html)!);
    expect(certs(second.html).every((r) => r.status === 'revoked')).toBe(true);
    expect(certs(second.html).map((r) => r.order)).not.toContain(rows[0].order);

    const named = await web.get('/certificates?name=BULK-4999.example');
    expect(certs(named.html).map((r) => r.order)).toEqual(['bulk0004999']);
    const bySerial = await web.get(`/certificates?name=${Buffer.from('bulk').toString('hex')}00000001`);
    expect(certs(bySerial.html).map((r) => r.order)).toEqual(['bulk0000001']);
    expect(pager((await web.get('/certificates?name=100%25')).html).total).toBe(0);
  });

  it('counts an issued certificate past its end as expired, and shows it expired', async () => {
    mock.server.ctx.clock.advance(91 * 86_400_000);
    const res = await web.get('/certificates?status=expired&size=200');
    expect(pager(res.html).total).toBeGreaterThan(seeded / 2);
    expect(certs(res.html).every((r) => r.status === 'expired')).toBe(true);
    const stillIssued = certs((await web.get('/certificates?status=issued&size=200')).html);
    expect(stillIssued.filter((r) => r.order.startsWith('bulk'))).toEqual([]);
  });

  it('falls back to page 1 of 50 for an unreadable page or size, and answers an empty page past the end', async () => {
    for (const q of ['page=0', 'page=-3', 'page=abc', 'size=7', 'size=1e9', 'page=99999999999']) {
      const res = await web.get(`/certificates?${q}`);
      expect(res.status).toBe(200);
      expect(certs(res.html)).toHaveLength(50);
      expect(pager(res.html).page).toBe(1);
    }
    const past = await web.get('/certificates?page=100000');
    expect(past.status).toBe(200);
    expect(certs(past.html)).toHaveLength(0);
    expect(past.html).toContain('No certificates match.');
  });
});

describe('the other console lists page too', () => {
  it('Reissue Requests, Desktop Signing and the Outbox answer one page with a pager', async () => {
    const { store, clock } = mock.server.ctx;
    const order = store.ordersPage(null, 'regfish', { limit: 1, offset: 0, filters: { ids: ['bulk0000000'] } }).rows[0];
    store.transaction(() => {
      for (let i = 0; i < 120; i++) {
        const base = store.certificatesOf(order.id)[0];
        const { id: _id, ...copy } = base;
        store.insertCertificate({ ...copy, publicId: `re${i}`, kind: 'reissue', status: 'rejected', serial: null, requestedAt: clock.nowMs() + i });
        store.insertOutbox({ accountId: order.accountId, orderId: order.id, kind: 'dcv', toAddress: `a${i}@example.com`, subject: `message ${i}`, body: 'b', link: null, token: null, createdAt: clock.nowMs() + i, usedAt: null });
      }
    });
    const reissues = await web.get('/reissue-requests');
    expect(certs(reissues.html)).toHaveLength(50);
    expect(certs(reissues.html)[0].cert).toBe('re119');
    expect(pager(reissues.html).total).toBe(120);
    const last = await web.get('/reissue-requests?page=3');
    expect(certs(last.html).map((r) => r.cert).at(-1)).toBe('re0');

    const outbox = await web.get('/outbox?size=100');
    expect(pager(outbox.html).total).toBe(120);
    expect(outbox.html.match(/<tr data-kind=/g)).toHaveLength(100);
    expect(outbox.html.indexOf('message 119')).toBeLessThan(outbox.html.indexOf('message 118'));

    for (const id of ['abc', '1e3', '99999999999999999999', String(store.outboxPage({}, { limit: 1, offset: 0 }).rows[0].id)]) {
      const refused = await web.post(`/outbox/${id}/approve`);
      expect(refused.status).toBe(303);
      expect(decodeURIComponent(refused.location)).toContain('That message has no approval link.');
    }

    const desktop = await web.get('/desktop-signing');
    expect(pager(desktop.html).total).toBe(0);
    expect((await web.get('/desktop-signing/reissue-requests')).status).toBe(200);
  });
});
