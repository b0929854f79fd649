/** EAB keys belong to vendor accounts: created, listed and deleted through the control API and the console. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer } from '../support/server.js';
import { BareAcme, newKey } from './jws-client.js';
import { account, issued } from './protocol-support.js';
import { directoryPaths, fixtureEab } from './support.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer({ acmeAlwaysValid: true });
});
afterAll(async () => mock.close());
beforeEach(() => mock.reset());

const control = () => httpClient(mock.urls.control);

describe('EAB keys in the control API', () => {
  it('lists one key per demo account, with the directory URL to use it on', async () => {
    const res = await control().get('/api/acme/eab-keys');
    expect(res.status).toBe(200);
    const kids = res.body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([fixtureEab.digicert.kid, fixtureEab.sectigo.kid]));
    const dc = res.body.keys.find((k: { kid: string }) => k.kid === fixtureEab.digicert.kid);
    expect(dc).toMatchObject({ vendor: 'digicert', hmac: fixtureEab.digicert.hmacKey, directory: `${mock.urls.digicert}/v2/acme/directory/`, account: { credential: 'digicert-demo-key' } });
    expect((await control().get('/api/acme/eab-keys?vendor=sectigo')).body.keys.every((k: { vendor: string }) => k.vendor === 'sectigo')).toBe(true);
  });

  it('creates a key for an account named by its login; orders through it belong to that account and its product', async () => {
    const created = await control().post('/api/acme/eab-keys', { vendor: 'sectigo', account: 'sectigo-other', product: '287' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ vendor: 'sectigo', product: '287', account: { credential: 'sectigo-other' } });
    expect(created.body.hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const c = await account(mock, 'sectigo', { kid: created.body.kid, hmacKey: created.body.hmac });
    await issued(mock, c, ['other-reseller.example.org']);
    const order = mock.server.ctx.store.allOrders().find((o) => o.commonName === 'other-reseller.example.org')!;
    expect(order.product).toBe('287');
    expect(mock.server.ctx.store.account(order.accountId)!.login).toBe('sectigo-other');
  });

  it('refuses an unknown account (404), a vendor without ACME (400) and a product the vendor does not sell (400)', async () => {
    expect((await control().post('/api/acme/eab-keys', { vendor: 'digicert', account: 'no-such-key' })).status).toBe(404);
    expect((await control().post('/api/acme/eab-keys', { vendor: 'regfish', account: 'regfish-demo-key' })).status).toBe(400);
    const badProduct = await control().post('/api/acme/eab-keys', { vendor: 'digicert', account: 'digicert-demo-key', product: 'nope' });
    expect(badProduct.status).toBe(400);
    expect(badProduct.body.error.message).toContain('nope');
  });

  it('a deleted key binds no new account', async () => {
    expect((await control().delete(`/api/acme/eab-keys/digicert/${fixtureEab.digicert.kid}`)).status).toBe(204);
    expect((await control().delete(`/api/acme/eab-keys/digicert/${fixtureEab.digicert.kid}`)).status).toBe(404);
    const c = await new BareAcme(`${mock.urls.digicert}${directoryPaths.digicert}`, newKey()).init();
    expect((await c.register(fixtureEab.digicert)).body.type).toBe('urn:ietf:params:acme:error:unauthorized');
    mock.reset();
    expect((await control().get('/api/acme/eab-keys?vendor=digicert')).body.keys.map((k: { kid: string }) => k.kid)).toContain(fixtureEab.digicert.kid);
  });
});

describe('ACME keys in the console', () => {
  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${mock.urls.control}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers: { origin: mock.urls.control } });

  it('lists the keys, adds one for a chosen account, and deletes it', async () => {
    const page = await (await fetch(`${mock.urls.control}/acme-keys`)).text();
    expect(page).toContain(fixtureEab.digicert.kid);
    expect(page).toContain(fixtureEab.sectigo.hmacKey);
    expect(page).toContain('href="/acme-keys"');
    const demo = mock.server.ctx.store.accountByApiKey('digicert', 'digicert-demo-key')!;
    const added = await form('/acme-keys', { account: String(demo.id) });
    expect(added.status).toBe(303);
    const keys = (await control().get('/api/acme/eab-keys?vendor=digicert')).body.keys as { kid: string; label: string }[];
    const fresh = keys.find((k) => k.label === 'console')!;
    expect(fresh).toBeTruthy();
    expect(await (await fetch(`${mock.urls.control}/acme-keys`)).text()).toContain(fresh.kid);
    expect((await form('/acme-keys/delete', { vendor: 'digicert', kid: fresh.kid })).status).toBe(303);
    expect((await control().get('/api/acme/eab-keys?vendor=digicert')).body.keys.map((k: { kid: string }) => k.kid)).not.toContain(fresh.kid);
  });

  it('refuses an account that is not DigiCert or Sectigo with a message', async () => {
    const regfish = mock.server.ctx.store.accountByApiKey('regfish', 'regfish-demo-key')!;
    const res = await form('/acme-keys', { account: String(regfish.id) });
    const next = await fetch(`${mock.urls.control}${res.headers.get('location')}`, { headers: { cookie: res.headers.get('set-cookie') ?? '' } });
    expect(await next.text()).toContain('Pick a DigiCert or Sectigo account');
  });
});
