import { x509 } from './x509.js';
import { crypto, keyAlgorithms } from './algorithms.js';
import type { IssuingCa } from './authority.js';

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  /** RFC 5280 CRLReason code. */
  reason?: number;
}

const crlLifetimeMs = 24 * 3600 * 1000;

/** A CRL signed by the issuing CA, listing every revoked certificate it issued. */
export async function signCrl(issuer: IssuingCa, entries: RevokedEntry[], now: Date, crlNumber: number): Promise<x509.X509Crl> {
  const issuerKey = await issuer.cert.publicKey.export(crypto);
  return x509.X509CrlGenerator.create(
    {
      issuer: issuer.cert.subjectName,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + crlLifetimeMs),
      signingAlgorithm: keyAlgorithms[issuer.algorithm].signing,
      signingKey: issuer.privateKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(issuerKey, false, crypto),
        new x509.Extension('2.5.29.20', false, crlNumberDer(crlNumber)),
      ],
      entries: entries.map((e) => ({
        serialNumber: e.serialHex,
        revocationDate: e.revokedAt,
        reason: e.reason as x509.X509CrlReason | undefined,
      })),
    },
    crypto,
  );
}

/** DER INTEGER for the cRLNumber extension. */
function crlNumberDer(n: number): ArrayBuffer {
  let hex = Math.max(0, Math.floor(n)).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return Uint8Array.from([0x02, body.length, ...body]).buffer;
}
