import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cryptoThreadsReady, parseCsrInWorker, signInWorker } from '../../src/ca/crypto-threads.js';
import { LocalCa } from '../../src/ca/local-ca.js';
import { opensslVerify } from '../support/openssl.js';
import { CsrError, parseCsrSync } from '../../src/ca/csr.js';
import { makeCsr, tamperSignature } from '../support/csr.js';

/** What a parse ends in, as comparable data: the request's fields, or the error's problem and message. */
async function outcome(parse: () => CsrInfoLike | Promise<CsrInfoLike>): Promise<unknown> {
  try {
    const info = await parse();
    return { ...info, publicKeyPem: info.publicKeyPem };
  } catch (e) {
    return e instanceof CsrError ? { problem: e.problem, message: e.message } : { threw: (e as Error).message };
  }
}
type CsrInfoLike = ReturnType<typeof parseCsrSync>;

/** The request with one byte of its EC point changed: well-formed DER, a point off the curve. */
function offCurve(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const at = der.indexOf(Buffer.from([0x03, 0x42, 0x00, 0x04]));
  der[at + 4 + 31] ^= 0x01;
  return der.toString('base64');
}

describe('CSR checks in a crypto thread', () => {
  it('answer what the in-thread parser answers: the same fields and the same CSR problems', async () => {
    expect(await cryptoThreadsReady({ inlineBudgetMs: 0 })).toBe(true);
    const ec = await makeCsr({ commonName: 'Checker.Example.com', dnsNames: ['checker.example.com', 'www.checker.example.com'] });
    const inputs = [
      ec,
      ec.replace(/\n/g, '\\n'),
      await makeCsr({ key: 'ec-p384' }),
      await makeCsr({ key: 'rsa-2048', subject: 'CN=www.example.org, O=Example Org, C=DE' }),
      await makeCsr({ key: 'rsa-1024' }),
      tamperSignature(ec),
      offCurve(ec),
      '%%% not base64 %%%',
      Buffer.alloc(64, 7).toString('base64'),
      42 as unknown as string,
    ];
    const seen = new Set<string>();
    for (const text of inputs) {
      const inThread = await outcome(() => parseCsrSync(text));
      expect(await outcome(() => parseCsrInWorker(text))).toEqual(inThread);
      seen.add((inThread as { problem?: string }).problem ?? 'accepted');
    }
    expect([...seen].sort()).toEqual(['accepted', 'bad_signature', 'not_base64', 'undecodable', 'unsupported_algorithm', 'unsupported_key_size']);
  });
});

describe('leaves signed in a crypto thread', () => {
  const request = (spki: Buffer, serialHex: string) => ({
    spki,
    commonName: 'thread.example.com',
    dnsNames: ['thread.example.com', 'www.thread.example.com'],
    notBefore: new Date('2026-12-01T00:00:00Z'),
    notAfter: new Date('2027-06-01T00:00:00Z'),
    serialHex,
    level: 'dv' as const,
  });

  it('are the very bytes this thread signs with an RSA CA (PKCS#1 v1.5 is deterministic)', async () => {
    expect(await cryptoThreadsReady({ inlineBudgetMs: 0 })).toBe(true);
    const ca = await LocalCa.create({ keyAlgorithm: 'rsa-2048' });
    const csr = parseCsrSync(await makeCsr({ commonName: 'thread.example.com' }));
    const inThread = await ca.signLeaf(request(csr.spki, '7a11'));
    expect(inThread).toEqual(ca.signLeafNow(request(csr.spki, '7a11')));
    expect(opensslVerify(ca.rootPem, ca.intermediatePem, inThread.pem)).toMatchObject({ ok: true });
  });

  it('verify with openssl against an EC chain, many at once, each with its own serial', async () => {
    expect(await cryptoThreadsReady({ inlineBudgetMs: 0 })).toBe(true);
    const ca = await LocalCa.create({ keyAlgorithm: 'ec-p256' });
    const csr = parseCsrSync(await makeCsr({ commonName: 'thread.example.com' }));
    const leaves = await Promise.all(Array.from({ length: 40 }, (_, i) => ca.signLeaf(request(csr.spki, (0x1000 + i).toString(16)))));
    expect(leaves.map((l) => l.serialHex)).toEqual(Array.from({ length: 40 }, (_, i) => (0x1000 + i).toString(16)));
    for (const leaf of [leaves[0], leaves[39]]) expect(opensslVerify(ca.rootPem, ca.intermediatePem, leaf.pem)).toMatchObject({ ok: true });
  });

  it('signs as node:crypto does in this thread, with the key sent to the thread once (EC and Ed25519 alike)', async () => {
    expect(await cryptoThreadsReady({ inlineBudgetMs: 0 })).toBe(true);
    const { generateKeyPairSync, verify } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('signed in a thread');
    for (let i = 0; i < 3; i++) expect(verify('sha256', data, publicKey, await signInWorker(privateKey, 'sha256', data))).toBe(true);
    const ed = generateKeyPairSync('ed25519');
    expect(verify(null, data, ed.publicKey, await signInWorker(ed.privateKey, null as unknown as string, data))).toBe(true);
  });
});

describe('the crypto threads', () => {
  it('never keeps a process alive when idle, and a job waited for keeps it alive until answered (built module, dist/)', async () => {
    const module = fileURLToPath(new URL('../../dist/ca/crypto-threads.js', import.meta.url));
    // Nothing else holds the event loop: the wait for the thread and for each job must, and the
    // process must still exit once they are answered.
    const script = `const m = await import(${JSON.stringify(module)}); if (!(await m.cryptoThreadsReady({ inlineBudgetMs: 0 }))) process.exit(3); for (let i = 0; i < 3; i++) { const info = await m.parseCsrInWorker(process.env.CSR); if (i === 2) console.log(info.commonName); await new Promise((r) => setTimeout(r, 20)); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, CSR: await makeCsr({ commonName: 'exits.example.com' }) }, timeout: 30_000 });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: 'exits.example.com' });
  });
});
