import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import { demoKey, orderRequest } from './support.js';

let mock: MockCaHandle;
let api: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());

const envelope = (message: string) => ({ success: false, message, error: message });

describe('bad input never yields a 500 or a framework page', () => {
  it('malformed JSON answers 400 in the envelope', async () => {
    const res = await api.request('POST', '/tls/certificate', '{"sku": "RapidSSL",', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(envelope('Invalid request payload or CSR'));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('wrong types answer 400', async () => {
    for (const patch of [{ sku: 7 }, { sku: 'Unknown' }, { common_name: ['a'] }, { dns_names: 'a.example.org' }, { validity_days: 'ninety' }, { validity_days: 500 }, { dcv_method: null }]) {
      const res = await api.post('/tls/certificate', { ...(await orderRequest()), ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body).toEqual(envelope('Invalid request payload or CSR'));
    }
  });

  it('a JSON array or a bare string as body answers 400', async () => {
    expect((await api.request('POST', '/tls/certificate', '[1,2]')).status).toBe(400);
    expect((await api.request('POST', '/tls/certificate', '"x"')).status).toBe(400);
  });

  it('invalid names answer 400: wildcard on a non-wildcard SKU, no wildcard on RapidSSLWildcard, bad labels', async () => {
    for (const o of [
      { common_name: '*.example.org' },
      { sku: 'RapidSSLWildcard', common_name: 'www.example.org' },
      { common_name: 'under_score.example.org' },
      { common_name: 'localhost' },
      { dns_names: ['ok.example.org', '-bad.example.org'] },
    ]) {
      expect((await api.post('/tls/certificate', await orderRequest(o))).status, JSON.stringify(o)).toBe(400);
    }
    expect((await api.post('/tls/certificate', await orderRequest({ sku: 'RapidSSLWildcard', common_name: '*.example.org' }))).status).toBe(200);
  });

  it('unknown routes answer 404 in the envelope, with or without a key', async () => {
    const res = await api.get('/tls/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(envelope('Not found'));
    const anonymous = await httpClient(mock.urls.regfish).get('/whatever');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(envelope('Unauthorized'));
  });

  it('a wrong x-api-key answers 401', async () => {
    const res = await httpClient(mock.urls.regfish, { 'x-api-key': 'wrong' }).get('/tls/certificate');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(envelope('Unauthorized'));
  });

  it('a body over 1 MiB answers 413 in the envelope, and the server keeps serving', async () => {
    const huge = JSON.stringify({ ...(await orderRequest()), comments: 'x'.repeat(1024 * 1024 + 10) });
    const res = await api.request('POST', '/tls/certificate', huge);
    expect(res.status).toBe(413);
    expect(res.body).toEqual(envelope('Request payload too large'));
    expect((await api.get('/tls/products')).status).toBe(200);
  });

  it('a body over 1 MiB sent chunked (no content-length) is refused too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent > 1.2 * 1024 * 1024) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${mock.urls.regfish}/tls/certificate`, {
      method: 'POST',
      headers: { 'x-api-key': demoKey, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('binary garbage as CSR answers 400', async () => {
    const res = await api.post('/tls/certificate', await orderRequest({ csr: Buffer.from('garbage that is base64').toString('base64') }));
    expect(res.status).toBe(400);
  });

  it('wrong HTTP methods on known paths answer 404 in the envelope', async () => {
    const res = await api.request('PUT', '/tls/certificate/7K9QW3M2ZT8HJ', {});
    expect(res.status).toBe(404);
    expect(res.body.success).toBe(false);
  });
});
