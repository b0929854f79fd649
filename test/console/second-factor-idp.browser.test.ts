/**
 * The identity-provider second factors through the console in chromium, against the built-in
 * OpenID provider (oidc-provider) and the built-in SAML IdP (samlify), following the real redirects.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinUser, startBuiltinOidc, type BuiltinOidc } from '../../src/console/second-factor/builtin-oidc.js';
import { flash, haveChromium, openBrowser, outboxOf, reissueFiled, reissueUntilSecondFactor, startMock, type Browser, type Mock } from './second-factor-support.js';

let browser: Browser;
beforeAll(async () => {
  if (haveChromium) browser = await openBrowser();
}, 60_000);
afterAll(async () => browser?.close());

async function signIn(password: string): Promise<void> {
  const page = browser.page;
  await page.waitForSelector('#idp-user');
  await page.fill('#idp-user', builtinUser.username);
  await page.fill('#idp-password', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

for (const mechanism of ['oidc', 'azure-ad'] as const) {
  describe.skipIf(!haveChromium)(`${mechanism} second factor with the built-in OpenID provider`, { timeout: 60_000 }, () => {
    let m: Mock;
    beforeAll(async () => {
      m = await startMock({ consoleSecondFactor: mechanism });
    });
    afterAll(async () => m?.mock.close());

    it('a wrong password is refused at the provider and noted in the outbox; the right one reissues', async () => {
      await m.mock.reset();
      const page = browser.page;
      await reissueUntilSecondFactor(page, m.base);
      await page.waitForSelector('#idp-user');
      const idp = new URL(page.url());
      expect(idp.origin).not.toBe(new URL(m.base).origin);
      expect(idp.pathname).toMatch(mechanism === 'azure-ad' ? /^\/mockca-tenant\/v2\.0\/interaction\// : /^\/interaction\//);
      await signIn('wrong');
      expect(await page.getByRole('alert').textContent()).toBe('Wrong user name or password.');
      await browser.shot(`second-factor-${mechanism}-login`);
      const refused = await outboxOf(m.control, 'console_second_factor_refused');
      expect(refused.at(-1)?.body).toContain(`sign-in failed at the built-in OpenID provider for user '${builtinUser.username}'`);
      expect(await reissueFiled(m.regfish)).toBe(false);

      await signIn(builtinUser.password);
      await page.waitForURL(/\/done$/);
      expect(await page.locator('h1').textContent()).toBe('Reissue Requested');
      expect(await reissueFiled(m.regfish)).toBe(true);
    });

    it('a cancelled sign-in comes back as access_denied: refused, nothing reissued, the outbox says why', async () => {
      await m.mock.reset();
      const page = browser.page;
      await reissueUntilSecondFactor(page, m.base);
      await page.waitForSelector('#idp-user');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL(/\/second-factor\?error=/);
      expect(await flash(page)).toContain('Second factor refused: the identity provider answered access_denied: End-User aborted interaction');
      expect(await reissueFiled(m.regfish)).toBe(false);
      const refused = await outboxOf(m.control, 'console_second_factor_refused');
      expect(refused.at(-1)?.body).toContain('access_denied');

      await page.getByRole('button', { name: 'Sign in again' }).click();
      await signIn(builtinUser.password);
      await page.waitForURL(/\/done$/);
      expect(await reissueFiled(m.regfish)).toBe(true);
    });

    it('a sign-in that comes back after 10 minutes of virtual time is refused as expired', async () => {
      await m.mock.reset();
      const page = browser.page;
      await reissueUntilSecondFactor(page, m.base);
      await page.waitForSelector('#idp-user');
      expect((await m.control.post('/api/clock/advance', { seconds: 11 * 60 })).status).toBe(200);
      await signIn(builtinUser.password);
      await page.waitForURL(/\/second-factor\?error=/);
      expect(await flash(page)).toContain('Second factor refused: the sign-in took too long; start it again.');
      expect(await reissueFiled(m.regfish)).toBe(false);
    });
  });
}

describe.skipIf(!haveChromium)('saml second factor with the built-in SAML IdP', { timeout: 60_000 }, () => {
  let m: Mock;
  beforeAll(async () => {
    m = await startMock({ consoleSecondFactor: 'saml' });
  });
  afterAll(async () => m?.mock.close());

  it('SP-initiated: a wrong password is refused and noted, the signed assertion of the right one reissues', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForSelector('#idp-user');
    const sso = new URL(page.url());
    expect(sso.pathname).toBe('/sso');
    expect(sso.searchParams.get('SAMLRequest')).toBeTruthy();
    await signIn('wrong');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong user name or password.');
    await browser.shot('second-factor-saml-login');
    expect((await outboxOf(m.control, 'console_second_factor_refused')).at(-1)?.body).toContain('sign-in failed at the built-in SAML IdP');
    expect(await reissueFiled(m.regfish)).toBe(false);
    await signIn(builtinUser.password);
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });

  it('a cancelled sign-in (AuthnFailed) and a tampered assertion are refused; nothing is reissued', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForSelector('#idp-user');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(/\/second-factor\?error=/);
    expect(await flash(page)).toContain('Second factor refused: the SAML response was refused');
    expect(await reissueFiled(m.regfish)).toBe(false);

    // The signed assertion, with the user changed on the way to the console, is refused.
    await page.route(`${m.base}/second-factor/saml/acs`, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      const xml = Buffer.from(form.get('SAMLResponse')!, 'base64').toString('utf8');
      form.set('SAMLResponse', Buffer.from(xml.replaceAll(builtinUser.email, 'mallory@mockca.test')).toString('base64'));
      await route.continue({ postData: form.toString() });
    });
    try {
      await page.getByRole('button', { name: 'Sign in again' }).click();
      await signIn(builtinUser.password);
      await page.waitForURL(/\/second-factor\?error=/);
      expect(await flash(page)).toContain('Second factor refused: the SAML response was refused');
    } finally {
      await page.unroute(`${m.base}/second-factor/saml/acs`);
    }
    expect(await reissueFiled(m.regfish)).toBe(false);
    const reasons = (await outboxOf(m.control, 'console_second_factor_refused')).map((r) => r.body);
    expect(reasons.filter((r) => r.includes('the SAML response was refused'))).toHaveLength(2);
  });
});

describe.skipIf(!haveChromium)('oidc second factor with a configured issuer', { timeout: 60_000 }, () => {
  let m: Mock;
  let provider: BuiltinOidc;
  beforeAll(async () => {
    // An OpenID provider of its own (the built-in one, started here), configured as consoleOidc.issuer.
    const port = await freePort();
    provider = await startBuiltinOidc({ clientId: 'qa-client', clientSecret: 'qa-secret', redirectUri: `http://127.0.0.1:${port}/second-factor/oidc/callback`, onRefusal: () => undefined });
    m = await startMock({ controlPort: port, consoleSecondFactor: 'oidc', consoleOidc: { issuer: provider.issuer, clientId: 'qa-client', clientSecret: 'qa-secret' } });
  });
  afterAll(async () => {
    await m?.mock.close();
    await provider?.close();
  });

  it('signs in at the configured provider with the configured client and reissues', async () => {
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForSelector('#idp-user');
    expect(new URL(page.url()).origin).toBe(new URL(provider.issuer).origin);
    await signIn(builtinUser.password);
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
