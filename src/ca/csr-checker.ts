import { Worker } from 'node:worker_threads';
import { checkCsrSignature, decodeCsrForCheck, parseCsrSync, type CsrInfo, type CsrSignatureCheck, type CsrSignatureVerdict } from './csr.js';

// What checkCsrSignature does, in a thread of its own (a CommonJS script: node:crypto only).
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
parentPort.on('message', ({ id, jwk, digest, data, signature }) => {
  let verdict;
  let key;
  try {
    key = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    verdict = 'key';
  }
  if (!verdict) {
    try {
      verdict = verify(digest, data, key, signature) ? 'ok' : 'bad';
    } catch {
      verdict = 'bad';
    }
  }
  parentPort.postMessage({ id, verdict });
});
`;

/**
 * Importing a new CSR's key and verifying its signature is most of the CPU an order costs (about
 * 100 µs of OpenSSL): done in one worker thread shared by the process, so the event loop goes on
 * with other requests meanwhile. Started on the first new CSR, never at start; until it is online,
 * or if it ever fails, the check runs in this thread as before. The answer is the same either way.
 */
class CsrChecker {
  private worker?: Worker;
  private online = false;
  private failed = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { check: CsrSignatureCheck; resolve: (v: CsrSignatureVerdict) => void }>();

  verdict(check: CsrSignatureCheck): Promise<CsrSignatureVerdict> | CsrSignatureVerdict {
    if (!this.online) {
      if (!this.worker && !this.failed) this.start();
      return checkCsrSignature(check);
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { check, resolve });
      // Copies: a view on Buffer's shared pool would send the whole pool.
      this.worker!.postMessage({ id, jwk: check.jwk, digest: check.digest, data: new Uint8Array(check.data), signature: new Uint8Array(check.signature) });
    });
  }

  /** Starts the thread if it is not running; true once it is online, false if it cannot run. */
  ready(): Promise<boolean> {
    if (this.online) return Promise.resolve(true);
    if (!this.worker && !this.failed) this.start();
    const worker = this.worker;
    if (!worker) return Promise.resolve(false);
    return new Promise((resolve) => {
      worker.once('online', () => resolve(true));
      worker.once('exit', () => resolve(false));
    });
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(workerSource, { eval: true });
    } catch {
      this.failed = true;
      return;
    }
    this.worker = worker;
    worker.on('online', () => (this.online = true));
    worker.on('message', ({ id, verdict }: { id: number; verdict: CsrSignatureVerdict }) => {
      const w = this.waiting.get(id);
      if (!w) return;
      this.waiting.delete(id);
      w.resolve(verdict);
    });
    const fail = () => {
      this.online = false;
      this.failed = true;
      this.worker = undefined;
      for (const [id, w] of this.waiting) {
        this.waiting.delete(id);
        w.resolve(checkCsrSignature(w.check));
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    // Never what keeps a process alive; after the listeners, as a 'message' listener refs it again.
    worker.unref();
  }
}

const checker = new CsrChecker();

/** parseCsrSync's answer, with the signature checked in the checker's thread. */
export async function parseCsrInWorker(text: string): Promise<CsrInfo> {
  const decoded = decodeCsrForCheck(text);
  if (!decoded) return parseCsrSync(text);
  return decoded.finish(await checker.verdict(decoded.check));
}

/** Starts the checker's thread and waits until it takes checks (tests; orders start it themselves). */
export function csrCheckerReady(): Promise<boolean> {
  return checker.ready();
}
