import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { directoryPaths, fixtureEab } from '../acme/support.js';
import { httpClient, startTestServer } from '../support/server.js';
import { addCaa } from './support.js';

// ACME gets CAA from the core's issuance point: a finalize whose certificate CAA blocks is refused with the reason.
let mock: MockCaHandle;

beforeAll(async () => {
  mock = await startTestServer({ issuance: 'immediate' });
});
afterAll(() => mock.close());

async function order(names: string[]): Promise<string> {
  const control = httpClient(mock.urls.control);
  const client = new acme.Client({
    directoryUrl: `${mock.urls.digicert}${directoryPaths.digicert}`,
    accountKey: await acme.crypto.createPrivateEcdsaKey(),
    externalAccountBinding: fixtureEab.digicert,
    backoffMin: 5,
    backoffMax: 20,
  });
  const [, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names });
  return client.auto({
    csr,
    email: 'qa@example.com',
    termsOfServiceAgreed: true,
    challengePriority: ['dns-01'],
    skipChallengeVerification: true,
    challengeCreateFn: async (authz, _ch, keyAuthorization) => {
      await control.post('/api/dns/records', { name: `_acme-challenge.${authz.identifier.value}`, type: 'TXT', data: keyAuthorization });
    },
    challengeRemoveFn: async () => undefined,
  });
}

describe('CAA on the DigiCert ACME directory', { timeout: 30_000 }, () => {
  it('a CAA record naming another CA refuses the finalize; one naming DigiCert issues', async () => {
    await addCaa(httpClient(mock.urls.control), 'acme-caa.example.org', '0 issue "letsencrypt.org"');
    await expect(order(['www.acme-caa.example.org'])).rejects.toThrow(/www\.acme-caa\.example\.org: CAA issue at acme-caa\.example\.org\. names letsencrypt\.org, not this CA/);
    await addCaa(httpClient(mock.urls.control), 'ok.acme-caa.example.org', '0 issue "digicert.com"');
    expect(await order(['ok.acme-caa.example.org'])).toContain('BEGIN CERTIFICATE');
  });
});
