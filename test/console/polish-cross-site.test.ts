/**
 * Every state-changing console form refuses a post from another site: the routes are read from the
 * control app itself, so a form added later is covered without touching this file.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createControlApp } from '../../src/control/app.js';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { fixtureId } from './support.js';

/** Posts that come from another site by design, each with what protects it instead. */
const crossSiteByDesign = new Map([
  // The SAML HTTP-POST binding: the identity provider's page posts a signed assertion for a pending login.
  ['/second-factor/saml/acs', 'a signed SAML response for a RelayState the console handed out'],
]);

/** A value for each path parameter the console's routes use, so the request reaches the route. */
const sample: Record<string, string> = { vendor: 'regfish', order: fixtureId, cert: '0', action: 'revoke', id: '1', step: 'submit' };

const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => sample[name] ?? 'x');

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** node:http, because fetch() does not let a test set Origin or Sec-Fetch-Site. */
function post(base: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let mock: MockCaHandle;
let consoleWrites: { method: string; path: string }[];
beforeAll(async () => {
  mock = await startTestServer();
  const app = createControlApp(mock.server.ctx, { reset: () => 0, version: 'test', startedAt: 0 });
  const seen = new Set<string>();
  consoleWrites = app.routes
    .filter((r) => !['GET', 'HEAD', 'OPTIONS', 'ALL'].includes(r.method) && !r.path.startsWith('/api/') && !crossSiteByDesign.has(r.path))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const foreignPages: Record<string, string>[] = [
  { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  { origin: 'https://evil.example' },
  { 'sec-fetch-site': 'cross-site' },
  { 'sec-fetch-site': 'same-site' },
  { origin: 'null' },
];

describe('cross-site posts to the console forms', () => {
  it('the routes read from the control app include the forms this console is known to have', () => {
    const paths = consoleWrites.map((r) => r.path);
    for (const known of ['/login', '/certificates/:vendor/:order/:cert/action', '/certificates/:vendor/:order/:cert/:action', '/reissue/:id/:step', '/desktop-signing/new', '/outbox/:id/approve', '/scenarios/on', '/scenarios/off', '/clock/advance', '/clock/reset']) {
      expect(paths, known).toContain(known);
    }
  });

  it('every state-changing console form answers a 403 console page to a post from another site', async () => {
    for (const { method, path } of consoleWrites) {
      for (const headers of foreignPages) {
        const res = await post(mock.urls.control, method, concrete(path), headers, 'reason=1&amount=1&unit=days&name=regfish-500-once&common_name=x&validity_days=1&confirm=yes&token=x');
        const what = `${method} ${path} ${JSON.stringify(headers)}`;
        expect(res.status, what).toBe(403);
        expect(res.type, what).toContain('text/html');
        expect(res.text, what).toContain('<title>Request refused');
        expect(res.text, what).toContain('and refused; nothing was changed.');
      }
    }
  });

  it('nothing changed: the fixture is not revoked, the clock not advanced, no scenario loaded, no Desktop Signing order', async () => {
    const before = mock.clock.now().getTime();
    for (const { method, path } of consoleWrites) {
      await post(mock.urls.control, method, concrete(path), foreignPages[0], 'reason=1&amount=1&unit=days&name=regfish-500-once&common_name=Erika&validity_days=1');
    }
    const fixture = (await (await fetch(`${mock.urls.control}/api/orders/regfish/${fixtureId}`)).json()) as { certificates: { status: string }[] };
    expect(fixture.certificates.map((c) => c.status)).toEqual(['issued']);
    expect(mock.clock.now().getTime() - before).toBeLessThan(3_600_000);
    expect(((await (await fetch(`${mock.urls.control}/api/scenarios`)).json()) as { loaded: unknown[] }).loaded).toEqual([]);
    expect(await (await fetch(`${mock.urls.control}/desktop-signing`)).text()).toContain('No certificates match.');
  });

  it('the same forms from the console’s own page pass the check (the revoke is done)', async () => {
    const own = { origin: mock.urls.control, 'sec-fetch-site': 'same-origin' };
    const res = await post(mock.urls.control, 'POST', `/certificates/regfish/${fixtureId}/0/revoke`, own, 'reason=1&back=%2Fcertificates');
    expect(res.status).toBe(303);
    const fixture = (await (await fetch(`${mock.urls.control}/api/orders/regfish/${fixtureId}`)).json()) as { certificates: { status: string }[] };
    expect(fixture.certificates.map((c) => c.status)).toEqual(['revoked']);
  });
});
