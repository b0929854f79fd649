/**
 * The console at 1280 px in chromium: nothing scrolls sideways, More Actions opens over the page
 * without growing its row, disabled and read-only controls look it, the favicon renders.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { order as digicertOrder } from '../emulators/digicert/support.js';
import { order as sectigoOrder, sectigoClient } from '../emulators/sectigo/support.js';
import { httpClient, startTestServer } from '../support/server.js';
import { fixtureId, orderPending, regfishKey } from './support.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`CI must run the console browser tests, but there is no chromium at ${chromiumPath}`);

let mock: MockCaHandle;
let browser: Browser;
let page: Page;
let base: string;
let shopId: string;

beforeAll(async () => {
  if (!haveChromium) return;
  mock = await startTestServer();
  base = mock.urls.control;
  // A few rows of each vendor: pending and issued, a long name, a Regfish reissue.
  const regfish = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
  shopId = await orderPending(regfish, 'shop.example.org');
  expect((await httpClient(base).post(`/api/orders/regfish/${shopId}/issue`, {})).status).toBe(200);
  await orderPending(regfish, 'a-rather-long-subdomain-name.of-a-shop.example.org');
  expect((await regfish.post(`/tls/certificate/${fixtureId}/reissue`, { csr: 'MIIC...', dcv_method: 'dns-cname-token' })).status).toBe(200);
  const digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key' });
  await digicertOrder(digicert, { common_name: 'mail.example.org', dns_names: ['mail.example.org', 'smtp.example.org', 'imap.example.org'] });
  await sectigoOrder(sectigoClient(mock.urls.sectigo), {}, { commonName: 'store.example.net' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
const style = (selector: string, property: string) => page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe.skipIf(!haveChromium)('the console at 1280 × 800', { timeout: 60_000 }, () => {
  it('Issued Certificates fits the width, with rows of every vendor', async () => {
    await page.goto(`${base}/certificates`);
    const vendors = await page.locator('tbody tr[data-order]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vendor')));
    for (const v of ['regfish', 'digicert', 'sectigo']) expect(vendors.filter((x) => x === v).length, v).toBeGreaterThanOrEqual(2);
    expect(await scrollWidth()).toBeLessThanOrEqual(1280);
    const regfishIds = await page.locator('tbody tr[data-vendor="regfish"] td.ids').allTextContents();
    expect(regfishIds.every((t) => !t.includes('/'))).toBe(true);
  });

  it('More Actions opens as a menu over the page: no row grows, nothing scrolls sideways', async () => {
    await page.goto(`${base}/certificates`);
    const rows = page.locator('tbody tr[data-order]');
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const before = (await row.boundingBox())!;
      await row.locator('summary').click();
      const menu = row.locator('.menu');
      expect(await menu.isVisible(), `row ${i}`).toBe(true);
      const after = (await row.boundingBox())!;
      expect(after.height, `row ${i}`).toBe(before.height);
      const box = (await menu.boundingBox())!;
      expect(box.x, `row ${i}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `row ${i}`).toBeLessThanOrEqual(1280);
      expect(await scrollWidth(), `row ${i}`).toBeLessThanOrEqual(1280);
      await row.locator('summary').click();
      expect(await menu.isVisible(), `row ${i}`).toBe(false);
    }
    // The first row's menu lies over the rows below it.
    await rows.first().locator('summary').click();
    const menuBox = (await rows.first().locator('.menu').boundingBox())!;
    const rowBox = (await rows.first().boundingBox())!;
    expect(menuBox.y + menuBox.height).toBeGreaterThan(rowBox.y + rowBox.height);
  });

  it('the other lists fit the width too', async () => {
    for (const path of ['/reissue-requests', '/desktop-signing', '/desktop-signing/reissue-requests', '/outbox', '/scenarios', '/journal', '/clock', `/certificates/regfish/${fixtureId}/1/revoke`]) {
      await page.goto(`${base}${path}`);
      expect(await scrollWidth(), path).toBeLessThanOrEqual(1280);
    }
  });

  it('a read-only field and a disabled button look disabled', async () => {
    // A Regfish reissue gets new DCV tokens: Reissue stays disabled until every domain is verified.
    await page.goto(`${base}/certificates/regfish/${shopId}/0/action`);
    await page.getByLabel(/I confirm/).check();
    await page.getByRole('button', { name: 'View Request' }).click();
    await page.waitForURL(/\/subject$/);
    expect(await page.locator('#r-cn').getAttribute('readonly')).not.toBeNull();
    expect(await style('#r-cn', 'background-color')).toBe('rgb(238, 241, 244)');
    expect(await style('#r-csr', 'background-color')).toBe('rgb(255, 255, 255)');
    const next = page.getByRole('button', { name: 'Next' });
    expect(await next.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).cursor])).toEqual(['rgb(11, 92, 173)', 'pointer']);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/san$/);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/validity$/);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/\/verification$/);
    const reissue = page.getByRole('button', { name: 'Reissue', exact: true });
    expect(await reissue.isDisabled()).toBe(true);
    expect(await reissue.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).cursor])).toEqual(['rgb(201, 209, 219)', 'not-allowed']);
  });

  it('the keyboard focus is visible (a yellow ring), on links and on the More Actions summary', async () => {
    await page.goto(`${base}/certificates`);
    await page.keyboard.press('Tab');
    const ring = () => page.evaluate(() => [document.activeElement!.tagName, getComputedStyle(document.activeElement!).outlineStyle, getComputedStyle(document.activeElement!).outlineColor]);
    expect(await ring()).toEqual(['A', 'solid', 'rgb(240, 180, 41)']);
    await page.locator('summary').first().focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await ring()).toEqual(['SUMMARY', 'solid', 'rgb(240, 180, 41)']);
  });

  it('the favicon is linked and renders', async () => {
    await page.goto(`${base}/certificates`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const size = await page.evaluate(async () => {
      const img = new Image();
      img.src = '/favicon.svg';
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size[0]).toBeGreaterThan(0);
    expect(size[1]).toBe(size[0]);
  });
});
