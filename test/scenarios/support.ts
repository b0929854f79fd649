import { request as httpRequest } from 'node:http';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, type HttpClient } from '../support/server.js';

export const demoKey = 'regfish-demo-key';
export const otherKey = 'regfish-other-key';
/** A fixture order of the demo account (issued). */
export const fixtureOrderOf = (mock: MockCaHandle, key = demoKey): string => {
  const { store } = mock.server.ctx;
  const account = store.accounts().find((a) => a.apiKey === key)!;
  return store.ordersOf(account.id).find((o) => o.vendor === 'regfish')!.publicId;
};

export interface Clients {
  control: HttpClient;
  regfish: HttpClient;
  other: HttpClient;
}

export function clients(mock: MockCaHandle): Clients {
  return {
    control: httpClient(mock.urls.control),
    regfish: httpClient(mock.urls.regfish, { 'x-api-key': demoKey }),
    other: httpClient(mock.urls.regfish, { 'x-api-key': otherKey }),
  };
}

/** What a raw HTTP exchange ended as: a response, or the socket error a client sees. */
export type Outcome = { kind: 'response'; status: number; body: string } | { kind: 'error'; code: string };

/** One request over a fresh connection (no keep-alive), reporting connection errors instead of throwing. */
export function rawRequest(baseUrl: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: { connection: 'close', ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'error', code: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'error', code: e.code ?? e.message }));
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })));
    if (options.body) req.write(options.body);
    req.end();
  });
}
