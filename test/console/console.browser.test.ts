/**
 * The console driven by a real browser: playwright-core with Debian's chromium, headless.
 * Takes the README screenshots too: into docs/screenshots/ when MOCKCA_SCREENSHOTS=1 (to refresh the
 * committed ones), otherwise into a temporary folder, so a test run leaves the work tree clean.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { fixtureId, orderPending, otpFrom, regfishKey } from './support.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = process.env.MOCKCA_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : mkdtempSync(join(tmpdir(), 'mockca-screenshots-'));
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let mock: MockCaHandle;
let regfish: HttpClient;
let control: HttpClient;
let browser: BrowserContext;
let page: Page;
let profileDir: string;
let base: string;

/**
 * CI installs Debian's chromium (.ci/run) and must run these tests: there a missing browser is a
 * failure. On a developer machine without chromium the suite says so and does not run.
 */
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`CI must run the console browser tests, but there is no chromium at ${chromiumPath}`);
if (!haveChromium) console.warn(`console browser tests not run: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);

beforeAll(async () => {
  if (!haveChromium) return;
  mock = await startTestServer({ consoleSecondFactor: 'email-otp' });
  base = mock.urls.control;
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
  control = httpClient(base);
  profileDir = mkdtempSync(join(tmpdir(), 'mockca-chromium-'));
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    // playwright passes the new, empty profileDir as --user-data-dir
    args: chromiumArgs,
    // The width the console is made to fit (test/console/polish.browser.test.ts checks it).
    viewport: { width: 1280, height: 800 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

beforeEach(async () => {
  if (haveChromium) await mock.reset();
});

const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
const rowOf = (order: string) => page.locator(`tr[data-order="${order}"]`);
const vendorsListed = async () => page.locator('tbody tr[data-order]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vendor')));
const flash = () => page.locator('.flash').first().textContent();

async function openMoreActions(order: string) {
  await rowOf(order).first().locator('summary', { hasText: 'More Actions' }).click();
}

/** Reads the newest one-time code from the Outbox page in a second tab. */
async function codeFromOutbox(screenshot?: string): Promise<string> {
  const tab = await browser.newPage();
  try {
    await tab.goto(`${base}/outbox`);
    if (screenshot) await tab.screenshot({ path: join(screenshots, `${screenshot}.png`), fullPage: true });
    return otpFrom(await tab.content());
  } finally {
    await tab.close();
  }
}

describe.skipIf(!haveChromium)('console in chromium', { timeout: 60_000 }, () => {
  it('lists every certificate and filters by status, vendor and name', async () => {
    await orderPending(regfish, 'shop.example.org');
    await page.goto(base);
    await page.waitForURL(/\/certificates$/);
    expect(await rowOf(fixtureId).getAttribute('data-status')).toBe('issued');
    const vendorsShown = await vendorsListed();
    expect(new Set(vendorsShown)).toEqual(new Set(['regfish', 'digicert', 'sectigo']));
    expect(await page.locator('tbody tr[data-status="pending"]').count()).toBe(1);
    await openMoreActions(fixtureId);
    await shot('issued-certificates');

    await page.selectOption('#f-status', 'pending');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=pending/);
    expect(await page.locator('tbody tr[data-status="pending"]').count()).toBe(1);
    expect(await rowOf(fixtureId).count()).toBe(0);

    await page.goto(`${base}/certificates`);
    await page.fill('#f-name', 'shop.example');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/name=shop\.example/);
    expect(await page.locator('tbody tr[data-order]').count()).toBe(1);
    expect(await page.locator('tbody tr[data-order] td').first().textContent()).toBe('shop.example.org');

    await page.goto(`${base}/certificates`);
    await page.selectOption('#f-vendor', 'sectigo');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/vendor=sectigo/);
    const sectigoOnly = await vendorsListed();
    expect(sectigoOnly.length).toBeGreaterThan(0);
    expect(new Set(sectigoOnly)).toEqual(new Set(['sectigo']));
  });

  it('reissues through every step, with the email OTP second factor, and Regfish shows the pending reissue', async () => {
    await page.goto(`${base}/certificates`);
    await openMoreActions(fixtureId);
    await rowOf(fixtureId).getByRole('link', { name: 'Reissue Certificate' }).click();
    await page.getByLabel(/I confirm/).check();
    await page.getByRole('button', { name: 'View Request' }).click();

    await page.waitForURL(/\/subject$/);
    expect(await page.inputValue('#r-cn')).toBe('example.com');
    expect(await page.locator('#r-cn').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/san$/);
    expect(await page.locator('tbody').textContent()).toContain('www.example.com');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/validity$/);
    await page.fill('#r-validity', '30');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.waitForURL(/\/verification$/);
    expect(await page.locator('.badge.Unverified').count()).toBe(2);
    const proof = (await page.locator('tr[data-domain="example.com"] td.mono').textContent())!.split(' ');
    await control.post('/api/dns/records', { name: proof[0], type: proof[1], data: proof[2] });
    await page.getByRole('link', { name: 'Check again' }).click();
    expect(await page.locator('tr[data-domain="example.com"] .badge').textContent()).toBe('Verified');
    expect(await page.getByRole('button', { name: 'Reissue', exact: true }).isDisabled()).toBe(true);
    await shot('reissue-domain-verification');
    await page.locator('tr[data-domain="www.example.com"]').getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/ok=/);
    expect(await page.locator('.badge.Verified').count()).toBe(2);
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();

    await page.waitForURL(/\/submit$/);
    await page.fill('#r-message', 'Key lost in a laptop swap');
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();
    expect(page.url()).toMatch(/\/submit$/); // the subscriber agreement is required
    await page.getByLabel(/Subscriber Agreement/).check();
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();

    await page.waitForURL(/\/second-factor$/);
    const code = await codeFromOutbox('outbox');
    await page.fill('#r-otp', code === '000000' ? '999999' : '000000');
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    expect(await flash()).toContain('The verification code is wrong.');
    await shot('reissue-second-factor');
    await page.fill('#r-otp', code);
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    await page.waitForURL(/\/done$/);
    expect(await page.locator('h1').textContent()).toBe('Reissue Requested');

    const seen = (await regfish.get(`/tls/certificate/${fixtureId}`)).body.response;
    expect(seen).toMatchObject({ status: 'pending', reissue: { id: 1, status: 'pending', common_name: 'example.com' } });

    await page.getByRole('link', { name: 'Reissue Requests' }).last().click();
    await page.waitForURL(/\/reissue-requests$/);
    expect(await rowOf(fixtureId).textContent()).toContain('Key lost in a laptop swap');
    await shot('reissue-requests');
  });

  it('revokes from More Actions after the confirmation step, with a reason; Regfish and the status by serial see it', async () => {
    await page.goto(`${base}/certificates`);
    await openMoreActions(fixtureId);
    await rowOf(fixtureId).getByRole('link', { name: 'Revoke…' }).click();
    await page.waitForURL(/\/revoke\?back=/);
    expect(await page.locator('h1').textContent()).toBe('Revoke certificate');
    await page.getByLabel('Reason').selectOption({ label: 'Key compromise' });
    await shot('revoke-confirmation');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.waitForURL(/ok=/);
    expect(await flash()).toBe(`Certificate example.com (regfish ${fixtureId}) revoked.`);
    expect(await rowOf(fixtureId).getAttribute('data-status')).toBe('revoked');
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('certificate_revoked');
    const serial = (await control.get(`/api/orders/regfish/${fixtureId}`)).body.certificates[0].serial;
    expect((await control.get(`/api/certificates/${serial}`)).body).toMatchObject({ status: 'revoked', revocation_reason: 1 });
  });

  it('issues and reissues a Desktop Signing certificate with an edited common name', async () => {
    await page.goto(`${base}/desktop-signing`);
    await page.getByRole('link', { name: 'Request a Desktop Signing certificate' }).click();
    await page.fill('#d-cn', 'Erika Mustermann');
    await page.getByRole('button', { name: 'Request' }).click();
    expect(await page.locator('h1').textContent()).toBe('Certificate Generated');

    await page.goto(`${base}/desktop-signing`);
    const row = page.locator('tbody tr[data-order]').first();
    await row.locator('summary').click();
    await row.getByRole('link', { name: 'Reissue Certificate' }).click();
    await page.getByLabel(/I confirm/).check();
    await page.getByRole('button', { name: 'View Request' }).click();
    await page.waitForURL(/\/subject$/);
    await page.fill('#r-cn', 'Erika M. Mustermann');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/validity$/);
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();
    await page.waitForURL(/\/submit$/);
    await page.getByLabel(/Subscriber Agreement/).check();
    await page.getByRole('button', { name: 'Reissue', exact: true }).click();
    await page.waitForURL(/\/second-factor$/);
    await page.fill('#r-otp', await codeFromOutbox());
    await page.getByRole('button', { name: 'Verify and reissue' }).click();
    await page.waitForURL(/\/done$/);
    expect(await page.locator('h1').textContent()).toBe('Certificate Generated');

    await page.goto(`${base}/desktop-signing`);
    expect(await page.locator('tbody').textContent()).toContain('Erika M. Mustermann');
    await shot('desktop-signing');
    await page.goto(`${base}/desktop-signing/reissue-requests`);
    expect(await page.locator('tbody').textContent()).toContain('Erika M. Mustermann');
  });

  it('turns a named scenario on and off from the switchboard; the journal shows the request it answered', async () => {
    await control.delete('/api/scenarios');
    await page.goto(`${base}/scenarios`);
    const row = page.locator('tr[data-scenario="regfish-500-once"]');
    await row.getByRole('button', { name: 'Turn on' }).click();
    await page.waitForURL(/ok=/);
    expect(await flash()).toContain('regfish-500-once is on');
    expect(await row.locator('.badge').textContent()).toBe('on');
    expect((await control.get('/api/scenarios')).body.loaded.map((s: { name: string }) => s.name)).toEqual(['regfish-500-once']);
    await shot('scenarios');

    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).status).toBe(500);
    await page.goto(`${base}/journal`);
    expect(await page.locator('tbody').textContent()).toContain(`/tls/certificate/${fixtureId}`);
    await shot('journal');

    await page.goto(`${base}/scenarios`);
    await row.getByRole('button', { name: 'Turn off' }).click();
    await page.waitForURL(/ok=/);
    expect(await row.locator('.badge').textContent()).toBe('off');
    expect((await control.get('/api/scenarios')).body.loaded).toEqual([]);
  });

  it('shows the clock and advances it', async () => {
    await page.goto(`${base}/clock`);
    const before = Date.parse((await page.locator('#clock-now').textContent())!);
    await page.fill('input[name="amount"]', '3');
    await page.selectOption('select[name="unit"]', 'hours');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.waitForURL(/ok=/);
    const after = Date.parse((await page.locator('#clock-now').textContent())!);
    expect(after - before).toBeGreaterThanOrEqual(3 * 3_600_000);
  });
});
