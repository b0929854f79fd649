import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { startTestServer } from '../../support/server.js';
import { applyForm, coreOrder, order, orderIssued, prepaid, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('GetDetailedOrderStatus', () => {
  it('queryType=0: order and certificate status, URL-encoded by default', async () => {
    const { orderNumber, certificateID } = await order(api);
    const res = await api.call('GetDetailedOrderStatus', { orderNumber });
    expect(res.fields).toEqual({
      errorCode: '0',
      orderNumber,
      certificateID,
      orderStatus: 'Active',
      certificateStatus: 'Awaiting Validation',
      certificateStatusCode: '1',
    });
  });

  it('queryType=1 adds the details, queryType=2 the replacement certificates; JSON with responseFormat=2', async () => {
    const { orderNumber } = await orderIssued(api);
    await api.call('AutoReplaceSSL', { orderNumber, csr: await makeCsr({ commonName: 'shop.example.org' }), dcvMethod: 'HTTP_CSR_HASH' });
    const res = await api.call('GetDetailedOrderStatus', { orderNumber, queryType: '2', showValidityPeriod: 'Y', responseFormat: '2' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toMatchObject({
      errorCode: 0,
      orderNumber,
      orderStatus: 'Active',
      product: '287',
      productName: 'PositiveSSL DV',
      commonName: 'shop.example.org',
      dcvMethod: 'HTTP_CSR_HASH',
      totalCost: '49.00',
      test: 'N',
      replacementCount: 1,
      '1_certificateStatus': expect.stringMatching(/Awaiting Validation|Issued/),
    });
    const certs = coreOrder(mock, orderNumber).certificates;
    expect(res.json['1_certificateID']).toBe(certs[1].publicId);
  });

  it('by certificateID, with the validity period once issued', async () => {
    const { certificateID } = await orderIssued(api);
    const res = await api.call('GetDetailedOrderStatus', { certificateID, showValidityPeriod: 'Y', queryType: '1' });
    expect(res.fields).toMatchObject({ certificateStatus: 'Issued', dcvStatus: '1' });
    expect(res.fields.notAfter).toMatch(/^\d{10}$/);
    expect(res.fields.serialNumber).toMatch(/^[0-9A-F]+$/);
  });
});

describe('WebHostReport', () => {
  it('lists the account’s orders with n_ and n_m_ fields', async () => {
    const { orderNumber, certificateID } = await orderIssued(api, { foreignOrderNumber: 'PO-77' });
    const res = await api.call('WebHostReport', { orderNumber });
    expect(res.fields).toMatchObject({
      errorCode: '0',
      noOfResults: '1',
      '1_orderNumber': orderNumber,
      '1_orderStatus': 'Active',
      '1_validationStatus': 'Validated',
      '1_1_type': 'PositiveSSL DV',
      '1_1_domain': 'shop.example.org',
      '1_1_status': 'Issued',
      '1_1_certificateID': certificateID,
      '1_1_keySize': '256',
      '1_1_signatureAlgorithm': 'ecdsa-with-SHA256',
      '1_1_webServerSoftware': '-1',
    });
    expect(res.fields['1_dateTime']).toMatch(/^\d{10}$/);
    expect(res.fields['1_1_serialNumber']).toMatch(/^[0-9A-F]+$/);
    expect((await api.call('WebHostReport', { foreignOrderNumber: 'PO-77' })).fields['1_orderNumber']).toBe(orderNumber);
  });

  it('filters by fqdn (_ and % wildcards), certificate ID, status, time; pages with firstResultNo/lastResultNo', async () => {
    const a = await order(api, {}, { commonName: 'alpha.example.org' });
    const b = await orderIssued(api, {}, { commonName: 'beta.example.org' });
    const c = await order(api, {}, { commonName: 'gamma.example.net' });
    const numbers = (fields: Record<string, string | string[]>) =>
      Object.entries(fields)
        .filter(([k]) => /^\d+_orderNumber$/.test(k))
        .map(([, v]) => v);
    expect(numbers((await api.call('WebHostReport', { fqdn: '%.example.org' })).fields)).toEqual([a.orderNumber, b.orderNumber]);
    expect(numbers((await api.call('WebHostReport', { fqdn: '_eta.example.org' })).fields)).toEqual([b.orderNumber]);
    expect(numbers((await api.call('WebHostReport', { certificateID: `${c.certificateID},${a.certificateID}` })).fields)).toEqual([a.orderNumber, c.orderNumber]);
    expect(numbers((await api.call('WebHostReport', { certificateStatusNames: 'Issued' })).fields)).toEqual(['10000001', b.orderNumber]);
    expect(numbers((await api.call('WebHostReport', { certificateStatusCodes: '1' })).fields)).toEqual([a.orderNumber, c.orderNumber]);
    const page = await api.call('WebHostReport', { firstResultNo: '2', lastResultNo: '3' });
    expect(page.fields.noOfResults).toBe('2');
    expect(numbers(page.fields)).toEqual([a.orderNumber, b.orderNumber]);
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await api.call('WebHostReport', { notBefore: String(future) })).fields.noOfResults).toBe('0');
    expect((await api.call('WebHostReport', { firstResultNo: '3', lastResultNo: '2' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'lastResultNo' });
  });

  it('showStatusDetails adds the n_m_ status flags; responseFormat=0 is key<TAB>value lines', async () => {
    const res = await api.call('WebHostReport', { orderNumber: '10000001', showStatusDetails: 'Y', responseFormat: '0' });
    expect(res.lines).toContain('noOfResults\t1');
    expect(res.lines).toContain('1_1_dcvStatus\t1');
    expect(res.lines).toContain('1_1_ovCallBackStatus\t-1');
    expect(res.lines).toContain('1_1_domain\texample.com');
  });
});

describe('AutoRefund', () => {
  it('refunds a single-domain order: cancelled, the certificate revoked, credit returned; again is -18', async () => {
    const pp = sectigoClient(mock.urls.sectigo, prepaid);
    const { orderNumber } = await orderIssued(pp);
    const credit = () => mock.server.ctx.store.accountByLogin('sectigo', 'sectigo-prepaid')!.profile.credit;
    expect(credit()).toBe(51);
    const res = await pp.call('AutoRefund', { orderNumber, refundReasonCode: '10' });
    expect(res.text).toBe('0\n');
    expect(credit()).toBe(100);
    const { order: o, certificates } = coreOrder(mock, orderNumber);
    expect(o.state).toBe('cancelled');
    expect(o.meta).toMatchObject({ refunded: true, refundReasonCode: 10 });
    expect(certificates[0].status).toBe('revoked');
    expect((await pp.call('AutoRefund', { orderNumber, refundReasonCode: '10', responseFormat: '1' })).fields).toEqual({
      errorCode: '-18',
      errorMessage: 'This order has already been refunded',
    });
  });

  it('reason codes are 1..11; a cancelled order is -20; multi-domain -54; after 30 days -69', async () => {
    const placed = await order(api);
    expect((await api.call('AutoRefund', { orderNumber: placed.orderNumber, refundReasonCode: '12', responseFormat: '1' })).fields).toMatchObject({
      errorCode: '-4',
      errorItem: 'refundReasonCode',
    });
    await api.call('autoRevokeCertificate', { orderNumber: placed.orderNumber, revocationReason: 'x' });
    expect((await api.call('AutoRefund', { orderNumber: placed.orderNumber, refundReasonCode: '1' })).lines).toEqual(['-20', 'This order has already been cancelled']);
    const md = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'a.example.org' }, { commonName: 'a.example.org' }));
    expect((await api.call('AutoRefund', { orderNumber: md.fields.orderNumber as string, refundReasonCode: '3', responseFormat: '1' })).fields.errorCode).toBe('-54');
    const late = await order(api);
    mock.clock.advance(31 * 86_400_000);
    expect((await api.call('AutoRefund', { orderNumber: late.orderNumber, refundReasonCode: '11', responseFormat: '1' })).fields).toEqual({
      errorCode: '-69',
      errorMessage: 'The refund period for this order has ended!',
    });
  });
});

describe('DecodeCSR', () => {
  it('decodes without a login: Field Name<TAB>value lines; URL-encoded with responseFormat=1', async () => {
    const csr = await makeCsr({ subject: 'CN=shop.example.org, O=Example Org, C=DE', dnsNames: ['shop.example.org', 'www.shop.example.org'] });
    const res = await api.call('DecodeCSR', { csr }, { noLogin: true });
    expect(res.lines).toEqual(
      expect.arrayContaining(['0', 'Common Name\tshop.example.org', 'Organization\tExample Org', 'Country\tDE', 'Key Size\t256', 'SAN DNS Names\tshop.example.org,www.shop.example.org', 'Signature Algorithm\tecdsa-with-SHA256']),
    );
    expect(res.lines[0]).toBe('0');
    const der = Buffer.from(csr.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const hashed = await api.call('DecodeCSR', { csr, showCSRHashes: 'Y', showFieldNames: 'N', showCN: 'N', showAddress: 'N', showPublicKey: 'N', showKeySize: 'N', showSANDNSNames: 'N', showSignatureAlgorithm: 'N' }, { noLogin: true });
    expect(hashed.lines).toEqual([
      '0',
      createHash('md5').update(der).digest('hex').toUpperCase(),
      createHash('sha1').update(der).digest('hex').toUpperCase(),
      createHash('sha256').update(der).digest('hex').toUpperCase(),
    ]);
    const encoded = await api.call('DecodeCSR', { csr, responseFormat: '1' });
    expect(encoded.fields).toMatchObject({ errorCode: '0', CN: 'shop.example.org', O: 'Example Org', KeySize: '256' });
  });

  it('reports the CSR codes: -9, -12, and the common-name codes -23 http://, -24 https://, -25 characters, -19 public IP', async () => {
    const code = async (csr: string) => (await api.call('DecodeCSR', { csr }, { noLogin: true })).lines;
    expect(await code('%%%')).toEqual(['-9', 'The CSR is not valid Base-64 data!']);
    expect((await code(await makeCsr({ key: 'rsa-1024' })))[0]).toBe('-13');
    expect(await code(await makeCsr({ commonName: 'http://shop.example.org' }))).toEqual(['-23', 'The CSR\'s Common Name should not include the "http://" part!']);
    expect((await code(await makeCsr({ commonName: 'https://shop.example.org' })))[0]).toBe('-24');
    expect((await code(await makeCsr({ commonName: 'shop example.org' })))[0]).toBe('-25');
    expect((await code(await makeCsr({ commonName: '8.8.4.4' })))[0]).toBe('-19');
    expect((await api.call('DecodeCSR', { csr: await makeCsr({ commonName: 'shop.example.org' }), product: '289' }, { noLogin: true })).lines[0]).toBe('-6');
  });

  it('showErrorMessages=N leaves the message line out, showErrorCodes=N the code line', async () => {
    expect((await api.call('DecodeCSR', { csr: '%%%', showErrorMessages: 'N' }, { noLogin: true })).text).toBe('-9\n');
    expect((await api.call('DecodeCSR', { csr: '%%%', showErrorCodes: 'N' }, { noLogin: true })).text).toBe('The CSR is not valid Base-64 data!\n');
  });

  it('a login, when sent, must be right', async () => {
    const res = await api.call('DecodeCSR', { csr: await makeCsr(), loginPassword: 'wrong' });
    expect(res.lines[0]).toBe('-16');
  });
});
