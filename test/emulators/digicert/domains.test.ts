import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDnsRecord, expectError, order, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

describe('domains', () => {
  it('GET /domain lists the domains of the account orders (the fixture ones too) with a page; GET /domain/{id} shows dcv and validations', async () => {
    const created = await order(t.api, { common_name: 'd.example.org' });
    const list = await t.api.get('/domain');
    expect(list.body.domains.map((d: { name: string }) => d.name)).toEqual(['demo.example.com', 'www.demo.example.com', 'd.example.org']);
    expect(list.body.page).toEqual({ total: 3, limit: 1000, offset: 0 });
    const id = list.body.domains[2].id;
    expect(created.domains[0].id).toBe(id);
    const one = await t.api.get(`/domain/${id}?include_dcv=true&include_validation=true`);
    expect(one.body).toMatchObject({ id, name: 'd.example.org', is_active: true, dcv: { method: 'dns-txt-token', status: 'pending', dcv_token: { token: created.dcv_random_value } }, validations: [] });
    expect(one.body).not.toHaveProperty('dcv_expiration');
    expect((await t.api.get('/domain/d.example.org')).body.id).toBe(id);
    expect((await t.other.get('/domain')).body).toEqual({ domains: [], page: { total: 0, limit: 1000, offset: 0 } });
    expectError(await t.other.get(`/domain/${id}`), 404, 'not_found|domain');
    expect((await t.api.get('/domain?offset=1&limit=1')).body).toMatchObject({ domains: [expect.objectContaining({ name: 'www.demo.example.com' })], page: { total: 3, limit: 1, offset: 1 } });
  });

  it('include_validation (and the recorded includeValidation) give validations, dcv_expiration and the organization as recorded', async () => {
    for (const query of ['include_validation=true', 'includeValidation=true']) {
      const [fixture] = (await t.api.get(`/domain?${query}`)).body.domains;
      expect(fixture).toEqual({
        id: expect.any(Number),
        is_active: true,
        name: 'demo.example.com',
        date_created: expect.stringMatching(/\+00:00$/),
        organization: { id: 112233, status: 'active', name: 'Demo Co', display_name: 'Demo Co', is_active: '1' },
        validations: [{ type: 'dv', name: 'DV', description: 'Domain validation', date_created: expect.stringMatching(/\+00:00$/), validated_until: expect.stringMatching(/\+00:00$/), status: 'active' }],
        dcv_method: 'dns-txt-token',
        dcv_expiration: { dv: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
        container: { id: 44556, name: 'Demo Co' },
      });
    }
  });

  it('an OV order lists its domain with ev and ov validations once validated', async () => {
    const created = await order(t.api, { common_name: 'ov.example.org', organization: { id: 112233 } }, 'ssl_basic');
    await addDnsRecord(t.control, 'ov.example.org', 'TXT', created.dcv_random_value);
    await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    const d = (await t.api.get('/domain?include_validation=true')).body.domains.find((x: { name: string }) => x.name === 'ov.example.org');
    expect(d.validations.map((v: { type: string; description: string }) => [v.type, v.description])).toEqual([['ev', 'Extended Organization Validation (EV)'], ['ov', 'Normal Organization Validation']]);
    expect(Object.keys(d.dcv_expiration)).toEqual(['ev', 'ov']);
  });

  it('GET /domain/{id}/dcv/emails answers the domain emails (by id or by name)', async () => {
    const created = await order(t.api, { common_name: 'mail.example.org', dcv_method: 'email' });
    const id = (await t.api.get('/domain/mail.example.org')).body.id;
    for (const key of [id, 'mail.example.org']) {
      const res = await t.api.get(`/domain/${key}/dcv/emails`);
      expect(res.body).toEqual({
        name_scope: 'mail.example.org',
        base_emails: ['admin@mail.example.org', 'webmaster@mail.example.org', 'postmaster@mail.example.org', 'hostmaster@mail.example.org', 'administrator@mail.example.org'],
        dns_txt_emails: [],
      });
    }
    expect(created.id).toBeGreaterThan(0);
    expectError(await t.api.get('/domain/nowhere.example/dcv/emails'), 404, 'not_found|domain');
  });

  it('validate-token checks the DNS; the order issues; the domain shows a DV validation', async () => {
    const created = await order(t.api, { common_name: 'v.example.org' });
    const id = created.domains[0].id;
    const missing = await t.api.put(`/domain/${id}/dcv/validate-token`);
    expect([missing.status, missing.body]).toEqual([200, { status: 'pending', dcv_status: 'pending' }]);
    await addDnsRecord(t.control, 'v.example.org', 'TXT', created.dcv_random_value);
    const res = await t.api.put(`/domain/${id}/dcv/validate-token`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'approved', dcv_status: 'valid' });
    expect((await t.api.get(`/order/certificate/${created.id}`)).body.status).toBe('issued');
    const domain = (await t.api.get(`/domain/${id}?include_validation=true`)).body;
    expect(domain.validations[0]).toMatchObject({ type: 'dv', status: 'active' });
  });

  it('dcv/method switches to email and lists the base emails; dcv/emails resends them', async () => {
    const created = await order(t.api, { common_name: 'm.example.org' });
    const id = created.domains[0].id;
    const res = await t.api.put(`/domain/${id}/dcv/method`, { dcv_method: 'email' });
    expect(res.body.validation_emails).toMatchObject({ name_scope: 'm.example.org', base_emails: expect.arrayContaining(['admin@example.org']) });
    const count = async () => (await t.control.get(`/api/outbox?order_id=${created.id}`)).body.messages.length;
    const before = await count();
    expect(before).toBe(5);
    expect((await t.api.put(`/domain/${id}/dcv/emails`, { email_array: ['webmaster@example.org'] })).status).toBe(204);
    expect(await count()).toBe(6);
    expectError(await t.api.put(`/domain/${id}/dcv/validate-token`), 400, 'invalid_dns_method');
    const back = await t.api.put(`/domain/${id}/dcv/method`, { dcv_method: 'dns-cname-token' });
    expect(back.body.dcv_token.token).toMatch(/^[0-9a-z]{32}$/);
  });
});
