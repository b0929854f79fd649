import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startMockCa, type MockCaHandle, type Urls } from '../../src/index.js';
import { makeCsr } from '../support/csr.js';

/**
 * The README's vitest example, in one file: there the server comes from globalSetup via
 * provide/inject; here from beforeAll. Everything else is the same.
 */

/** A client under test: reissues, retrying once on 409. */
async function renewCertificate(o: { baseUrl: string; apiKey: string; certificateId: string }): Promise<{ status: string }> {
  const csr = await makeCsr({ commonName: 'example.com' });
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${o.baseUrl}/tls/certificate/${o.certificateId}/reissue`, {
      method: 'POST',
      headers: { 'x-api-key': o.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ csr, dcv_method: 'dns-cname-token' }),
    });
    if (res.status === 409 && attempt === 0) continue;
    const body = (await res.json()) as { response: { reissue: { status: string } } };
    return { status: body.response.reissue.status };
  }
}

let mock: MockCaHandle;
let urls: Urls;
beforeAll(async () => {
  mock = await startMockCa({ seed: 42, issuance: 'manual' });
  urls = mock.urls;
});
afterAll(() => mock.close());

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${urls.control}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());

beforeEach(async () => {
  await control('POST', '/api/reset', {});
  await control('DELETE', '/api/scenarios');
});

it('retries a reissue that Regfish refuses with 409, once', async () => {
  await control('POST', '/api/scenarios', {
    name: 'reissue-409-once',
    rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' }, times: 1 }],
  });

  const result = await renewCertificate({ baseUrl: urls.regfish, apiKey: 'regfish-demo-key', certificateId: '7K9QW3M2ZT8HJ' });
  expect(result.status).toBe('pending');

  const { entries } = await control('GET', '/api/journal?operation=regfish.reissue');
  expect(entries.map((e: { status: number }) => e.status)).toEqual([409, 200]);
  expect(entries[0].answeredBy).toContain('scenario reissue-409-once, rule 1');
  expect(JSON.parse(entries[1].request.body).dcv_method).toBe('dns-cname-token');

  const report = await control('GET', '/api/contract?vendor=regfish');
  expect(report.regfish.contract_violations.count).toBe(0);
});
