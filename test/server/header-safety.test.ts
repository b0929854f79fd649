import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { MockCaHandle } from '../../src/index.js';
import { refusalReason } from '../../src/emulators/answer-note.js';
import { demoKey as digicertKey, v2 } from '../emulators/digicert/support.js';
import { demoKey as regfishKey } from '../emulators/regfish/support.js';
import { demo as sectigoLogin, encodeForm, parseUrlencoded } from '../emulators/sectigo/support.js';
import { makeCsr } from '../support/csr.js';
import { startTestServer } from '../support/server.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const send = (url: string, init: RequestInit = {}) => fetch(url, init).then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));

/** The reason header decodes back to readable text (percent-encoded UTF-8). */
const decodedReason = (headers: Headers) => decodeURIComponent(headers.get('x-mockca-reason') ?? '');

describe('x-mockca-reason never turns an answer into a 500', () => {
  it('DigiCert: a snowman, a NUL and a 0xff body are answered in the {"errors":[…]} shape', async () => {
    const h = { 'X-DC-DEVKEY': digicertKey };
    for (const path of ['/order/certificate/%E2%98%83', '/order/certificate/%00', '/order/certificate/1%0D%0Ax']) {
      const res = await send(`${mock.urls.digicert}${v2}${path}`, { headers: h });
      expect(res.status, path).toBeLessThan(500);
      expect(JSON.parse(res.text).errors[0].code, path).toEqual(expect.any(String));
    }
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"x":"☃"}')]);
    const res = await send(`${mock.urls.digicert}${v2}/order/certificate/ssl_basic`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].code).toBe('bad_request_format');
    expect(res.headers.get('x-mockca-reason')).toMatch(/^[\x20-\x7e]+$/);
    expect(decodedReason(res.headers)).toContain('malformed JSON');
  });

  it('Regfish: an IDN common name and a 0xff body are answered in the {success:false} envelope', async () => {
    const h = { 'x-api-key': regfishKey, 'content-type': 'application/json' };
    const order = { sku: 'RapidSSL', common_name: '例え.jp', dcv_method: 'dns-cname-token', csr: await makeCsr({ commonName: 'shop.example.org' }) };
    const idn = await send(`${mock.urls.regfish}/tls/certificate`, { method: 'POST', headers: h, body: JSON.stringify(order) });
    expect(idn.status).toBeLessThan(500);
    if (idn.status >= 400) expect(JSON.parse(idn.text)).toMatchObject({ success: false, message: expect.any(String) });
    const binary = await send(`${mock.urls.regfish}/tls/certificate`, { method: 'POST', headers: h, body: Buffer.from([0xff, 0x00, 0x7b]) });
    expect(binary.status).toBe(400);
    expect(JSON.parse(binary.text)).toMatchObject({ success: false });
    expect(binary.headers.get('x-mockca-reason')).toMatch(/^[\x20-\x7e]+$/);
    const snowman = await send(`${mock.urls.regfish}/tls/certificate/%E2%98%83%00`, { headers: h });
    expect(snowman.status).toBe(404);
    expect(JSON.parse(snowman.text)).toMatchObject({ success: false });
  });

  it('Sectigo: domainName=例え.jp and a NUL in the CSR are answered with an errorCode, over HTTP 200', async () => {
    const form = encodeForm({ ...sectigoLogin, domainName: '例え.jp' });
    const res = await send(`${mock.urls.sectigo}/products/!GetDCVEmailAddressList`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);
    expect(Number(res.text.split('\n')[0])).toBeLessThan(0);
    expect(decodedReason(res.headers)).toContain('例え.jp');
    const apply = encodeForm({ ...sectigoLogin, product: '287', years: '1', csr: '\u0000例え', serverSoftware: '-1', isCustomerValidated: 'N', responseFormat: '1' });
    const applied = await send(`${mock.urls.sectigo}/products/!AutoApplySSL`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: apply });
    expect(applied.status).toBe(200);
    expect(Number(parseUrlencoded(applied.text).errorCode)).toBeLessThan(0);
    const reason = applied.headers.get('x-mockca-reason');
    if (reason !== null) expect(reason).toMatch(/^[\x20-\x7e]+$/);
  });

  it('control port: unicode and NUL in paths and bodies get the {"error":{code,message}} shape', async () => {
    for (const path of ['/api/orders/regfish/%E2%98%83', '/api/orders/regfish/%00', '/api/journal/%E2%98%83', '/api/%E2%98%83']) {
      const res = await send(`${mock.urls.control}${path}`);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.text).error.code, path).toEqual(expect.any(String));
    }
    const res = await send(`${mock.urls.control}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0xff, 0x7b]) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.code).toBe('bad_json');
  });

  it('a long or non-ASCII x-mockca-scenario header is refused in the vendor shape, never a 500', async () => {
    for (const name of ['x'.repeat(2000), 'caf\u00e9-\u00ff']) {
      const res = await send(`${mock.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey, 'x-mockca-scenario': name } });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ success: false });
      expect(res.headers.get('x-mockca-reason')).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('the journal keeps the readable reason while the header carries its percent-encoded form', async () => {
    await send(`${mock.urls.digicert}${v2}/order/certificate/ssl_basic`, {
      method: 'POST',
      headers: { 'X-DC-DEVKEY': digicertKey, 'content-type': 'application/json' },
      body: Buffer.from([0xff, 0x7b]),
    });
    const entry = mock.journal.find({ vendor: 'digicert' }).at(-1);
    expect(entry?.reason).toContain('malformed JSON');
    expect(entry?.reason).not.toMatch(/%[0-9A-F]{2}/);
  });
});

describe('refusalReason', () => {
  it('strips control characters, percent-encodes non-ASCII and the percent sign, and bounds the length', () => {
    const r = refusalReason('a\u0000b\r\nc 100% ☃ 例え')!;
    expect(r.text).toBe('a b c 100% ☃ 例え');
    expect(r.header).toBe('a b c 100%25 %E2%98%83 %E4%BE%8B%E3%81%88');
    expect(decodeURIComponent(r.header)).toBe(r.text);
    const long = refusalReason('☃'.repeat(1000))!;
    expect(long.header.length).toBeLessThanOrEqual(500);
    expect(long.header).toMatch(/^(%E2%98%83)+$/);
    expect(refusalReason('\ud800 lone')!.header).toBe('%EF%BF%BD lone');
    expect(refusalReason(' \u0001 ')).toBeUndefined();
    expect(refusalReason(undefined)).toBeUndefined();
  });
});

/** One raw HTTP/1.1 exchange, so a request can carry what fetch() would refuse to send. */
function rawRequest(url: string, head: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

describe('requests Node refuses before routing are answered in the listener’s own shape', () => {
  const huge = `x-padding: ${'x'.repeat(20_000)}\r\n`;
  const head = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${huge}\r\n`;

  it('headers over 16 KiB: 431 with each vendor’s error body, and the control API’s JSON error', async () => {
    const regfish = await rawRequest(mock.urls.regfish, head('/tls/certificate'));
    expect(regfish.status).toBe(431);
    expect(JSON.parse(regfish.body)).toEqual({ success: false, message: 'Request payload too large', error: 'Request payload too large' });
    const digicert = await rawRequest(mock.urls.digicert, head(`${v2}/order/certificate`));
    expect(digicert.status).toBe(431);
    expect(JSON.parse(digicert.body).errors[0].code).toBe('request_too_large');
    const sectigo = await rawRequest(mock.urls.sectigo, head('/products/!AutoApplySSL'));
    expect(sectigo.status).toBe(200);
    expect(sectigo.body).toBe('errorCode=-14&errorMessage=An+unknown+error+occurred%21');
    const control = await rawRequest(mock.urls.control, head('/api/health'));
    expect(control.status).toBe(431);
    expect(JSON.parse(control.body).error.code).toBe('headers_too_large');
  });

  it('a malformed request line: 400 in the vendor’s shape, and the listener keeps serving', async () => {
    const bad = await rawRequest(mock.urls.regfish, 'GET /tls/certificate HTTP/1.1\r\nHost: 127.0.0.1\r\nbad header line\r\n\r\n');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).success).toBe(false);
    const ok = await send(`${mock.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } });
    expect(ok.status).toBe(200);
  });
});
