import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderRequest, otherKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
let other: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'dcv' });
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  other = httpClient(mock.urls.regfish, { 'x-api-key': otherKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('DNS record endpoints', () => {
  it('creates, reads, updates by id, upserts by name and type, and deletes records', async () => {
    const created = await api.post('/dns/rr', { type: 'TXT', name: 'note.example.org', data: 'hello', ttl: 60, annotation: 'certbro; certificate_id=X' });
    expect(created.status).toBe(200);
    const record = created.body.response;
    expect(record).toMatchObject({ type: 'TXT', name: 'note.example.org.', data: 'hello', ttl: 60, active: true, auto: false });
    expect(typeof record.id).toBe('number');
    expect((await api.get(`/dns/rr/${record.id}`)).body.response).toEqual(record);
    const updated = await api.patch(`/dns/rr/${record.id}`, { type: 'TXT', name: 'note', data: 'changed' });
    expect(updated.body.response.data).toBe('changed');
    const upserted = await api.patch('/dns/rr', { type: 'TXT', name: 'note.example.org.', data: 'again' });
    expect(upserted.body.response).toMatchObject({ id: record.id, data: 'again' });
    expect((await api.get('/dns/example.org/rr')).body.response.map((r: { id: number }) => r.id)).toEqual([record.id]);
    expect((await api.delete(`/dns/rr/${record.id}`)).status).toBe(200);
    const gone = await api.get(`/dns/rr/${record.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ success: false, message: 'DNS record not found', error: 'DNS record not found' });
  });

  it('PATCH /dns/rr of a record that does not exist answers 404 (clients then POST)', async () => {
    const res = await api.patch('/dns/rr', { type: 'CNAME', name: '_dnsauth.nothing.example.org', data: 'x.example.net' });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('DNS record not found');
  });

  it('a subdomain is not a zone (404) so clients can walk up to the registrable domain', async () => {
    expect((await api.get('/dns/www.example.org/rr')).status).toBe(404);
    expect((await api.get('/dns/example.org/rr')).status).toBe(200);
    expect((await api.get('/dns/example.co.uk/rr')).status).toBe(200);
  });

  it('bad records answer 400 "Invalid request"', async () => {
    for (const body of [{ type: 'BOGUS', name: 'a.example.org', data: 'x' }, { type: 'TXT', name: 'a.example.org', data: 'x', ttl: 5 }, { type: 'TXT', name: 'nodot', data: 'x' }, {}]) {
      const res = await api.post('/dns/rr', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ success: false, message: 'Invalid request', error: 'Invalid request' });
    }
  });

  it("another account's record is 404", async () => {
    const record = (await api.post('/dns/rr', { type: 'TXT', name: 'mine.example.org', data: 'x' })).body.response;
    expect((await other.get(`/dns/rr/${record.id}`)).status).toBe(404);
    expect((await other.delete(`/dns/rr/${record.id}`)).status).toBe(404);
    expect((await other.get('/dns/example.org/rr')).body.response).toEqual([]);
  });
});

describe('issuance policy dcv: the _dnsauth CNAME in the emulated zone issues the order', () => {
  it('stays pending until every CNAME exists, then issues', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest({ dns_names: ['shop.example.org', 'www.shop.example.org'] }))).body.response;
    const [first, second] = order.validation.dns_records;
    await api.post('/dns/rr', { type: 'CNAME', name: first.name, data: first.value, ttl: 60 });
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response.status).toBe('pending');
    await api.post('/dns/rr', { type: 'CNAME', name: second.name, data: second.value.replace(/\.$/, '').toUpperCase(), ttl: 60 });
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response.status).toBe('issued');
  });

  it('a wrong CNAME value does not validate', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest())).body.response;
    await api.post('/dns/rr', { type: 'CNAME', name: order.validation.dns_records[0].name, data: 'wrong.dcv.digicert.com', ttl: 60 });
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response.status).toBe('pending');
  });

  it('approve-dcv on the control API validates email orders', async () => {
    const order = (await api.post('/tls/certificate', await orderRequest({ dcv_method: 'email' }))).body.response;
    expect(order.validation).toMatchObject({ method: 'email', email_targets: ['admin@example.org'] });
    const res = await httpClient(mock.urls.control).post(`/api/orders/regfish/${order.id}/approve-dcv`, {});
    expect(res.status).toBe(200);
    expect((await api.get(`/tls/certificate/${order.id}`)).body.response.status).toBe('issued');
  });
});
