import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import { x509 } from '../../ca/x509.js';

/** Small certificate-format helpers for downloads and chains (PEM blocks, DER, PKCS#7, thumbprints). */

const subjectCache = new Map<string, string>();
const thumbprintCache = new Map<string, string>();

export function pemBlock(pem: string): string {
  const m = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
  return m ? `${m[0]}\n` : pem;
}

export const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pemBlock(pem).replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function subjectCommonName(pem: string): string {
  let cn = subjectCache.get(pem);
  if (cn === undefined) {
    cn = new x509.X509Certificate(pemBlock(pem)).subjectName.getField('CN')[0] ?? '';
    subjectCache.set(pem, cn);
  }
  return cn;
}

/** SHA-1 of the DER, upper-case hex without separators, as DigiCert shows thumbprints. */
export function thumbprint(pem: string): string {
  let t = thumbprintCache.get(pem);
  if (t === undefined) {
    t = createHash('sha1').update(pemToDer(pem)).digest('hex').toUpperCase();
    thumbprintCache.set(pem, t);
  }
  return t;
}

const keySizeCache = new Map<string, number>();

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
export function p7bPem(pems: string[]): string {
  const der = Buffer.from(new x509.X509Certificates(pems.map((p) => new x509.X509Certificate(pemBlock(p)))).export('raw'));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN PKCS7-----\n${b64}\n-----END PKCS7-----\n`;
}

export function p7bDer(pems: string[]): Buffer {
  return Buffer.from(new x509.X509Certificates(pems.map((p) => new x509.X509Certificate(pemBlock(p)))).export('raw'));
}
