import { ECDH, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CsrError, parseCsr } from '../../src/ca/csr.js';
import { bitString, explicit, integer, oid, seq, set, utf8 } from '../../src/ca/der.js';
import { LocalCa } from '../../src/ca/local-ca.js';
import { makeEcCsr } from '../../src/ca/make-csr.js';
import { tamperSignature } from '../support/csr.js';

/** A PKCS#10 request for `spki` (DER), signed by `key` with `hash` (ECDSA or RSA by the key). */
function csrFor(spki: Buffer, key: KeyObject, hash = 'sha256', commonName = 'keys.example.com'): string {
  const info = seq(integer(0), seq(set(seq(oid('2.5.4.3'), utf8(commonName)))), spki, explicit(0));
  const ec = key.asymmetricKeyType === 'ec';
  const algorithm = ec ? seq(oid({ sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3' }[hash]!)) : seq(oid('1.2.840.113549.1.1.11'), Buffer.from([5, 0]));
  const der = seq(info, algorithm, bitString(sign(hash, info, key)));
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
}

const p256Spki = (point: Buffer) => seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bitString(point));

async function problemOf(text: string): Promise<string> {
  try {
    await parseCsr(text);
    return 'accepted';
  } catch (e) {
    return e instanceof CsrError ? e.problem : `threw ${(e as Error).message}`;
  }
}

describe('CSR public keys', () => {
  it('reads RSA key sizes from the modulus, 3072 and 4096 bits alike', async () => {
    for (const bits of [3072, 4096]) {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const info = await parseCsr(csrFor(publicKey.export({ type: 'spki', format: 'der' }), privateKey));
      expect(info).toMatchObject({ keyType: 'RSA', keySize: bits, commonName: 'keys.example.com' });
    }
  });

  it('accepts a compressed EC point (read the slow way) and reads its curve', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const uncompressed = publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
    const compressed = ECDH.convertKey(uncompressed, 'prime256v1', undefined, undefined, 'compressed') as Buffer;
    const info = await parseCsr(csrFor(p256Spki(compressed), privateKey));
    expect(info).toMatchObject({ keyType: 'EC', keySize: 256, curve: 'P-256' });
  });

  it('refuses an EC point that is not on its curve as an unsupported key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const point = Buffer.from(publicKey.export({ type: 'spki', format: 'der' }).subarray(-65));
    point[64] ^= 0x01;
    expect(await problemOf(csrFor(p256Spki(point), privateKey))).toBe('unsupported_algorithm');
  });

  it('refuses the curve P-521 and names it', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    const csr = csrFor(publicKey.export({ type: 'spki', format: 'der' }), privateKey, 'sha384');
    await expect(parseCsr(csr)).rejects.toThrow(/unsupported elliptic curve \(secp521r1\)/);
  });

  it('refuses a signature made by another key than the one in the request', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(await problemOf(csrFor(publicKey.export({ type: 'spki', format: 'der' }), other))).toBe('bad_signature');
  });
});

describe('the CA remembers CSRs it accepted', () => {
  it('answers the same text alike and hands each caller a copy of its own', async () => {
    const ca = await LocalCa.create({ keyAlgorithm: 'ec-p256' });
    const { csrPem } = makeEcCsr('memo.example.com');
    const first = await ca.parseCsr(csrPem);
    first.dnsNames.push('changed.example.com');
    first.subject.CN = 'changed';
    const second = await ca.parseCsr(csrPem);
    expect(second.dnsNames).toEqual([]);
    expect(second).toMatchObject({ commonName: 'memo.example.com', subject: { CN: 'memo.example.com' }, keyType: 'EC' });
    expect(second.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(second.spki.equals(first.spki)).toBe(true);
  });

  it('still refuses a tampered copy of a request it accepted', async () => {
    const ca = await LocalCa.create({ keyAlgorithm: 'ec-p256' });
    const { csrPem } = makeEcCsr('memo.example.com');
    await ca.parseCsr(csrPem);
    await expect(ca.parseCsr(tamperSignature(csrPem))).rejects.toMatchObject({ problem: 'bad_signature' });
  });
});
