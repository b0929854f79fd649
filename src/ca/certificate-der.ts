import { createHash, sign, type KeyObject } from 'node:crypto';
import { bitString, bool, children, content, explicit, integerHex, nullValue, octets, oid, read, seq, set, time, utf8 } from './der.js';

/** Building blocks of an X.509 certificate in DER, shared by the CA certificates and the leaves. */

export const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));

/** KeyUsage as a BIT STRING: digitalSignature 0x80, nonRepudiation 0x40, keyEncipherment 0x20, keyCertSign 0x04, cRLSign 0x02. */
export function keyUsageBits(flags: number): Buffer {
  let unused = 0;
  while (unused < 7 && !(flags & (1 << unused))) unused++;
  return bitString(Buffer.from([flags]), unused);
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): Buffer {
  const [, bits] = children(spki, read(spki));
  return createHash('sha1').update(content(spki, bits).subarray(1)).digest();
}

/** The signatureAlgorithm a key signs with (ECDSA or RSA PKCS#1 v1.5, SHA-256). */
export function signatureAlgorithmFor(key: KeyObject): { der: Buffer; hash: string } {
  return key.asymmetricKeyType === 'ec'
    ? { der: seq(oid('1.2.840.10045.4.3.2')), hash: 'sha256' }
    : { der: seq(oid('1.2.840.113549.1.1.11'), nullValue()), hash: 'sha256' };
}

/** A Name of (CN, O) relative distinguished names, in that order. */
export function simpleName(commonName: string, organization?: string): Buffer {
  const rdns = [set(seq(oid('2.5.4.3'), utf8(commonName)))];
  if (organization) rdns.push(set(seq(oid('2.5.4.10'), utf8(organization))));
  return seq(...rdns);
}

export interface CertificateFields {
  serialHex: string;
  issuerName: Buffer;
  subjectName: Buffer;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** TBSCertificate (v3): what the issuer signs. */
export function tbsCertificate(fields: CertificateFields, algorithm: { der: Buffer }): Buffer {
  return seq(
    explicit(0, Buffer.from([0x02, 0x01, 0x02])),
    integerHex(fields.serialHex),
    algorithm.der,
    fields.issuerName,
    seq(time(fields.notBefore), time(fields.notAfter)),
    fields.subjectName,
    fields.spki,
    explicit(3, seq(...fields.extensions)),
  );
}

/** The whole certificate in DER: the TBSCertificate, the algorithm and the issuer's signature over it. */
export function signedCertificate(tbs: Buffer, algorithm: { der: Buffer }, signature: Buffer): Buffer {
  return seq(tbs, algorithm.der, bitString(signature));
}

/** TBSCertificate (v3) signed by `signingKey`: the whole certificate in DER. */
export function buildCertificate(fields: CertificateFields, signingKey: KeyObject, algorithm = signatureAlgorithmFor(signingKey)): Buffer {
  const tbs = tbsCertificate(fields, algorithm);
  return signedCertificate(tbs, algorithm, sign(algorithm.hash, tbs, signingKey));
}

/** PEM with 64-character lines (sliced, not a regex: this runs once per issued certificate). */
export function derToPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += `${b64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
