/** ACME orders as the emulator runs them: authorizations, challenges, finalize, certificates, revocation, ARI. */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { b64u } from './jws-client.js';
import { account, csrFor, issued, newOrder, passDns01 } from './protocol-support.js';
import { fixtureEab, freePort, leafOf, opensslVerify } from './support.js';

let mock: MockCaHandle;
let root: string;
beforeAll(async () => {
  // Nothing listens on the http-01 and tls-alpn-01 ports: those checks fail with a connection problem.
  mock = await startTestServer({ acmeHttpPort: await freePort(), acmeTlsPort: await freePort() });
  root = (await httpClient(mock.urls.control).get('/api/ca/root.pem')).text;
});
afterAll(async () => mock.close());
beforeEach(() => mock.reset());

const problem = (type: string) => `urn:ietf:params:acme:error:${type}`;
const control = () => httpClient(mock.urls.control);
const derOf = (pem: string) => b64u(new X509Certificate(leafOf(pem)).raw);
const serialOf = (pem: string) => new X509Certificate(leafOf(pem)).serialNumber.toLowerCase();

describe('newOrder', () => {
  it('one authorization per name; a wildcard offers dns-01 only, a plain name http-01 and dns-01', async () => {
    const c = await account(mock);
    const { order, url } = await newOrder(c, ['*.shop.example.com', 'shop.example.com']);
    expect(order).toMatchObject({ status: 'pending', identifiers: [{ type: 'dns', value: '*.shop.example.com' }, { type: 'dns', value: 'shop.example.com' }] });
    expect(url).toMatch(/\/v2\/acme\/order\//);
    const [wild, plain] = await Promise.all(order.authorizations.map(async (u: string) => (await c.post(u, '')).body));
    expect(wild).toMatchObject({ identifier: { value: 'shop.example.com' }, wildcard: true, status: 'pending' });
    expect(wild.challenges.map((x: { type: string }) => x.type)).toEqual(['dns-01']);
    expect(plain.challenges.map((x: { type: string }) => x.type)).toEqual(['http-01', 'dns-01', 'tls-alpn-01']);
    expect(plain.challenges[0].token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses identifiers that are not dns (unsupportedIdentifier) or not DNS names (rejectedIdentifier)', async () => {
    const c = await account(mock);
    expect((await c.post(c.directory.newOrder, { identifiers: [{ type: 'ip', value: '192.0.2.1' }] })).body.type).toBe(problem('unsupportedIdentifier'));
    expect((await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'not a name' }] })).body.type).toBe(problem('rejectedIdentifier'));
    expect((await c.post(c.directory.newOrder, { identifiers: [] })).body.type).toBe(problem('malformed'));
  });

  it("lists the account's orders, and keeps them from other accounts", async () => {
    const c = await account(mock);
    const { url } = await newOrder(c, ['list.example.com']);
    const account_ = (await c.post(c.kid!, '')).body;
    expect((await c.post(account_.orders, '')).body.orders).toEqual([url]);
    const other = await account(mock, 'digicert', fixtureEab.digicertOther);
    const res = await other.post(url, '');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe(problem('unauthorized'));
  });
});

describe('challenges', () => {
  it('dns-01 with a wrong TXT record fails with incorrectResponse; the authorization and the order turn invalid', async () => {
    const c = await account(mock);
    const { order, url } = await newOrder(c, ['wrong-txt.example.com']);
    const authz = (await c.post(order.authorizations[0], '')).body;
    await control().post('/api/dns/records', { name: '_acme-challenge.wrong-txt.example.com', type: 'TXT', data: 'not-the-digest' });
    const ch = authz.challenges.find((x: { type: string }) => x.type === 'dns-01');
    const res = await c.post(ch.url, {});
    expect(res.headers.get('link')).toContain('rel="up"');
    expect(res.body).toMatchObject({ status: 'invalid', error: { type: problem('incorrectResponse') } });
    expect((await c.post(order.authorizations[0], '')).body.status).toBe('invalid');
    expect((await c.post(url, '')).body.status).toBe('invalid');
  });

  it('dns-01 without any record fails with dns; http-01 and tls-alpn-01 with nothing listening fail with connection', async () => {
    const c = await account(mock);
    const { order } = await newOrder(c, ['nothing.example.com']);
    const authz = (await c.post(order.authorizations[0], '')).body;
    const http = authz.challenges.find((x: { type: string }) => x.type === 'http-01');
    expect((await c.post(http.url, {})).body.error.type).toBe(problem('connection'));
    const third = await newOrder(c, ['nothing3.example.com']);
    const tls = (await c.post(third.order.authorizations[0], '')).body.challenges.find((x: { type: string }) => x.type === 'tls-alpn-01');
    expect((await c.post(tls.url, {})).body.error.type).toBe(problem('connection'));
    const second = await newOrder(c, ['nothing2.example.com']);
    const dns = (await c.post(second.order.authorizations[0], '')).body.challenges.find((x: { type: string }) => x.type === 'dns-01');
    expect((await c.post(dns.url, {})).body.error.type).toBe(problem('dns'));
  });
});

describe('finalize', () => {
  it('before the authorizations are valid: orderNotReady', async () => {
    const c = await account(mock);
    const { order } = await newOrder(c, ['early.example.com']);
    const res = await c.post(order.finalize, { csr: (await csrFor(['early.example.com'])).csr });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe(problem('orderNotReady'));
  });

  it('a CSR for other names, an undecodable CSR, or the account key in the CSR: badCSR', async () => {
    const c = await account(mock);
    const { order } = await newOrder(c, ['csr.example.com']);
    await passDns01(mock, c, order);
    expect((await c.post(order.finalize, { csr: (await csrFor(['other.example.com'])).csr })).body.type).toBe(problem('badCSR'));
    expect((await c.post(order.finalize, { csr: b64u('garbage') })).body.type).toBe(problem('badCSR'));
  });

  it('issues a normal DigiCert order: the chain verifies, the REST API shows it issued, an alternate chain adds the root', async () => {
    const c = await account(mock);
    const { chain, order } = await issued(mock, c, ['rest.example.com', 'www.rest.example.com']);
    expect(opensslVerify(chain, root)).toContain('OK');
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const download = await c.post(order.certificate, '');
    expect(download.headers.get('content-type')).toBe('application/pem-certificate-chain');
    const alternate = download.headers.get('link')!.match(/<([^>]+)>;rel="alternate"/)![1];
    const full = (await c.post(alternate, '')).text;
    expect(full.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(opensslVerify(full, root)).toContain('OK');
    const dc = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-demo-key' });
    const list = (await dc.get('/order/certificate?filters[common_name]=rest.example.com')).body.orders;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'issued', product: { name_id: 'ssl_dv_geotrust_flex' } });
    expect(list[0].certificate.serial_number.toLowerCase()).toBe(serialOf(chain));
    // The other DigiCert account does not see it.
    const other = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-other-key' });
    const theirs = await other.get('/order/certificate');
    expect(theirs.status).toBe(200);
    expect(JSON.stringify(theirs.body)).not.toContain('rest.example.com');
  });

  it('two finalize requests at once make one vendor order: the other is orderNotReady', async () => {
    const c = await account(mock);
    const { order } = await newOrder(c, ['twice.example.com']);
    await passDns01(mock, c, order);
    const { csr } = await csrFor(['twice.example.com']);
    const answers = await Promise.all([c.post(order.finalize, { csr }), c.post(order.finalize, { csr })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
    expect(answers.find((a) => a.status === 403)!.body.type).toBe(problem('orderNotReady'));
    expect(mock.server.ctx.store.allOrders().filter((o) => o.commonName === 'twice.example.com')).toHaveLength(1);
  });

  it('a *.pending.test order stays processing with Retry-After until the control API issues it', async () => {
    const c = await account(mock);
    const { order, url } = await newOrder(c, ['a.pending.test']);
    await passDns01(mock, c, order);
    const fin = await c.post(order.finalize, { csr: (await csrFor(['a.pending.test'])).csr });
    expect(fin.body.status).toBe('processing');
    expect(fin.headers.get('retry-after')).toBe('1');
    expect((await c.post(url, '')).body.status).toBe('processing');
    const core = mock.server.ctx.store.allOrders().find((o) => o.commonName === 'a.pending.test')!;
    expect((await control().post(`/api/orders/digicert/${core.publicId}/issue`, {})).status).toBe(200);
    const done = (await c.post(url, '')).body;
    expect(done.status).toBe('valid');
    expect(done.certificate).toBeTruthy();
  });

  it('a *.reject.test order is invalid after finalize (the CA rejected it)', async () => {
    const c = await account(mock);
    const { order, url } = await newOrder(c, ['b.reject.test']);
    await passDns01(mock, c, order);
    await c.post(order.finalize, { csr: (await csrFor(['b.reject.test'])).csr });
    const after = (await c.post(url, '')).body;
    expect(after.status).toBe('invalid');
    expect(after.error.type).toBe(problem('rejectedIdentifier'));
  });
});

describe('CAA', () => {
  it.each([
    ['digicert', 'a.caa-blocked.test'],
    ['sectigo', 'b.caa-blocked.test'],
  ] as const)('%s: a name whose CAA names another CA (*.caa-blocked.test) ends in an invalid order with the caa problem', async (vendor, name) => {
    const c = await account(mock, vendor);
    const { order, url } = await newOrder(c, [name]);
    await passDns01(mock, c, order);
    const fin = await c.post(order.finalize, { csr: (await csrFor([name])).csr });
    const after = (await c.post(url, '')).body;
    expect(after.status, fin.text).toBe('invalid');
    expect(after.error.type).toBe(problem('caa'));
  });
});

describe('revokeCert', () => {
  it('by the account key: the REST API, the control API and a second revocation (alreadyRevoked) all see it', async () => {
    const c = await account(mock);
    const { chain } = await issued(mock, c, ['revoke.example.com']);
    const res = await c.post(c.directory.revokeCert, { certificate: derOf(chain), reason: 4 });
    expect(res.status).toBe(200);
    const status = (await control().get(`/api/certificates/${serialOf(chain)}`)).body;
    expect(JSON.stringify(status)).toMatch(/revoked/i);
    const dc = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-demo-key' });
    expect((await dc.get('/order/certificate?filters[common_name]=revoke.example.com')).body.orders[0].status).toBe('revoked');
    const again = await c.post(c.directory.revokeCert, { certificate: derOf(chain) });
    expect(again.body.type).toBe(problem('alreadyRevoked'));
  });

  it("refuses another vendor account's key, an unknown reason and a certificate this CA did not issue", async () => {
    const c = await account(mock);
    const { chain } = await issued(mock, c, ['guarded.example.com']);
    const other = await account(mock, 'digicert', fixtureEab.digicertOther);
    expect((await other.post(other.directory.revokeCert, { certificate: derOf(chain) })).body.type).toBe(problem('unauthorized'));
    expect((await c.post(c.directory.revokeCert, { certificate: derOf(chain), reason: 7 })).body.type).toBe(problem('badRevocationReason'));
    const foreign = await c.post(c.directory.revokeCert, { certificate: derOf(root) });
    expect(foreign.status).toBe(404);
    const sectigo = await account(mock, 'sectigo');
    expect((await sectigo.post(sectigo.directory.revokeCert, { certificate: derOf(chain) })).status).toBe(404);
  });
});

describe('revocation through the vendor APIs', () => {
  it('DigiCert PUT /order/certificate/{id}/revoke (skip_approval) is seen by ACME: the order URL is the DigiCert order, revokeCert says alreadyRevoked', async () => {
    const c = await account(mock);
    const { chain, url } = await issued(mock, c, ['rest-revoke.example.com']);
    const orderId = url.split('/').pop()!;
    const dc = httpClient(`${mock.urls.digicert}/services/v2`, { 'x-dc-devkey': 'digicert-demo-key' });
    const revoked = await dc.put(`/order/certificate/${orderId}/revoke`, { skip_approval: true, comments: 'through REST' });
    expect(revoked.status, revoked.text).toBe(204);
    expect((await c.post(c.directory.revokeCert, { certificate: derOf(chain) })).body.type).toBe(problem('alreadyRevoked'));
    expect((await control().get(`/api/certificates/${serialOf(chain)}`)).text).toMatch(/revoked/i);
  });

  it("Sectigo autoRevokeCertificate of an ACME order's number revokes the certificate ACME issued", async () => {
    const c = await account(mock, 'sectigo');
    const { chain, url } = await issued(mock, c, ['sectigo-revoke.example.org']);
    const form = new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber: url.split('/').pop()!, revocationReason: 'key compromise', responseFormat: '1' });
    const res = await fetch(`${mock.urls.sectigo}/products/!autoRevokeCertificate`, { method: 'POST', body: form });
    expect(new URLSearchParams(await res.text()).get('errorCode')).toBe('0');
    expect((await c.post(c.directory.revokeCert, { certificate: derOf(chain) })).body.type).toBe(problem('alreadyRevoked'));
  });
});

describe('renewalInfo (ARI)', () => {
  it('suggests the last third of the lifetime, with Retry-After; after revocation a window in the past', async () => {
    const c = await account(mock);
    const { chain } = await issued(mock, c, ['ari.example.com']);
    const x = new X509Certificate(leafOf(chain));
    const { x509 } = await import('../../src/ca/x509.js');
    const aki = new x509.X509Certificate(leafOf(chain)).getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId!;
    const certId = `${Buffer.from(aki, 'hex').toString('base64url')}.${Buffer.from(x.serialNumber, 'hex').toString('base64url')}`;
    const res = await fetch(`${c.directory.renewalInfo}/${certId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBe('21600');
    const { suggestedWindow } = await res.json();
    const start = Date.parse(suggestedWindow.start);
    expect(start).toBeGreaterThan(Date.parse(x.validFrom));
    expect(Date.parse(suggestedWindow.end)).toBeLessThan(Date.parse(x.validTo));
    await c.post(c.directory.revokeCert, { certificate: derOf(chain) });
    const after = await (await fetch(`${c.directory.renewalInfo}/${certId}`)).json();
    expect(Date.parse(after.suggestedWindow.end)).toBeLessThan(Date.parse((await control().get('/api/clock')).body.now));
    expect((await fetch(`${c.directory.renewalInfo}/AAAA.AAAA`)).status).toBe(404);
    // The replacement order names it (RFC 9773 replaces): it becomes a renewal of the old vendor order.
    const next = await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'ari.example.com' }], replaces: certId });
    expect(next.status).toBe(201);
    expect(next.body.replaces).toBe(certId);
    await passDns01(mock, c, next.body);
    await c.post(next.body.finalize, { csr: (await csrFor(['ari.example.com'])).csr });
    const [first, renewal] = mock.server.ctx.store.allOrders().filter((o) => o.commonName === 'ari.example.com');
    expect(renewal.renewalOf).toBe(first.id);
    expect((await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'ari.example.com' }], replaces: 'AAAA.AAAA' })).body.type).toBe(problem('malformed'));
    expect((await fetch(`${c.directory.renewalInfo}/nodot`)).status).toBe(400);
  });
});
