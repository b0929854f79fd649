import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { parseConfig } from '../../src/config.js';
import { httpClient, startTestServer } from '../support/server.js';
import { consoleClient, fixtureId, regfishKey, type ConsoleClient } from './support.js';

// The identity providers' answers that do not belong to any login the console started.
let mock: MockCaHandle;
let web: ConsoleClient;

beforeAll(async () => {
  mock = await startTestServer({ consoleSecondFactor: 'saml' });
  web = consoleClient(mock.urls.control);
});
afterAll(() => mock.close());

describe('second-factor answers without a pending login', () => {
  it('an OIDC callback with an unknown state is refused, back to Issued Certificates', async () => {
    const res = await web.get('/second-factor/oidc/callback?state=forged&code=abc');
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toContain('error=That sign-in does not belong to an open reissue request');
  });

  it('a SAML response posted without a known RelayState is refused the same way', async () => {
    const res = await web.post('/second-factor/saml/acs', { SAMLResponse: Buffer.from('<x/>').toString('base64'), RelayState: 'forged' });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toContain('error=That sign-in does not belong to an open reissue request');
  });

  it('serves the SP metadata with its assertion consumer service', async () => {
    const res = await fetch(`${mock.urls.control}/second-factor/saml/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/samlmetadata+xml');
    expect(await res.text()).toContain(`Location="${mock.urls.control}/second-factor/saml/acs"`);
  });

  it('without the saml second factor there is no SP metadata', async () => {
    const other = await startTestServer({ consoleSecondFactor: 'email-otp' });
    try {
      const res = await httpClient(other.urls.control).get('/second-factor/saml/metadata');
      expect(res.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('second-factor options', () => {
  it('takes console.oidc / azureAd / saml / ldap from a config file shape, with defaults', () => {
    const config = parseConfig({ console: { secondFactor: 'active-directory', ldap: { url: 'ldap://dc.example:389', bindDn: '{username}@example.com' }, azureAd: { tenant: 't1' } } });
    expect(config.consoleSecondFactor).toBe('active-directory');
    expect(config.consoleLdap).toEqual({ url: 'ldap://dc.example:389', bindDn: '{username}@example.com', timeoutMs: 5000 });
    expect(config.consoleAzureAd).toMatchObject({ tenant: 't1', clientId: 'mockca-console' });
    expect(config.consoleOidc).toEqual({ clientId: 'mockca-console', clientSecret: 'mockca-console-secret' });
    expect(() => parseConfig({ console: { ldap: { url: 'ldap://x', colour: 'red' } } })).toThrow(/consoleLdap/);
  });
});

describe('active-directory second factor with a directory URL that is not LDAP', () => {
  it('refuses the sign-in with the reason, and files no reissue', async () => {
    const other = await startTestServer({ consoleSecondFactor: 'active-directory', consoleLdap: { url: 'http://dc.example:389' } });
    try {
      const browser = consoleClient(other.urls.control);
      const start = await browser.post(`/certificates/regfish/${fixtureId}/0/action`, { action: 'reissue', confirm: 'yes' });
      const draft = start.location.replace(/\/subject$/, '');
      await browser.post(`${draft}/subject`, { csr: '' });
      await browser.post(`${draft}/san`);
      await browser.post(`${draft}/validity`, { validity_days: '30' });
      for (const domain of ['example.com', 'www.example.com']) await browser.post(`${draft}/verification`, { verify: domain });
      await browser.post(`${draft}/verification`, { next: 'yes' });
      expect((await browser.post(`${draft}/submit`, { agreement: 'yes' })).location).toBe(`${draft}/second-factor`);
      const empty = await browser.post(`${draft}/second-factor`, { username: '', password: '' });
      expect(empty.status).toBe(400);
      expect(empty.html).toContain('Active Directory sign-in refused: give the directory user name and password.');
      const refused = await browser.post(`${draft}/second-factor`, { username: 'dir.user', password: 'x' });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('the directory at http://dc.example:389 answered: http://dc.example:389 is an invalid LDAP URL');
      const seen = (await httpClient(other.urls.regfish, { 'x-api-key': regfishKey }).get(`/tls/certificate/${fixtureId}`)).body.response;
      expect(seen.reissue ?? null).toBeNull();
    } finally {
      await other.close();
    }
  });
});
