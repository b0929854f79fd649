/** Scenarios see ACME like any other operation: scripted problems, Retry-After, an order held processing. */
import * as acme from 'acme-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { account, csrFor, newOrder, passDns01 } from './protocol-support.js';
import { directoryPaths, fixtureEab } from './support.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer({ acmeAlwaysValid: true });
});
afterAll(async () => mock.close());
beforeEach(async () => {
  mock.reset();
  await control().delete('/api/scenarios');
});

const control = () => httpClient(mock.urls.control);
const problem = (type: string) => `urn:ietf:params:acme:error:${type}`;

async function scenario(rules: unknown[]): Promise<void> {
  const res = await control().post('/api/scenarios', { name: 'acme-test', rules });
  expect(res.status, res.text).toBe(201);
}

describe('ACME scenarios', () => {
  it('lists the ACME operations among the vendor operations', async () => {
    const ops = mock.server.operations.digicert.map((o) => o.operation);
    expect(ops).toEqual(expect.arrayContaining(['digicert.acme.newAccount', 'digicert.acme.newOrder', 'digicert.acme.finalize', 'digicert.acme.revokeCert']));
    expect(mock.server.operations.sectigo.map((o) => o.operation)).toContain('sectigo.acme.renewalInfo');
  });

  it('an x-mockca-scenario header naming no scenario is refused with a malformed problem document, on both vendors', async () => {
    for (const vendor of ['digicert', 'sectigo'] as const) {
      const res = await fetch(`${mock.urls[vendor]}${directoryPaths[vendor]}`, { headers: { 'x-mockca-scenario': '../../etc/passwd' } });
      expect(res.status, vendor).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.json();
      expect(body.type).toBe(problem('malformed'));
      expect(body.detail).toMatch(/unknown scenario/);
      expect(body.detail).not.toContain(process.cwd());
      expect(body.detail).not.toMatch(/root:/);
    }
  });

  it('a scripted rateLimited answers 429 with Retry-After and a fresh nonce, once', async () => {
    await scenario([{ match: { operation: 'digicert.acme.newOrder' }, respond: { error: 'digicert:acme:rateLimited' }, once: true }]);
    const c = await account(mock);
    const limited = await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'rl.example.com' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('replay-nonce')).toBeTruthy();
    expect(limited.body.type).toBe(problem('rateLimited'));
    expect((await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'rl.example.com' }] })).status).toBe(201);
  });

  it('a scripted badNonce on one POST in ten (seeded): acme-client retries and still gets its certificates', async () => {
    await scenario([{ match: { vendor: 'sectigo', method: 'POST', path: '/v2/DV/**' }, respond: { error: 'sectigo:acme:badNonce' }, probability: 0.1 }]);
    const client = new acme.Client({
      directoryUrl: `${mock.urls.sectigo}${directoryPaths.sectigo}`,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: fixtureEab.sectigo,
      backoffMin: 5,
      backoffMax: 10,
    });
    for (let i = 0; i < 3; i++) {
      const [, csr] = await acme.crypto.createCsr({ commonName: `nonce${i}.example.org` }, await acme.crypto.createPrivateEcdsaKey());
      const cert = await client.auto({ csr, termsOfServiceAgreed: true, skipChallengeVerification: true, challengeCreateFn: async () => undefined, challengeRemoveFn: async () => undefined });
      expect(cert).toContain('BEGIN CERTIFICATE');
    }
    const journal = (await control().get('/api/journal?limit=500')).text;
    expect(journal).toContain('badNonce');
  });

  it('effect pending on the order URL keeps a finalized order processing while the rule lasts', async () => {
    await scenario([{ match: { operation: 'digicert.acme.order' }, effect: 'pending', times: 2 }]);
    const c = await account(mock, 'digicert');
    const { order, url } = await newOrder(c, ['held.example.com']);
    await passDns01(mock, c, order);
    // Policy polls:1 with finalize as the first read: the next read would issue.
    expect((await c.post(order.finalize, { csr: (await csrFor(['held.example.com'])).csr })).body.status).toBe('processing');
    expect((await c.post(url, '')).body.status).toBe('processing');
    expect((await c.post(url, '')).body.status).toBe('processing');
    expect((await c.post(url, '')).body.status).toBe('valid');
  });

  it('the library scenarios acme-bad-nonce and acme-finalize-processing load, and acme-client still gets its certificate', async () => {
    for (const name of ['acme-bad-nonce', 'acme-finalize-processing']) expect((await control().post('/api/scenarios/load', { name })).status).toBe(201);
    const client = new acme.Client({
      directoryUrl: `${mock.urls.digicert}${directoryPaths.digicert}`,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: fixtureEab.digicert,
      backoffMin: 5,
      backoffMax: 10,
      backoffAttempts: 20,
    });
    const [, csr] = await acme.crypto.createCsr({ commonName: 'library.example.com' }, await acme.crypto.createPrivateEcdsaKey());
    const cert = await client.auto({ csr, termsOfServiceAgreed: true, skipChallengeVerification: true, challengeCreateFn: async () => undefined, challengeRemoveFn: async () => undefined });
    expect(cert).toContain('BEGIN CERTIFICATE');
    const held = (await control().get('/api/journal?limit=500')).text;
    expect(held).toContain('held');
  });

  it('effect reject on finalize rejects the order it creates: the order turns invalid', async () => {
    await scenario([{ match: { operation: 'digicert.acme.finalize' }, effect: 'reject' }]);
    const c = await account(mock, 'digicert');
    const { order, url } = await newOrder(c, ['rejected.example.com']);
    await passDns01(mock, c, order);
    await c.post(order.finalize, { csr: (await csrFor(['rejected.example.com'])).csr });
    expect((await c.post(url, '')).body.status).toBe('invalid');
  });
});
