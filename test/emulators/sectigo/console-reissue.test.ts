import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { consoleClient, type ConsoleClient } from '../../console/support.js';
import { startTestServer } from '../../support/server.js';
import { sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;
let web: ConsoleClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
  web = consoleClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('the fixture order on a fresh server', () => {
  it('GetMDCDomainDetails lists its domain (the www twin folded in), validated by the order’s CNAME_CSR_HASH', async () => {
    const res = await api.call('GetMDCDomainDetails', { orderNumber: '10000001', showStatusDetails: 'Y' });
    expect(res.fields).toMatchObject({ errorCode: '0', '1_domainName': 'example.com', '1_dcvMethod': 'CNAME_CSR_HASH', '1_dcvStatus': 'Validated' });
    expect(res.fields['1_dcvDetails']).toMatch(/^_[0-9a-f]{32}\.example\.com\. CNAME [0-9a-f]{32}\.[0-9a-f]{32}\.sectigo\.com\.$/);
    expect(res.fields['2_domainName']).toBeUndefined();
    const docs = sectigoClient(mock.urls.sectigo, { loginName: 'login_name', loginPassword: 'login_password' });
    expect((await docs.call('GetMDCDomainDetails', { orderNumber: '1234567890', responseFormat: '2' })).json).toEqual({
      errorCode: 0,
      '1_domainName': 'docs.example.com',
      '1_dcvMethod': 'HTTP_CSR_HASH',
      '1_dcvStatus': 'Validated',
    });
  });
});

describe('a Sectigo order reissued in the console', () => {
  it('keeps Sectigo’s DCV vocabulary: CNAME_CSR_HASH records, never _dnsauth', async () => {
    const start = await web.post('/certificates/sectigo/10000001/2000000001/action', { action: 'reissue', confirm: 'yes' });
    expect(start.status).toBe(303);
    const draft = start.location.replace(/\/subject$/, '');
    await web.post(`${draft}/subject`, { common_name: 'example.com', csr: '' });
    await web.post(`${draft}/san`);
    await web.post(`${draft}/validity`, { validity_days: '30' });
    const page = await web.get(`${draft}/verification`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('_dnsauth');
    const record = /(_[0-9a-f]{32}\.example\.com\.) CNAME ([0-9a-f]{32}\.[0-9a-f]{32}\.sectigo\.com\.)/.exec(page.html);
    expect(record, 'the CNAME_CSR_HASH record of the order').not.toBeNull();
    for (const [, domain] of page.html.matchAll(/data-domain="([^"]+)"/g)) await web.post(`${draft}/verification`, { verify: domain });
    expect((await web.post(`${draft}/verification`, { next: 'yes' })).location).toBe(`${draft}/submit`);
    const submitted = await web.post(`${draft}/submit`, { agreement: 'yes', message: 'rekey' });
    expect(submitted.status).toBe(303);

    const details = await api.call('GetMDCDomainDetails', { orderNumber: '10000001' });
    expect(details.fields).toMatchObject({ errorCode: '0', '1_domainName': 'example.com', '1_dcvMethod': 'CNAME_CSR_HASH' });
    const status = await api.call('GetDetailedOrderStatus', { orderNumber: '10000001', queryType: '2' });
    expect(status.fields).toMatchObject({ errorCode: '0', dcvMethod: 'CNAME_CSR_HASH', replacementCount: '1' });
    const validations = mock.server.ctx.store.validationsOfOrder(mock.server.ctx.store.orderByVendorId('sectigo', '10000001')!.id);
    expect(validations.every((v) => ['CNAME_CSR_HASH', 'HTTP_CSR_HASH', 'HTTPS_CSR_HASH', 'EMAIL'].includes(v.method))).toBe(true);
  });
});
