import { KeyObject, sign } from 'node:crypto';
import type { IssuingCa } from './authority.js';
import { extension, keyIdentifier, signatureAlgorithmFor } from './certificate-der.js';
import { bitString, explicit, integer, integerHex, seq, time, tlv } from './der.js';

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  /** RFC 5280 CRLReason code. */
  reason?: number;
}

/** A signed CRL: its DER, and the times and number it carries. */
export interface SignedCrl {
  der: Buffer;
  rawData: ArrayBuffer;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}

const crlLifetimeMs = 24 * 3600 * 1000;

/** What signing needs of the issuer, worked out once per issuer. */
interface IssuerParts {
  key: KeyObject;
  algorithm: { der: Buffer; hash: string };
  name: Buffer;
  authorityKeyId: Buffer;
}

const issuerParts = new WeakMap<IssuingCa, IssuerParts>();
/** Each issuer's encoded entries of its last list, by serial, time and reason: an entry is encoded once. */
const encodedEntries = new WeakMap<IssuingCa, Map<string, Buffer>>();

function partsOf(issuer: IssuingCa): IssuerParts {
  let parts = issuerParts.get(issuer);
  if (!parts) {
    const key = issuer.key;
    const { subjectName, subjectKeyId, spki } = issuer.parts;
    parts = { key, algorithm: signatureAlgorithmFor(key), name: subjectName, authorityKeyId: subjectKeyId ?? keyIdentifier(spki) };
    issuerParts.set(issuer, parts);
  }
  return parts;
}

/** One revokedCertificates entry; reason 0 (unspecified) is left out, as RFC 5280 5.3.1 asks. */
function encodeEntry(e: RevokedEntry): Buffer {
  const fields = [integerHex(e.serialHex), time(e.revokedAt)];
  if (e.reason) fields.push(seq(extension('2.5.29.21', false, tlv(0x0a, Buffer.from([e.reason])))));
  return seq(...fields);
}

/**
 * The revokedCertificates entries in DER, in the given order. Entries already encoded for this
 * issuer's last list are reused, so a list of 10,000 that gained one costs one encoding.
 */
export function encodeRevokedList(issuer: IssuingCa, entries: readonly RevokedEntry[]): Buffer {
  const previous = encodedEntries.get(issuer);
  const next = new Map<string, Buffer>();
  const parts: Buffer[] = [];
  for (const e of entries) {
    const key = `${e.serialHex}/${e.revokedAt.getTime()}/${e.reason ?? ''}`;
    const der = previous?.get(key) ?? encodeEntry(e);
    next.set(key, der);
    parts.push(der);
  }
  encodedEntries.set(issuer, next);
  return Buffer.concat(parts);
}

/** A v2 CRL signed by the issuing CA, listing every revoked certificate it issued, with AKI and CRL number. */
export async function signCrl(issuer: IssuingCa, entries: readonly RevokedEntry[], now: Date, crlNumber: number): Promise<SignedCrl> {
  const parts = partsOf(issuer);
  const list = encodeRevokedList(issuer, entries);
  const nextUpdate = new Date(now.getTime() + crlLifetimeMs);
  const tbs = seq(
    integer(1),
    parts.algorithm.der,
    parts.name,
    time(now),
    time(nextUpdate),
    ...(list.length ? [seq(list)] : []),
    explicit(0, seq(extension('2.5.29.35', false, seq(tlv(0x80, parts.authorityKeyId))), extension('2.5.29.20', false, integer(Math.max(0, Math.floor(crlNumber)))))),
  );
  const der = seq(tbs, parts.algorithm.der, bitString(sign(parts.algorithm.hash, tbs, parts.key)));
  const rawData = der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
  return { der, rawData, thisUpdate: now, nextUpdate, crlNumber };
}
