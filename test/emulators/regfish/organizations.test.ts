import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderRequest, otherKey } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;
let other: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
  other = httpClient(mock.urls.regfish, { 'x-api-key': otherKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const organization = {
  organization: 'Beispiel AG',
  first_name: 'Max',
  last_name: 'Muster',
  address: 'Hauptstrasse 5',
  postal_code: '80331',
  city: 'München',
  country_code: 'DE',
  phone: '+49.891234567',
  email: 'tls@beispiel.example',
};

describe('organizations', () => {
  it('lists the fixture organization, creates one, gets it, and another account cannot see it', async () => {
    const list = await api.get('/tls/organization');
    expect(list.body.response.map((o: { id: string }) => o.id)).toEqual(['hdl_ABCDEFGHJKLMN', 'hdl_7K9QW3M2ZT8HJ']);
    const created = await api.post('/tls/organization', organization);
    expect(created.status).toBe(200);
    expect(created.body.response).toMatchObject({ ...organization, status: 'ready', usable_for_ordering: true });
    expect(created.body.response.id).toMatch(/^hdl_[0-9A-Z]{13}$/);
    const got = await api.get(`/tls/organization/${created.body.response.id}`);
    expect(got.body.response).toEqual(created.body.response);
    const foreign = await other.get(`/tls/organization/${created.body.response.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ success: false, message: 'TLS organization not found', error: 'TLS organization not found' });
  });

  it('creating without required fields answers 400 "Invalid request payload"', async () => {
    const res = await api.post('/tls/organization', { organization: 'Only a name' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: 'Invalid request payload', error: 'Invalid request payload' });
    expect(res.headers.get('x-mockca-reason')).toContain('first_name');
  });

  it('PATCH edits in place, and edit_mode create_replacement answers under the same id (as the documented example)', async () => {
    const patched = await api.patch('/tls/organization/hdl_ABCDEFGHJKLMN', { city: 'Hamburg' });
    expect(patched.status).toBe(200);
    expect(patched.body.response).toMatchObject({ id: 'hdl_ABCDEFGHJKLMN', city: 'Hamburg', organization: 'Example GmbH' });
    const replacement = await api.patch('/tls/organization/hdl_ABCDEFGHJKLMN', { edit_mode: 'create_replacement', organization: 'Example Neu GmbH' });
    expect(replacement.status).toBe(200);
    expect(replacement.body.response).toMatchObject({ id: 'hdl_ABCDEFGHJKLMN', organization: 'Example Neu GmbH', city: 'Hamburg' });
    expect((await api.get('/tls/organization')).body.response).toHaveLength(2);
  });

  it('the documented example PATCH /tls/organization/hdl_7K9QW3M2ZT8HJ answers 200 "TLS organization updated" with the documented fields', async () => {
    const documented = { edit_mode: 'create_replacement', organization: 'example', first_name: 'example', last_name: 'example' };
    const res = await api.patch('/tls/organization/hdl_7K9QW3M2ZT8HJ', documented);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(['success', 'code', 'response']);
    expect(res.body.success).toBe(true);
    expect(res.body.code).toBe(0);
    const org = res.body.response;
    expect(Object.keys(org)).toEqual(['id', 'organization', 'status', 'usable_for_ordering', 'first_name', 'last_name', 'address', 'postal_code', 'city', 'country_code', 'phone', 'email']);
    expect(org).toMatchObject({ id: 'hdl_7K9QW3M2ZT8HJ', organization: 'example', status: 'ready', usable_for_ordering: true, first_name: 'example', last_name: 'example' });
    for (const field of ['address', 'postal_code', 'city', 'country_code', 'phone', 'email']) expect(typeof org[field]).toBe('string');
    expect((await api.get('/tls/organization/hdl_7K9QW3M2ZT8HJ')).body.response).toEqual(org);
  });

  it('the documented 404 example: PATCH of an organization the key does not have is "TLS organization not found"', async () => {
    const res = await other.patch('/tls/organization/hdl_7K9QW3M2ZT8HJ', { organization: 'example' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: 'TLS organization not found', error: 'TLS organization not found' });
  });

  it('the documented 400 and 401 examples of PATCH /tls/organization/{id}', async () => {
    const bad = await api.patch('/tls/organization/hdl_7K9QW3M2ZT8HJ', { organization: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ success: false, message: 'Invalid request payload', error: 'Invalid request payload' });
    const anonymous = await httpClient(mock.urls.regfish).patch('/tls/organization/hdl_7K9QW3M2ZT8HJ', { organization: 'example' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ success: false, message: 'Unauthorized', error: 'Unauthorized' });
  });

  it('PATCH with a wrong type answers 400, an unknown id 404', async () => {
    expect((await api.patch('/tls/organization/hdl_ABCDEFGHJKLMN', { edit_mode: 'sideways' })).status).toBe(400);
    expect((await api.patch('/tls/organization/hdl_ABCDEFGHJKLMN', { country_code: 'Germany' })).status).toBe(400);
    expect((await api.patch('/tls/organization/hdl_NOPE', { city: 'x' })).status).toBe(404);
  });

  it('DELETE removes an unused organization and refuses one used by an open order', async () => {
    const created = (await api.post('/tls/organization', organization)).body.response;
    expect((await api.delete(`/tls/organization/${created.id}`)).status).toBe(200);
    expect((await api.get(`/tls/organization/${created.id}`)).status).toBe(404);
    await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite', org_id: 'hdl_ABCDEFGHJKLMN' }));
    const refused = await api.delete('/tls/organization/hdl_ABCDEFGHJKLMN');
    expect(refused.status).toBe(409);
  });
});

describe('staged OV orders', () => {
  it('an OV order without an organization is staged: action_required with organization_required', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite' }));
    expect(res.status).toBe(200);
    const cert = res.body.response;
    expect(cert).toMatchObject({
      status: 'pending',
      order_state: 'ACTION_REQUIRED',
      action_required: true,
      pending_reason: 'organization_required',
      completion_url: `https://dash.regfish.com/my/certs/${cert.id}/complete`,
      certificate_pem_available: false,
    });
    expect(cert.validation).toBeUndefined();
    // staged orders never issue, however often they are read
    for (let i = 0; i < 3; i++) expect((await api.get(`/tls/certificate/${cert.id}`)).body.response.order_state).toBe('ACTION_REQUIRED');
  });

  it('complete binds the organization, then the order validates and issues an OV certificate', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite' }))).body.response.id;
    const completed = await api.post(`/tls/certificate/${id}/complete`, { org_id: 'hdl_ABCDEFGHJKLMN' });
    expect(completed.status).toBe(200);
    expect(completed.body.response).toMatchObject({
      id,
      action_required: false,
      pending_reason: 'validation_pending',
      organization_id: 'hdl_ABCDEFGHJKLMN',
      organization: { id: 'hdl_ABCDEFGHJKLMN', name: 'Example GmbH', status: 'ready', usable_for_ordering: true },
    });
    expect(completed.body.response.validation.dns_records.length).toBeGreaterThan(0);
    await api.get(`/tls/certificate/${id}`);
    expect((await api.get(`/tls/certificate/${id}`)).body.response.status).toBe('issued');
    const pem = await (await api.raw(`/tls/certificate/${id}/download/pem`)).text();
    const { X509Certificate } = await import('node:crypto');
    const leaf = new X509Certificate(pem);
    expect(leaf.subject).toContain('O=Example GmbH');
    expect(leaf.subject).toContain('C=DE');
  });

  it('an OV order with a usable org_id proceeds directly, like DV', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite', org_id: 'hdl_ABCDEFGHJKLMN' }));
    expect(res.body.response).toMatchObject({ action_required: false, pending_reason: 'validation_pending', organization_id: 'hdl_ABCDEFGHJKLMN' });
  });

  it('complete errors: missing org_id 400, unknown org 404, not staged 409', async () => {
    const id = (await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite' }))).body.response.id;
    expect((await api.post(`/tls/certificate/${id}/complete`, {})).status).toBe(400);
    const unknownOrg = await api.post(`/tls/certificate/${id}/complete`, { org_id: 'hdl_UNKNOWN' });
    expect(unknownOrg.status).toBe(404);
    expect(unknownOrg.body.message).toBe('TLS organization not found');
    const notStaged = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/complete', { org_id: 'hdl_ABCDEFGHJKLMN' });
    expect(notStaged.status).toBe(409);
  });

  it('ordering with an unknown org_id answers 404 TLS organization not found', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ sku: 'SecureSite', org_id: 'hdl_UNKNOWN' }));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('TLS organization not found');
  });
});
