import { makeCsr } from '../support/csr.js';
import type { HttpClient } from '../support/server.js';

export const fixtureId = '7K9QW3M2ZT8HJ';
export const regfishKey = 'regfish-demo-key';

/** A browser-like client for the console: form posts, redirects not followed, HTML text back. */
export function consoleClient(baseUrl: string) {
  const send = async (method: string, path: string, fields?: Record<string, string>) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: fields ? new URLSearchParams(fields).toString() : undefined,
    });
    return { status: res.status, location: res.headers.get('location') ?? '', headers: res.headers, html: await res.text() };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, fields: Record<string, string> = {}) => send('POST', path, fields),
  };
}

export type ConsoleClient = ReturnType<typeof consoleClient>;

/** Orders a Regfish certificate (left pending: the default policy issues on the second status read). */
export async function orderPending(regfish: HttpClient, commonName: string): Promise<string> {
  const res = await regfish.post('/tls/certificate', { sku: 'RapidSSL', common_name: commonName, dcv_method: 'dns-cname-token', csr: await makeCsr({ commonName }) });
  if (res.status !== 200) throw new Error(`order failed: ${res.text}`);
  return res.body.response.id as string;
}

/** The code of the newest console OTP email in the outbox. */
export function otpFrom(outboxHtml: string): string {
  const m = /one-time verification code is (\d{6})/.exec(outboxHtml);
  if (!m) throw new Error('no OTP email in the outbox');
  return m[1];
}
