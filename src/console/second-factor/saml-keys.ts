import { webcrypto } from 'node:crypto';
import { x509 } from '../../ca/x509.js';

export interface SamlKeys {
  keyPem: string;
  certPem: string;
}

const crypto = webcrypto as unknown as Crypto;
const pem = (label: string, der: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END ${label}-----\n`;

/** An RSA key and a self-signed certificate for signing SAML messages (the built-in IdP's, or the SP's). */
export async function makeSamlKeys(commonName: string): Promise<SamlKeys> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  return { keyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)), certPem: cert.toString('pem') };
}
