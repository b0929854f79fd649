import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDnsRecord, expectError, order, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

describe('domains', () => {
  it('GET /domain lists the domains of the account orders; GET /domain/{id} shows dcv and validations', async () => {
    const created = await order(t.api, { common_name: 'd.example.org' });
    const list = await t.api.get('/domain');
    expect(list.body.domains.map((d: { name: string }) => d.name)).toEqual(['d.example.org']);
    const id = list.body.domains[0].id;
    expect(created.domains[0].id).toBe(id);
    const one = await t.api.get(`/domain/${id}?include_dcv=true&include_validation=true`);
    expect(one.body).toMatchObject({ id, name: 'd.example.org', is_active: true, dcv: { method: 'dns-txt-token', status: 'pending', dcv_token: { token: created.dcv_random_value } }, validations: [] });
    expect((await t.other.get('/domain')).body.domains).toEqual([]);
    expectError(await t.other.get(`/domain/${id}`), 404, 'not_found|domain');
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
