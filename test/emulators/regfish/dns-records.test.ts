import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const invalidRequest = { success: false, message: 'Invalid request', error: 'Invalid request' };
const nowSeconds = () => Math.floor(mock.clock.now().getTime() / 1000);
/** The virtual clock's second before and after a request: the request's own time lies in between (the clock runs on with wall time). */
async function timed<T>(request: () => Promise<T>): Promise<{ result: T; from: number; to: number }> {
  const from = nowSeconds();
  const result = await request();
  return { result, from, to: nowSeconds() };
}
const within = (value: number, { from, to }: { from: number; to: number }) => expect(value >= from && value <= to, `${value} in ${from}…${to}`).toBe(true);

async function created(record: Record<string, unknown>) {
  const res = await api.post('/dns/rr', record);
  expect(res.status, res.headers.get('x-mockca-reason') ?? '').toBe(200);
  return res.body.response;
}

describe('DNS records as the reference documents them', () => {
  it('the documented PATCH /dns/rr/{rrid} example (relative name "www") answers the documented recordResponse', async () => {
    const before = await created({ type: 'A', name: 'old.example.com', data: '10.0.0.1', ttl: 3600 });
    const patched = await timed(() => api.patch(`/dns/rr/${before.id}`, { type: 'A', name: 'www', data: '12.12.12.12' }));
    const res = patched.result;
    expect(res.status).toBe(200);
    within(res.body.response.ts_updated, patched);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      success: true,
      code: 0,
      response: {
        type: 'A',
        name: 'www.example.com.',
        data: '12.12.12.12',
        id: before.id,
        ttl: 3600,
        auto: false,
        active: true,
        ts_created: before.ts_created,
        ts_updated: res.body.response.ts_updated,
      },
    });
  });

  it('ts_created and ts_updated are integer Unix seconds, and an update moves only ts_updated', async () => {
    const made = await timed(() => created({ type: 'TXT', name: 'note.example.com', data: 'hello' }));
    const record = made.result;
    expect(Number.isInteger(record.ts_created)).toBe(true);
    within(record.ts_created, made);
    expect(record.ts_updated).toBe(record.ts_created);
    mock.clock.advance(90_000);
    const updated = (await api.patch(`/dns/rr/${record.id}`, { type: 'TXT', name: 'note', data: 'changed' })).body.response;
    expect(updated.ts_created).toBe(record.ts_created);
    expect(updated.ts_updated).toBe(record.ts_created + 90);
  });

  it('"@" is the apex and "*" a wildcard of the record\'s zone; FQDNs and wildcards also work when creating', async () => {
    const record = await created({ type: 'A', name: 'host.example.com.', data: '192.0.2.1' });
    const apex = await api.patch(`/dns/rr/${record.id}`, { type: 'A', name: '@', data: '192.0.2.2' });
    expect(apex.body.response.name).toBe('example.com.');
    const wildcard = await api.patch(`/dns/rr/${record.id}`, { type: 'A', name: '*', data: '192.0.2.3' });
    expect(wildcard.body.response.name).toBe('*.example.com.');
    const sub = await api.patch(`/dns/rr/${record.id}`, { type: 'CNAME', name: '_dnsauth.shop', data: 'x.dcv.digicert.com' });
    expect(sub.body.response).toMatchObject({ name: '_dnsauth.shop.example.com.', data: 'x.dcv.digicert.com.' });
    expect((await created({ type: 'A', name: '*.example.org', data: '192.0.2.4' })).name).toBe('*.example.org.');
  });

  it('a relative name when creating has no zone to go to: 400 "Invalid request"', async () => {
    for (const name of ['www', '@', '*']) {
      const res = await api.post('/dns/rr', { type: 'A', name, data: '192.0.2.1' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalidRequest);
      expect(res.headers.get('x-mockca-reason')).toContain('relative');
    }
  });

  it('PATCH /dns/rr/{rrid} takes the whole recordRequest: type, name and data are required', async () => {
    const record = await created({ type: 'TXT', name: 'note.example.com', data: 'hello' });
    for (const body of [{ data: 'only data' }, { type: 'TXT', data: 'no name' }, { type: 'TXT', name: 'note' }]) {
      const res = await api.patch(`/dns/rr/${record.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalidRequest);
    }
  });

  it('record ids are never handed out again after a delete', async () => {
    const first = await created({ type: 'TXT', name: 'a.example.com', data: '1' });
    const second = await created({ type: 'TXT', name: 'b.example.com', data: '2' });
    expect((await api.delete(`/dns/rr/${second.id}`)).status).toBe(200);
    const third = await created({ type: 'TXT', name: 'c.example.com', data: '3' });
    expect(third.id).toBeGreaterThan(second.id);
    expect(second.id).toBeGreaterThan(first.id);
    expect((await api.get(`/dns/rr/${second.id}`)).status).toBe(404);
  });
});

describe('type-specific fields stay on the record', () => {
  it('MX keeps its priority; an MX without one is rejected (regfish\'s DNS guide: "A missing priority is rejected")', async () => {
    const own = await created({ type: 'MX', name: 'example.com', data: 'mail.example.com.', priority: 10, ttl: 3600 });
    expect(own).toMatchObject({ type: 'MX', data: 'mail.example.com.', priority: 10 });
    const listed = (await api.get('/dns/example.com/rr')).body.response;
    expect(listed).toEqual([own]);
    const missing = await api.post('/dns/rr', { type: 'MX', name: 'example.net', data: '20 mx2.example.net.' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(invalidRequest);
    expect(missing.headers.get('x-mockca-reason')).toContain('priority');
  });

  it('SRV keeps priority, weight and port', async () => {
    const srv = await created({ type: 'SRV', name: '_sip._tcp.example.com', data: '10 60 5060 sip.example.com.' });
    expect(srv).toMatchObject({ priority: 10, weight: 60, port: 5060 });
    const fields = await created({ type: 'SRV', name: '_xmpp._tcp.example.com', data: '5 5222 xmpp.example.com.', priority: 1 });
    expect(fields).toMatchObject({ priority: 1, weight: 5, port: 5222 });
    expect((await api.get(`/dns/rr/${srv.id}`)).body.response).toEqual(srv);
  });

  it('CAA keeps flags and tag', async () => {
    const caa = await created({ type: 'CAA', name: 'example.com', data: '0 issue "digicert.com"' });
    expect(caa).toMatchObject({ flags: 0, tag: 'issue', data: '0 issue "digicert.com"' });
    const fields = await created({ type: 'CAA', name: 'example.org', data: 'letsencrypt.org', flags: 128, tag: 'issuewild' });
    expect(fields).toMatchObject({ flags: 128, tag: 'issuewild' });
  });

  it('types without those fields do not carry them, even when a client sends priority 0 along', async () => {
    const a = await created({ type: 'A', name: 'www.example.com', data: '192.0.2.10', priority: 0 });
    expect(Object.keys(a).sort()).toEqual(['active', 'auto', 'data', 'id', 'name', 'ts_created', 'ts_updated', 'ttl', 'type']);
    const changed = (await api.patch(`/dns/rr/${a.id}`, { type: 'MX', name: 'www', data: 'mail.example.com.', priority: 5 })).body.response;
    expect(changed.priority).toBe(5);
    const back = (await api.patch(`/dns/rr/${a.id}`, { type: 'TXT', name: 'www', data: 'plain' })).body.response;
    expect(back).not.toHaveProperty('priority');
  });

  it('records missing their fields, or A/AAAA data that is no address, answer 400 "Invalid request"', async () => {
    for (const body of [
      { type: 'MX', name: 'example.com', data: 'mail.example.com.' },
      { type: 'SRV', name: '_sip._tcp.example.com', data: 'sip.example.com.' },
      { type: 'CAA', name: 'example.com', data: 'digicert.com' },
      { type: 'A', name: 'www.example.com', data: 'not-an-ip' },
      { type: 'AAAA', name: 'www.example.com', data: '192.0.2.1' },
    ]) {
      const res = await api.post('/dns/rr', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual(invalidRequest);
    }
  });
});

describe('a CNAME sits alone (regfish\'s DNS guide)', () => {
  it('no CNAME at the zone apex: 400 "Invalid request", ALIAS works there', async () => {
    const res = await api.post('/dns/rr', { type: 'CNAME', name: 'example.com', data: 'target.example.net' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidRequest);
    expect(res.headers.get('x-mockca-reason')).toContain('ALIAS');
    expect((await created({ type: 'ALIAS', name: 'example.com', data: 'target.example.net.' })).type).toBe('ALIAS');
  });

  it('no CNAME beside an A or MX at the same name, and nothing beside a CNAME', async () => {
    await created({ type: 'A', name: 'www.example.com', data: '192.0.2.1' });
    const beside = await api.post('/dns/rr', { type: 'CNAME', name: 'www.example.com', data: 'x.example.net' });
    expect(beside.status).toBe(400);
    expect(beside.body).toEqual(invalidRequest);
    const cname = await created({ type: 'CNAME', name: '_dnsauth.example.com', data: '_t.dcv.digicert.com' });
    const next = await api.post('/dns/rr', { type: 'TXT', name: '_dnsauth.example.com', data: 'x' });
    expect(next.status).toBe(400);
    expect(next.body).toEqual(invalidRequest);
    const second = await api.post('/dns/rr', { type: 'CNAME', name: '_dnsauth.example.com', data: '_u.dcv.digicert.com' });
    expect(second.status).toBe(400);
    const updated = await api.patch('/dns/rr', { type: 'CNAME', name: '_dnsauth.example.com.', data: '_v.dcv.digicert.com' });
    expect(updated.body.response).toMatchObject({ id: cname.id, data: '_v.dcv.digicert.com.' });
    const moved = await api.patch(`/dns/rr/${cname.id}`, { type: 'CNAME', name: 'www', data: '_v.dcv.digicert.com' });
    expect(moved.status).toBe(400);
    expect(moved.body).toEqual(invalidRequest);
  });
});

describe('IDNs in the DNS API', () => {
  it('a Unicode name is 400 "Invalid request" (the reason says to use punycode), never a 500', async () => {
    const res = await api.post('/dns/rr', { type: 'TXT', name: '_dnsauth.例え.jp', data: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidRequest);
    expect(decodeURIComponent(res.headers.get('x-mockca-reason') ?? '')).toContain('例え.jp');
    expect(decodeURIComponent(res.headers.get('x-mockca-reason') ?? '')).toContain('punycode');
  });

  it('the punycode form works, and its zone lists it; the Unicode zone is not found', async () => {
    const record = await created({ type: 'TXT', name: '_dnsauth.xn--r8jz45g.jp', data: 'x' });
    expect(record.name).toBe('_dnsauth.xn--r8jz45g.jp.');
    expect((await api.get('/dns/xn--r8jz45g.jp/rr')).body.response).toEqual([record]);
    const unicode = await api.get(`/dns/${encodeURIComponent('例え.jp')}/rr`);
    expect(unicode.status).toBe(404);
    expect(unicode.body).toEqual({ success: false, message: 'DNS zone not found', error: 'DNS zone not found' });
  });
});
