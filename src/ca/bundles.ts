import { createHash } from 'node:crypto';
import { derToPem } from './certificate-der.js';
import { explicit, integer, oid, seq, set, tlv } from './der.js';

/** Certificate bundles the vendors hand out: PEM blocks, DER, PKCS#7 (certificates only), Netscape sequence. */

export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** DER of the first certificate block of `pem`. */
export function pemToDer(pem: string): Buffer {
  const block = pemBlocks(pem)[0] ?? pem;
  return Buffer.from(block.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A degenerate PKCS#7 SignedData holding only certificates (what `openssl pkcs7 -print_certs` reads). */
const beginCertificate = '-----BEGIN CERTIFICATE-----';
const endCertificate = '-----END CERTIFICATE-----';

/** SHA-1 of the first certificate's DER, upper-case hex without separators (DigiCert's thumbprint). */
export function sha1Thumbprint(pem: string): string {
  // Computed for every certificate issued: the block by indexOf (Node's base64 decoder skips the line breaks).
  const from = pem.indexOf(beginCertificate);
  const to = from < 0 ? -1 : pem.indexOf(endCertificate, from);
  const der = to < 0 ? pemToDer(pem) : Buffer.from(pem.slice(from + beginCertificate.length, to), 'base64');
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

export function pkcs7(certificates: Buffer[]): Buffer {
  const signedData = seq(integer(1), set(), seq(oid('1.2.840.113549.1.7.1')), tlv(0xa0, Buffer.concat(certificates)), set());
  return seq(oid('1.2.840.113549.1.7.2'), explicit(0, signedData));
}

export const pkcs7Pem = (certificates: Buffer[]): string => derToPem(pkcs7(certificates), 'PKCS7');

/** Netscape certificate sequence: ContentInfo { 2.16.840.1.113730.2.5, [0] SEQUENCE OF Certificate }. */
export function netscapeSequence(certificates: Buffer[]): Buffer {
  return seq(oid('2.16.840.1.113730.2.5'), explicit(0, seq(...certificates)));
}
