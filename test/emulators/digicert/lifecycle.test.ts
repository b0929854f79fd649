import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCsr } from '../../support/csr.js';
import { openssl, opensslVerify, pemBlocks } from '../../support/openssl.js';
import { addDnsRecord, expectError, order, startDigicert, unzipStored, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  // DigiCert orders stay pending until DCV is done.
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

async function approveNewRequest(id: number): Promise<void> {
  const got = await t.api.get(`/order/certificate/${id}`);
  expect(got.body.status).toBe('needs_approval');
  const requestId = got.body.requests[0].id;
  expect((await t.api.put(`/request/${requestId}/status`, { status: 'approved', processor_comment: 'ok' })).status).toBe(204);
  expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('pending');
}

async function statusOf(id: number): Promise<string> {
  return (await t.api.get(`/order/certificate/${id}`)).body.status;
}

async function downloadEverything(certificateId: number): Promise<void> {
  const get = (format: string) => t.api.raw(`/certificate/${certificateId}/download/format/${format}`);
  const all = await get('pem_all');
  expect(all.status).toBe(200);
  const blocks = pemBlocks(await all.text());
  expect(blocks).toHaveLength(3);
  expect(blocks[2]).toBe(pemBlocks(t.mock.ca.rootPem)[0]);
  const verified = opensslVerify(blocks[2], blocks[1], blocks[0], ['-purpose', 'sslserver']);
  expect(verified.output).toContain('OK');
  expect(verified.ok).toBe(true);

  for (const format of ['p7b', 'cer']) {
    const p7b = await get(format);
    expect(p7b.headers.get('content-type')).toBe('application/x-pkcs7-certificates');
    const printed = openssl(['pkcs7', '-print_certs', '-in', '{c.p7b}'], { 'c.p7b': await p7b.text() });
    expect(printed.status).toBe(0);
    expect(pemBlocks(printed.stdout)).toEqual(blocks);
  }

  for (const format of ['der']) {
    const der = Buffer.from(await (await get(format)).arrayBuffer());
    expect(der[0]).toBe(0x30);
    const parsed = openssl(['x509', '-inform', 'DER', '-in', '{c.der}', '-noout', '-serial'], { 'c.der': der });
    expect(parsed.status).toBe(0);
  }
  for (const format of ['pem', 'pem_noroot', 'pem_nointermediate', 'crt']) {
    const res = await get(format);
    expect(res.status, format).toBe(200);
    expect(pemBlocks(await res.text())[0], format).toBe(blocks[0]);
  }
  for (const format of ['default', 'apache', 'nginx', 'default_cer', 'default_pem']) {
    const res = await get(format);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipStored(Buffer.from(await res.arrayBuffer()));
    expect(files.size, format).toBeGreaterThan(0);
  }
}

describe('full lifecycle: order → approve → DCV → issued → download → reissue → revoke', () => {
  it('by email: the approval link in the outbox validates the domain', async () => {
    const created = await order(t.api, { common_name: 'mail.example.org', dcv_method: 'email', skip_approval: false });
    expect((await t.control.get('/api/outbox')).body.messages).toEqual([]);
    await approveNewRequest(created.id);
    const outbox = (await t.control.get(`/api/outbox?order_id=${created.id}`)).body.messages;
    expect(outbox.map((m: { to: string }) => m.to)).toContain('admin@example.org');
    const mail = outbox[0];
    expect(mail.subject).toContain('mail.example.org');
    expect(mail.body).toContain(mail.link);
    expect(mail.link.startsWith(t.mock.urls.control)).toBe(true);
    const followed = await fetch(mail.link);
    expect(followed.status).toBe(200);
    expect((await followed.json()).validated).toEqual(['mail.example.org']);
    expect(await statusOf(created.id)).toBe('issued');
    const emails = (await t.api.get(`/order/certificate/${created.id}/email-validation`)).body.emails;
    expect(emails.every((e: { status: string }) => e.status === 'validated')).toBe(true);

    const certificateId = (await t.api.get(`/order/certificate/${created.id}`)).body.certificate.id;
    await downloadEverything(certificateId);

    // reissue: the domain is already validated, so the reissue issues at once
    const reissued = await t.api.post(`/order/certificate/${created.id}/reissue`, { certificate: { common_name: 'mail.example.org', csr: await makeCsr({ commonName: 'mail.example.org', key: 'ec-p384' }) } });
    expect(reissued.status).toBe(201);
    expect(reissued.body.certificate_id).not.toBe(certificateId);
    const after = (await t.api.get(`/order/certificate/${created.id}`)).body;
    expect(after.status).toBe('issued');
    expect(after.certificate.id).toBe(reissued.body.certificate_id);
    expect(after.certificate.key_size).toBe(384);
    expect((await t.api.get(`/order/certificate/${created.id}/reissue`)).body.certificates).toHaveLength(1);

    // revoke: request, then approve it
    const revoke = await t.api.put(`/order/certificate/${created.id}/revoke`, { comments: 'key lost', revocation_reason: 'keyCompromise' });
    expect(revoke.status).toBe(201);
    expect(revoke.body).toMatchObject({ type: 'revoke', status: 'pending', comments: 'key lost' });
    expect(await statusOf(created.id)).toBe('issued');
    expect((await t.api.put(`/request/${revoke.body.id}/status`, { status: 'approved' })).status).toBe(204);
    expect(await statusOf(created.id)).toBe('revoked');
    const serial = after.certificate.serial_number.toLowerCase().replace(/^0+/, '');
    const ca = await t.control.get(`/api/certificates/${serial}`);
    expect(ca.status).toBe(200);
    expect(ca.body.status).toBe('revoked');
  });

  it('by dns-txt-token: a TXT record in the emulated DNS and check-dcv', async () => {
    const created = await order(t.api, { common_name: 'txt.example.org', dcv_method: 'dns-txt-token', skip_approval: false });
    await approveNewRequest(created.id);
    const before = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect([before.status, before.body.dcv_status, before.body.dns_name_validations]).toEqual([200, 'pending', [{ dns_name: 'txt.example.org', status: 'pending' }]]);
    await addDnsRecord(t.control, '_dnsauth.txt.example.org', 'TXT', created.dcv_random_value);
    const checked = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ order_status: 'issued', dcv_status: 'valid', certificate_id: expect.any(Number) });
    await downloadEverything(checked.body.certificate_id);

    const reissue = await t.api.post(`/order/certificate/${created.id}/reissue`, {
      certificate: { common_name: 'txt.example.org', dns_names: ['txt.example.org', 'new.example.org'], csr: await makeCsr({ commonName: 'txt.example.org' }) },
    });
    expect(reissue.status).toBe(201);
    expect(await statusOf(created.id)).toBe('reissue_pending');
    expectError(await t.api.put(`/order/certificate/${created.id}/revoke`, { skip_approval: true }), 400, 'invalid_order_status');
    await addDnsRecord(t.control, 'new.example.org', 'TXT', reissue.body.dcv_random_value);
    expect((await t.api.put(`/order/certificate/${created.id}/check-dcv`)).body.order_status).toBe('issued');
    const certificate = (await t.api.get(`/order/certificate/${created.id}`)).body.certificate;
    expect(certificate.dns_names).toEqual(['txt.example.org', 'new.example.org']);

    // revoking one certificate leaves the order active (revoke-certificate page)
    expect((await t.api.put(`/certificate/${certificate.id}/revoke`, { skip_approval: true, comments: 'done' })).status).toBe(204);
    expect(await statusOf(created.id)).toBe('issued');
  });

  it('by dns-cname-token: <random>.<domain> CNAME dcv.digicert.com', async () => {
    const created = await order(t.api, { common_name: 'cname.example.org', dcv_method: 'dns-cname-token' });
    expect((await t.api.put(`/order/certificate/${created.id}/check-dcv`)).body).toMatchObject({ order_status: 'pending', dcv_status: 'pending' });
    await addDnsRecord(t.control, `${created.dcv_random_value}.cname.example.org`, 'CNAME', 'dcv.digicert.com');
    const checked = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(checked.body.order_status).toBe('issued');
    await downloadEverything(checked.body.certificate_id);
    expect((await t.api.put(`/order/certificate/${created.id}/revoke`, { skip_approval: true })).status).toBe(204);
    expect(await statusOf(created.id)).toBe('revoked');
  });

  it('by http-token: check-dcv cannot see the file; the control API approve-dcv satisfies it', async () => {
    const created = await order(t.api, { common_name: 'http.example.org', dcv_method: 'http-token' });
    expectError(await t.api.put(`/order/certificate/${created.id}/check-dcv`), 400, 'file_random_value_not_found');
    const approved = await t.control.post(`/api/orders/digicert/${created.id}/approve-dcv`);
    expect(approved.status).toBe(200);
    expect(await statusOf(created.id)).toBe('issued');
    const checked = await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    expect(checked.body).toMatchObject({ order_status: 'issued', dcv_status: 'valid' });
    await downloadEverything(checked.body.certificate_id);
  });
});

describe('cancel and reject', () => {
  it('cancels a pending order with a note (canceled and CANCELED both accepted); the note is required', async () => {
    const a = await order(t.api);
    expectError(await t.api.put(`/order/certificate/${a.id}/status`, { status: 'canceled' }), 400, 'missing_param|note');
    expect((await t.api.put(`/order/certificate/${a.id}/status`, { status: 'canceled', note: 'not needed' })).status).toBe(204);
    expect(await statusOf(a.id)).toBe('canceled');
    expectError(await t.api.put(`/order/certificate/${a.id}/status`, { status: 'canceled', note: 'again' }), 400, 'invalid_order_status');

    const b = await order(t.api, { skip_approval: false });
    expect((await t.api.put(`/order/certificate/${b.id}/status`, { status: 'CANCELED', note: 'lemur', send_emails: false })).status).toBe(204);
    const got = (await t.api.get(`/order/certificate/${b.id}`)).body;
    expect(got.status).toBe('canceled');
    expect(got.requests[0].status).toBe('rejected');
  });

  it('canceling a pending reissue brings the order back to issued', async () => {
    const created = await order(t.api, { common_name: 'r.example.org' });
    await addDnsRecord(t.control, 'r.example.org', 'TXT', created.dcv_random_value);
    await t.api.put(`/order/certificate/${created.id}/check-dcv`);
    const before = (await t.api.get(`/order/certificate/${created.id}`)).body.certificate.id;
    await t.api.post(`/order/certificate/${created.id}/reissue`, { certificate: { dns_names: ['other.example.com'], common_name: 'other.example.com', csr: await makeCsr() } });
    expect(await statusOf(created.id)).toBe('reissue_pending');
    expect((await t.api.put(`/order/certificate/${created.id}/status`, { status: 'canceled', note: 'wrong names' })).status).toBe(204);
    const got = (await t.api.get(`/order/certificate/${created.id}`)).body;
    expect(got.status).toBe('issued');
    expect(got.certificate.id).toBe(before);
    expect(got.requests.find((r: { type: string }) => r.type === 'reissue').status).toBe('rejected');
    // the canceled reissue replaced nothing: the order can be duplicated and reissued again
    expect((await t.api.post(`/order/certificate/${created.id}/duplicate`, { certificate: { common_name: 'r.example.org', csr: await makeCsr() } })).status).toBe(201);
    expect((await t.api.post(`/order/certificate/${created.id}/reissue`, { certificate: { common_name: 'r.example.org', csr: await makeCsr() } })).status).toBe(201);
  });

  it('an issued order cannot be canceled', async () => {
    const immediate = await order(t.api, { common_name: 'x.instant.test' });
    expect(await statusOf(immediate.id)).toBe('issued');
    expectError(await t.api.put(`/order/certificate/${immediate.id}/status`, { status: 'canceled', note: 'n' }), 400, 'invalid_order_status');
  });

  it('rejecting the new request rejects the order', async () => {
    const created = await order(t.api, { skip_approval: false });
    expect((await t.api.put(`/request/${created.requests[0].id}/status`, { status: 'rejected', processor_comment: 'no budget' })).status).toBe(204);
    expect(await statusOf(created.id)).toBe('rejected');
    const request = (await t.api.get(`/request/${created.requests[0].id}`)).body;
    expect(request).toMatchObject({ status: 'rejected', processor_comment: 'no budget', type: 'new_request' });
    expect(request.order.status).toBe('rejected');
  });
});
