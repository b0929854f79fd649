import { webcrypto } from 'node:crypto';


export const crypto = webcrypto as unknown as Crypto;

export type KeyAlgorithmName = 'ec-p256' | 'rsa-2048' | 'rsa-4096';

interface KeyAlgorithm {
  generate: RsaHashedKeyGenParams | EcKeyGenParams;
  /** What the key signs certificates, CRLs and OCSP answers with. */
  signing: Algorithm | EcdsaParams;
}

export const keyAlgorithms: Record<KeyAlgorithmName, KeyAlgorithm> = {
  'ec-p256': {
    generate: { name: 'ECDSA', namedCurve: 'P-256' },
    signing: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  },
  'rsa-2048': {
    generate: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    signing: { name: 'RSASSA-PKCS1-v1_5' },
  },
  'rsa-4096': {
    generate: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    signing: { name: 'RSASSA-PKCS1-v1_5' },
  },
};

export async function generateKeyPair(alg: KeyAlgorithmName): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(keyAlgorithms[alg].generate, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Names the algorithm of an existing key (for a CA the user brings). */
export function algorithmOfKey(key: CryptoKey): KeyAlgorithmName {
  if (key.algorithm.name === 'ECDSA') return 'ec-p256';
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  return bits >= 4096 ? 'rsa-4096' : 'rsa-2048';
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  const { x509 } = await import('./x509.js');
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Imports a PKCS#8 PEM private key, trying EC P-256 then RSA. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const { x509 } = await import('./x509.js');
  const der = x509.PemConverter.decodeFirst(pem);
  const attempts: (RsaHashedImportParams | EcKeyImportParams)[] = [
    { name: 'ECDSA', namedCurve: 'P-256' },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ];
  for (const alg of attempts) {
    try {
      return await crypto.subtle.importKey('pkcs8', der, alg, true, ['sign']);
    } catch {
      // try the next algorithm
    }
  }
  throw new Error('the CA key is not a PKCS#8 EC P-256 or RSA private key');
}
