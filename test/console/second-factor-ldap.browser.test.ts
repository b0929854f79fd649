/**
 * The active-directory second factor through the console in chromium: an LDAP simple bind against
 * Debian's slapd, started here on a loopback port with a seeded directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flash, haveChromium, openBrowser, outboxOf, reissueFiled, reissueUntilSecondFactor, startMock, type Browser, type Mock } from './second-factor-support.js';
import { directory, haveSlapd, startSlapd, type Slapd } from './slapd.js';

describe.skipIf(!haveChromium || !haveSlapd)('active-directory second factor against slapd', { timeout: 60_000 }, () => {
  let browser: Browser;
  let slapd: Slapd;
  let m: Mock;
  beforeAll(async () => {
    slapd = await startSlapd();
    browser = await openBrowser();
    m = await startMock({ consoleSecondFactor: 'active-directory', consoleLdap: { url: slapd.url, bindDn: directory.bindDn } });
  }, 60_000);
  afterAll(async () => {
    await m?.mock.close();
    await browser?.close();
    await slapd?.stop();
  });

  const signIn = async (username: string, password: string) => {
    await browser.page.fill('#r-ad-user', username);
    await browser.page.fill('#r-ad-password', password);
    await browser.page.getByRole('button', { name: 'Sign in and reissue' }).click();
  };

  it('a wrong password is refused by the directory and noted; the right one reissues', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    expect(await page.locator('[data-mechanism="active-directory"]').textContent()).toContain(slapd.url);
    await signIn(directory.user, 'not-the-password');
    expect(await flash(page)).toContain(`Active Directory sign-in refused: the directory refused the password of uid=${directory.user},ou=people,${directory.suffix} (invalid credentials).`);
    await browser.shot('second-factor-active-directory');
    expect((await outboxOf(m.control, 'console_second_factor_refused')).at(-1)?.body).toContain('invalid credentials');
    expect(await reissueFiled(m.regfish)).toBe(false);

    await signIn(directory.user, directory.password);
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });

  it('an unknown user and a user name that tries to change the bind DN are refused', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    await signIn('nobody', directory.password);
    expect(await flash(page)).toContain('invalid credentials');
    await signIn(`${directory.user},ou=people`, directory.password);
    expect(await flash(page)).toContain('Active Directory sign-in refused');
    expect(await reissueFiled(m.regfish)).toBe(false);
  });
});

describe.skipIf(!haveChromium)('active-directory second factor with the directory down', { timeout: 60_000 }, () => {
  let browser: Browser;
  let m: Mock;
  beforeAll(async () => {
    browser = await openBrowser();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    m = await startMock({ consoleSecondFactor: 'active-directory', consoleLdap: { url: 'ldap://127.0.0.1:9', bindDn: directory.bindDn, timeoutMs: 2000 } });
  }, 60_000);
  afterAll(async () => {
    await m?.mock.close();
    await browser?.close();
  });

  it('says the directory could not be reached, and reissues nothing', async () => {
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    await page.fill('#r-ad-user', directory.user);
    await page.fill('#r-ad-password', directory.password);
    await page.getByRole('button', { name: 'Sign in and reissue' }).click();
    expect(await flash(page)).toContain('Active Directory sign-in refused: the directory at ldap://127.0.0.1:9 answered');
    expect(await reissueFiled(m.regfish)).toBe(false);
  });
});
