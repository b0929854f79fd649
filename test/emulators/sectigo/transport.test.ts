import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { startTestServer } from '../../support/server.js';
import { demo, encodeForm, order, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());
afterEach(() => {
  mock.server.ctx.config.sectigoRequireHttps = false;
  mock.server.ctx.config.sectigoRateLimit = 0;
});

const status = { orderNumber: '10000001', queryType: '0' };

describe('transport conventions', () => {
  it('GET instead of POST answers -17 "Request used GET rather than POST!" with HTTP 200', async () => {
    const res = await api.raw('/products/!autoRevokeCertificate');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('-17\nRequest used GET rather than POST!\n');
    const urlencoded = await api.raw(`/products/download/CollectSSL?${encodeForm({ ...demo, ...status, responseFormat: '1' })}`);
    expect(urlencoded.fields).toEqual({ errorCode: '-17', errorMessage: 'Request used GET rather than POST!' });
  });

  it('an unrecognised argument answers -2 naming it', async () => {
    const res = await api.call('CollectSSL', { ...status, responseFormat: '1', colour: 'blue' });
    expect(res.text).toBe('errorCode=-2&errorMessage=%27colour%27+is+an+unrecognised+argument%21&errorItem=colour');
  });

  it('a missing argument answers -3, an invalid one -4, both naming the argument', async () => {
    const missing = await api.call('CollectSSL', { orderNumber: '10000001', responseFormat: '1' });
    expect(missing.fields).toMatchObject({ errorCode: '-3', errorMessage: "The 'queryType' argument is missing!", errorItem: 'queryType' });
    const bad = await api.call('CollectSSL', { orderNumber: '10000001', queryType: '9', responseFormat: '1' });
    expect(bad.fields).toMatchObject({ errorCode: '-4', errorMessage: "The value of the 'queryType' argument is invalid!" });
    const none = await api.call('CollectSSL', { queryType: '0', responseFormat: '1' });
    expect(none.fields).toMatchObject({ errorCode: '-3', errorItem: 'orderNumber' });
  });

  it('wrong credentials answer -16; a missing password -3', async () => {
    const res = await api.call('CollectSSL', { ...status, loginPassword: 'nope' });
    expect(res.lines).toEqual(['-16', 'Incorrect login details, account is locked, password has expired or your source IP is blocked.']);
    const unknown = await api.call('CollectSSL', { ...status, loginName: 'nobody', loginPassword: 'x' });
    expect(unknown.lines[0]).toBe('-16');
    const noPassword = await api.call('CollectSSL', { ...status, loginName: 'sectigo-demo' }, { noLogin: true });
    expect(noPassword.lines).toEqual(['-3', "The 'loginPassword' argument is missing!"]);
  });

  it('one login never sees another login’s orders (-4 on the order number)', async () => {
    const otherApi = sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-other', loginPassword: 'sectigo-other-password' });
    const res = await otherApi.call('CollectSSL', { ...status, responseFormat: '1' });
    expect(res.fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
  });

  it('endpoint names match case-insensitively and %21 stands for !', async () => {
    for (const path of ['/products/!collectssl', '/products/%21CollectSSL', '/products/download/COLLECTSSL', '/products/download/!CollectSSL']) {
      const res = await api.call('CollectSSL', { ...status, responseFormat: '1' }, { path });
      expect(res.fields.errorCode, path).toBe('1');
    }
  });

  it('an unknown endpoint answers 404 with a -14 body, never a framework page', async () => {
    const res = await api.call('NoSuchThing', {});
    expect(res.status).toBe(404);
    expect(res.lines[0]).toBe('-14');
    const noBang = await api.call('CollectSSL', status, { path: '/products/CollectSSL' });
    expect(noBang.status).toBe(404);
  });

  it('plain HTTP answers -1 when --sectigo-require-https is on; x-forwarded-proto https passes', async () => {
    mock.server.ctx.config.sectigoRequireHttps = true;
    const res = await api.call('CollectSSL', { ...status, responseFormat: '1' });
    expect(res.fields).toEqual({ errorCode: '-1', errorMessage: 'Request was not made over https!' });
    const proxied = await api.call('CollectSSL', { ...status, responseFormat: '1' }, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.fields.errorCode).toBe('1');
    const decode = await api.call('DecodeCSR', { csr: 'x', showCSRHashes: 'Y' }, { noLogin: true });
    expect(decode.lines[0]).toBe('-1');
  });

  it('over real TLS (--tls) with --sectigo-require-https the call goes through', async () => {
    const tls = await startTestServer({ tls: true, sectigoRequireHttps: true });
    try {
      const body = encodeForm({ ...demo, ...status, responseFormat: '1' });
      const url = new URL(`${tls.urls.sectigo}/products/download/CollectSSL`);
      expect(url.protocol).toBe('https:');
      const text = await new Promise<string>((resolve, reject) => {
        const req = request(
          { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', ca: tls.ca.rootPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          (res) => {
            let out = '';
            res.on('data', (d) => (out += d));
            res.on('end', () => resolve(out));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(text).toBe('errorCode=1&orderNumber=10000001');
    } finally {
      await tls.close();
    }
  });

  it('the rate limit answers -42 per login on the virtual clock', async () => {
    mock.server.ctx.config.sectigoRateLimit = 3;
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await api.call('CollectSSL', { ...status, responseFormat: '1' })).fields.errorCode as string);
    expect(codes).toEqual(['1', '1', '1', '-42']);
    const limited = await api.call('CollectSSL', { ...status, responseFormat: '1' });
    expect(limited.fields.errorMessage).toBe('The maximum number of allowed API requests has been exceeded. Please wait before submitting additional requests.');
    const otherApi = sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-other', loginPassword: 'sectigo-other-password' });
    expect((await otherApi.call('GetDCVEmailAddressList', { domainName: 'example.com' })).lines[0]).toBe('0');
    mock.clock.advance(61_000);
    expect((await api.call('CollectSSL', { ...status, responseFormat: '1' })).fields.errorCode).toBe('1');
    for (let i = 0; i < 2; i++) await api.call('CollectSSL', { ...status, responseFormat: '1' });
    expect((await api.call('CollectSSL', { ...status, responseFormat: '1' })).fields.errorCode).toBe('-42');
    await mock.reset('sectigo');
    expect((await api.call('CollectSSL', { ...status, responseFormat: '1' })).fields.errorCode).toBe('1');
  });

  it('credentials in the query string of a POST are accepted', async () => {
    const res = await api.raw(`/products/download/CollectSSL?${encodeForm(demo)}`, {
      method: 'POST',
      body: encodeForm({ ...status, responseFormat: '1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.fields.errorCode).toBe('1');
  });

  it('a body over --max-body-bytes answers -14 in the vendor shape', async () => {
    const cfg = mock.server.ctx.config;
    const limit = cfg.maxBodyBytes;
    cfg.maxBodyBytes = 200;
    try {
      const res = await api.call('CollectSSL', { ...status, responseFormat: '1', responseMimeType: `a/${'b'.repeat(300)}` });
      expect(res.status).toBe(200);
      expect(res.lines).toEqual(['-14', 'An unknown error occurred!']);
      expect(res.headers.get('x-mockca-reason')).toContain('larger than 200 bytes');
    } finally {
      cfg.maxBodyBytes = limit;
    }
  });

  it('a responseFormat the endpoint does not speak is -4 (JSON only where supported)', async () => {
    const res = await api.call('CollectSSL', { ...status, responseFormat: '2' });
    expect(res.lines).toEqual(['-4', "The value of the 'responseFormat' argument is invalid!"]);
  });
});

describe('operations and the error catalogue', () => {
  it('exposes one operation per endpoint with its form schema', () => {
    // The ACME server on the same port registers operations of its own (sectigo.acme.*).
    const ops = mock.server.operations.sectigo.filter((o) => !o.operation.startsWith('sectigo.acme.'));
    expect(ops.map((o) => o.operation)).toContain('sectigo.autoRevokeCertificate');
    expect(ops).toHaveLength(24);
    const collect = ops.find((o) => o.operation === 'sectigo.CollectSSL')!;
    expect(collect).toMatchObject({ method: 'POST', path: '/products/download/CollectSSL', bodyType: 'application/x-www-form-urlencoded' });
    expect(ops.find((o) => o.operation === 'sectigo.AutoApplySSL')!.path).toBe('/products/!AutoApplySSL');
    expect(collect.body!.safeParse({ loginName: 'a', loginPassword: 'b', queryType: '1' }).success).toBe(true);
  });

  it('renders a code byte for byte as the endpoint answers it, per endpoint and per format', async () => {
    const catalogue = mock.server.ctx.vendorErrors.sectigo!;
    expect(catalogue.names()).toEqual(expect.arrayContaining(['-26', '-42', 'replaced']));
    const arc = catalogue.render('-26', 'sectigo.autoRevokeCertificate')!;
    expect(arc).toEqual({
      status: 200,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'errorCode=-26&errorMessage=The+requested+certificate+is+in+the+process+of+being+issued.',
    });
    expect(catalogue.render('-26', 'sectigo.AutoRevokeSSL', { responseFormat: null })!.body).toBe('-26\nThe certificate is currently being issued!\n');
    expect(catalogue.render('-20', 'sectigo.AutoRefund', { responseFormat: '0' })!.body).toBe('-20\nThis order has already been cancelled\n');
    expect(catalogue.render('-3:orderNumber', 'sectigo.CollectSSL')!.body).toContain('errorItem=orderNumber');
    expect(catalogue.render('-4', 'sectigo.GetMDCDomainDetails', { responseFormat: '2' })!.headers['content-type']).toMatch(/json/);
    expect(catalogue.render('nonsense')).toBeUndefined();

    const live = await api.call('CollectSSL', { ...status, responseFormat: '1' }, { path: '/products/download/CollectSSL?x=1' });
    const rendered = catalogue.render('-2:x', 'sectigo.CollectSSL', { responseFormat: '1' })!;
    expect(live.text).toBe(rendered.body);
  });
});

describe('the scenario engine', () => {
  it('answers instead of the endpoint with the catalogue error in the request’s format; other requests pass through', async () => {
    const res = await fetch(`${mock.urls.control}/api/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'sectigo-being-issued',
        rules: [{ match: { operation: 'sectigo.autoRevokeCertificate', body: { orderNumber: '10000001' } }, respond: { error: 'sectigo:-26' } }],
      }),
    });
    expect(res.status).toBeLessThan(300);
    const scripted = await api.call('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x', responseFormat: '1' });
    expect(scripted.text).toBe('errorCode=-26&errorMessage=The+requested+certificate+is+in+the+process+of+being+issued.');
    const newline = await api.call('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x' });
    expect(newline.text).toBe('-26\nThe requested certificate is in the process of being issued.\n');
    // the matcher read the body; the endpoint still gets it
    const passed = await api.call('autoRevokeCertificate', { orderNumber: '1234567890', revocationReason: 'x', responseFormat: '1' });
    expect(passed.fields.errorCode).toBe('-4');
    expect((await api.call('CollectSSL', { ...status, responseFormat: '1' })).fields.errorCode).toBe('1');
  });
});

describe('AutoApply answers in every format', () => {
  it('responseFormat=0 is positional lines', async () => {
    const res = await api.call('AutoApplySSL', { ...(await import('./support.js').then((m) => m.applyForm({ responseFormat: '0', uniqueValue: 'Abc123' }))) });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const [code, orderNumber, cost, delivery, certificateID, unique] = res.lines;
    expect(code).toBe('0');
    expect(orderNumber).toMatch(/^\d{8}$/);
    expect(cost).toBe('49.00');
    expect(delivery).toBe('1');
    expect(certificateID).toMatch(/^\d{10}$/);
    expect(unique).toBe('Abc123');
  });

  it('responseFormat=1 is URL-encoded', async () => {
    const placed = await order(api);
    expect(placed.orderNumber).toMatch(/^\d{8}$/);
  });
});
