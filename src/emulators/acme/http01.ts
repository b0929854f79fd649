import { request } from 'node:http';

export type FetchResult = { kind: 'body'; status: number; body: string } | { kind: 'error'; message: string };

const maxBody = 4096;

/**
 * Fetches http://<name>/.well-known/acme-challenge/<token> the way Pebble does with its httpPort:
 * the connection goes to the configured address and port, the Host header names the domain.
 * Redirects are not followed (inferred: a one-machine setup has nothing to redirect to).
 */
export function fetchHttp01(address: string, port: number, name: string, token: string, timeoutMs: number): Promise<FetchResult> {
  return new Promise((resolve) => {
    const req = request(
      { host: address, port, path: `/.well-known/acme-challenge/${token}`, method: 'GET', headers: { host: name, 'user-agent': 'mockca-acme-va' }, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < maxBody) body += chunk;
        });
        res.on('end', () => resolve({ kind: 'body', status: res.statusCode ?? 0, body }));
        res.on('error', (e) => resolve({ kind: 'error', message: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ kind: 'error', message: e.message }));
    req.end();
  });
}
