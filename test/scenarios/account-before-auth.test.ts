import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';

// Sectigo's login is in the form, so its rules are chosen before authentication ran: the
// account-limited ones by the login the caller presented.
let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer();
});
afterAll(() => mock.close());
beforeEach(() => mock.scenarios.clear());

const login = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' };
const collect = (fields: Record<string, string>) =>
  fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ orderNumber: '10000001', queryType: '0', responseFormat: '1', ...fields }),
  });

describe('Sectigo rules limited to an account', () => {
  it('the rule for the presented login answers, among a hundred for other logins', async () => {
    const others = Array.from({ length: 100 }, (_, i) => ({ match: { operation: 'sectigo.CollectSSL', account: `nobody-${i}` }, respond: { status: 503, body: 'other' } }));
    mock.scenarios.add({ rules: [...others, { match: { operation: 'sectigo.CollectSSL', account: 'sectigo-demo' }, respond: { status: 418, body: 'ours' } }] });
    const res = await collect(login);
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('ours');
  });

  it('a rule for another login, or for a caller that presented none, leaves the request to the emulator', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'sectigo.CollectSSL', account: 'someone-else' }, respond: { status: 503, body: 'other' } }] });
    const ours = await collect(login);
    expect(ours.status).toBe(200);
    expect(await ours.text()).toMatch(/^errorCode=\d+&orderNumber=10000001/);
    const anonymous = await collect({});
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).not.toBe('other');
  });

  it('a login given in the query string is the one that counts, as the form reader takes it', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'sectigo.CollectSSL', account: 'sectigo-demo' }, respond: { status: 418, body: 'ours' } }] });
    const res = await fetch(`${mock.urls.sectigo}/products/download/CollectSSL?loginName=sectigo-demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ loginPassword: 'sectigo-demo-password', orderNumber: '10000001', queryType: '0', responseFormat: '1' }),
    });
    expect(res.status).toBe(418);
  });

  it('the journal says which rule answered', async () => {
    mock.scenarios.add({ name: 'scoped', rules: [{ match: { operation: 'sectigo.CollectSSL', account: 'sectigo-demo' }, respond: { status: 418, body: 'ours' } }] });
    await collect(login);
    const [entry] = mock.journal.find({ vendor: 'sectigo', operation: 'sectigo.CollectSSL' }).slice(-1);
    expect(entry.status).toBe(418);
    expect(entry.scenario?.name).toBe('scoped');
  });
});
