/**
 * The code second factors (SMS OTP, Email & SMS) and the CAA column of the domain verification step,
 * through the console in chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flash, haveChromium, openBrowser, outboxOf, reissueFiled, reissueUntilSecondFactor, startMock, type Browser, type Mock } from './second-factor-support.js';
import { fixtureId } from './support.js';

let browser: Browser;
beforeAll(async () => {
  if (haveChromium) browser = await openBrowser();
}, 60_000);
afterAll(async () => browser?.close());

const codeIn = (body: string) => /code is (\d{6})/.exec(body)![1];
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

describe.skipIf(!haveChromium)('sms-otp second factor', { timeout: 60_000 }, () => {
  let m: Mock;
  beforeAll(async () => {
    m = await startMock({ consoleSecondFactor: 'sms-otp' });
  });
  afterAll(async () => m?.mock.close());

  it('sends the code to an SMS channel of the outbox; a wrong code is refused and noted, the right one reissues', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    const sms = (await outboxOf(m.control, 'console_sms_otp')).at(-1)!;
    expect(sms.to, 'Regfish accounts have no user: the console user number').toBe('+1 555 0100 100');
    expect(await page.locator('[data-mechanism="sms-otp"]').textContent()).toContain('an SMS code was sent to +1 555 0100 100');
    expect(await page.locator('#r-otp').count(), 'no email code asked').toBe(0);
    await page.fill('#r-sms', wrong(codeIn(sms.body)));
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    expect(await flash(page)).toContain('The SMS code is wrong.');
    await browser.shot('second-factor-sms-otp');
    expect((await outboxOf(m.control, 'console_second_factor_refused')).at(-1)!.body).toContain('refused: The SMS code is wrong');
    expect(await reissueFiled(m.regfish)).toBe(false);
    await page.fill('#r-sms', codeIn(sms.body));
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });

  it('an expired SMS code is refused; a new one works', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    const first = codeIn((await outboxOf(m.control, 'console_sms_otp')).at(-1)!.body);
    expect((await m.control.post('/api/clock/advance', { seconds: 11 * 60 })).status).toBe(200);
    await page.fill('#r-sms', first);
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    expect(await flash(page)).toContain('The SMS code has expired. Send a new code.');
    expect(await reissueFiled(m.regfish)).toBe(false);
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await page.waitForURL(/ok=/);
    expect(await flash(page)).toContain('A new code was sent to +1 555 0100 100.');
    const second = codeIn((await outboxOf(m.control, 'console_sms_otp')).at(-1)!.body);
    await page.fill('#r-sms', second);
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });
});

describe.skipIf(!haveChromium)('email-and-sms second factor', { timeout: 60_000 }, () => {
  let m: Mock;
  beforeAll(async () => {
    m = await startMock({ consoleSecondFactor: 'email-and-sms' });
  });
  afterAll(async () => m?.mock.close());

  it('needs both codes: the right email code with a wrong SMS code is refused', async () => {
    await m.mock.reset();
    const page = browser.page;
    await reissueUntilSecondFactor(page, m.base);
    await page.waitForURL(/\/second-factor$/);
    const email = codeIn((await outboxOf(m.control, 'console_otp')).at(-1)!.body);
    const sms = codeIn((await outboxOf(m.control, 'console_sms_otp')).at(-1)!.body);
    await page.fill('#r-otp', email);
    await page.fill('#r-sms', wrong(sms));
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    expect(await flash(page)).toContain('The SMS code is wrong.');
    await browser.shot('second-factor-email-and-sms');
    expect(await reissueFiled(m.regfish)).toBe(false);

    // A wrong SMS code does not use up the right email code: both still work together.
    await page.fill('#r-otp', email);
    await page.fill('#r-sms', sms);
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    await page.waitForURL(/\/done$/);
    expect(await reissueFiled(m.regfish)).toBe(true);
  });
});

describe.skipIf(!haveChromium)('CAA on the domain verification step', { timeout: 60_000 }, () => {
  let m: Mock;
  beforeAll(async () => {
    m = await startMock({ issuance: 'immediate' });
  });
  afterAll(async () => m?.mock.close());

  it('shows the CAA result per domain, writes a CAA record from the form, and the reissue is refused with the reason', async () => {
    await m.mock.reset();
    const page = browser.page;
    await page.goto(`${m.base}/certificates`);
    const row = page.locator(`tr[data-order="${fixtureId}"]`).first();
    await row.locator('summary', { hasText: 'More Actions' }).click();
    await row.getByRole('link', { name: 'Reissue Certificate' }).click();
    await page.getByLabel(/I confirm/).check();
    await page.getByRole('button', { name: 'View Request' }).click();
    for (const step of ['san', 'validity', 'verification']) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(new RegExp(`/${step}$`));
    }
    expect(await page.locator('[data-caa]').evaluateAll((els) => els.map((e) => e.getAttribute('data-caa')))).toEqual(['allowed', 'allowed']);

    await page.fill('#caa-name', 'example.com');
    await page.selectOption('#caa-tag', 'issue');
    await page.fill('#caa-value', 'letsencrypt.org');
    await page.getByRole('button', { name: 'Add CAA record' }).click();
    await page.waitForURL(/ok=/);
    expect(await flash(page)).toContain('Added example.com. CAA 0 issue "letsencrypt.org".');
    const cells = page.locator('tr[data-domain="www.example.com"] [data-caa]');
    expect(await cells.getAttribute('data-caa')).toBe('blocked');
    expect(await cells.textContent()).toContain('CAA issue at example.com. names letsencrypt.org, not this CA');
    await browser.shot('reissue-caa-check');
    const records = await m.control.get('/api/dns/records?name=example.com');
    expect(records.body.records).toEqual([expect.objectContaining({ type: 'CAA', flags: 0, tag: 'issue', data: 'letsencrypt.org' })]);

    for (const domain of ['example.com', 'www.example.com']) {
      await page.locator(`tr[data-domain="${domain}"]`).getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/ok=/);
    }
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();
    await page.waitForURL(/\/submit$/);
    await page.getByLabel(/Subscriber Agreement/).check();
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();
    expect(await flash(page)).toContain('Reissue refused: CAA forbids issuance: example.com: CAA issue at example.com. names letsencrypt.org');
    expect(await reissueFiled(m.regfish)).toBe(false);
  });
});
