import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCsr } from '../../support/csr.js';
import { openssl, pemBlocks } from '../../support/openssl.js';
import { addDnsRecord, demoKey, expectError, order, orderIssued, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const statusOf = async (id: number) => (await t.api.get(`/order/certificate/${id}`)).body.status as string;
const crlReasonOf = async (serial: string) => (await t.control.get(`/api/certificates/${serial}`)).body.revocation_reason as number;

describe('Order GeoTrust DV SSL: the documented example body', () => {
  it('is accepted verbatim (custom_expiration_date "" included) and answers 201 with the order and request ids', async () => {
    const csr = await makeCsr({ commonName: 'example.com' });
    // dev.digicert.com, Order GeoTrust DV SSL (ssl_dv_geotrust_flex), with a real CSR in place of <csr>
    const body = `{
    "certificate": {
        "common_name": "example.com",
        "dns_names": [
        \t"sub.example.com",
        \t"log.example.com"
        ],
        "csr": ${JSON.stringify(csr)},
        "server_platform": {
            "id": 2
        }
    },
    "custom_expiration_date": "",
    "comments": "Message for the approver.",
    "container": {
        "id": 69748
    },
    "custom_renewal_message": "Renew me.",
    "skip_approval": true,
    "disable_ct": 0,
    "validity_years": 1,
    "custom_fields": [
        {
            "metadata_id": 12,
            "value": "Invoice #12345"
        }
    ],
    "payment_method": "balance",
    "dcv_method": "email",
    "dcv_emails": [
    \t{
    \t\t"dns_name": "example.com",
    \t\t"email_domain": "example.com",
    \t\t"email": "admin@example.com"
    \t},
    \t{
    \t\t"dns_name": "sub.example.com",
    \t\t"email_domain": "example.com",
    \t\t"email": "jim.smith@example.com"
    \t},
    \t{
    \t\t"dns_name": "log.example.com",
    \t\t"email_domain": "example.com",
    \t\t"email": "it@example.com"
    \t}
    ],
    "locale": "en",
    "technical_contact": {
        "first_name": "Jim",
        "last_name": "Smith",
        "telephone": "555-555-5555",
        "job_title": "IT Admin",
        "email": "jim.smith@example.com"
    }
}`;
    const res = await t.api.post('/order/certificate/ssl_dv_geotrust_flex', body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), requests: [{ id: expect.any(Number), status: 'approved' }] });
    const got = (await t.api.get(`/order/certificate/${res.body.id}`)).body;
    expect(got).toMatchObject({ status: 'pending', product: { name_id: 'ssl_dv_geotrust_flex' }, technical_contact: { first_name: 'Jim', email: 'jim.smith@example.com' } });
    expect(got.certificate.server_platform).toEqual({ id: 2, name: 'Apache', install_url: expect.any(String), csr_url: expect.any(String) });
    expect(got).not.toHaveProperty('public_id');
    expectError(await t.api.post('/order/certificate/ssl_dv_geotrust_flex', { ...JSON.parse(body), custom_expiration_date: '2030-13' }), 400, 'invalid_param|custom_expiration_date');
  });
});

describe('revocation_reason (revoke-order-certificates and revoke-certificate pages)', () => {
  it('takes the five camelCase reasons, unspecified by default, each its CRL reason code', async () => {
    const codes = { unspecified: 0, keyCompromise: 1, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5 };
    for (const [reason, code] of Object.entries(codes)) {
      const { id } = await orderIssued(t.api, { common_name: `${reason.toLowerCase()}.instant.test` });
      const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
      expect((await t.api.put(`/order/certificate/${id}/revoke`, { revocation_reason: reason, skip_approval: true })).status, reason).toBe(204);
      expect(await crlReasonOf(serial), reason).toBe(code);
      expect(await statusOf(id)).toBe('revoked');
    }
    const { id } = await orderIssued(t.api, { common_name: 'default.instant.test' });
    const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
    await t.api.put(`/order/certificate/${id}/revoke`, { skip_approval: true });
    expect(await crlReasonOf(serial)).toBe(0);
  });

  it('refuses the snake_case names of another DigiCert API', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'snake.instant.test' });
    for (const reason of ['key_compromise', 'cessation_of_operation', 'affiliation_changed', 'KeyCompromise']) {
      expectError(await t.api.put(`/order/certificate/${id}/revoke`, { revocation_reason: reason, skip_approval: true }), 400, 'invalid_param|revocation_reason');
      expectError(await t.api.put(`/certificate/${certificateId}/revoke`, { revocation_reason: reason }), 400, 'invalid_param|revocation_reason');
    }
    expect(await statusOf(id)).toBe('issued');
  });

  it('the request keeps the comment, whether sent as comment (parameter table) or comments (examples)', async () => {
    const a = await orderIssued(t.api, { common_name: 'c1.instant.test' });
    const b = await orderIssued(t.api, { common_name: 'c2.instant.test' });
    expect((await t.api.put(`/order/certificate/${a.id}/revoke`, { comment: 'I no longer need this certificate.' })).body.comments).toBe('I no longer need this certificate.');
    expect((await t.api.put(`/certificate/${b.certificateId}/revoke`, { comments: 'Revoked via API!' })).body.comments).toBe('Revoked via API!');
  });
});

describe('revoking the only certificate of an order', () => {
  it('revokes the certificate but not the order by default; the account setting makes it revoke the order', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'only.instant.test' });
    expect((await t.api.put(`/certificate/${certificateId}/revoke`, { skip_approval: true })).status).toBe(204);
    const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
    expect((await t.control.get(`/api/certificates/${serial}`)).body.status).toBe('revoked');
    expect(await statusOf(id)).toBe('issued');

    const store = t.mock.server.ctx.store;
    const account = store.accountByApiKey('digicert', demoKey)!;
    store.update('accounts', account.id, { profile: { ...account.profile, revokeOrderWithOnlyCertificate: true } });
    const other = await orderIssued(t.api, { common_name: 'only2.instant.test' });
    expect((await t.api.put(`/certificate/${other.certificateId}/revoke`, { skip_approval: true })).status).toBe(204);
    expect(await statusOf(other.id)).toBe('revoked');
  });

  it('revoking the whole order revokes the order and every certificate on it, duplicates included', async () => {
    const { id } = await orderIssued(t.api, { common_name: 'all.instant.test' });
    const dup = await t.api.post(`/order/certificate/${id}/duplicate`, { certificate: { common_name: 'all.instant.test', csr: await makeCsr({ commonName: 'all.instant.test' }) } });
    expect(dup.status).toBe(201);
    expect((await t.api.put(`/order/certificate/${id}/revoke`, { skip_approval: true })).status).toBe(204);
    expect(await statusOf(id)).toBe('revoked');
    const duplicates = (await t.api.get(`/order/certificate/${id}/duplicate`)).body.certificates;
    expect(duplicates.map((d: { status: string }) => d.status)).toEqual(['revoked']);
  });
});

describe('PUT …/check-dcv (check-order-DCV page)', () => {
  it('answers the documented success shape: order_status, certificate_id, dcv_status "valid", dns_name_validations approved', async () => {
    const created = await order(t.api, { common_name: 'example.com', dns_names: ['example.com', 'example.org'] });
    await addDnsRecord(t.control, '_dnsauth.example.com', 'TXT', created.dcv_random_value);
    await addDnsRecord(t.control, '_dnsauth.example.org', 'TXT', created.dcv_random_value);
    const res = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const got = (await t.api.get(`/order/certificate/${created.id}`)).body;
    expect(res.body).toEqual({
      order_status: 'issued',
      certificate_id: got.certificate.id,
      dcv_status: 'valid',
      dns_name_validations: [
        { dns_name: 'example.com', status: 'approved' },
        { dns_name: 'example.org', status: 'approved' },
      ],
    });
  });

  it('a DNS method with a record missing answers 200 with the list rather than an error', async () => {
    const created = await order(t.api, { common_name: 'a.example.net', dns_names: ['a.example.net', 'b.example.net'], dcv_method: 'dns-cname-token' });
    await addDnsRecord(t.control, `${created.dcv_random_value}.a.example.net`, 'CNAME', 'dcv.digicert.com');
    const res = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ order_status: 'pending', dcv_status: 'pending', dns_name_validations: [{ dns_name: 'a.example.net', status: 'approved' }, { dns_name: 'b.example.net', status: 'pending' }] });
  });

  it('dns_name_validations in the body checks a subset and lists only those domains', async () => {
    const created = await order(t.api, { common_name: 'one.example.com', dns_names: ['one.example.com', 'two.example.com'] });
    await addDnsRecord(t.control, '_dnsauth.one.example.com', 'TXT', created.dcv_random_value);
    const res = await t.api.put(`/order/certificate/${created.id}/check-dcv`, { dns_name_validations: [{ dns_name: 'one.example.com' }] });
    expect(res.body).toEqual({ order_status: 'pending', certificate_id: expect.any(Number), dcv_status: 'valid', dns_name_validations: [{ dns_name: 'one.example.com', status: 'approved' }] });
    expectError(await t.api.put(`/order/certificate/${created.id}/check-dcv`, { dns_name_validations: [{ dns_name: 'elsewhere.example.com' }] }), 400, 'invalid_param|dns_name_validations.0');
  });

  it('only http-token answers 400 file_random_value_not_found, with the documented message', async () => {
    const created = await order(t.api, { common_name: 'h.example.com', dcv_method: 'http-token' });
    const res = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(res.status).toBe(400);
    expect(res.text).toBe('{"errors":[{"code":"file_random_value_not_found","message":"Could not find the random value at the expected file location for one or more domains."}]}');
  });
});

describe('serial numbers', () => {
  it('serial_number is the hex openssl x509 -serial prints (leading zero kept), and lookups and revokes take it', async () => {
    let withLeadingZero: { id: number; serial: string } | undefined;
    for (let i = 0; i < 80 && !withLeadingZero; i++) {
      const { id, certificateId } = await orderIssued(t.api, { common_name: `s${i}.instant.test` });
      const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number as string;
      const pem = await (await t.api.raw(`/certificate/${certificateId}/download/format/pem_nointermediate`)).text();
      const printed = openssl(['x509', '-in', '{c.pem}', '-noout', '-serial'], { 'c.pem': pemBlocks(pem)[0] }).stdout.trim();
      expect(`serial=${serial}`).toBe(printed);
      const listed = (await t.api.get(`/order/certificate?filters[id]=${id}`)).body.orders[0].certificate.serial_number;
      expect(listed).toBe(serial);
      if (serial.startsWith('0')) withLeadingZero = { id, serial };
    }
    expect(withLeadingZero, 'a serial with a leading zero').toBeDefined();
    const { id, serial } = withLeadingZero!;
    expect((await t.api.get(`/order/certificate/${serial}`)).body.id).toBe(id);
    expect((await t.api.get(`/order/certificate?filters[serial_number]=${serial}`)).body.orders[0].id).toBe(id);
    expect((await t.api.put(`/certificate/${serial}/revoke`, { skip_approval: true })).status).toBe(204);
  });
});

describe('smaller fidelity items', () => {
  it('email validation: date_emailed is YYYY-MM-DD and delivery_options lists the options', async () => {
    const created = await order(t.api, { common_name: 'ev.example.org', dcv_method: 'email' });
    const res = (await t.api.get(`/order/certificate/${created.id}/email-validation`)).body;
    expect(res.delivery_options).toEqual(['browser']);
    expect(res.emails[0]).toEqual({ email: 'admin@example.org', status: 'unvalidated', date_emailed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('list reissues carries user_id, email, firstname, lastname, receipt_id, purchased_*_names (strings) and archived', async () => {
    const { id } = await orderIssued(t.api, { common_name: 'ri.instant.test' });
    await t.api.post(`/order/certificate/${id}/reissue`, { certificate: { common_name: 'ri.instant.test', csr: await makeCsr({ commonName: 'ri.instant.test' }) } });
    const [entry] = (await t.api.get(`/order/certificate/${id}/reissue`)).body.certificates;
    expect(entry).toMatchObject({ common_name: 'ri.instant.test', status: 'issued', key_size: 256, archived: 0, user_id: 112233, email: 'dana.demo@example.com', firstname: 'Dana', lastname: 'Demo', receipt_id: '0', purchased_dns_names: '0', purchased_wildcard_names: '0' });
    expect(entry.date_issued).toMatch(/\+00:00$/);
    expect(entry.valid_till).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('include_caa_status=true gives caa_status_message while the order is pending, and not once issued', async () => {
    const created = await order(t.api, { common_name: 'caa.example.org', dns_names: ['caa.example.org', 'www.caa.example.org'] });
    const pending = (await t.api.get(`/order/certificate/${created.id}?include_caa_status=true`)).body;
    expect(pending.caa_status_message).toEqual({ 'caa.example.org': 'CAA check is not called yet', 'www.caa.example.org': 'CAA check is not called yet' });
    expect((await t.api.get(`/order/certificate/${created.id}`)).body).not.toHaveProperty('caa_status_message');
    const { id } = await orderIssued(t.api, { common_name: 'caa.instant.test' });
    expect((await t.api.get(`/order/certificate/${id}?include_caa_status=true`)).body).not.toHaveProperty('caa_status_message');
  });

  it('server_platform -1 is OTHER and known ids carry their names', async () => {
    const other = await order(t.api, { common_name: 'o.example.org' });
    expect((await t.api.get(`/order/certificate/${other.id}`)).body.certificate.server_platform).toEqual({ id: 45, name: 'nginx', install_url: expect.any(String), csr_url: expect.any(String) });
    const body = { certificate: { common_name: 'x.example.org', csr: await makeCsr({ commonName: 'x.example.org' }), server_platform: { id: -1 } }, skip_approval: true };
    const res = await t.api.post('/order/certificate/ssl_dv_geotrust', body);
    expect((await t.api.get(`/order/certificate/${res.body.id}`)).body.certificate.server_platform).toEqual({ id: -1, name: 'OTHER', install_url: '', csr_url: '' });
  });

  it('requests show their processor; OV orders show organization_contact and the technical contact copied from it', async () => {
    const created = await order(t.api, { common_name: 'ov.example.org', organization: { id: 112233 }, skip_approval: false }, 'ssl_basic');
    const [request] = (await t.api.get('/request')).body.requests;
    expect(request.processor).toEqual({ id: 112233, first_name: 'Dana', last_name: 'Demo', email: 'dana.demo@example.com' });
    const got = (await t.api.get(`/order/certificate/${created.id}`)).body;
    const contact = { first_name: 'Dana', last_name: 'Demo', email: 'dana.demo@example.com', job_title: 'PKI admin', telephone: '+1 801 555 0100' };
    expect(got.organization_contact).toEqual(contact);
    expect(got.technical_contact).toEqual(contact);
  });
});

describe('IDNs (hardening finding 7)', () => {
  it('a Unicode name answers 400 invalid_param naming the A-label, never a 500; the punycode name is ordered', async () => {
    const res = await t.api.post('/order/certificate/ssl_dv_geotrust', { certificate: { common_name: '例え.jp', csr: await makeCsr() }, skip_approval: true });
    expectError(res, 400, 'invalid_param|certificate.common_name');
    expect(decodeURIComponent(res.headers.get('x-mockca-reason') ?? '')).toContain('xn--r8jz45g.jp');
    const sans = await t.api.post('/order/certificate/ssl_dv_geotrust', { certificate: { common_name: 'shop.example.org', dns_names: ['bücher.example.org'], csr: await makeCsr() }, skip_approval: true });
    expectError(sans, 400, 'invalid_param|certificate.dns_names');
    const ok = await t.api.post('/order/certificate/ssl_dv_geotrust', { certificate: { common_name: 'xn--r8jz45g.jp', csr: await makeCsr({ commonName: 'xn--r8jz45g.jp' }) }, skip_approval: true });
    expect(ok.status, ok.text).toBe(201);
    expect((await t.api.get(`/order/certificate/${ok.body.id}`)).body.certificate.common_name).toBe('xn--r8jz45g.jp');
    expectError(await t.api.get(`/domain/${encodeURIComponent('例え.jp')}`), 404, 'not_found|domain');
  });
});
