import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../../src/state/store.js';
import { makeCsr } from '../../support/csr.js';
import { order, orderIssued, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert();
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());
afterEach(() => vi.restoreAllMocks());

const store = (): Store => t.mock.server.ctx.store;

/** `count` settled DigiCert orders of the demo account, written straight into the store in one transaction. */
function seedOrders(count: number): void {
  const s = store();
  const account = s.accountByApiKey('digicert', 'digicert-demo-key')!;
  const now = t.mock.server.ctx.clock.nowMs();
  s.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = now - (count - i) * 1000;
      const name = `bulk-${i}.example.com`;
      const orderId = s.insertOrder({
        accountId: account.id, vendor: 'digicert', publicId: String(70_000_000 + i), product: i % 2 ? 'ssl_dv_rapidssl' : 'ssl_dv_geotrust', level: 'dv',
        commonName: name, dnsNames: [name], validityDays: 90, contractFrom: at, contractUntil: at + 365 * 86_400_000, dcvMethod: 'dns-txt-token',
        state: 'open', policy: 'manual', organizationId: null, renewalOf: null, test: false, meta: {}, createdAt: at, updatedAt: at,
      });
      s.insertCertificate({
        orderId, publicId: String(80_000_000 + i), kind: 'original', status: 'issued', csr: '', commonName: name, dnsNames: [name], validityDays: 90,
        profile: 'server', serial: null, pem: null, notBefore: null, notAfter: null, polls: 0, requestedAt: at, issuedAt: at,
        revokedAt: null, revocationReason: null, revocationComment: null, meta: {}, updatedAt: at,
      });
    }
  });
}

describe('GET /order/certificate entries, as a recorded list shows them', () => {
  it('carries the recorded fields with their types: certificate.valid_from/cert_validity, order_validity, order_valid_till, counts, is_multi_year_plan as a string', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'rec.example.org', dns_names: ['rec.example.org', 'www.rec.example.org'] });
    await t.api.post(`/order/certificate/${id}/duplicate`, { certificate: { common_name: 'rec.example.org', csr: await makeCsr({ commonName: 'rec.example.org' }) } });
    const res = await t.api.get(`/order/certificate?filters[id]=${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(res.body)).toEqual(['orders', 'page']);
    const [entry] = res.body.orders;
    const full = (await t.api.get(`/order/certificate/${id}`)).body;
    expect(entry).toEqual({
      id,
      certificate: {
        id: certificateId,
        serial_number: full.certificate.serial_number,
        common_name: 'rec.example.org',
        dns_names: ['rec.example.org', 'www.rec.example.org'],
        valid_from: full.certificate.valid_from,
        valid_till: full.certificate.valid_till,
        days_remaining: full.certificate.days_remaining,
        cert_validity: { days: 199 },
        signature_hash: 'sha256',
      },
      status: 'issued',
      is_renewed: false,
      date_created: full.date_created,
      validity_years: 1,
      order_validity: { years: 1 },
      order_valid_till: full.order_valid_till,
      disable_renewal_notifications: false,
      container: { id: 44556, name: 'Demo Co', is_active: false },
      product: { name_id: 'ssl_dv_geotrust', name: 'GeoTrust Standard DV', type: 'dv_ssl_certificate' },
      duplicates_count: 1,
      has_duplicates: true,
      reissues_count: 0,
      has_reissues: false,
      price: 0,
      product_name_id: 'ssl_dv_geotrust',
      number_of_sans: 2,
      is_multi_year_plan: '1',
    });
    expect(entry.certificate.valid_from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a pending order has no serial, validity dates nor order_valid_till yet', async () => {
    const created = await order(t.api, { common_name: 'p.pending.test' });
    const [entry] = (await t.api.get(`/order/certificate?filters[id]=${created.id}`)).body.orders;
    expect(entry.status).toBe('pending');
    for (const key of ['serial_number', 'valid_from', 'valid_till', 'days_remaining']) expect(entry.certificate, key).not.toHaveProperty(key);
    expect(entry).not.toHaveProperty('order_valid_till');
  });

  it('an empty list is {"page":{…}} with no orders key (recorded)', async () => {
    const res = await t.other.get('/order/certificate?offset=0&limit=1');
    expect(res.text).toBe('{"page":{"total":0,"limit":1,"offset":0}}');
    expect((await t.api.get('/order/certificate?filters[id]=1')).body).toEqual({ page: { total: 0, limit: 1000, offset: 0 } });
  });

  it('limit defaults to 1000 and is capped at 1000; a bad offset or limit is invalid_param', async () => {
    expect((await t.api.get('/order/certificate')).body.page).toEqual({ total: 1, limit: 1000, offset: 0 });
    expect((await t.api.get('/order/certificate?limit=5000')).body.page.limit).toBe(1000);
    expect((await t.api.get('/order/certificate?limit=-1')).body.errors[0].code).toBe('invalid_param|limit');
    expect((await t.api.get('/order/certificate?offset=x')).body.errors[0].code).toBe('invalid_param|offset');
  });
});

describe('order list paging at scale', () => {
  it('with 3000 orders a page is bounded, complete and ordered, and the pages add up to the whole list', async () => {
    seedOrders(3000);
    const first = await t.api.get('/order/certificate?limit=1000');
    expect(first.body.page).toEqual({ total: 3001, limit: 1000, offset: 0 });
    expect(first.body.orders).toHaveLength(1000);
    const seen: number[] = [];
    for (let offset = 0; offset < 3001; offset += 1000) {
      const page = await t.api.get(`/order/certificate?limit=1000&offset=${offset}`);
      expect(page.body.orders.length).toBe(Math.min(1000, 3001 - offset));
      seen.push(...page.body.orders.map((o: { id: number }) => o.id));
    }
    expect(new Set(seen).size).toBe(3001);
    const ids = seen.filter((id) => id >= 70_000_000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = await t.api.get('/order/certificate?limit=10&offset=2995');
    expect(last.body.orders.map((o: { id: number }) => o.id)).toEqual([70_002_994, 70_002_995, 70_002_996, 70_002_997, 70_002_998, 70_002_999]);
    const past = await t.api.get('/order/certificate?limit=10&offset=5000');
    expect(past.body).toEqual({ page: { total: 3001, limit: 10, offset: 5000 } });
  });

  it('an order looked up by a 40-digit hex id (a thumbprint) is one indexed read, found or not', async () => {
    seedOrders(3000);
    const { id } = await orderIssued(t.api, { common_name: 'thumb.example.org' });
    const thumbprint = (await t.api.get(`/order/certificate/${id}`)).body.certificate.thumbprint as string;
    const loadAll = vi.spyOn(store(), 'ordersOf');
    expect((await t.api.get(`/order/certificate/${thumbprint.toLowerCase()}`)).body.id).toBe(id);
    const unknown = await t.api.get(`/order/certificate/${'ab'.repeat(20)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe('not_found|order');
    expect(loadAll).not.toHaveBeenCalled();
    loadAll.mockRestore();
  });

  it('with 3000 orders the domain list reads validations and issue times once for the account, and status changes read only the changed orders', async () => {
    seedOrders(3000);
    const { id } = await orderIssued(t.api, { common_name: 'changed.example.org' });
    const perOrder = [vi.spyOn(store(), 'validationsOfOrder'), vi.spyOn(store(), 'certificatesOf')];
    const domains = await t.api.get('/domain?limit=2');
    expect(domains.body.page.total).toBeGreaterThanOrEqual(3001);
    expect(domains.body.domains).toHaveLength(2);
    const changedName = await t.api.get('/domain/changed.example.org');
    expect(changedName.body.name).toBe('changed.example.org');
    for (const spy of perOrder) expect(spy).not.toHaveBeenCalled();
    const loadAll = vi.spyOn(store(), 'ordersOf');
    const changes = await t.api.get('/order/certificate/status-changes?minutes=5');
    expect(changes.body.orders.map((o: { order_id: number }) => o.order_id)).toContain(id);
    // The seeded orders have no events: only the orders this test touched changed.
    expect(changes.body.orders.length).toBeLessThan(5);
    expect(loadAll).not.toHaveBeenCalled();
    for (const spy of [...perOrder, loadAll]) spy.mockRestore();
  });

  it('filters and a sort the store answers in SQL page the same way', async () => {
    seedOrders(2000);
    const rapid = await t.api.get('/order/certificate?filters[product_name_id]=ssl_dv_rapidssl&sort=-date_created&limit=3');
    expect(rapid.body.page).toEqual({ total: 1000, limit: 3, offset: 0 });
    expect(rapid.body.orders.map((o: { id: number }) => o.id)).toEqual([70_001_999, 70_001_997, 70_001_995]);
    const byName = await t.api.get('/order/certificate?filters[common_name]=bulk-1234.example.com');
    expect(byName.body.orders.map((o: { id: number }) => o.id)).toEqual([70_001_234]);
    const search = await t.api.get('/order/certificate?filters[search]=bulk-19&sort=common_name&limit=2');
    expect(search.body.page.total).toBe(111);
    expect(search.body.orders.map((o: { certificate: { common_name: string } }) => o.certificate.common_name)).toEqual(['bulk-19.example.com', 'bulk-190.example.com']);
  });
});

describe('filters[status] in SQL', () => {
  /** One order per branch of the DigiCert status (statusOf), written into the store: state, certificates (kind, status) and meta. */
  function seedEveryStatus(): void {
    const s = store();
    const account = s.accountByApiKey('digicert', 'digicert-demo-key')!;
    const now = t.mock.server.ctx.clock.nowMs();
    const day = 86_400_000;
    const pem = t.mock.server.ctx.ca.intermediatePem;
    type Cert = { kind: 'original' | 'reissue' | 'duplicate'; status: 'pending' | 'issued' | 'replaced' | 'revoked' | 'rejected' | 'expired'; notAfter?: number };
    const cases: { state: 'staged' | 'awaiting_approval' | 'open' | 'cancelled'; meta?: Record<string, unknown>; certs: Cert[] }[] = [
      { state: 'staged', certs: [{ kind: 'original', status: 'pending' }] },
      { state: 'awaiting_approval', certs: [{ kind: 'original', status: 'pending' }] },
      { state: 'cancelled', meta: { cancel: { note: 'n', at: now } }, certs: [{ kind: 'original', status: 'pending' }] },
      { state: 'cancelled', certs: [{ kind: 'original', status: 'rejected' }] },
      { state: 'cancelled', meta: { cancel: false }, certs: [{ kind: 'original', status: 'pending' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'pending' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'issued', notAfter: now + 30 * day }, { kind: 'reissue', status: 'pending' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'issued', notAfter: now + 30 * day }, { kind: 'reissue', status: 'rejected' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'issued', notAfter: now + 30 * day }, { kind: 'duplicate', status: 'pending' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'replaced', notAfter: now + 30 * day }, { kind: 'reissue', status: 'issued', notAfter: now + 30 * day }] },
      { state: 'open', certs: [{ kind: 'original', status: 'revoked' }] },
      { state: 'open', meta: { certificate_revoked_only: true }, certs: [{ kind: 'original', status: 'revoked' }] },
      { state: 'open', meta: { certificate_revoked_only: false }, certs: [{ kind: 'original', status: 'revoked' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'rejected' }] },
      { state: 'open', certs: [{ kind: 'original', status: 'expired' }] },
      // Run out but not yet marked: the list applies time before it filters.
      { state: 'open', certs: [{ kind: 'original', status: 'issued', notAfter: now - day }] },
    ];
    s.transaction(() => {
      cases.forEach((c, i) => {
        const at = now - (cases.length - i) * 1000;
        const name = `status-${i}.example.com`;
        const orderId = s.insertOrder({
          accountId: account.id, vendor: 'digicert', publicId: String(60_000_000 + i), product: 'ssl_dv_geotrust', level: 'dv',
          commonName: name, dnsNames: [name], validityDays: 90, contractFrom: at, contractUntil: at + 365 * day, dcvMethod: 'dns-txt-token',
          state: c.state, policy: 'manual', organizationId: null, renewalOf: null, test: false, meta: (c.meta ?? {}) as never, createdAt: at, updatedAt: at,
        });
        c.certs.forEach((cert, k) => {
          s.insertCertificate({
            orderId, publicId: String(61_000_000 + i * 10 + k), kind: cert.kind, status: cert.status, csr: '', commonName: name, dnsNames: [name], validityDays: 90,
            // A leading zero and upper case, as a serial may be stored: the filter compares them as openssl prints them.
            profile: 'server', serial: cert.notAfter === undefined ? null : `0A${(i * 10 + k).toString(16)}`, pem: cert.notAfter === undefined ? null : pem, notBefore: cert.notAfter === undefined ? null : at,
            // Each order's not-after a day apart, so the validity filters and sorts have something to tell apart.
            notAfter: cert.notAfter === undefined ? null : cert.notAfter + (i % 5) * day, polls: 0, requestedAt: at,
            issuedAt: cert.status === 'pending' ? null : at, revokedAt: null, revocationReason: null, revocationComment: null, meta: {}, updatedAt: at,
          });
        });
      });
    });
  }

  const idsOf = (body: { orders?: { id: number; status: string }[] }) => (body.orders ?? []).map((o) => o.id);

  it('answers every status as the in-memory list does, and each listed order shows that status', async () => {
    seedEveryStatus();
    const statuses = ['needs_approval', 'pending', 'issued', 'reissue_pending', 'revoked', 'rejected', 'canceled', 'expired'];
    const all = (await t.api.get('/order/certificate?filters[origin]=certcentral')).body.orders as { id: number; status: string }[];
    expect(new Set(all.map((o) => o.status))).toEqual(new Set(statuses));
    for (const status of [...statuses, 'issued,revoked', 'pending,reissue_pending,needs_approval', 'waiting_pickup']) {
      // filters[origin] matches every order and is answered in memory: the reference.
      const inMemory = await t.api.get(`/order/certificate?filters[status]=${status}&filters[origin]=certcentral`);
      const inSql = await t.api.get(`/order/certificate?filters[status]=${status}`);
      expect(inSql.status).toBe(200);
      expect(idsOf(inSql.body), status).toEqual(idsOf(inMemory.body));
      expect(inSql.body.page.total, status).toBe(inMemory.body.page.total);
      const wanted = status.split(',');
      expect(all.filter((o) => wanted.includes(o.status)).map((o) => o.id), status).toEqual(idsOf(inSql.body));
    }
  });

  it('answers filters[valid_till], filters[date_created] and sort=valid_till as the in-memory list does', async () => {
    seedEveryStatus();
    const all = (await t.api.get('/order/certificate?filters[origin]=certcentral')).body.orders as { id: number; date_created: string; certificate: { valid_till?: string } }[];
    const days = [...new Set(all.flatMap((o) => (o.certificate.valid_till ? [o.certificate.valid_till] : [])))].sort();
    expect(days.length).toBeGreaterThan(3);
    const created = all.map((o) => o.date_created.replace('T', ' ')).sort();
    const mid = created[Math.floor(created.length / 2)];
    const queries = [
      `filters[valid_till]=>${days[1]}`,
      `filters[valid_till]=>=${days[1]}`,
      `filters[valid_till]=<${days[2]}`,
      `filters[valid_till]=<=${days[2]}`,
      `filters[valid_till]=${days[2]}`,
      `filters[valid_till]=${days[0]}...${days[2]}`,
      `filters[date_created]=>${encodeURIComponent(mid)}`,
      `filters[date_created]=<=${mid.slice(0, 16)}`,
      `filters[date_created]=${mid.slice(0, 10)}`,
      `filters[date_created]=${created[0].slice(0, 19)}...${mid.slice(0, 19)}`,
      `filters[valid_till]=>${days[0]}&filters[status]=issued,expired`,
      'sort=valid_till',
      `sort=valid_till&filters[valid_till]=>${days[0]}`,
    ];
    for (const q of queries) {
      const inMemory = await t.api.get(`/order/certificate?${q}&filters[origin]=certcentral`);
      const inSql = await t.api.get(`/order/certificate?${q}`);
      expect(inSql.status, q).toBe(200);
      expect(idsOf(inSql.body), q).toEqual(idsOf(inMemory.body));
      expect(inSql.body.page.total, q).toBe(inMemory.body.page.total);
    }
    // Newest first: ties (the same day) are broken by id in the sort's direction, in SQL as in memory.
    const validTill = (body: { orders?: { certificate: { valid_till?: string } }[] }) => (body.orders ?? []).map((o) => o.certificate.valid_till ?? '');
    const descending = await t.api.get('/order/certificate?sort=-valid_till');
    expect(idsOf(descending.body)).toEqual(idsOf((await t.api.get('/order/certificate?sort=-valid_till&filters[origin]=certcentral')).body));
    expect(validTill(descending.body)).toEqual([...validTill(descending.body)].sort().reverse());
    const shown = validTill(descending.body);
    const tiedDay = shown.find((d, i) => d !== '' && shown.indexOf(d) !== i);
    const sameDay = (descending.body.orders as { id: number; certificate: { valid_till?: string } }[]).filter((o) => o.certificate.valid_till === tiedDay);
    expect(sameDay.length).toBeGreaterThan(1);
    expect(sameDay.map((o) => o.id)).toEqual(sameDay.map((o) => o.id).sort((a, b) => b - a));
  });

  it('common_name, search, domain_name, certificate_id, serial_number and the common_name sort read the certificate the order shows, as its entry does', async () => {
    seedEveryStatus();
    // A reissue under another name: the order row keeps its first name, the entry shows the new one.
    const s = store();
    const order = s.orderByPublicId(s.accountByApiKey('digicert', 'digicert-demo-key')!.id, 'digicert', '60000009')!;
    const [original, reissue] = s.certificatesOf(order.id);
    s.update('certificates', reissue.id, { commonName: 'Renamed.example.net', dnsNames: ['Renamed.example.net', 'www.renamed.example.net'] });
    expect(original.commonName).not.toBe('renamed.example.net');
    const shown = (await t.api.get('/order/certificate?filters[id]=60000009')).body.orders[0].certificate;
    expect(shown.common_name).toBe('Renamed.example.net');
    const entries = (await t.api.get('/order/certificate?filters[origin]=certcentral')).body.orders as { id: number; certificate: { id: number; serial_number?: string } }[];
    const serials = entries.flatMap((e) => (e.certificate.serial_number ? [e.certificate.serial_number] : []));
    expect(serials.length).toBeGreaterThan(2);
    const byName = [
      'filters[common_name]=renamed.example.net', `filters[common_name]=${original.commonName}`, 'filters[search]=renamed', 'filters[search]=www.renamed',
      'sort=common_name', 'sort=-common_name', 'filters[domain_name]=WWW.renamed.example.net', `filters[domain_name]=${original.commonName}`, 'filters[domain_name]=status-3.example.com',
      `filters[certificate_id]=${entries[0].certificate.id},${entries[3].certificate.id},${entries[9].certificate.id}`, `filters[certificate_id]=${original.publicId}`,
      `filters[serial_number]=${serials[0]}`, `filters[serial_number]=000${serials[1].toLowerCase()}`, `filters[serial_number]=${serials[2]}&filters[status]=issued`, 'filters[serial_number]=0a0',
    ];
    for (const q of byName) {
      const inMemory = await t.api.get(`/order/certificate?${q}&filters[origin]=certcentral`);
      const inSql = await t.api.get(`/order/certificate?${q}`);
      expect(idsOf(inSql.body), q).toEqual(idsOf(inMemory.body));
    }
    expect(idsOf((await t.api.get('/order/certificate?filters[common_name]=renamed.example.net')).body)).toEqual([60000009]);
    expect(idsOf((await t.api.get('/order/certificate?filters[domain_name]=www.RENAMED.example.net')).body)).toEqual([60000009]);
    expect(idsOf((await t.api.get(`/order/certificate?filters[serial_number]=000${serials[1].toLowerCase()}`)).body)).toHaveLength(1);
    const three = `${entries[0].certificate.id},${entries[3].certificate.id},${entries[9].certificate.id}`;
    expect(idsOf((await t.api.get(`/order/certificate?filters[certificate_id]=${three}`)).body)).toEqual([entries[0].id, entries[3].id, entries[9].id]);
  });

  it('answers % wildcards, the status, organization and certificate sorts and several sort keys as the in-memory list does', async () => {
    seedEveryStatus();
    const s = store();
    const account = s.accountByApiKey('digicert', 'digicert-demo-key')!;
    // Two of the seeded orders under an organization, and one name with the LIKE characters `_` and `\` in it.
    const orgs = s.organizationsOf(account.id);
    expect(orgs.length).toBeGreaterThan(0);
    for (const id of ['60000002', '60000005']) s.update('orders', s.orderByPublicId(account.id, 'digicert', id)!.id, { organizationId: orgs[0].id });
    const odd = s.orderByPublicId(account.id, 'digicert', '60000004')!;
    for (const cert of s.certificatesOf(odd.id)) s.update('certificates', cert.id, { commonName: 'under_score.example.com', dnsNames: ['under_score.example.com', 'back\\slash.example.com'] });
    const queries = [
      'filters[common_name]=status-1%', 'filters[common_name]=%.EXAMPLE.com', 'filters[common_name]=status-%-0', 'filters[common_name]=%', 'filters[common_name]=status%1%.com',
      'filters[domain_name]=%3.example.com', 'filters[domain_name]=under_score%', 'filters[domain_name]=under%score.example.com', 'filters[domain_name]=back\\%',
      'filters[search]=%score%', 'filters[search]=status-%', 'filters[search]=under_', 'filters[search]=underXscore', 'filters[search]=%1', 'filters[search]=%.example.com%example%',
      'filters[id]=6000000%', 'filters[product_name_id]=ssl%',
      'sort=status', 'sort=-status', 'sort=organization_id', 'sort=-organization_id', 'sort=certificate_id', 'sort=-certificate_id',
      'sort=status,-valid_till', 'sort=-status,common_name', 'sort=organization_id,-id', 'sort=product_name_id,status,-certificate_id',
      'sort=-status&filters[common_name]=status-%&limit=3&offset=2', 'sort=status&filters[status]=issued,revoked,pending',
      // Two name patterns at once: both must match.
      'filters[search]=status&filters[domain_name]=%-1.example.com', 'filters[search]=under&filters[domain_name]=%-1.example.com',
    ];
    // `%` and `\\` sent encoded, as an HTTP client sends them.
    const sent = (q: string) => q.replace(/%/g, '%25').replace(/\\/g, '%5C');
    for (const q of queries) {
      const inMemory = await t.api.get(`/order/certificate?${sent(q)}&filters[origin]=certcentral`);
      const inSql = await t.api.get(`/order/certificate?${sent(q)}`);
      expect(inSql.status, q).toBe(200);
      expect(idsOf(inSql.body), q).toEqual(idsOf(inMemory.body));
      expect(inSql.body.page.total, q).toBe(inMemory.body.page.total);
    }
    // What they find, by what the entries show.
    const statuses = (await t.api.get('/order/certificate?sort=status')).body.orders.map((o: { status: string }) => o.status);
    expect(statuses).toEqual([...statuses].sort());
    expect(idsOf((await t.api.get('/order/certificate?filters[search]=under_')).body)).toEqual([60000004]);
    expect(idsOf((await t.api.get('/order/certificate?filters[search]=underXscore')).body)).toEqual([]);
    expect(idsOf((await t.api.get(`/order/certificate?${sent('filters[domain_name]=back\\%')}`)).body)).toEqual([60000004]);
    expect((await t.api.get(`/order/certificate?${sent('filters[common_name]=status-1%')}`)).body.orders.every((o: { certificate: { common_name: string } }) => o.certificate.common_name.startsWith('status-1'))).toBe(true);
    const byOrg = (await t.api.get('/order/certificate?sort=-organization_id&limit=2')).body.orders.map((o: { id: number }) => o.id);
    expect(byOrg).toEqual([60000005, 60000002]);
  });

  it('a reissue that is due is issued before the names are read, as the in-memory list does', async () => {
    seedEveryStatus();
    // Order 60000006: issued, with a pending reissue. Under a new name, due for issuance by a delay policy that ran out.
    const s = store();
    const order = s.orderByPublicId(s.accountByApiKey('digicert', 'digicert-demo-key')!.id, 'digicert', '60000006')!;
    const reissue = s.certificatesOf(order.id)[1];
    const now = t.mock.server.ctx.clock.nowMs();
    s.update('orders', order.id, { policy: 'delay:1' });
    s.update('certificates', reissue.id, { commonName: 'later.example.net', dnsNames: ['later.example.net'], csr: await makeCsr({ commonName: 'later.example.net' }), requestedAt: now - 60_000 });
    const found = await t.api.get('/order/certificate?filters[common_name]=later.example.net');
    expect(idsOf(found.body)).toEqual([60000006]);
    expect(found.body.orders[0].certificate.common_name).toBe('later.example.net');
    expect(found.body.orders[0].status).toBe('issued');
  });

  it('with 3000 orders a status page reads no more than the page', async () => {
    seedOrders(3000);
    const loadAll = vi.spyOn(store(), 'ordersOf');
    const page = await t.api.get('/order/certificate?filters[status]=issued&sort=-date_created&limit=2');
    expect(page.body.page).toEqual({ total: 3001, limit: 2, offset: 0 });
    expect(page.body.orders.map((o: { id: number }) => o.id)).toEqual([70_002_999, 70_002_998]);
    const validity = await t.api.get('/order/certificate?filters[valid_till]=>2000-01-01&sort=-valid_till&limit=2');
    expect(validity.body.page.total).toBeGreaterThanOrEqual(1);
    const created = await t.api.get('/order/certificate?filters[date_created]=>2000-01-01&limit=2');
    expect(created.body.page.total).toBe(3001);
    const pattern = await t.api.get('/order/certificate?filters[common_name]=%25.example.com&sort=status,-certificate_id&limit=2');
    expect(pattern.body.page.total).toBeGreaterThan(1);
    const byOrganization = await t.api.get('/order/certificate?filters[search]=bulk%25&sort=-organization_id&limit=2');
    expect(byOrganization.status).toBe(200);
    expect(loadAll).not.toHaveBeenCalled();
    loadAll.mockRestore();
  });
});
