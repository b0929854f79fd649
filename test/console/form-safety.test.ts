import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { localPath } from '../../src/console/local-path.js';
import { startTestServer } from '../support/server.js';
import { consoleClient, fixtureId, type ConsoleClient } from './support.js';

let mock: MockCaHandle;
let web: ConsoleClient;
beforeAll(async () => {
  mock = await startTestServer();
  web = consoleClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const mib = 1024 * 1024;

/** A urlencoded form body of `bytes` bytes, streamed in 64 KiB chunks (chunked: no content-length). */
function streamedForm(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('amount=1&unit=days&pad='));
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

const post = (path: string, body: BodyInit, contentType: string) =>
  fetch(`${mock.urls.control}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body, redirect: 'manual', duplex: 'half' } as RequestInit).then(async (res) => ({
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    location: res.headers.get('location'),
    html: await res.text(),
  }));

describe('console form bodies are bounded', () => {
  it('a 3 MiB streamed form answers a 413 console page and changes nothing', async () => {
    const before = mock.clock.now().getTime();
    const res = await post('/clock/advance', streamedForm(3 * mib), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(413);
    expect(res.type).toContain('text/html');
    expect(res.html).toContain('Form too large');
    expect(mock.clock.now().getTime() - before).toBeLessThan(3_600_000);
  });

  it('a form declaring 600 MB in content-length is refused with 413 before it is read', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${mock.urls.control}/clock/advance`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(600 * 1000 * 1000) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.write('amount=1&unit=days');
    });
    expect(status).toBe(413);
  });

  it('a form just under the limit still works', async () => {
    const pad = 'a'.repeat(mib - 100);
    const res = await post('/clock/advance', `amount=1&unit=minutes&pad=${pad}`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location ?? '')).toContain('The clock was advanced by 1 minute.');
  });

  it('malformed multipart answers a 400 console page', async () => {
    const res = await post('/clock/advance', '--nope\r\ngarbage', 'multipart/form-data; boundary=XYZ');
    expect(res.status).toBe(400);
    expect(res.type).toContain('text/html');
    expect(res.html).toContain('Form not readable');
  });

  it('a well-formed multipart form is read like a urlencoded one', async () => {
    const form = new FormData();
    form.set('amount', '2');
    form.set('unit', 'hours');
    const res = await fetch(`${mock.urls.control}/clock/advance`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location') ?? '')).toContain('The clock was advanced by 2 hours.');
  });
});

describe('the console only follows its own paths in `back`', () => {
  const evil = ['/\\evil.example', '//evil.example', 'https://evil.example', '/\t/evil.example', ' //evil.example', 'javascript:alert(1)', '/%5Cevil.example\\x'];

  it('a revoke form with a foreign back goes to the Issued Certificates page instead', async () => {
    for (const back of evil) {
      const res = await web.post(`/certificates/regfish/${fixtureId}/nope/revoke`, { back });
      expect(res.status, back).toBe(303);
      expect(res.location, back).toMatch(/^\/certificates\?error=/);
      expect(new URL(res.location, mock.urls.control).origin, back).toBe(new URL(mock.urls.control).origin);
    }
  });

  it('a same-site back with a query is kept', async () => {
    const res = await web.post(`/certificates/regfish/${fixtureId}/nope/revoke`, { back: '/certificates?vendor=regfish' });
    expect(res.location).toMatch(/^\/certificates\?vendor=regfish&error=/);
  });

  it('localPath accepts console paths only', () => {
    for (const back of evil) expect(localPath(back, '/x'), back).toBe('/x');
    expect(localPath('/journal?limit=5#top', '/x')).toBe('/journal?limit=5#top');
    expect(localPath('/a/../certificates', '/x')).toBe('/certificates');
    expect(localPath('', '/x')).toBe('/x');
  });
});
