import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { openssl, pemBlocks } from '../../support/openssl.js';
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
