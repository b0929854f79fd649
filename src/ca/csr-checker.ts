import { Worker } from 'node:worker_threads';
import { checkCsrSignature, decodeCsrForCheck, parseCsrSync, type CsrInfo, type CsrSignatureCheck, type CsrSignatureVerdict } from './csr.js';

// What checkCsrSignature does, in a thread of its own (a CommonJS script: node:crypto only), for
// a batch of checks at a time: [id, jwk, digest, data, signature] each, the bytes as latin1 text
// (a string is cloned several times faster than a typed array).
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
function verdictOf(jwk, digest, data, signature) {
  let key;
  try {
    key = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return 'key';
  }
  try {
    return verify(digest, Buffer.from(data, 'latin1'), key, Buffer.from(signature, 'latin1')) ? 'ok' : 'bad';
  } catch {
    return 'bad';
  }
}
parentPort.on('message', (batch) => {
  parentPort.postMessage(batch.map(([id, jwk, digest, data, signature]) => [id, verdictOf(jwk, digest, data, signature)]));
});
`;

type Job = [id: number, jwk: CsrSignatureCheck['jwk'], digest: string, data: string, signature: string];

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
  /** Checks of this turn of the event loop, sent together when it ends (one wake-up of the thread for all). */
  private batch: Job[] = [];

  verdict(check: CsrSignatureCheck): Promise<CsrSignatureVerdict> | CsrSignatureVerdict {
    if (!this.online) {
      if (!this.worker && !this.failed) this.start();
      return checkCsrSignature(check);
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { check, resolve });
      if (this.batch.length === 0) setImmediate(() => this.send());
      this.batch.push([id, check.jwk, check.digest, check.data.toString('latin1'), check.signature.toString('latin1')]);
    });
  }

  private send(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.worker) this.worker.postMessage(batch);
    else for (const [id] of batch) this.settle(id, undefined);
  }

  /** Resolves a waiting check with the thread's verdict, or with this thread's own check. */
  private settle(id: number, verdict: CsrSignatureVerdict | undefined): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    w.resolve(verdict ?? checkCsrSignature(w.check));
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
    worker.on('message', (verdicts: [number, CsrSignatureVerdict][]) => {
      for (const [id, verdict] of verdicts) this.settle(id, verdict);
    });
    const fail = () => {
      this.online = false;
      this.failed = true;
      this.worker = undefined;
      for (const id of [...this.waiting.keys()]) this.settle(id, undefined);
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
