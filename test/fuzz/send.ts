import { Agent, request } from 'node:http';
import type { FuzzAnswer } from './shapes.js';

export class Hang extends Error {}

/**
 * Sends raw bytes with node:http (fetch would refuse or normalise much of what is fuzzed) and
 * gives up after `timeoutMs`: an answer that does not come is a hang.
 */
export function send(
  agent: Agent,
  baseUrl: string,
  req: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
  timeoutMs: number,
): Promise<FuzzAnswer | { closed: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = request(
      { agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.body ? { ...req.headers, 'content-length': String(req.body.length) } : req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          resolve({ closed: e.message });
        });
      },
    );
    const timer = setTimeout(() => {
      r.destroy();
      reject(new Hang(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    r.on('error', (e) => {
      clearTimeout(timer);
      // The server may close after answering a too-large body early: that is an answer we read above.
      resolve({ closed: e.message });
    });
    if (req.body) r.end(req.body);
    else r.end();
  });
}
