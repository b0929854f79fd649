import { webcrypto } from 'node:crypto';
import { x509 } from '../../src/ca/x509.js';

const crypto = webcrypto as unknown as Crypto;

export interface CsrOptions {
  commonName?: string;
  dnsNames?: string[];
  key?: 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-1024';
  subject?: string;
}

const keyParams = {
  'ec-p256': { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  'ec-p384': { gen: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  'rsa-2048': {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  'rsa-1024': {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
} as const;

const keyCache = new Map<string, CryptoKeyPair>();

/** A real PKCS#10 request (PEM). Keys are cached per algorithm to keep tests fast. */
export async function makeCsr(options: CsrOptions = {}): Promise<string> {
  const alg = options.key ?? 'ec-p256';
  let keys = keyCache.get(alg);
  if (!keys) {
    keys = (await crypto.subtle.generateKey(keyParams[alg].gen as EcKeyGenParams, true, ['sign', 'verify'])) as CryptoKeyPair;
    keyCache.set(alg, keys);
  }
  const cn = options.commonName ?? 'www.example.com';
  const extensions = options.dnsNames?.length
    ? [new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value })))]
    : [];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: options.subject ?? `CN=${cn}`, keys, signingAlgorithm: keyParams[alg].sign as Algorithm, extensions },
    crypto,
  );
  return csr.toString('pem');
}

/** The same CSR with one signature byte flipped: parses, but the signature is wrong. */
export function tamperSignature(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 5] ^= 0xff;
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
