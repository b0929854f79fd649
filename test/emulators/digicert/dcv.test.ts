import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDnsRecord, demoKey, expectError, order, orderIssued, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

/** The request body of seeds/003 (DV SSL: Resend emails), byte for byte. */
const seedBody = `{
"domain_approval_emails": [
{
"domain": "example.com",
"email": "someone@example.com"
},
{
"domain": "sub.example2.com",
"email": "someone@example2.com",
"email_domain": "example2.com"
}
],
"locale": "en"
}`;

const outboxOf = async (id: number) => (await t.control.get(`/api/outbox?order_id=${id}`)).body.messages as { to: string; link: string; token: string; subject: string }[];

describe('PUT /order/certificate/{order_id}/resend-emails', () => {
  it("the seed's request, verbatim, answers 204 with an empty body and sends the two emails", async () => {
    const created = await order(t.api, { common_name: 'example.com', dns_names: ['example.com', 'sub.example2.com'], dcv_method: 'email' });
    const before = (await outboxOf(created.id)).length;
    const res = await fetch(`${t.mock.urls.digicert}/services/v2/order/certificate/${created.id}/resend-emails`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-DC-DEVKEY': demoKey },
      body: seedBody,
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const sent = (await outboxOf(created.id)).slice(before);
    expect(sent.map((m) => m.to)).toEqual(['someone@example.com', 'someone@example2.com']);
    expect(sent[1].subject).toContain('sub.example2.com');
    // following the resent link for sub.example2.com validates that domain only
    await fetch(sent[1].link);
    const validation = (await t.api.get(`/order/certificate/${created.id}/validation`)).body;
    const byName = Object.fromEntries(validation.dns_name_validations.map((v: { name_scope: string; status: string }) => [v.name_scope, v.status]));
    expect(byName).toEqual({ 'example.com': 'pending', 'sub.example2.com': 'approved' });
    expect(validation.order_status).toBe('pending');
  });

  it('without a body resends to the current approvers', async () => {
    const created = await order(t.api, { common_name: 'example.com', dcv_method: 'email' });
    const before = (await outboxOf(created.id)).length;
    expect((await t.api.put(`/order/certificate/${created.id}/resend-emails`)).status).toBe(204);
    expect((await outboxOf(created.id)).length).toBe(before * 2);
  });

  it('refuses a domain that is not on the order, an address outside the domain, and non-email orders', async () => {
    const created = await order(t.api, { common_name: 'example.com', dcv_method: 'email' });
    expectError(await t.api.put(`/order/certificate/${created.id}/resend-emails`, { domain_approval_emails: [{ domain: 'other.com', email: 'a@other.com' }] }), 400, 'invalid_param|domain_approval_emails.0.domain');
    expectError(await t.api.put(`/order/certificate/${created.id}/resend-emails`, { domain_approval_emails: [{ domain: 'example.com', email: 'a@evil.com' }] }), 400, 'invalid_param|domain_approval_emails.0.email');
    const txt = await order(t.api, { dcv_method: 'dns-txt-token' });
    expectError(await t.api.put(`/order/certificate/${txt.id}/resend-emails`), 400, 'invalid_dcv_method');
    expectError(await t.api.put('/order/certificate/99999999/resend-emails'), 404, 'not_found|order');
  });
});

describe('check-dcv, dcv-random-value, dcv-method', () => {
  it('check-dcv on an email order answers invalid_dns_method', async () => {
    const created = await order(t.api, { dcv_method: 'email' });
    expectError(await t.api.put(`/order/certificate/${created.id}/check-dcv`), 400, 'invalid_dns_method');
  });

  it('dcv-random-value returns the unexpired value, and a new one after it expired', async () => {
    const created = await order(t.api, { common_name: 'rv.example.org' });
    const first = await t.api.put(`/order/certificate/${created.id}/dcv-random-value`);
    expect(first.status).toBe(200);
    expect(first.body.dcv_random_value).toBe(created.dcv_random_value);
    expect(first.body.expiration_date).toMatch(/\+00:00$/);
    t.mock.clock.advance(31 * 86_400_000);
    const second = await t.api.put(`/order/certificate/${created.id}/dcv-random-value`);
    expect(second.body.dcv_random_value).not.toBe(created.dcv_random_value);
    // the old value no longer validates, the new one does
    await addDnsRecord(t.control, '_dnsauth.rv.example.org', 'TXT', created.dcv_random_value);
    expect((await t.api.put(`/order/certificate/${created.id}/check-dcv`)).body).toMatchObject({ order_status: 'pending', dcv_status: 'pending' });
    await addDnsRecord(t.control, '_dnsauth.rv.example.org', 'TXT', second.body.dcv_random_value);
    expect((await t.api.put(`/order/certificate/${created.id}/check-dcv`)).body.order_status).toBe('issued');
  });

  it('dcv-method switches between email (204, emails sent) and token methods (200 with the random value)', async () => {
    const created = await order(t.api, { common_name: 'switch.example.org', dcv_method: 'dns-txt-token' });
    expect((await outboxOf(created.id)).length).toBe(0);
    const toEmail = await t.api.put(`/order/certificate/${created.id}/dcv-method`, { dcv_method: 'email' });
    expect(toEmail.status).toBe(204);
    expect((await outboxOf(created.id)).map((m) => m.to)).toContain('admin@example.org');
    expect((await t.api.get(`/order/certificate/${created.id}`)).body.dcv_method).toBe('email');
    const toCname = await t.api.put(`/order/certificate/${created.id}/dcv-method`, { dcv_method: 'dns-cname-token' });
    expect(toCname.status).toBe(200);
    expect(toCname.body.dcv_random_value).toMatch(/^[0-9a-z]{32}$/);
    await addDnsRecord(t.control, `${toCname.body.dcv_random_value}.switch.example.org`, 'CNAME', 'dcv.digicert.com.');
    expect((await t.api.put(`/order/certificate/${created.id}/check-dcv`)).body.order_status).toBe('issued');
    expectError(await t.api.put(`/order/certificate/${created.id}/dcv-method`, { dcv_method: 'email' }), 400, 'invalid_order_status');
  });

  it('an unknown method, or http-token for a wildcard, answers invalid_dcv_method', async () => {
    const created = await order(t.api);
    expectError(await t.api.put(`/order/certificate/${created.id}/dcv-method`, { dcv_method: 'carrier-pigeon' }), 400, 'invalid_dcv_method');
    const wild = await order(t.api, { common_name: '*.example.org' }, 'wildcard_dv_geotrust');
    expectError(await t.api.put(`/order/certificate/${wild.id}/dcv-method`, { dcv_method: 'http-token' }), 400, 'invalid_dcv_method');
    expectError(await t.api.post('/order/certificate/wildcard_dv_geotrust', { certificate: { common_name: '*.example.org', csr: 'x' }, dcv_method: 'http-token' }), 400, 'invalid_dcv_method');
  });
});

describe('validation and email validation status', () => {
  it('GET …/validation lists each domain with its method and status; OV orders show the organization', async () => {
    const created = await order(t.api, { common_name: 'example.org', dns_names: ['example.org', 'www.example.org'], organization: { id: 112233 } }, 'ssl_basic');
    const res = await t.api.get(`/order/certificate/${created.id}/validation`);
    expect(res.body).toMatchObject({ order_id: String(created.id), order_status: 'pending', organization_id: '112233', organization_name: 'Demo Co', order_dcv_method: 'dns-txt-token' });
    expect(res.body.organization_validations[0]).toMatchObject({ type: 'ov', status: 'approved' });
    expect(res.body.dns_name_validations).toHaveLength(2);
    expect(res.body.dns_name_validations[0]).toMatchObject({ name_scope: 'example.org', status: 'pending', method: 'dns-txt-token', dns_names: ['example.org'] });
  });

  it('GET …/email-validation lists the emails, and PUT /email-validation/{token} validates', async () => {
    const created = await order(t.api, { common_name: 'tok.example.org', dcv_method: 'email' });
    const before = (await t.api.get(`/order/certificate/${created.id}/email-validation`)).body;
    expect(before.emails.length).toBe(5);
    expect(before.emails[0]).toMatchObject({ email: 'admin@example.org', status: 'unvalidated' });
    const token = (await outboxOf(created.id))[0].token;
    expectError(await t.other.put(`/email-validation/${token}?email=admin@example.org`), 404, 'not_found|email_token');
    expectError(await t.api.put('/email-validation/nope'), 404, 'not_found|email_token');
    expect((await t.api.put(`/email-validation/${token}?email=admin@example.org`)).status).toBe(204);
    expect((await t.api.get(`/order/certificate/${created.id}`)).body.status).toBe('issued');
    const after = (await t.api.get(`/order/certificate/${created.id}/email-validation`)).body;
    expect(after.emails.every((e: { status: string }) => e.status === 'validated')).toBe(true);
  });

  it('check-dcv on an issued order reports it issued and valid', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'done.instant.test' });
    const res = await t.api.put(`/order/certificate/${id}/check-dcv`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ order_status: 'issued', certificate_id: certificateId, dcv_status: 'valid', dns_name_validations: [{ dns_name: 'done.instant.test', status: 'approved' }] });
  });
});
