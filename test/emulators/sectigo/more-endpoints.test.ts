import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
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

describe('!getAccountBalance', () => {
  it('the documented sample (login only) answers newline text: 0, then account ID, currency, available credit, hard credit limit', async () => {
    const res = await sectigoClient(mock.urls.sectigo, prepaid).call('getAccountBalance');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const [code, accountId, currency, credit, limit] = res.lines;
    expect(res.lines).toHaveLength(5);
    expect(code).toBe('0');
    expect(accountId).toMatch(/^\d+$/);
    expect(currency).toBe('USD');
    expect(credit).toBe('100.00');
    expect(limit).toBe('0.00');
  });

  it('responseFormat=1 is URL-encoded; the credit follows what orders cost', async () => {
    const client = sectigoClient(mock.urls.sectigo, prepaid);
    await order(client);
    const res = await client.call('getAccountBalance', { responseFormat: '1' });
    expect(res.fields).toEqual({ errorCode: '0', accountID: expect.stringMatching(/^\d+$/), currency: 'USD', availableCredit: '51.00', hardCreditLimit: '0.00' });
    expect((await api.call('getAccountBalance', { responseFormat: '1' })).fields).toMatchObject({ errorCode: '0', availableCredit: '0.00', hardCreditLimit: '999999.99' });
  });

  it('wrong login is -16, an extra argument -2', async () => {
    expect((await api.call('getAccountBalance', { loginPassword: 'nope', responseFormat: '1' })).fields).toMatchObject({ errorCode: '-16' });
    expect((await api.call('getAccountBalance', { orderNumber: '1', responseFormat: '1' })).fields).toMatchObject({ errorCode: '-2', errorItem: 'orderNumber' });
  });
});

describe('!AutoRemoveMDCDomain', () => {
  const mdc = async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'shop.example.org,api.example.org,cdn.example.org' }));
    return res.fields.orderNumber as string;
  };

  it('takes a domain off a pending multi-domain order: gone from its names and from GetMDCDomainDetails', async () => {
    const orderNumber = await mdc();
    const before = await api.call('GetMDCDomainDetails', { orderNumber });
    expect([before.fields['1_domainName'], before.fields['2_domainName'], before.fields['3_domainName']]).toEqual(['shop.example.org', 'api.example.org', 'cdn.example.org']);
    const res = await api.call('AutoRemoveMDCDomain', { orderNumber, domainName: 'api.example.org' });
    expect(res.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(res.text).toBe('errorCode=0');
    const after = await api.call('GetMDCDomainDetails', { orderNumber });
    expect(after.fields).toMatchObject({ '1_domainName': 'shop.example.org', '2_domainName': 'cdn.example.org' });
    expect(after.fields['3_domainName']).toBeUndefined();
    expect(coreOrder(mock, orderNumber).certificates[0].dnsNames).toEqual(['shop.example.org', 'cdn.example.org']);
  });

  it('-4 for the common name, a domain not on the order, or a single-domain order; -3 without domainName', async () => {
    const orderNumber = await mdc();
    expect((await api.call('AutoRemoveMDCDomain', { orderNumber, domainName: 'shop.example.org' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'domainName' });
    expect((await api.call('AutoRemoveMDCDomain', { orderNumber, domainName: 'other.example.org' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'domainName' });
    expect((await api.call('AutoRemoveMDCDomain', { orderNumber })).fields).toMatchObject({ errorCode: '-3', errorItem: 'domainName' });
    expect((await api.call('AutoRemoveMDCDomain', { orderNumber: '10000001', domainName: 'www.example.com' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
  });
});

describe('!UpdateUserEvClickThrough', () => {
  it('records the click-through of an EV order: errorCode=0&status=1, and CollectSSL’s evClickThroughStatus turns 1', async () => {
    const held = await order(api, { product: '337' }, { commonName: 'shop.pending.test' });
    const flag = async () => (await api.call('CollectSSL', { orderNumber: held.orderNumber, queryType: '0', showExtStatus: 'Y', responseFormat: '1' })).fields.evClickThroughStatus;
    expect(await flag()).toBe('0');
    const res = await api.call('UpdateUserEvClickThrough', { orderNumber: held.orderNumber });
    expect(res.text).toBe('errorCode=0&status=1');
    expect(await flag()).toBe('1');
  });

  it('-4 on a DV order, -4 on an unknown order number', async () => {
    expect((await api.call('UpdateUserEvClickThrough', { orderNumber: '10000001' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
    expect((await api.call('UpdateUserEvClickThrough', { orderNumber: '999' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
  });
});

describe('endpoints of products mockca does not sell', () => {
  it.each([
    ['CollectMC', '/products/download/CollectMC', { orderNumber: '10000001', RESPONSETYPE: '2', RESPONSEENCODING: '1' }],
    ['CollectSMIME', '/products/download/CollectSMIME', { orderNumber: '10000001', queryType: '1' }],
    ['CollectCCC', '/products/download/CollectCCC', { orderNumber: '10000001', queryType: '1' }],
    ['CollectPAC', '/products/download/CollectPAC', { orderNumber: '10000001', queryType: '1' }],
    ['AutoRevokePAC', '/products/!AutoRevokePAC', { orderNumber: '10000001', revocationReason: 'x' }],
    ['autoRevokeCS', '/products/!autoRevokeCS', { orderNumber: '10000001', revocationReason: 'x' }],
  ])('%s is served (not -14) and an SSL order number is -4 orderNumber, newline text by default', async (endpoint, path, form) => {
    const res = await api.call(endpoint, form, { path });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.lines).toEqual(['-4', "The value of the 'orderNumber' argument is invalid!"]);
  });

  it('CollectCCC/CollectPAC take a collection code instead of a login (-4 collectionCode); without either, -3', async () => {
    const byCode = await api.call('CollectPAC', { collectionCode: 'ABCDEF', queryType: '0', responseFormat: '1' }, { path: '/products/download/CollectPAC', noLogin: true });
    expect(byCode.fields).toEqual({ errorCode: '-4', errorMessage: "The value of the 'collectionCode' argument is invalid!", errorItem: 'collectionCode' });
    const nothing = await api.call('CollectCCC', { queryType: '0', responseFormat: '1' }, { path: '/products/download/CollectCCC', noLogin: true });
    expect(nothing.fields).toMatchObject({ errorCode: '-3', errorItem: 'loginName' });
    expect((await api.call('CollectSMIME', { orderNumber: '1', responseFormat: '1' }, { path: '/products/download/CollectSMIME' })).fields).toMatchObject({ errorCode: '-3', errorItem: 'queryType' });
  });

  it('AutoRevokePAC answers newline text only (responseFormat=1 is -4)', async () => {
    const res = await api.call('AutoRevokePAC', { orderNumber: '10000001', responseFormat: '1' });
    expect(res.lines[0]).toBe('-4');
  });
});

describe('an issued order is untouched by those endpoints', () => {
  it('the SSL order stays collectable after autoRevokeCS named it', async () => {
    const { orderNumber } = await orderIssued(api);
    await api.call('autoRevokeCS', { orderNumber, revocationReason: 'x' });
    expect((await api.call('CollectSSL', { orderNumber, queryType: '0', responseFormat: '1' })).fields.errorCode).toBe('1');
  });
});
