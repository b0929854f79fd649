/**
 * A minimal DER encoder and reader: enough to build certificates and read CSRs without an ASN.1
 * object model, which is what makes issuance fast.
 */

export type Der = Buffer;

/** Tag, length and contents written into one buffer (a leaf is some forty of these). */
export function tlv(tag: number, ...contents: Buffer[]): Der {
  let size = 0;
  for (const c of contents) size += c.length;
  let lengthBytes = 0;
  if (size >= 0x80) for (let v = size; v > 0; v = Math.floor(v / 256)) lengthBytes++;
  const head = 2 + lengthBytes;
  const out = Buffer.allocUnsafe(head + size);
  out[0] = tag;
  if (lengthBytes === 0) out[1] = size;
  else {
    out[1] = 0x80 | lengthBytes;
    for (let i = head - 1, v = size; i >= 2; i--, v = Math.floor(v / 256)) out[i] = v & 0xff;
  }
  let at = head;
  for (const c of contents) at += c.copy(out, at);
  return out;
}

export const seq = (...items: Buffer[]): Der => tlv(0x30, ...(items.length ? items : [Buffer.alloc(0)]));
export const set = (...items: Buffer[]): Der => tlv(0x31, ...items);
export const explicit = (n: number, ...items: Buffer[]): Der => tlv(0xa0 + n, ...(items.length ? items : [Buffer.alloc(0)]));
export const octets = (b: Buffer): Der => tlv(0x04, b);
export const bool = (v: boolean): Der => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const utf8 = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Der => tlv(0x13, Buffer.from(s, 'ascii'));
export const ia5 = (tag: number, s: string): Der => tlv(tag, Buffer.from(s, 'ascii'));
export const bitString = (b: Buffer, unusedBits = 0): Der => tlv(0x03, Buffer.from([unusedBits]), b);

/** A positive INTEGER from a hex string (a leading zero byte is added when the top bit is set). */
export function integerHex(hex: string): Der {
  let h = hex.replace(/^0+(?=.)/, '');
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export const integer = (n: number): Der => integerHex(n.toString(16));

const oidCache = new Map<string, Buffer>();

export function oid(dotted: string): Der {
  let cached = oidCache.get(dotted);
  if (!cached) {
    const parts = dotted.split('.').map(Number);
    const bytes = [parts[0] * 40 + parts[1]];
    for (const part of parts.slice(2)) {
      const chunk: number[] = [part & 0x7f];
      for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
      bytes.push(...chunk);
    }
    cached = tlv(0x06, Buffer.from(bytes));
    oidCache.set(dotted, cached);
  }
  return cached;
}

/**
 * UTCTime for 1950 through 2049, GeneralizedTime otherwise, as RFC 5280 4.1.2.5 asks (UTCTime's
 * two-digit years cannot say anything else). Years outside 0000-9999 fit neither: RangeError.
 */
export function time(d: Date): Der {
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`${Number.isNaN(year) ? 'an invalid date' : d.toISOString()} cannot be encoded as an X.509 time`);
  const digits = d.toISOString().slice(0, 19).replace(/[-T:]/g, '');
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

// ---- reading ----------------------------------------------------------------------------------

export interface Node {
  tag: number;
  /** Offsets into the buffer: the whole element, and its contents. */
  start: number;
  contentStart: number;
  end: number;
}

export class DerError extends Error {}

export function read(buf: Buffer, offset = 0): Node {
  if (offset + 2 > buf.length) throw new DerError('truncated');
  const tag = buf[offset];
  let len = buf[offset + 1];
  let contentStart = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > buf.length) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > buf.length) throw new DerError('truncated');
  return { tag, start: offset, contentStart, end };
}

export function children(buf: Buffer, node: Node): Node[] {
  const out: Node[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = read(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const raw = (buf: Buffer, node: Node): Buffer => buf.subarray(node.start, node.end);
export const content = (buf: Buffer, node: Node): Buffer => buf.subarray(node.contentStart, node.end);

export function readOid(buf: Buffer, node: Node): string {
  const b = content(buf, node);
  if (b.length === 0) throw new DerError('empty OID');
  const parts = [Math.floor(b[0] / 40), b[0] % 40];
  let value = 0;
  for (let i = 1; i < b.length; i++) {
    value = value * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
