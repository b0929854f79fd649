import { X509Certificate as NodeX509 } from 'node:crypto';
import { pemBlocks, pemToDer, pkcs7, pkcs7Pem, sha1Thumbprint } from '../../ca/bundles.js';
import { x509Lib } from '../../ca/x509-lib.js';
import { BoundedMemo } from '../../lib/bounded-memo.js';

/** Small certificate-format helpers for downloads and chains (PEM blocks, DER, PKCS#7, thumbprints). */

/** Facts read from certificates, memoised for the hot list pages; bounded so issuing forever cannot grow them. */
const cachedCertificates = 4096;
const subjectCache = new BoundedMemo<string, string>(cachedCertificates);
const thumbprintCache = new BoundedMemo<string, string>(cachedCertificates);

/** The first certificate block of `pem`, newline-terminated. */
export function pemBlock(pem: string): string {
  const [first] = pemBlocks(pem);
  return first ? `${first}\n` : pem;
}

export const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export { pemToDer };

export function subjectCommonName(pem: string): string {
  let cn = subjectCache.get(pem);
  if (cn === undefined) {
    cn = new (x509Lib().X509Certificate)(pemBlock(pem)).subjectName.getField('CN')[0] ?? '';
    subjectCache.set(pem, cn);
  }
  return cn;
}

/** SHA-1 of the DER, upper-case hex without separators, as DigiCert shows thumbprints. */
export function thumbprint(pem: string): string {
  let t = thumbprintCache.get(pem);
  if (t === undefined) {
    t = sha1Thumbprint(pem);
    thumbprintCache.set(pem, t);
  }
  return t;
}

const keySizeCache = new BoundedMemo<string, number>(cachedCertificates);

export function keySizeOf(pem: string): number {
  let size = keySizeCache.get(pem);
  if (size === undefined) {
    const details = new NodeX509(pemBlock(pem)).publicKey.asymmetricKeyDetails;
    size = details?.modulusLength ?? (details?.namedCurve ? (details.namedCurve.includes('384') ? 384 : 256) : 0);
    keySizeCache.set(pem, size);
  }
  return size;
}

/** A certs-only PKCS#7 SignedData, PEM with the `PKCS7` label that openssl expects. */
export const p7bPem = (pems: string[]): string => pkcs7Pem(pems.map(pemToDer));

export const p7bDer = (pems: string[]): Buffer => pkcs7(pems.map(pemToDer));

export { opensslSerial, storedSerial } from '../../ca/serial-text.js';
