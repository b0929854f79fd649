import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import type { MockCaHandle } from '../../../src/index.js';
import { openssl, opensslVerify, pemBlocks } from '../../support/openssl.js';
import { startTestServer } from '../../support/server.js';
import { control, order, orderIssued, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const der = (b64: string) => new x509.X509Certificate(Buffer.from(b64, 'base64'));
const armour = (b64: string) => `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
const collect = (form: Record<string, string | undefined>) => api.call('CollectSSL', { responseFormat: '1', ...form });

describe('CollectSSL status codes', () => {
  it('0 while validation is pending, then 1 (queryType=0) / 2 (with data) once issued', async () => {
    const { orderNumber } = await order(api);
    expect((await collect({ orderNumber, queryType: '0', showStatusDetails: 'Y' })).fields).toEqual({ errorCode: '0', orderNumber, certificateStatus: 'Awaiting Validation' });
    expect((await collect({ orderNumber, queryType: '0' })).fields).toEqual({ errorCode: '1', orderNumber });
    expect((await collect({ orderNumber, queryType: '0', showCertificateID: 'Y' })).fields, 'CollectSSL takes no showCertificateID').toMatchObject({ errorCode: '-2', errorItem: 'showCertificateID' });
    expect((await collect({ orderNumber, queryType: '1' })).fields.errorCode).toBe('2');
  });

  it('-26 being issued, -20 rejected, -21 revoked, -22 awaiting payment', async () => {
    const held = await order(api, {}, { commonName: 'shop.pending.test' });
    await control(mock, held.orderNumber, 'approve-dcv');
    expect((await collect({ orderNumber: held.orderNumber, queryType: '0' })).fields).toEqual({ errorCode: '-26', errorMessage: 'The certificate is currently being issued!' });
    await control(mock, held.orderNumber, 'reject');
    expect((await collect({ orderNumber: held.orderNumber, queryType: '0' })).fields).toEqual({ errorCode: '-20', errorMessage: 'The certificate request has been rejected!' });
    await api.call('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x' });
    expect((await collect({ orderNumber: '10000001', queryType: '1' })).fields).toEqual({ errorCode: '-21', errorMessage: 'The certificate has been revoked!' });
    const { store } = mock.server.ctx;
    const account = store.accountByLogin('sectigo', 'sectigo-prepaid')!;
    store.update('accounts', account.id, { profile: { credit: 0, allowUnpaidOrders: true } });
    const unpaid = await order(sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-prepaid', loginPassword: 'sectigo-prepaid-password' }));
    const res = await sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-prepaid', loginPassword: 'sectigo-prepaid-password' }).call('CollectSSL', {
      orderNumber: unpaid.orderNumber,
      queryType: '0',
    });
    expect(res.text).toBe('-22\nStill awaiting payment!\n');
  });

  it('status flags, validity period, FQDN, certificate ID and MDC details on request', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await collect({
      orderNumber,
      queryType: '0',
      showExtStatus: 'Y',
      showValidityPeriod: 'Y',
      showFQDN: 'Y',
      showStatusDetails: 'Y',
      showMDCDomainDetails: 'Y',
      showMDCDomainDetails2: 'Y',
    });
    expect(res.fields).toMatchObject({
      errorCode: '1',
      orderNumber,
      certificateStatus: 'Issued',
      fqdn: 'shop.example.org',
      validationStatus: '1',
      csrStatus: '1',
      dcvStatus: '1',
      ovCallBackStatus: '-1',
      organizationValidationStatus: '-1',
      freeDVUPStatus: '-1',
      brandValStatus: '-1',
      mdcDomainDetails: 'shop.example.org|HTTP_CSR_HASH|Validated',
    });
    expect(res.fields.evClickThroughStatus, 'Sectigo leaves it out for non-EV orders').toBeUndefined();
    expect(res.fields.mdcDomainDetails2).toMatch(/^shop\.example\.org\|HTTP_CSR_HASH\|Validated\|http:\/\/shop\.example\.org\/\.well-known\/pki-validation\/[0-9A-F]{32}\.txt$/);
    const notBefore = Number(res.fields.notBefore);
    expect(Number(res.fields.notAfter) - notBefore).toBeGreaterThan(100 * 86400);
    expect(Math.abs(notBefore * 1000 - Date.now())).toBeLessThan(120_000);
  });

  it('looks a certificate up by certificateID too; exactly one of the three', async () => {
    const { certificateID } = await orderIssued(api);
    expect((await collect({ certificateID, queryType: '0' })).fields.errorCode).toBe('1');
    expect((await collect({ certificateID, orderNumber: '10000001', queryType: '0' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'certificateID' });
  });
});

describe('CollectSSL data: every queryType, responseType and responseEncoding', () => {
  it('queryType=1 responseType=3: bare Base64 leaf and one caCertificate per chain certificate, root side first, verified by openssl', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await collect({ orderNumber, queryType: '1', responseType: '3' });
    expect(res.fields.errorCode).toBe('2');
    const leaf = res.fields.certificate as string;
    const chain = res.fields.caCertificate as string[];
    expect(chain).toHaveLength(2);
    for (const b64 of [leaf, ...chain]) expect(b64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // root side first: the first one is self-signed, the second is issued by it
    const [root, intermediate] = chain.map(der);
    expect(root.subject).toBe(root.issuer);
    expect(intermediate.issuer).toBe(root.subject);
    expect(root.subject).toBe(new x509.X509Certificate(mock.ca.rootPem).subject);
    // what both public clients do: reverse to leaf-to-root, wrap in PEM armour
    const [rootPem, intermediatePem] = chain.map(armour);
    const verified = opensslVerify(rootPem, intermediatePem, armour(leaf), ['-purpose', 'sslserver']);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
    const cert = der(leaf);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)!.names.items.map((n) => n.value)).toEqual(['shop.example.org']);
  });

  it('queryType=2 is the leaf only, queryType=3 the chain only; responseType 0-2 need queryType=1', async () => {
    const { orderNumber } = await orderIssued(api);
    const leafOnly = await collect({ orderNumber, queryType: '2' });
    expect(der(leafOnly.fields.certificate as string).subject).toBe('CN=shop.example.org');
    expect(leafOnly.fields.caCertificate).toBeUndefined();
    const chainOnly = await collect({ orderNumber, queryType: '3', responseType: '3' });
    expect(chainOnly.fields.certificate).toBeUndefined();
    expect(chainOnly.fields.caCertificate).toHaveLength(2);
    expect((await collect({ orderNumber, queryType: '2', responseType: '0' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'responseType' });
  });

  it('responseType=0 is a ZIP (base64) with the .crt and the .ca-bundle', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await collect({ orderNumber, queryType: '1', responseType: '0' });
    const zip = Buffer.from(res.fields.zipFile as string, 'base64');
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.includes(Buffer.from('shop_example_org.crt'))).toBe(true);
    expect(zip.includes(Buffer.from('shop_example_org.ca-bundle'))).toBe(true);
  });

  it('responseType=2 is PKCS#7 that openssl reads back as leaf + chain; responseType=1 a Netscape sequence', async () => {
    const { orderNumber } = await orderIssued(api);
    const p7 = await collect({ orderNumber, queryType: '1', responseType: '2' });
    const der = Buffer.from(p7.fields.pkcs7 as string, 'base64');
    const printed = openssl(['pkcs7', '-inform', 'DER', '-in', '{p7.der}', '-print_certs'], { 'p7.der': der });
    expect(printed.status).toBe(0);
    expect(pemBlocks(printed.stdout)).toHaveLength(3);
    const ns = await collect({ orderNumber, queryType: '1', responseType: '1' });
    const seq = Buffer.from(ns.fields.netscapeCertificateSequence as string, 'base64');
    const parsed = openssl(['asn1parse', '-inform', 'DER', '-in', '{ns.der}'], { 'ns.der': seq });
    expect(parsed.stdout).toContain('Netscape Certificate Sequence');
  });

  it('responseEncoding=1 sends the bytes themselves (ZIP or PKCS#7), with responseMimeType when given', async () => {
    const { orderNumber } = await orderIssued(api);
    const zip = await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber, queryType: '1', responseType: '0', responseEncoding: '1' }),
    });
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const p7 = await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        loginName: 'sectigo-demo',
        loginPassword: 'sectigo-demo-password',
        orderNumber,
        queryType: '1',
        responseType: '2',
        responseEncoding: '1',
        responseMimeType: 'application/x-pkcs7-certificates',
      }),
    });
    expect(p7.headers.get('content-type')).toBe('application/x-pkcs7-certificates');
    const printed = openssl(['pkcs7', '-inform', 'DER', '-in', '{p7.der}', '-print_certs'], { 'p7.der': Buffer.from(await p7.arrayBuffer()) });
    expect(pemBlocks(printed.stdout)).toHaveLength(3);
    expect((await collect({ orderNumber, queryType: '1', responseType: '3', responseEncoding: '1' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'responseEncoding' });
  });

  it('newline mode (default): status line, key<TAB>value lines, then the chain root side first and the leaf last, bare Base64', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await api.call('CollectSSL', { orderNumber, queryType: '1', responseType: '3', showStatusDetails: 'Y' });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.lines).toHaveLength(5);
    expect(res.lines.slice(0, 2)).toEqual(['2', 'certificateStatus\tIssued']);
    const [root, intermediate, leaf] = res.lines.slice(2).map(der);
    expect(root.subject).toBe(root.issuer);
    expect(intermediate.issuer).toBe(root.subject);
    expect(leaf.issuer).toBe(intermediate.subject);
    expect(leaf.subject).toBe('CN=shop.example.org');
  });

  it('newline mode: showValidityPeriod and showFQDN are positional lines (values alone) after the status', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await api.call('CollectSSL', { orderNumber, queryType: '0', showValidityPeriod: 'Y', showFQDN: 'Y' });
    expect(res.lines).toHaveLength(4);
    const [code, notBefore, notAfter, fqdn] = res.lines;
    expect(code).toBe('1');
    expect(notBefore).toMatch(/^\d{10}$/);
    expect(Number(notAfter)).toBeGreaterThan(Number(notBefore));
    expect(fqdn).toBe('shop.example.org');
    const withChain = await api.call('CollectSSL', { orderNumber, queryType: '2', showFQDN: 'Y' });
    expect(withChain.lines.slice(0, 2)).toEqual(['2', 'shop.example.org']);
    expect(der(withChain.lines[2]).subject).toBe('CN=shop.example.org');
  });

  it('a fixture order that exists from the start is collectable at once', async () => {
    const res = await collect({ orderNumber: '10000001', queryType: '1', responseType: '3' });
    expect(res.fields.errorCode).toBe('2');
    expect(opensslVerify(mock.ca.rootPem, mock.ca.intermediatePem, armour(res.fields.certificate as string)).ok).toBe(true);
  });
});
