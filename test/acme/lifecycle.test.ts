/** ACME state follows the emulator: per-vendor reset, the virtual clock, and a data directory across restarts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { BareAcme, newKey } from './jws-client.js';
import { account, newOrder } from './protocol-support.js';
import { directoryPaths, fixtureEab } from './support.js';

const problem = (type: string) => `urn:ietf:params:acme:error:${type}`;

async function exists(mock: MockCaHandle, vendor: 'digicert' | 'sectigo', c: BareAcme): Promise<boolean> {
  const again = await new BareAcme(`${mock.urls[vendor]}${directoryPaths[vendor]}`, c.key).init();
  const res = await again.post(again.directory.newAccount, { onlyReturnExisting: true });
  if (res.status === 200) return true;
  expect(res.body.type).toBe(problem('accountDoesNotExist'));
  return false;
}

describe('reset and the clock', () => {
  let mock: MockCaHandle;
  beforeAll(async () => {
    mock = await startTestServer();
  });
  afterAll(async () => mock.close());
  beforeEach(() => mock.reset());

  it("a DigiCert reset forgets DigiCert's ACME accounts, keeps Sectigo's, and brings the fixture EAB keys back", async () => {
    const dc = await account(mock, 'digicert');
    const sg = await account(mock, 'sectigo');
    await httpClient(mock.urls.control).delete(`/api/acme/eab-keys/digicert/${fixtureEab.digicert.kid}`);
    expect((await httpClient(mock.urls.control).post('/api/reset', { vendor: 'digicert' })).status).toBe(200);
    expect(await exists(mock, 'digicert', dc)).toBe(false);
    expect(await exists(mock, 'sectigo', sg)).toBe(true);
    const fresh = await new BareAcme(`${mock.urls.digicert}${directoryPaths.digicert}`, newKey()).init();
    expect((await fresh.register(fixtureEab.digicert)).status).toBe(201);
  });

  it('a pending order expires with the virtual clock (7 days) and turns invalid', async () => {
    const c = await account(mock);
    const { url } = await newOrder(c, ['late.example.com']);
    await httpClient(mock.urls.control).post('/api/clock/advance', { hours: 7 * 24 + 1 });
    const order = (await c.post(url, '')).body;
    expect(order.status).toBe('invalid');
    expect((await c.post(order.authorizations[0], '')).body.status).toBe('expired');
  });
});

describe('a data directory', () => {
  it('keeps ACME accounts and EAB keys across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mockca-acme-data-'));
    let mock = await startTestServer({ dataDir });
    const key = newKey();
    const created = await httpClient(mock.urls.control).post('/api/acme/eab-keys', { vendor: 'digicert', account: 'digicert-other-key' });
    const c = await account(mock, 'digicert', { kid: created.body.kid, hmacKey: created.body.hmac }, key);
    const kidPath = new URL(c.kid!).pathname;
    await mock.close();
    mock = await startTestServer({ dataDir });
    try {
      const again = await new BareAcme(`${mock.urls.digicert}${directoryPaths.digicert}`, key).init();
      const res = await again.post(again.directory.newAccount, { onlyReturnExisting: true });
      expect(res.status).toBe(200);
      expect(new URL(res.headers.get('location')!).pathname).toBe(kidPath);
      const keys = (await httpClient(mock.urls.control).get('/api/acme/eab-keys?vendor=digicert')).body.keys.map((k: { kid: string }) => k.kid);
      expect(keys).toContain(created.body.kid);
    } finally {
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
