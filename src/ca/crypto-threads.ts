import { sign, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkCsrSignature, decodeCsrForCheck, parseCsrSync, type CsrInfo, type CsrSignatureCheck, type CsrSignatureVerdict } from './csr.js';

// The OpenSSL work of orders, in threads of their own (a CommonJS script: node:crypto only), a
// batch of jobs at a time. Bytes travel as latin1 text: a string is cloned several times faster
// than a typed array. Jobs:
//   [0, id, jwk, digest, data, signature]  import a CSR's key and verify its signature: 'ok', 'key' or 'bad'
//   [1, id, keyId, digest, data]           sign data with a key sent before: the signature, or null
//   [2, keyId, pkcs8]                      keep a signing key (no answer)
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createPrivateKey, createPublicKey, sign, verify } = require('node:crypto');
const keys = new Map();
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
function signatureOf(keyId, digest, data) {
  try {
    return sign(digest, Buffer.from(data, 'latin1'), keys.get(keyId)).toString('latin1');
  } catch {
    return null;
  }
}
parentPort.on('message', (batch) => {
  const answers = [];
  for (const job of batch) {
    if (job[0] === 0) answers.push([job[1], verdictOf(job[2], job[3], job[4], job[5])]);
    else if (job[0] === 1) answers.push([job[1], signatureOf(job[2], job[3], job[4])]);
    else keys.set(job[1], createPrivateKey({ key: Buffer.from(job[2], 'latin1'), format: 'der', type: 'pkcs8' }));
  }
  if (answers.length > 0) parentPort.postMessage(answers);
});
`;

type Job =
  | [kind: 0, id: number, jwk: CsrSignatureCheck['jwk'], digest: string, data: string, signature: string]
  | [kind: 1, id: number, keyId: number, digest: string, data: string]
  | [kind: 2, keyId: number, pkcs8: string];

/** A job sent and not answered yet: how to answer it in this thread if its thread fails. */
interface Waiting {
  thread: Thread | undefined;
  resolve(answer: unknown): void;
  here(): unknown;
}

interface Thread {
  worker: Worker;
  online: boolean;
  outstanding: number;
  keysSent: Set<number>;
}

/**
 * Importing a new CSR's key and verifying its signature (about 200 µs of OpenSSL), and signing a
 * leaf (about 50 µs), are most of the CPU an order costs: done in worker threads shared by the
 * process, so the event loop goes on with other requests meanwhile. The threads start on the
 * first new CSR, never at start; until one is online, or if one fails, the job runs in this
 * thread as before. The answer is the same either way.
 */
class CryptoThreads {
  private readonly threads: Thread[] = [];
  private failed = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Jobs of this turn of the event loop, sent together when it ends (one wake-up of a thread for all). */
  private batch: Job[] = [];
  private readonly keyIds = new WeakMap<KeyObject, number>();
  private readonly keysById = new Map<number, string>();

  private inlineMsThisTurn = 0;
  private turnEndScheduled = false;
  /** CPU a turn of the event loop may spend on jobs in this thread while the threads are idle. */
  inlineBudgetMs = 1;

  constructor(private readonly size: number) {}

  verdict(check: CsrSignatureCheck): Promise<CsrSignatureVerdict> | CsrSignatureVerdict {
    if (this.threads.length === 0 && !this.failed) this.start();
    if (this.here()) return this.timed(() => checkCsrSignature(check));
    return this.enqueue<CsrSignatureVerdict>(
      (id) => [0, id, check.jwk, check.digest, check.data.toString('latin1'), check.signature.toString('latin1')],
      () => checkCsrSignature(check),
    );
  }

  /** A signature by `key` (a thread's if one is online; never what starts them). */
  sign(key: KeyObject, digest: string, data: Buffer): Promise<Buffer> | Buffer {
    const keyId = this.here() ? undefined : this.keyIdOf(key);
    if (keyId === undefined) return this.timed(() => sign(digest, data, key));
    return this.enqueue<string | null>(
      (id) => [1, id, keyId, digest, data.toString('latin1')],
      () => null,
    ).then((signature) => (signature === null ? sign(digest, data, key) : Buffer.from(signature, 'latin1')));
  }

  /**
   * Whether a job runs in this thread: when no crypto thread is online, or when none has work
   * and this turn of the event loop has not spent its budget on such jobs yet. A thread's round
   * trip (about 140 µs here, more from sleep) costs more than a signature, so one request at a
   * time is answered soonest in this thread; under load, the threads take the work.
   */
  private here(): boolean {
    if (!this.anyOnline()) return true;
    return this.waiting.size === 0 && this.inlineMsThisTurn < this.inlineBudgetMs;
  }

  private timed<T>(job: () => T): T {
    const started = performance.now();
    try {
      return job();
    } finally {
      this.inlineMsThisTurn += performance.now() - started;
      if (!this.turnEndScheduled) {
        this.turnEndScheduled = true;
        setImmediate(() => {
          this.inlineMsThisTurn = 0;
          this.turnEndScheduled = false;
        });
      }
    }
  }

  /** The id a key has in the threads; undefined for a key that cannot be exported (signed in this thread). */
  private keyIdOf(key: KeyObject): number | undefined {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      let pkcs8: string | null;
      try {
        pkcs8 = (key.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('latin1');
      } catch {
        pkcs8 = null;
      }
      id = pkcs8 === null ? -1 : this.keysById.size;
      this.keyIds.set(key, id);
      if (pkcs8 !== null) this.keysById.set(id, pkcs8);
    }
    return id < 0 ? undefined : id;
  }

  private anyOnline(): boolean {
    for (const t of this.threads) if (t.online) return true;
    return false;
  }

  private enqueue<T>(job: (id: number) => Job, here: () => T): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, { thread: undefined, resolve: resolve as (a: unknown) => void, here });
      if (this.batch.length === 0) setImmediate(() => this.send());
      this.batch.push(job(id));
    });
  }

  /** Sends this turn's batch, shared among the online threads, the least busy first. */
  private send(): void {
    const batch = this.batch;
    this.batch = [];
    const online = this.threads.filter((t) => t.online).sort((a, b) => a.outstanding - b.outstanding);
    if (online.length === 0) {
      for (const job of batch) this.settle(job[1], undefined);
      return;
    }
    const parts = Math.min(online.length, batch.length);
    const each = Math.ceil(batch.length / parts);
    for (let p = 0; p < parts; p++) this.sendTo(online[p], batch.slice(p * each, (p + 1) * each));
  }

  private sendTo(thread: Thread, batch: Job[]): void {
    const jobs: Job[] = [];
    for (const job of batch) {
      if (job[0] === 1 && !thread.keysSent.has(job[2])) {
        thread.keysSent.add(job[2]);
        jobs.push([2, job[2], this.keysById.get(job[2])!]);
      }
      jobs.push(job);
      this.waiting.get(job[1])!.thread = thread;
      // A job waited for keeps the process alive, as any other pending I/O does; an idle thread never.
      if (thread.outstanding++ === 0) thread.worker.ref();
    }
    thread.worker.postMessage(jobs);
  }

  /** Answers a waiting job with its thread's answer, or with this thread's own. */
  private settle(id: number, answer: unknown): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (w.thread && --w.thread.outstanding === 0) w.thread.worker.unref();
    w.resolve(answer === undefined ? w.here() : answer);
  }

  /** Starts the threads if none runs; true once one is online, false if none can run. */
  ready(): Promise<boolean> {
    if (this.anyOnline()) return Promise.resolve(true);
    if (this.threads.length === 0 && !this.failed) this.start();
    if (this.threads.length === 0) return Promise.resolve(false);
    // Waiting for a thread keeps the process alive until it is online.
    for (const { worker } of this.threads) worker.ref();
    const idle = () => {
      for (const t of this.threads) if (t.outstanding === 0) t.worker.unref();
    };
    return new Promise<boolean>((resolve) => {
      let left = this.threads.length;
      for (const { worker } of this.threads) {
        worker.once('online', () => resolve(true));
        worker.once('exit', () => --left === 0 && resolve(false));
      }
    }).then((online) => {
      idle();
      return online;
    });
  }

  private start(): void {
    for (let i = 0; i < this.size; i++) {
      let worker: Worker;
      try {
        worker = new Worker(workerSource, { eval: true });
      } catch {
        break;
      }
      const thread: Thread = { worker, online: false, outstanding: 0, keysSent: new Set() };
      this.threads.push(thread);
      worker.on('online', () => (thread.online = true));
      worker.on('message', (answers: [number, unknown][]) => {
        for (const [id, answer] of answers) this.settle(id, answer);
      });
      const fail = () => {
        const at = this.threads.indexOf(thread);
        if (at < 0) return;
        this.threads.splice(at, 1);
        if (this.threads.length === 0) this.failed = true;
        for (const [id, w] of [...this.waiting]) if (w.thread === thread) this.settle(id, undefined);
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      // Never what keeps a process alive; after the listeners, as a 'message' listener refs it again.
      worker.unref();
    }
    if (this.threads.length === 0) this.failed = true;
  }
}

const threads = new CryptoThreads(Math.max(1, Math.min(2, availableParallelism())));

/** parseCsrSync's answer, with the signature checked in a crypto thread. */
export async function parseCsrInWorker(text: string): Promise<CsrInfo> {
  const decoded = decodeCsrForCheck(text);
  if (!decoded) return parseCsrSync(text);
  return decoded.finish(await threads.verdict(decoded.check));
}

/** node:crypto's sign(digest, data, key), in a crypto thread once they run (they start on the first new CSR). */
export function signInWorker(key: KeyObject, digest: string, data: Buffer): Promise<Buffer> | Buffer {
  return threads.sign(key, digest, data);
}

/**
 * Starts the crypto threads and waits until one takes jobs (tests and the bench; orders start
 * them themselves). `inlineBudgetMs` 0 sends every job to a thread once one is online.
 */
export function cryptoThreadsReady(options: { inlineBudgetMs?: number } = {}): Promise<boolean> {
  if (options.inlineBudgetMs !== undefined) threads.inlineBudgetMs = options.inlineBudgetMs;
  return threads.ready();
}
