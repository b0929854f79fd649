import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { hostName, hostPolicy } from '../../src/http/host-check.js';
import { demoKey as digicertKey, v2 } from '../emulators/digicert/support.js';
import { demoKey as regfishKey } from '../emulators/regfish/support.js';
import { demo as sectigoLogin, encodeForm, parseUrlencoded } from '../emulators/sectigo/support.js';
import { fixtureId } from '../console/support.js';
import { startTestServer } from '../support/server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http, because fetch() may not set Host, Origin or Sec-Fetch-Site. */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const scenario = JSON.stringify({ name: 'csrf-probe', rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' } }] });
const revokePath = `/certificates/regfish/${fixtureId}`;

describe('cross-site requests on the control port', () => {
  let mock: MockCaHandle;
  let base: string;
  let own: string;
  beforeAll(async () => {
    mock = await startTestServer();
    base = mock.urls.control;
    own = base;
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  const loaded = async () => ((await (await fetch(`${base}/api/scenarios`)).json()) as { loaded: { name: string }[] }).loaded.map((s) => s.name);

  it('a text/plain scenario load from a foreign page is refused and nothing is loaded', async () => {
    const res = await raw(base, 'POST', '/api/scenarios', { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, scenario);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.code).toBe('cross_site_refused');
    expect(await loaded()).not.toContain('csrf-probe');
  });

  it('text/plain, form and multipart bodies are refused on the control API even without an Origin (415)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await raw(base, 'POST', '/api/scenarios', { 'content-type': type }, scenario);
      expect(res.status, type).toBe(415);
      expect(JSON.parse(res.text).error.code, type).toBe('unsupported_media_type');
    }
    const untyped = await raw(base, 'POST', '/api/scenarios', {}, scenario);
    expect(untyped.status).toBe(415);
    expect(await loaded()).not.toContain('csrf-probe');
  });

  it('curl-style JSON without an Origin still works, and so does a bodiless POST', async () => {
    const res = await raw(base, 'POST', '/api/scenarios', json, scenario);
    expect(res.status).toBeLessThan(300);
    expect(await loaded()).toContain('csrf-probe');
    expect((await raw(base, 'POST', '/api/reset')).status).toBe(200);
    expect((await raw(base, 'POST', '/api/reset', { 'content-type': 'application/merge-patch+json' }, '{}')).status).toBe(200);
  });

  it('JSON with the console’s own Origin, or Sec-Fetch-Site same-origin / none, is accepted', async () => {
    expect((await raw(base, 'POST', '/api/reset', { ...json, origin: own }, '{}')).status).toBe(200);
    expect((await raw(base, 'POST', '/api/reset', { ...json, 'sec-fetch-site': 'same-origin' }, '{}')).status).toBe(200);
    expect((await raw(base, 'POST', '/api/reset', { ...json, 'sec-fetch-site': 'none' }, '{}')).status).toBe(200);
  });

  it('a same-site page on another port, an Origin of null or a cross-site fetch cannot write', async () => {
    const other = own.replace(/:\d+$/, ':1');
    for (const headers of [{ origin: other }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const res = await raw(base, 'PUT', '/api/clock', { ...json, ...headers }, '{"now":"2030-01-01T00:00:00Z"}');
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(mock.clock.now().getUTCFullYear()).toBeLessThan(2030);
  });

  it('a console revoke form posted from a foreign page is refused with a 403 page; the certificate stays issued', async () => {
    const res = await raw(base, 'POST', `${revokePath}/1/revoke`, { ...form, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'reason=1');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    const order = (await (await fetch(`${base}/api/orders/regfish/${fixtureId}`)).json()) as { certificates: { status: string }[] };
    expect(order.certificates.some((c) => c.status === 'revoked')).toBe(false);
  });

  it('console forms from the console itself (Origin equal, or no Origin at all) keep working', async () => {
    const same = await raw(base, 'POST', '/clock/advance', { ...form, origin: own, 'sec-fetch-site': 'same-origin' }, 'amount=1&unit=minutes');
    expect(same.status).toBe(303);
    const curl = await raw(base, 'POST', '/clock/advance', form, 'amount=1&unit=minutes');
    expect(curl.status).toBe(303);
  });

  it('cross-site reads of CA material and top-level navigations are not refused', async () => {
    expect((await raw(base, 'GET', '/api/ca/root.pem', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await raw(base, 'GET', '/certificates', { 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });
});

describe('the Host check (DNS rebinding)', () => {
  let mock: MockCaHandle;
  beforeAll(async () => {
    mock = await startTestServer({ allowedHosts: ['mockca.internal', '.ci.example'] });
  });
  afterAll(() => mock.close());

  it('the control port refuses a foreign Host with 403 host_not_allowed, reads included', async () => {
    for (const path of ['/api/journal', '/certificates', '/api/health']) {
      const res = await raw(mock.urls.control, 'GET', path, { host: 'evil.example:8440' });
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.text).error.code, path).toBe('host_not_allowed');
      expect(res.headers['x-mockca-reason']).toContain('--allowed-host');
    }
  });

  it('loopback names, IP literals, the vendor names and the configured names are answered', async () => {
    for (const host of ['localhost:1', '127.0.0.1', '[::1]:8440', 'app.localhost', '10.1.2.3:8440', 'mockca.internal', 'MOCKCA.INTERNAL.', 'ci.example', 'runner-7.ci.example:80', 'api.regfish.com']) {
      expect((await raw(mock.urls.control, 'GET', '/api/health', { host })).status, host).toBe(200);
    }
    for (const host of ['evil.example', 'mockca.internal.evil.example', 'xci.example', 'localhost.evil.example']) {
      expect((await raw(mock.urls.control, 'GET', '/api/health', { host })).status, host).toBe(403);
    }
  });

  it('Regfish refuses a foreign Host in its {success:false} envelope', async () => {
    const res = await raw(mock.urls.regfish, 'GET', '/tls/products', { host: 'evil.example', 'x-api-key': regfishKey });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ success: false, message: 'Unauthorized', error: 'Unauthorized' });
    expect((await raw(mock.urls.regfish, 'GET', '/tls/products', { host: 'localhost', 'x-api-key': regfishKey })).status).toBe(200);
  });

  it('DigiCert refuses a foreign Host in its {"errors":[…]} shape', async () => {
    const res = await raw(mock.urls.digicert, 'GET', `${v2}/user/me`, { host: 'evil.example', 'X-DC-DEVKEY': digicertKey });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).errors[0].code).toBe('access_denied|missing_permission');
  });

  it('Sectigo refuses a foreign Host with errorCode -16 over HTTP 200', async () => {
    const res = await raw(mock.urls.sectigo, 'POST', '/products/!GetDCVEmailAddressList', { ...form, host: 'evil.example' }, encodeForm({ ...sectigoLogin, domainName: 'example.org' }));
    expect(res.status).toBe(200);
    expect(parseUrlencoded(res.text).errorCode).toBe('-16');
  });

  it('hostName and hostPolicy parse what Host headers carry', () => {
    expect(hostName('Example.ORG.:443')).toBe('example.org');
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('a/b')).toBeUndefined();
    const any = hostPolicy('127.0.0.1', ['*']);
    expect(any('evil.example')).toBe(true);
    const bound = hostPolicy('build-box', []);
    expect(bound('build-box:8440')).toBe(true);
    expect(bound(null)).toBe(true);
    expect(bound('evil.example')).toBe(false);
  });
});

describe('--control-token', () => {
  let mock: MockCaHandle;
  const token = 's3cret-token';
  beforeAll(async () => {
    mock = await startTestServer({ controlToken: token });
  });
  afterAll(() => mock.close());

  it('the control API answers 401 without the token, and works with Bearer or x-mockca-token', async () => {
    const none = await raw(mock.urls.control, 'GET', '/api/journal');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error.code).toBe('unauthorized');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect((await raw(mock.urls.control, 'GET', '/api/journal', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await raw(mock.urls.control, 'GET', '/api/journal', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await raw(mock.urls.control, 'POST', '/api/reset', { ...json, 'x-mockca-token': token }, '{}')).status).toBe(200);
    expect((await raw(mock.urls.control, 'POST', '/api/reset', json, '{}')).status).toBe(401);
  });

  it('CA material, health and the vendor APIs need no token', async () => {
    expect((await raw(mock.urls.control, 'GET', '/api/ca/root.pem')).status).toBe(200);
    expect((await raw(mock.urls.control, 'GET', '/api/ca/crl')).status).toBe(200);
    expect((await raw(mock.urls.control, 'GET', '/api/health')).status).toBe(200);
    expect((await raw(mock.urls.regfish, 'GET', '/tls/products', { 'x-api-key': regfishKey })).status).toBe(200);
  });

  it('the console shows a login form; a wrong token is refused, the right one sets an HttpOnly SameSite=Strict cookie', async () => {
    const page = await raw(mock.urls.control, 'GET', '/certificates?vendor=regfish');
    expect(page.status).toBe(401);
    expect(page.text).toContain('action="/login"');
    expect(page.text).toContain('value="/certificates?vendor=regfish"');
    const wrong = await raw(mock.urls.control, 'POST', '/login', form, 'token=nope&back=%2Fcertificates');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const ok = await raw(mock.urls.control, 'POST', '/login', form, `token=${token}&back=${encodeURIComponent('//evil.example')}`);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/certificates');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0];
    expect((await raw(mock.urls.control, 'GET', '/certificates', { cookie: session })).status).toBe(200);
    expect((await raw(mock.urls.control, 'POST', '/clock/advance', { ...form, cookie: session }, 'amount=1&unit=minutes')).status).toBe(303);
    expect((await raw(mock.urls.control, 'POST', '/clock/advance', form, 'amount=1&unit=minutes')).status).toBe(401);
    expect((await raw(mock.urls.control, 'POST', '/clock/advance', { ...form, 'x-mockca-token': token }, 'amount=1&unit=minutes')).status).toBe(303);
  });

  it('?token= sets the cookie and redirects to the same page without the token', async () => {
    const res = await raw(mock.urls.control, 'GET', `/journal?token=${token}&x=1`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/journal?x=1');
    expect(String(res.headers['set-cookie'])).toMatch(/^mockca_token=/);
    expect((await raw(mock.urls.control, 'GET', '/journal?token=wrong')).status).toBe(401);
  });

  it('the console’s own pages reach the control API in-process, so they work once logged in', async () => {
    const login = await raw(mock.urls.control, 'GET', `/scenarios?token=${token}`);
    const session = String(login.headers['set-cookie']).split(';')[0];
    const page = await raw(mock.urls.control, 'GET', '/scenarios', { cookie: session });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('does not answer GET /api/scenarios');
  });
});
