import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { MockCaHandle, MockCaOptions } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { fixtureId, regfishKey } from './support.js';

/** The second-factor console tests: one mockca per mechanism, one chromium for the file. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`CI must run the console browser tests, but there is no chromium at ${chromiumPath}`);
if (!haveChromium) console.warn(`second-factor browser tests not run: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);

const screenshots = process.env.MOCKCA_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : mkdtempSync(join(tmpdir(), 'mockca-screenshots-'));

export interface Browser {
  context: BrowserContext;
  page: Page;
  shot(name: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mockca-chromium-'));
  mkdirSync(screenshots, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  return {
    context,
    page,
    shot: (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true }),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Mock {
  mock: MockCaHandle;
  base: string;
  control: HttpClient;
  regfish: HttpClient;
}

export async function startMock(options: MockCaOptions): Promise<Mock> {
  const mock = await startTestServer(options);
  return { mock, base: mock.urls.control, control: httpClient(mock.urls.control), regfish: httpClient(mock.urls.regfish, { 'x-api-key': regfishKey }) };
}

/** In the browser: Issued Certificates → More Actions → Reissue, every step up to pressing Reissue on the last one. */
export async function reissueUntilSecondFactor(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/certificates`);
  const row = page.locator(`tr[data-order="${fixtureId}"]`).first();
  await row.locator('summary', { hasText: 'More Actions' }).click();
  await row.getByRole('link', { name: 'Reissue Certificate' }).click();
  await page.getByLabel(/I confirm/).check();
  await page.getByRole('button', { name: 'View Request' }).click();
  await page.waitForURL(/\/subject$/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL(/\/san$/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL(/\/validity$/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL(/\/verification$/);
  for (const domain of ['example.com', 'www.example.com']) {
    await page.locator(`tr[data-domain="${domain}"]`).getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/ok=/);
  }
  await page.getByRole('button', { name: 'Reissue', exact: true }).click();
  await page.waitForURL(/\/submit$/);
  await page.getByLabel(/Subscriber Agreement/).check();
  await page.getByRole('button', { name: 'Reissue', exact: true }).click();
}

/** The Regfish view of the fixture order: has a reissue been filed? */
export async function reissueFiled(regfish: HttpClient): Promise<boolean> {
  const seen = (await regfish.get(`/tls/certificate/${fixtureId}`)).body.response;
  return seen.reissue !== undefined && seen.reissue !== null;
}

/** The outbox messages of one kind, newest last. */
export async function outboxOf(control: HttpClient, kind: string): Promise<{ to: string; subject: string; body: string }[]> {
  const res = await control.get('/api/outbox?limit=100');
  return (res.body.messages as { kind: string; to: string; subject: string; body: string }[]).filter((m) => m.kind === kind);
}

export const flash = (page: Page) => page.locator('.flash').first().textContent();
