import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { sectigoEndpointNames, type SectigoEndpointName } from '../../../src/emulators/sectigo/endpoints.js';
import { jsonAnswers, sectigoAnswers, sectigoErrorAnswer } from '../../../src/emulators/sectigo/response-schemas.js';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { startTestServer } from '../../support/server.js';
import { applyForm, order, orderIssued, prepaid, sectigoClient, type Form, type SectigoClient, type SectigoResponse } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const paths: Partial<Record<SectigoEndpointName, string>> = {
  CollectMC: '/products/download/CollectMC',
  CollectCCC: '/products/download/CollectCCC',
  CollectPAC: '/products/download/CollectPAC',
  CollectSMIME: '/products/download/CollectSMIME',
};

/** Calls an endpoint and holds the answer against its documented schema; returns the parsed answer. */
async function holds(endpoint: SectigoEndpointName, form: Form, client = api): Promise<Record<string, unknown>> {
  const res: SectigoResponse = await client.call(endpoint, form, { path: paths[endpoint] });
  expect(res.status).toBe(200);
  const json = jsonAnswers.has(endpoint);
  expect(res.headers.get('content-type')).toMatch(json ? /^application\/json/ : /^application\/x-www-form-urlencoded/);
  const answer = (json ? res.json : res.fields) as Record<string, unknown>;
  const schema: z.ZodType = sectigoAnswers[endpoint];
  const parsed = schema.safeParse(answer);
  expect(parsed.success, `${endpoint}: ${res.text.slice(0, 300)}\n${parsed.error?.message}`).toBe(true);
  return answer;
}

/** One realistic call (or more, to reach the richest answer) per endpoint. */
const calls: Record<SectigoEndpointName, () => Promise<void>> = {
  AutoApplySSL: async () => {
    await holds('AutoApplySSL', await applyForm({ showCertificateState: 'Y', uniqueValue: 'abc123' }));
  },
  AutoApplyOrder: async () => {
    await holds('AutoApplyOrder', await applyForm({ isCustomerValidated: 'N' }));
    await holds('AutoApplyOrder', await applyForm({ isCustomerValidated: 'N', days: '455', product: '289' }, { commonName: '*.example.org' }), sectigoClient(mock.urls.sectigo, prepaid));
  },
  AutoReplaceSSL: async () => {
    const { orderNumber } = await orderIssued(api);
    await holds('AutoReplaceSSL', { orderNumber, csr: await makeCsr({ commonName: 'shop.example.org' }), dcvMethod: 'CNAME_CSR_HASH', responseFormat: '1' });
  },
  AutoRevokeSSL: async () => {
    await holds('AutoRevokeSSL', { orderNumber: '10000001', revocationReason: 'key loss', responseFormat: '1' });
  },
  autoRevokeCertificate: async () => {
    await holds('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x', includeInCRL: 'N', responseFormat: '1' });
  },
  CollectSSL: async () => {
    const { orderNumber } = await orderIssued(api);
    const all = { showExtStatus: 'Y', showValidityPeriod: 'Y', showFQDN: 'Y', showStatusDetails: 'Y', showMDCDomainDetails: 'Y', showMDCDomainDetails2: 'Y', responseFormat: '1' };
    await holds('CollectSSL', { orderNumber, queryType: '0', ...all });
    const chain = await holds('CollectSSL', { orderNumber, queryType: '1', responseType: '3', ...all });
    expect(chain.caCertificate).toHaveLength(2);
    for (const responseType of ['0', '1', '2']) await holds('CollectSSL', { orderNumber, queryType: '1', responseType, responseFormat: '1' });
    const pending = await order(api, {}, { commonName: 'shop.pending.test' });
    expect((await holds('CollectSSL', { orderNumber: pending.orderNumber, queryType: '0', showExtStatus: 'Y', responseFormat: '1' })).errorCode).toBe('0');
  },
  GetDCVEmailAddressList: async () => {
    await holds('GetDCVEmailAddressList', { domainName: 'www.example.org', responseFormat: '2' });
    await holds('GetDCVEmailAddressList', { domainName: 'example.org', responseFormat: '2' });
  },
  ResendDCVEmail: async () => {
    const placed = await order(api, { dcvMethod: 'EMAIL', dcvEmailAddress: 'admin@example.org' });
    await holds('ResendDCVEmail', { orderNumber: placed.orderNumber });
  },
  AutoUpdateDCV: async () => {
    const placed = await order(api);
    await holds('AutoUpdateDCV', { orderNumber: placed.orderNumber, newMethod: 'CNAME_CSR_HASH' });
  },
  GetMDCDomainDetails: async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'shop.example.org,api.example.org' }));
    await holds('GetMDCDomainDetails', { orderNumber: res.fields.orderNumber as string, showStatusDetails: 'Y' });
    await holds('GetMDCDomainDetails', { orderNumber: '10000001', showStatusDetails: 'Y' });
  },
  GetDetailedOrderStatus: async () => {
    const { orderNumber } = await orderIssued(api);
    await api.call('AutoReplaceSSL', { orderNumber, csr: await makeCsr({ commonName: 'shop.example.org' }), responseFormat: '1' });
    for (const queryType of ['0', '1', '2']) await holds('GetDetailedOrderStatus', { orderNumber, queryType, showValidityPeriod: 'Y' });
  },
  AutoRefund: async () => {
    const { orderNumber } = await orderIssued(api);
    await holds('AutoRefund', { orderNumber, refundReasonCode: '11', responseFormat: '1' });
  },
  RetryCAACheck: async () => {
    const placed = await order(api, {}, { commonName: 'www.caa-blocked.test' });
    for (let i = 0; i < 3; i++) await api.call('CollectSSL', { orderNumber: placed.orderNumber, queryType: '0', responseFormat: '1' });
    await holds('RetryCAACheck', { certificateID: placed.certificateID });
  },
  WebHostReport: async () => {
    await orderIssued(api);
    await holds('WebHostReport', { showStatusDetails: 'Y', showAdditionalDomains: 'Y', firstResultNo: '1', lastResultNo: '50' });
  },
  DecodeCSR: async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org', subject: 'CN=shop.example.org, O=Example, C=DE', dnsNames: ['shop.example.org'] });
    await holds('DecodeCSR', { csr, showCSR: 'Y', showEmptyFields: 'Y', responseFormat: '1' });
  },
  getAccountBalance: async () => {
    await holds('getAccountBalance', { responseFormat: '1' });
    await holds('getAccountBalance', { responseFormat: '1' }, sectigoClient(mock.urls.sectigo, prepaid));
  },
  AutoRemoveMDCDomain: async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'shop.example.org,api.example.org' }));
    await holds('AutoRemoveMDCDomain', { orderNumber: res.fields.orderNumber as string, domainName: 'api.example.org' });
  },
  UpdateUserEvClickThrough: async () => {
    const placed = await order(api, { product: '337' });
    await holds('UpdateUserEvClickThrough', { orderNumber: placed.orderNumber });
  },
  AutoRevokePAC: async () => {
    // newline only: hold line 1 and 2 as the error answer
    const res = await api.call('AutoRevokePAC', { orderNumber: '10000001' });
    expect(sectigoErrorAnswer.safeParse({ errorCode: res.lines[0], errorMessage: res.lines[1] }).success).toBe(true);
  },
  autoRevokeCS: async () => {
    await holds('autoRevokeCS', { orderNumber: '10000001', responseFormat: '1' });
  },
  CollectMC: async () => {
    await holds('CollectMC', { orderNumber: '10000001', responseFormat: '1' });
  },
  CollectCCC: async () => {
    await holds('CollectCCC', { orderNumber: '10000001', queryType: '0', responseFormat: '1' });
  },
  CollectPAC: async () => {
    await holds('CollectPAC', { orderNumber: '10000001', queryType: '0', responseFormat: '1' });
  },
  CollectSMIME: async () => {
    await holds('CollectSMIME', { orderNumber: '10000001', queryType: '0', responseFormat: '1' });
  },
};

describe('Sectigo contract: every operation’s answers hold the schema written from the documentation', () => {
  it('every endpoint has a contract case and a response schema', () => {
    expect(Object.keys(calls).sort()).toEqual([...sectigoEndpointNames].sort());
    expect(Object.keys(sectigoAnswers).sort()).toEqual([...sectigoEndpointNames].sort());
  });

  it.each([...sectigoEndpointNames])('%s', async (endpoint) => {
    await calls[endpoint]();
  });

  it('error answers of every endpoint hold the error schema', async () => {
    for (const endpoint of sectigoEndpointNames) {
      const res = await api.call(endpoint, { responseFormat: endpoint === 'AutoUpdateDCV' ? undefined : '1', colour: 'red' }, { path: paths[endpoint] });
      const answer = endpoint === 'AutoRevokePAC' || endpoint === 'GetDCVEmailAddressList' ? { errorCode: res.lines[0], errorMessage: res.lines[1] } : res.fields;
      expect(sectigoErrorAnswer.safeParse(answer).success, `${endpoint}: ${res.text}`).toBe(true);
      expect(answer.errorCode).toBe('-2');
    }
  });

  it('a renamed or retyped field fails the schema', () => {
    const good = { errorCode: '0', orderNumber: '12345678', totalCost: '49.00', expectedDeliveryTime: '1' };
    expect(sectigoAnswers.AutoApplySSL.safeParse(good).success).toBe(true);
    expect(sectigoAnswers.AutoApplySSL.safeParse({ ...good, totalCost: '49' }).success).toBe(false);
    const { orderNumber, ...renamed } = good;
    expect(sectigoAnswers.AutoApplySSL.safeParse({ ...renamed, order_number: orderNumber }).success).toBe(false);
    expect(sectigoAnswers.CollectSSL.safeParse({ errorCode: '2', certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }).success).toBe(false);
    expect(sectigoAnswers.GetMDCDomainDetails.safeParse({ errorCode: '0', '1_domainName': 'a', '1_dcvMthod': 'EMAIL' }).success).toBe(false);
  });
});

describe('the OpenAPI document uses the same schemas for the answers', () => {
  it('every Sectigo operation documents its URL-encoded success answer and the error answer', async () => {
    const doc = (await (await fetch(`${mock.urls.control}/api/openapi/sectigo.json`)).json()) as { paths: Record<string, { post: any }> };
    const collect = doc.paths['/products/download/CollectSSL'].post;
    const success = collect.responses['200'].content['application/x-www-form-urlencoded'].schema;
    expect(Object.keys(success.properties)).toEqual(expect.arrayContaining(['errorCode', 'certificate', 'caCertificate', 'notBefore', 'fqdn']));
    expect(success.additionalProperties).toBe(false);
    expect(collect.responses.default.content['application/x-www-form-urlencoded'].schema.properties).toHaveProperty('errorMessage');
    const list = doc.paths['/products/!GetDCVEmailAddressList'].post;
    expect(list.responses['200'].content['application/json'].schema.properties).toHaveProperty('level2_email');
    for (const endpoint of sectigoEndpointNames) {
      const path = Object.keys(doc.paths).find((p) => p.endsWith(`/${endpoint}`) || p.endsWith(`!${endpoint}`))!;
      expect(doc.paths[path].post.responses['200'].content, endpoint).toBeDefined();
    }
  });
});
