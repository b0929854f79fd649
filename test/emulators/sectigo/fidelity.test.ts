import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { x509 } from '../../../src/ca/x509.js';
import { openssl, opensslVerify, pemBlocks } from '../../support/openssl.js';
import { startTestServer } from '../../support/server.js';
import { makeCsr } from '../../support/csr.js';
import { applyForm, orderIssued, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const armourCert = (b64: string) => `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

describe('argument names are case-insensitive, as in Sectigo’s own samples', () => {
  it('RESPONSETYPE=2 and RESPONSEENCODING=1 (the CollectMC sample’s spelling) send the PKCS#7 bytes', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber, QUERYTYPE: '1', RESPONSETYPE: '2', RESPONSEENCODING: '1' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkcs7-mime');
    const printed = openssl(['pkcs7', '-inform', 'DER', '-in', '{p7.der}', '-print_certs'], { 'p7.der': Buffer.from(await res.arrayBuffer()) });
    expect(printed.status).toBe(0);
    expect(pemBlocks(printed.stdout)).toHaveLength(3);
  });

  it('responseformat=1 answers URL-encoded; an unknown name in any case is still -2', async () => {
    const res = await api.call('AutoApplySSL', { ...(await applyForm()), responseFormat: undefined, responseformat: '1', ProDuct: '287', product: undefined });
    expect(res.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(res.fields).toMatchObject({ errorCode: '0', totalCost: '49.00' });
    const bad = await api.call('CollectSSL', { orderNumber: '10000001', queryType: '0', responseFormat: '1', COLOUR: 'red' });
    expect(bad.fields).toEqual({ errorCode: '-2', errorMessage: "'COLOUR' is an unrecognised argument!", errorItem: 'COLOUR' });
  });
});

describe('product codes of the AutoApplyOrder “SSL certificates” page', () => {
  const single = ['330', '488', '448', '749', '556', '567', '562'];
  const wildcard = ['331', '750'];
  const multi = ['557', '568', '751', '563'];
  const ev = new Set(['556', '557', '567', '568', '562', '563']);

  it.each([...single, ...wildcard, ...multi])('product %s is orderable and issues with its validation level', async (product) => {
    const commonName = wildcard.includes(product) ? '*.shop.example.org' : 'shop.example.org';
    const extra = multi.includes(product) ? { domainNames: 'shop.example.org,api.example.org' } : {};
    const placed = await api.call('AutoApplySSL', await applyForm({ product, ...extra }, { commonName }));
    expect(placed.fields).toMatchObject({ errorCode: '0', orderNumber: expect.stringMatching(/^\d+$/) });
    const orderNumber = placed.fields.orderNumber as string;
    const level = mock.server.ctx.store.orderByVendorId('sectigo', orderNumber)!.level;
    expect(level).toBe(ev.has(product) ? 'ev' : product === '448' || ['330', '331', '488', '749', '750', '751'].includes(product) ? 'dv' : 'ov');
    const status = await api.call('GetDetailedOrderStatus', { orderNumber, queryType: '1' });
    expect(status.fields).toMatchObject({ errorCode: '0', product });
  });

  it('567 and 568 are InstantSSL EV (not OV multi-domain / wildcard)', async () => {
    const placed = await api.call('AutoApplySSL', await applyForm({ product: '567' }));
    const status = await api.call('GetDetailedOrderStatus', { orderNumber: placed.fields.orderNumber as string, queryType: '1' });
    expect(status.fields.productName).toBe('InstantSSL EV');
  });
});

describe('days: up to 90 additional days are free', () => {
  it.each([
    ['365', '49.00'],
    ['455', '49.00'],
    ['456', '98.00'],
    ['730', '98.00'],
    ['820', '98.00'],
    ['821', '147.00'],
  ])('days=%s of PositiveSSL costs %s', async (days, totalCost) => {
    const res = await api.call('AutoApplySSL', await applyForm({ days }));
    expect(res.fields).toMatchObject({ errorCode: '0', totalCost });
  });
});

describe('DecodeCSR countryNameType', () => {
  it('FULLNAME answers the full country name, TWOCHAR (and no value) the two-letter code', async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org', subject: 'CN=shop.example.org, O=Example KK, C=JP' });
    const full = await api.call('DecodeCSR', { csr, countryNameType: 'FULLNAME' });
    expect(full.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(full.lines[0]).toBe('0');
    expect(full.lines).toContain('Country\tJapan');
    const two = await api.call('DecodeCSR', { csr, countryNameType: 'TWOCHAR', responseFormat: '1' });
    expect(two.fields).toMatchObject({ errorCode: '0', C: 'JP' });
    expect((await api.call('DecodeCSR', { csr, countryNameType: 'FULLNAME', responseFormat: '1' })).fields.C).toBe('Japan');
  });
});

describe('email DCV: the DCV email goes to the outbox with a working link', () => {
  const outbox = async (orderNumber: string) =>
    ((await (await fetch(`${mock.urls.control}/api/outbox?vendor=sectigo&order_id=${orderNumber}`)).json()) as { messages: { to: string; kind: string; link: string; body: string; token: string }[] }).messages;

  it('AutoApplySSL with dcvMethod=EMAIL sends it; following the link validates the domain and the order issues', async () => {
    const placed = await api.call('AutoApplySSL', await applyForm({ dcvMethod: 'EMAIL', dcvEmailAddress: 'admin@dcv.test' }, { commonName: 'shop.dcv.test' }));
    expect(placed.fields.errorCode).toBe('0');
    const orderNumber = placed.fields.orderNumber as string;
    const [message, ...more] = await outbox(orderNumber);
    expect(more).toHaveLength(0);
    expect(message).toMatchObject({ to: 'admin@dcv.test', kind: 'dcv', link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/outbox\/[0-9a-z]+\/approve$/) });
    expect(message.body).toContain(message.link);
    expect((await api.call('CollectSSL', { orderNumber, queryType: '0', responseFormat: '1' })).fields.errorCode).toBe('0');
    const followed = await fetch(message.link);
    expect(followed.status).toBe(200);
    expect(await followed.json()).toMatchObject({ approved: true, vendor: 'sectigo', order_id: orderNumber, validated: ['shop.dcv.test'] });
    const details = await api.call('GetMDCDomainDetails', { orderNumber });
    expect(details.fields).toMatchObject({ errorCode: '0', '1_domainName': 'shop.dcv.test', '1_dcvMethod': 'EMAIL', '1_dcvStatus': 'Validated' });
    expect((await api.call('CollectSSL', { orderNumber, queryType: '0', responseFormat: '1' })).fields.errorCode).toBe('1');
  });

  it('an approver address alone (no dcvMethod) is email DCV too; ResendDCVEmail sends the same working link again', async () => {
    const form = await applyForm({ dcvMethod: undefined, dcvEmailAddress: 'webmaster@dcv.test' }, { commonName: 'shop.dcv.test' });
    const orderNumber = (await api.call('AutoApplySSL', form)).fields.orderNumber as string;
    const [first] = await outbox(orderNumber);
    expect(first.to).toBe('webmaster@dcv.test');
    const resent = await api.call('ResendDCVEmail', { orderNumber, dcvEmailAddress: 'postmaster@dcv.test' });
    expect(resent.text).toBe('errorCode=0');
    const messages = await outbox(orderNumber);
    expect(messages.map((m) => m.to)).toEqual(['webmaster@dcv.test', 'postmaster@dcv.test']);
    expect(messages[1].link).toBe(first.link);
    expect((await fetch(messages[1].link)).status).toBe(200);
    expect((await api.call('GetMDCDomainDetails', { orderNumber })).fields['1_dcvStatus']).toBe('Validated');
  });

  it('a CSR-hash order sends no email', async () => {
    const { orderNumber } = await orderIssued(api);
    expect(await outbox(orderNumber)).toEqual([]);
  });
});

describe('IDNs: punycode is a domain name like any other, Unicode is refused with Sectigo’s code (never a 500)', () => {
  it('AutoApplySSL takes the punycode CN (xn--r8jz45g.jp) and issues for it', async () => {
    const placed = await api.call('AutoApplySSL', await applyForm({}, { commonName: 'xn--r8jz45g.jp' }));
    expect(placed.fields.errorCode).toBe('0');
    const details = await api.call('GetMDCDomainDetails', { orderNumber: placed.fields.orderNumber as string });
    expect(details.fields['1_domainName']).toBe('xn--r8jz45g.jp');
  });

  it('a Unicode CN (例え.jp) is -4 on csr for AutoApplySSL and -25 for DecodeCSR', async () => {
    const csr = await makeCsr({ commonName: '例え.jp' });
    const res = await api.call('AutoApplySSL', await applyForm({ csr }));
    expect(res.status).toBe(200);
    expect(res.fields).toEqual({ errorCode: '-4', errorMessage: "The value of the 'csr' argument is invalid!", errorItem: 'csr' });
    const decoded = await api.call('DecodeCSR', { csr });
    expect(decoded.status).toBe(200);
    expect(decoded.lines).toEqual(['-25', "The CSR's Common Name may only contain the characters A-Z, a-z, 0-9, '.', '-' and '*'!"]);
  });

  it('a Unicode name in domainNames or GetDCVEmailAddressList is -4 on that argument', async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'shop.example.org,例え.jp' }));
    expect(res.fields).toMatchObject({ errorCode: '-4', errorItem: 'domainNames' });
    const list = await api.call('GetDCVEmailAddressList', { domainName: '例え.jp', responseFormat: '2' });
    expect(list.status).toBe(200);
    expect(list.json).toEqual({ errorCode: -4, errorMessage: "The value of the 'domainName' argument is invalid!", errorItem: 'domainName' });
    const puny = await api.call('GetDCVEmailAddressList', { domainName: 'xn--r8jz45g.jp', responseFormat: '2' });
    expect(puny.json).toMatchObject({ errorCode: 0, domain_name: 'xn--r8jz45g.jp' });
  });
});

describe('IDNs in the CSR’s SANs', () => {
  it('a Unicode SAN never makes a 500: AutoApplyOrder refuses it (-162, not in domainNames), DecodeCSR lists it', async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org', dnsNames: ['shop.example.org', '例え.jp'] });
    const placed = await api.call('AutoApplyOrder', await applyForm({ product: '279', csr, isCustomerValidated: 'N', domainNames: 'shop.example.org' }));
    expect(placed.status).toBe(200);
    expect(placed.fields).toMatchObject({ errorCode: '-162' });
    const decoded = await api.call('DecodeCSR', { csr, responseFormat: '1' });
    expect(decoded.status).toBe(200);
    expect(decoded.fields.errorCode).toBe('0');
  });
});

describe('test=Y orders are signed by an untrusted test chain', () => {
  it('the certificate and CollectSSL’s chain are the test chain: it verifies against its own root, not the emulator root', async () => {
    const { orderNumber } = await orderIssued(api, { test: 'Y' });
    const res = await api.call('CollectSSL', { orderNumber, queryType: '1', responseType: '3', responseFormat: '1' });
    expect(res.fields.errorCode).toBe('2');
    const [root, intermediate] = (res.fields.caCertificate as string[]).map(armourCert);
    const leaf = armourCert(res.fields.certificate as string);
    expect(new x509.X509Certificate(root).subject).toContain('UNTRUSTED TEST CHAIN');
    expect(new x509.X509Certificate(leaf).issuer).toBe(new x509.X509Certificate(intermediate).subject);
    expect(opensslVerify(root, intermediate, leaf).ok).toBe(true);
    expect(opensslVerify(mock.ca.rootPem, mock.ca.intermediatePem, leaf).ok).toBe(false);
    const p7 = await api.call('CollectSSL', { orderNumber, queryType: '1', responseType: '2', responseFormat: '1' });
    const printed = openssl(['pkcs7', '-inform', 'DER', '-in', '{p7.der}', '-print_certs'], { 'p7.der': Buffer.from(p7.fields.pkcs7 as string, 'base64') });
    expect(printed.stdout).toContain('UNTRUSTED TEST CHAIN');
  });

  it('an order without test=Y keeps the emulator chain', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await api.call('CollectSSL', { orderNumber, queryType: '1', responseType: '3', responseFormat: '1' });
    const leaf = armourCert(res.fields.certificate as string);
    expect(opensslVerify(mock.ca.rootPem, mock.ca.intermediatePem, leaf).ok).toBe(true);
  });
});
