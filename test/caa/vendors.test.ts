import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { orderRequest as digicertOrder, demoKey as digicertKey, v2 } from '../emulators/digicert/support.js';
import { orderRequest as regfishOrder, demoKey as regfishKey } from '../emulators/regfish/support.js';
import { order as sectigoOrder, sectigoClient, type SectigoClient } from '../emulators/sectigo/support.js';
import { makeCsr } from '../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { addCaa, leafNames } from './support.js';

// Regfish and Sectigo issue in the ordering request (immediate); DigiCert after one status read
// (polls:1), so its pending order shows caa_status_message.
let mock: MockCaHandle;
let control: HttpClient;
let regfish: HttpClient;
let digicert: HttpClient;
let sectigo: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'immediate', vendorIssuance: { digicert: 'polls:1' }, digicertRateLimit: false });
  control = httpClient(mock.urls.control);
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
  digicert = httpClient(`${mock.urls.digicert}${v2}`, { 'X-DC-DEVKEY': digicertKey, 'content-type': 'application/json' });
  sectigo = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  await control.delete('/api/scenarios');
});

const collectStatus = async (orderNumber: string) =>
  (await sectigo.call('CollectSSL', { orderNumber, queryType: '0', showStatusDetails: 'Y', responseFormat: '1' })).fields.certificateStatus;

describe('Regfish', () => {
  it('a CAA record written through the Regfish DNS API that names another CA refuses the order with 400 and stores nothing', async () => {
    const rr = await regfish.post('/dns/rr', { type: 'CAA', name: 'example.org', data: 'letsencrypt.org', flags: 0, tag: 'issue' });
    expect(rr.status).toBe(200);
    const before = (await regfish.get('/tls/certificate')).body.response.length;
    const res = await regfish.post('/tls/certificate', await regfishOrder({ common_name: 'shop.example.org' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: 'CAA records do not allow the CA to issue for this domain', error: 'CAA records do not allow the CA to issue for this domain' });
    expect((await regfish.get('/tls/certificate')).body.response.length).toBe(before);
  });

  it('a record naming DigiCert (Regfish sells DigiCert brands) lets the order issue', async () => {
    await regfish.post('/dns/rr', { type: 'CAA', name: 'example.org', data: '0 issue "digicert.com"' });
    const res = await regfish.post('/tls/certificate', await regfishOrder({ common_name: 'shop.example.org' }));
    expect(res.status).toBe(200);
    const got = await regfish.get(`/tls/certificate/${res.body.response.id}`);
    expect(got.body.response.status).toBe('issued');
  });

  it('a reissue of a certificate whose domain turned CAA-blocked is refused and the old certificate stays', async () => {
    const created = await regfish.post('/tls/certificate', await regfishOrder({ common_name: 'shop.example.org' }));
    const id = created.body.response.id as string;
    await addCaa(control, 'example.org', '0 issue "sectigo.com"');
    const res = await regfish.post(`/tls/certificate/${id}/reissue`, { csr: await makeCsr({ commonName: 'shop.example.org' }), dcv_method: 'dns-cname-token' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('CAA records do not allow the CA to issue for this domain');
    expect((await regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('issued');
  });
});

describe('Regfish, blocked after ordering', () => {
  it('stays pending with the documented validation_pending and a pending_message that says CAA, then issues once allowed', async () => {
    const created = await regfish.post('/tls/certificate', await regfishOrder({ common_name: 'shop.slow.test' }));
    expect(created.status).toBe(200);
    const id = created.body.response.id as string;
    const record = await addCaa(control, 'slow.test', '0 issue "sectigo.com"');
    await control.post('/api/clock/advance', { seconds: 61 });
    const blocked = (await regfish.get(`/tls/certificate/${id}`)).body.response;
    expect(blocked).toMatchObject({ status: 'pending', pending_reason: 'validation_pending', pending_message: 'CAA records do not allow the CA to issue for this domain; the order is issued once they do.' });
    await control.delete(`/api/dns/records/${record}`);
    expect((await regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('issued');
  });
});

describe('Sectigo', () => {
  it('accepts the order, keeps it at the documented PRE-SIGN FAILED status, and issues once !RetryCAACheck finds a record naming Sectigo', async () => {
    const id = await addCaa(control, 'example.org', '0 issue "digicert.com"');
    const { orderNumber, certificateID } = await sectigoOrder(sectigo, {}, { commonName: 'shop.example.org' });
    expect(await collectStatus(orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    const collect = await sectigo.call('CollectSSL', { orderNumber, queryType: '1', responseFormat: '1' });
    expect(collect.fields.errorCode, 'still being processed').toBe('0');
    expect(collect.text).not.toContain('BEGIN CERTIFICATE');

    expect((await control.delete(`/api/dns/records/${id}`)).status).toBe(204);
    await addCaa(control, 'example.org', '0 issue "comodoca.com"');
    // Sectigo does not look again on its own: the certificate waits for the retry call.
    expect(await collectStatus(orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    const retry = await sectigo.call('RetryCAACheck', { certificateID });
    expect(retry.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(retry.fields).toEqual({ errorCode: '0', errorMessage: 'CAA Check successfully relaunched' });
    expect(await collectStatus(orderNumber)).toBe('Issued');
    const issued = await sectigo.call('CollectSSL', { orderNumber, queryType: '1', responseFormat: '1' });
    expect(issued.fields.errorCode).toBe('2');
  });

  it('!RetryCAACheck while the records still forbid it: relaunched, still PRE-SIGN FAILED; once a call per certificate per 10 minutes (-42)', async () => {
    const { orderNumber, certificateID } = await sectigoOrder(sectigo, {}, { commonName: 'shop.caa-blocked.test' });
    expect(await collectStatus(orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    expect((await sectigo.call('RetryCAACheck', { orderNumber })).fields).toEqual({ errorCode: '0', errorMessage: 'CAA Check successfully relaunched' });
    expect(await collectStatus(orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');

    const again = await sectigo.call('RetryCAACheck', { certificateID });
    expect(again.fields.errorCode).toBe('-42');
    expect(again.headers.get('x-mockca-reason')).toContain('10 minutes');
    await control.post('/api/clock/advance', { seconds: 600 });
    await addCaa(control, 'shop.caa-blocked.test', '0 issue "sectigo.com"');
    expect((await sectigo.call('RetryCAACheck', { certificateID })).fields.errorCode).toBe('0');
    expect(await collectStatus(orderNumber)).toBe('Issued');
  });

  it('!RetryCAACheck of a certificate CAA did not block is -296 "Wrong certificate state"; its arguments are checked as Sectigo checks them', async () => {
    const { orderNumber, certificateID } = await sectigoOrder(sectigo, {}, { commonName: 'shop.example.org' });
    expect(await collectStatus(orderNumber)).toBe('Issued');
    expect((await sectigo.call('RetryCAACheck', { certificateID })).fields).toEqual({ errorCode: '-296', errorMessage: 'Wrong certificate state' });
    expect((await sectigo.call('RetryCAACheck', {})).fields).toEqual({ errorCode: '-3', errorMessage: "The 'certificateID' argument is missing!", errorItem: 'certificateID' });
    expect((await sectigo.call('RetryCAACheck', { certificateID: '9999999999' })).fields.errorCode).toBe('-4');
    expect((await sectigo.call('RetryCAACheck', { certificateID, orderNumber })).fields.errorCode).toBe('-4');
    expect((await sectigo.call('RetryCAACheck', { certificateID, responseFormat: '1' })).fields.errorCode).toBe('-2');
    expect((await sectigo.call('RetryCAACheck', { certificateID }, { noLogin: true })).fields.errorCode).toBe('-3');
  });

  it('the control API issue of a blocked Sectigo certificate checks CAA again (records fixed, no retry call needed)', async () => {
    const id = await addCaa(control, 'example.org', '0 issue "digicert.com"');
    const { orderNumber } = await sectigoOrder(sectigo, {}, { commonName: 'shop.example.org' });
    expect(await collectStatus(orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    await control.delete(`/api/dns/records/${id}`);
    const orderId = mock.server.ctx.store.orderByVendorId('sectigo', orderNumber)!.publicId;
    expect((await control.post(`/api/orders/sectigo/${orderId}/issue`, {})).status).toBeLessThan(300);
    expect(await collectStatus(orderNumber)).toBe('Issued');
  });

  it('the magic domain *.caa-blocked.test blocks Sectigo, and a nearer record naming sectigo.com allows one name', async () => {
    const blocked = await sectigoOrder(sectigo, {}, { commonName: 'www.caa-blocked.test' });
    expect(await collectStatus(blocked.orderNumber)).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    const detailed = await sectigo.call('GetDetailedOrderStatus', { orderNumber: blocked.orderNumber, queryType: '0' });
    expect(detailed.fields.certificateStatus).toBe('PRE-SIGN FAILED: CAA: Not authorized to issue');
    const report = await sectigo.call('WebHostReport', { lastResultNo: '10' });
    expect(report.text).toContain(encodeURIComponent('PRE-SIGN FAILED: CAA: Not authorized to issue').replace(/%20/g, '+'));
    await addCaa(control, 'ok.caa-blocked.test', '0 issue "sectigo.com"');
    const allowed = await sectigoOrder(sectigo, {}, { commonName: 'ok.caa-blocked.test' });
    expect(await collectStatus(allowed.orderNumber)).toBe('Issued');
  });
});

describe('DigiCert', () => {
  const place = async (common_name: string) => {
    const res = await digicert.post('/order/certificate/ssl_dv_geotrust_flex', await digicertOrder({ common_name }));
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  it('include_caa_status reports the failed check per name once issuance was attempted', async () => {
    const id = await place('shop.caa-blocked.test');
    const first = await digicert.get(`/order/certificate/${id}?include_caa_status=true`);
    expect(first.body.caa_status_message).toEqual({ 'shop.caa-blocked.test': 'CAA check is not called yet' });
    const second = await digicert.get(`/order/certificate/${id}?include_caa_status=true`);
    expect(second.body.status).toBe('pending');
    expect(second.body.caa_status_message['shop.caa-blocked.test']).toMatch(/^CAA check failed: CAA issue at caa-blocked\.test\. names letsencrypt\.org/);
  });

  it('the order issues on the next read once the record allows DigiCert', async () => {
    await addCaa(control, 'example.org', '0 issue "letsencrypt.org"');
    const id = await place('shop.example.org');
    await digicert.get(`/order/certificate/${id}`);
    expect((await digicert.get(`/order/certificate/${id}`)).body.status).toBe('pending');
    await addCaa(control, 'shop.example.org', '0 issue "geotrust.com"');
    const issued = await digicert.get(`/order/certificate/${id}`);
    expect(issued.body.status).toBe('issued');
    const download = await digicert.get(`/certificate/${issued.body.certificate.id}/download/format/pem_all`);
    expect(leafNames(download.text)).toEqual(['shop.example.org']);
  });

  it('the caa-blocked scenario effect blocks issuance while the rule applies', async () => {
    const id = await place('shop.example.org');
    const rule = await control.post('/api/scenarios', { rules: [{ match: { operation: 'digicert.order.get' }, effect: 'caa-blocked', times: 2 }] });
    expect(rule.status).toBe(201);
    await digicert.get(`/order/certificate/${id}`);
    const blocked = await digicert.get(`/order/certificate/${id}?include_caa_status=1`);
    expect(blocked.body.status).toBe('pending');
    expect(blocked.body.caa_status_message['shop.example.org']).toBe('CAA check failed: CAA check failed (scenario effect caa-blocked)');
    const journal = await control.get('/api/journal?limit=5');
    expect(journal.text).toContain('blocked issuance of');
    expect((await digicert.get(`/order/certificate/${id}`)).body.status, 'rule used up: issued').toBe('issued');
  });
});

describe('control API', () => {
  it('keeps the flags and tag of a CAA record, from the fields or the zone-file form, and refuses one without a tag', async () => {
    const zone = await control.post('/api/dns/records', { name: 'example.org', type: 'CAA', data: '128 issuewild "digicert.com"' });
    expect(zone.body).toMatchObject({ name: 'example.org.', type: 'CAA', flags: 128, tag: 'issuewild' });
    const fields = await control.post('/api/dns/records', { name: 'example.org', type: 'CAA', data: 'sectigo.com', flags: 0, tag: 'issue' });
    expect(fields.body).toMatchObject({ flags: 0, tag: 'issue', data: 'sectigo.com' });
    const bad = await control.post('/api/dns/records', { name: 'example.org', type: 'CAA', data: '"only a value"' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
  });

  it('issuing a CAA-blocked order by hand answers 409 caa_blocked and leaves it pending', async () => {
    const res = await digicert.post('/order/certificate/ssl_dv_geotrust_flex', await digicertOrder({ common_name: 'www.caa-blocked.test' }));
    const issue = await control.post(`/api/orders/digicert/${res.body.id}/issue`);
    expect(issue.status).toBe(409);
    expect(issue.body.error.code).toBe('caa_blocked');
    expect(issue.body.error.message).toContain('www.caa-blocked.test');
    expect((await digicert.get(`/order/certificate/${res.body.id}`)).body.status).toBe('pending');
    const shown = await control.get(`/api/orders/digicert/${res.body.id}`);
    expect(shown.body.certificates[0].caa_blocked).toEqual([
      { name: 'www.caa-blocked.test', reason: 'CAA issue at caa-blocked.test. names letsencrypt.org, not this CA (digicert.com, www.digicert.com, symantec.com, thawte.com, geotrust.com, rapidssl.com)', record_at: 'caa-blocked.test.', records: ['0 issue "letsencrypt.org"'] },
    ]);
  });
});
