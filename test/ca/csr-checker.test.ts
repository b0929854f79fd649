import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csrCheckerReady, parseCsrInWorker } from '../../src/ca/csr-checker.js';
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

describe('CSR checks in the checker thread', () => {
  it('answer what the in-thread parser answers: the same fields and the same CSR problems', async () => {
    expect(await csrCheckerReady()).toBe(true);
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

describe('the checker thread', () => {
  it('never keeps a process alive: a process that checked a CSR there exits on its own (built module, dist/)', async () => {
    const module = fileURLToPath(new URL('../../dist/ca/csr-checker.js', import.meta.url));
    // The interval stands for a server's sockets while the check is made, then goes: nothing else is left.
    const script = `const keep = setInterval(() => {}, 1000); const m = await import(${JSON.stringify(module)}); if (!(await m.csrCheckerReady())) process.exit(3); const info = await m.parseCsrInWorker(process.env.CSR); console.log(info.commonName); clearInterval(keep);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, CSR: await makeCsr({ commonName: 'exits.example.com' }) }, timeout: 30_000 });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: 'exits.example.com' });
  });
});
