import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orderRequest, startDigicert, type DigicertTestContext } from '../emulators/digicert/support.js';
import { addCaa, leafNames } from './support.js';

// RFC 8659 through DigiCert, whose order is issued in its own request here (issuance: immediate),
// so a blocked name is the documented 400 caa_check_failed|<name> and an allowed one a certificate.
let t: DigicertTestContext;

beforeAll(async () => {
  t = await startDigicert({ issuance: 'immediate' });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const place = async (common_name: string, dns_names?: string[]) => t.api.post('/order/certificate/ssl_dv_geotrust_flex', await orderRequest({ common_name, dns_names }));
const orderCount = async () => (await t.api.get('/order/certificate')).body.page.total as number;

describe('CAA issue and issuewild (RFC 8659) for DigiCert', () => {
  it('an issue record naming another CA blocks the order with caa_check_failed|<name> and stores nothing', async () => {
    await addCaa(t.control, 'example.org', '0 issue "letsencrypt.org"');
    const before = await orderCount();
    const res = await place('shop.example.org');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('caa_check_failed|shop.example.org');
    expect(res.body.errors[0].message).toBe('CAA check failed for one or more domains.');
    expect(await orderCount()).toBe(before);
  });

  it('a record naming digicert.com (or a DigiCert brand) allows issuance', async () => {
    await addCaa(t.control, 'example.org', '0 issue "letsencrypt.org"');
    await addCaa(t.control, 'example.org', '0 issue "digicert.com; cansignhttpexchanges=yes"');
    await addCaa(t.control, 'example.net', '0 issue "RapidSSL.com"');
    const a = await place('shop.example.org');
    const b = await place('www.example.net');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(leafNames(a.body.certificate_chain[0].pem)).toContain('shop.example.org');
    expect(leafNames(b.body.certificate_chain[0].pem)).toContain('www.example.net');
  });

  it('no record set, or one without issue properties (iodef only), lets any CA issue', async () => {
    await addCaa(t.control, 'example.org', '0 iodef "mailto:security@example.org"');
    expect((await place('shop.example.org')).status).toBe(201);
    expect((await place('shop.example.com')).status).toBe(201);
  });

  it('an empty issuer (issue ";") allows no CA', async () => {
    await addCaa(t.control, 'example.org', '0 issue ";"');
    const res = await place('example.org');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('caa_check_failed|example.org');
  });

  it('the lookup climbs to the parents, and the nearest record set wins', async () => {
    await addCaa(t.control, 'example.org', '0 issue "letsencrypt.org"');
    await addCaa(t.control, 'b.example.org', '0 issue "digicert.com"');
    expect((await place('deep.a.example.org')).body.errors[0].code).toBe('caa_check_failed|deep.a.example.org');
    expect((await place('deep.b.example.org')).status).toBe(201);
  });

  it('every name of the order is checked; the first blocked one is named', async () => {
    await addCaa(t.control, 'blocked.example', '0 issue "letsencrypt.org"');
    const res = await place('shop.example.org', ['shop.example.org', 'www.blocked.example']);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('caa_check_failed|www.blocked.example');
  });

  it('a wildcard name follows issuewild when the set has one, and issue when it has none', async () => {
    await addCaa(t.control, 'example.org', '0 issue "digicert.com"');
    await addCaa(t.control, 'example.org', '0 issuewild ";"');
    expect((await place('*.example.org')).body.errors[0].code).toBe('caa_check_failed|*.example.org');
    expect((await place('www.example.org')).status, 'issuewild does not restrict plain names').toBe(201);

    await addCaa(t.control, 'example.net', '0 issue "letsencrypt.org"');
    await addCaa(t.control, 'example.net', '0 issuewild "digicert.com"');
    expect((await place('*.example.net')).status).toBe(201);
    expect((await place('www.example.net')).body.errors[0].code).toBe('caa_check_failed|www.example.net');

    await addCaa(t.control, 'example.com', '0 issue "letsencrypt.org"');
    expect((await place('*.example.com')).body.errors[0].code, 'no issuewild: issue decides').toBe('caa_check_failed|*.example.com');
  });

  it('an unknown property with the critical flag forbids issuance even beside an issue naming DigiCert', async () => {
    await addCaa(t.control, 'example.org', '0 issue "digicert.com"');
    await addCaa(t.control, 'example.org', '128 tbs "unknown"');
    expect((await place('shop.example.org')).body.errors[0].code).toBe('caa_check_failed|shop.example.org');
    await addCaa(t.control, 'example.net', '0 issue "digicert.com"');
    await addCaa(t.control, 'example.net', '0 tbs "unknown"');
    expect((await place('shop.example.net')).status, 'not critical: ignored').toBe(201);
  });

  it('a CNAME at a name is followed to the record set of its target', async () => {
    const cname = await t.control.post('/api/dns/records', { name: 'www.example.org', type: 'CNAME', data: 'edge.cdn.example' });
    expect(cname.status).toBe(201);
    await addCaa(t.control, 'edge.cdn.example', '0 issue "letsencrypt.org"');
    expect((await place('www.example.org')).body.errors[0].code).toBe('caa_check_failed|www.example.org');
  });

  it('a reissue and a duplicate are checked again against the records of now', async () => {
    const created = await place('shop.example.org');
    expect(created.status).toBe(201);
    await addCaa(t.control, 'example.org', '0 issue "letsencrypt.org"');
    const body = await orderRequest({ common_name: 'shop.example.org' });
    const reissue = await t.api.post(`/order/certificate/${created.body.id}/reissue`, body);
    expect(reissue.status).toBe(400);
    expect(reissue.body.errors[0].code).toBe('caa_check_failed|shop.example.org');
    const duplicate = await t.api.post(`/order/certificate/${created.body.id}/duplicate`, body);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].code).toBe('caa_check_failed|shop.example.org');
    const reissues = await t.api.get(`/order/certificate/${created.body.id}/reissue`);
    expect(reissues.text).not.toContain('pending');
  });
});
