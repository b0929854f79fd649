import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { openssl, pemBlocks } from '../../support/openssl.js';
import { startTestServer } from '../../support/server.js';
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
