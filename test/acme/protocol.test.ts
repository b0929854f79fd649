/** RFC 8555 as the emulator speaks it, request by request: JWS, nonces, EAB, accounts and their error paths. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { b64u, BareAcme, eabJws, newKey, signJws } from './jws-client.js';
import { account } from './protocol-support.js';
import { directoryPaths, fixtureEab } from './support.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer();
});
afterAll(async () => mock.close());
beforeEach(() => mock.reset());

const bare = (vendor: 'digicert' | 'sectigo' = 'digicert') => new BareAcme(`${mock.urls[vendor]}${directoryPaths[vendor]}`).init();
const problem = (type: string) => `urn:ietf:params:acme:error:${type}`;

describe('directory and nonces', () => {
  it.each(['digicert', 'sectigo'] as const)('the %s directory names every resource and requires EAB', async (vendor) => {
    const res = await fetch(`${mock.urls[vendor]}${directoryPaths[vendor]}`);
    expect(res.status).toBe(200);
    const dir = await res.json();
    for (const key of ['newNonce', 'newAccount', 'newOrder', 'revokeCert', 'keyChange', 'renewalInfo']) expect(dir[key]).toMatch(new RegExp(`^${mock.urls[vendor]}/v2/`));
    expect(dir.meta.externalAccountRequired).toBe(true);
  });

  it('newNonce answers HEAD with 200 and GET with 204, each with a fresh Replay-Nonce and no caching', async () => {
    const c = await bare();
    const head = await fetch(c.directory.newNonce, { method: 'HEAD' });
    const get = await fetch(c.directory.newNonce);
    expect([head.status, get.status]).toEqual([200, 204]);
    expect(head.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(get.headers.get('replay-nonce')).not.toBe(head.headers.get('replay-nonce'));
    expect(get.headers.get('cache-control')).toBe('no-store');
  });

  it('a nonce is good once: the replay gets badNonce with a new nonce to retry with', async () => {
    const c = await bare();
    const nonce = await c.nonce();
    const key = newKey();
    const body = signJws(key, { nonce, url: c.directory.newAccount, jwk: key.jwk }, { onlyReturnExisting: true });
    const first = await c.send(c.directory.newAccount, body);
    expect(first.body.type).toBe(problem('accountDoesNotExist'));
    const replay = await c.send(c.directory.newAccount, body);
    expect(replay.status).toBe(400);
    expect(replay.headers.get('content-type')).toBe('application/problem+json');
    expect(replay.body.type).toBe(problem('badNonce'));
    expect(replay.headers.get('replay-nonce')).toBeTruthy();
  });

  it('a request without a nonce, or with one the server never gave, is badNonce', async () => {
    const c = await bare();
    expect((await c.post(c.directory.newAccount, {}, { nonce: undefined })).body.type).toBe(problem('badNonce'));
    expect((await c.post(c.directory.newAccount, {}, { nonce: b64u('made up nonce..') })).body.type).toBe(problem('badNonce'));
  });
});

describe('JWS checks', () => {
  it('a JWS url other than the request URL is unauthorized', async () => {
    const c = await bare();
    const res = await c.post(c.directory.newAccount, {}, { url: c.directory.newOrder });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe(problem('unauthorized'));
  });

  it('jwk and kid together, a kid on newAccount, or a jwk on newOrder are malformed', async () => {
    const c = await bare();
    expect((await c.post(c.directory.newAccount, {}, { kid: `${mock.urls.digicert}/v2/acme/acct/x` })).body.type).toBe(problem('malformed'));
    const other = await account(mock);
    const res = await other.post(other.directory.newOrder, { identifiers: [{ type: 'dns', value: 'a.example.com' }] }, { kid: undefined, jwk: other.key.jwk });
    expect(res.body).toMatchObject({ type: problem('malformed'), status: 400 });
  });

  it('a signature by another key is malformed; an unsupported algorithm is badSignatureAlgorithm', async () => {
    const c = await bare();
    const signer = newKey();
    const res = await c.post(c.directory.newAccount, { onlyReturnExisting: true }, { jwk: newKey().jwk }, signer);
    expect(res.body).toMatchObject({ type: problem('malformed'), detail: 'JWS signature does not verify' });
    const nonce = await c.nonce();
    const jws = signJws(signer, { alg: 'HS256', nonce, url: c.directory.newAccount, jwk: signer.jwk }, {});
    expect((await c.send(c.directory.newAccount, jws)).body.type).toBe(problem('badSignatureAlgorithm'));
  });

  it('a body that is not application/jose+json is refused with 415, one that is not a JWS with malformed', async () => {
    const c = await bare();
    const wrongType = await c.send(c.directory.newAccount, '{}', 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.type).toBe(problem('malformed'));
    const notJws = await c.send(c.directory.newAccount, '{"payload":"e30"}');
    expect(notJws.body).toMatchObject({ type: problem('malformed'), status: 400 });
    const notJson = await c.send(c.directory.newAccount, 'not json');
    expect(notJson.body.type).toBe(problem('malformed'));
  });

  it('odd JWS parts and payloads are malformed problems, never a 500', async () => {
    const c = await account(mock);
    const key = c.key;
    const odd = [
      { protected: b64u('null'), payload: '', signature: '' },
      { protected: b64u('{"alg":"ES256"'), payload: '', signature: '' },
      { protected: 'not base64url!', payload: '', signature: '' },
      [],
    ];
    for (const body of odd) {
      const res = await c.send(c.directory.newOrder, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe(problem('malformed'));
    }
    for (const payload of [null, 'text', { identifiers: 'x' }, { identifiers: [{ type: 'dns', value: 7 }] }]) {
      const res = await c.post(c.directory.newOrder, payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.type).toBe(problem('malformed'));
    }
    const raw = signJws(key, { nonce: await c.nonce(), url: c.directory.newOrder, kid: c.kid }, '');
    const notJson = await c.send(c.directory.newOrder, { ...raw, payload: b64u('{not json') });
    expect(notJson.status).toBe(400);
  });

  it('a GET of a POST resource is 405 with Allow: POST; an unknown ACME path is a 404 problem', async () => {
    const c = await bare();
    const get = await fetch(c.directory.newOrder);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await get.json()).type).toBe(problem('malformed'));
    const unknown = await fetch(`${mock.urls.sectigo}/v2/DV/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('newAccount with External Account Binding', () => {
  it('without externalAccountBinding the answer is externalAccountRequired', async () => {
    const c = await bare();
    const res = await c.post(c.directory.newAccount, { termsOfServiceAgreed: true });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(problem('externalAccountRequired'));
  });

  it('an unknown kid, a wrong HMAC key, or a binding of another key is unauthorized', async () => {
    const c = await bare();
    const cases = [
      eabJws('no-such-kid', fixtureEab.digicert.hmacKey, c.key.jwk, c.directory.newAccount),
      eabJws(fixtureEab.digicert.kid, fixtureEab.digicertOther.hmacKey, c.key.jwk, c.directory.newAccount),
      eabJws(fixtureEab.digicert.kid, fixtureEab.digicert.hmacKey, newKey().jwk, c.directory.newAccount),
      eabJws(fixtureEab.digicert.kid, fixtureEab.digicert.hmacKey, c.key.jwk, c.directory.newOrder),
    ];
    for (const externalAccountBinding of cases) {
      const res = await c.post(c.directory.newAccount, { externalAccountBinding });
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(problem('unauthorized'));
    }
  });

  it("a Sectigo key does not open DigiCert's directory", async () => {
    const c = await bare('digicert');
    const res = await c.register(fixtureEab.sectigo);
    expect(res.body.type).toBe(problem('unauthorized'));
  });

  it('creates the account (201, Location), finds it again by key (200), and onlyReturnExisting finds it too', async () => {
    const c = await bare();
    const created = await c.register(fixtureEab.digicert);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'valid', contact: ['mailto:qa@example.com'], orders: `${created.headers.get('location')}/orders` });
    c.kid = undefined;
    const again = await c.register(fixtureEab.digicert);
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(created.headers.get('location'));
    c.kid = undefined;
    const existing = await c.post(c.directory.newAccount, { onlyReturnExisting: true });
    expect(existing.status).toBe(200);
    expect(existing.headers.get('location')).toBe(created.headers.get('location'));
  });

  it('refuses a contact that is not mailto: (unsupportedContact) or not an address (invalidContact)', async () => {
    const c = await bare();
    expect((await c.register(fixtureEab.digicert, { contact: ['tel:+1555'] })).body.type).toBe(problem('unsupportedContact'));
    expect((await c.register(fixtureEab.digicert, { contact: ['mailto:nobody'] })).body.type).toBe(problem('invalidContact'));
  });
});

describe('accounts', () => {
  it('updates contacts, and a deactivated account can do nothing more', async () => {
    const c = await account(mock);
    const updated = await c.post(c.kid!, { contact: ['mailto:new@example.com'] });
    expect(updated.body.contact).toEqual(['mailto:new@example.com']);
    const deactivated = await c.post(c.kid!, { status: 'deactivated' });
    expect(deactivated.body.status).toBe('deactivated');
    const after = await c.post(c.directory.newOrder, { identifiers: [{ type: 'dns', value: 'a.example.com' }] });
    expect(after.status).toBe(403);
    expect(after.body.type).toBe(problem('unauthorized'));
  });

  it('one account cannot read another', async () => {
    const a = await account(mock);
    const b = await account(mock);
    const res = await b.post(a.kid!, '');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe(problem('unauthorized'));
  });

  it('rolls the account key over: the new key signs from then on, the old one no longer does', async () => {
    const c = await account(mock);
    const oldKey = c.key;
    const next = newKey('RS256');
    const inner = signJws(next, { url: c.directory.keyChange, jwk: next.jwk }, { account: c.kid, oldKey: oldKey.jwk });
    const rolled = await c.post(c.directory.keyChange, inner);
    expect(rolled.status).toBe(200);
    expect(rolled.body.key).toMatchObject({ kty: 'RSA' });
    // The old key is ES256, the account's key now RSA: the old key's signature no longer fits.
    expect((await c.post(c.kid!, '')).body.type).toBe(problem('badSignatureAlgorithm'));
    c.key = next;
    expect((await c.post(c.kid!, '')).body.status).toBe('valid');
  });

  it('refuses a rollover to a key another account holds (409 with its Location) or with the wrong old key', async () => {
    const a = await account(mock);
    const b = await account(mock);
    const taken = signJws(b.key, { url: a.directory.keyChange, jwk: b.key.jwk }, { account: a.kid, oldKey: a.key.jwk });
    const conflict = await a.post(a.directory.keyChange, taken);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('location')).toBe(b.kid);
    const next = newKey();
    const wrongOld = signJws(next, { url: a.directory.keyChange, jwk: next.jwk }, { account: a.kid, oldKey: b.key.jwk });
    expect((await a.post(a.directory.keyChange, wrongOld)).body.type).toBe(problem('malformed'));
  });
});
