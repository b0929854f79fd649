import { zip } from '../../http/zip.js';

/** Certificate bundles of CollectSSL: PEM <-> DER, PKCS#7 (certs only), Netscape certificate sequence, ZIP. */

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const explicit0 = (body: Buffer) => tlv(0xa0, body);

/** A degenerate PKCS#7 SignedData holding only certificates (what `openssl pkcs7 -print_certs` reads). */
export function pkcs7(certs: Buffer[]): Buffer {
  const signedData = seq(
    tlv(0x02, Buffer.from([1])),
    set(),
    seq(oid('1.2.840.113549.1.7.1')),
    tlv(0xa0, Buffer.concat(certs)),
    set(),
  );
  return seq(oid('1.2.840.113549.1.7.2'), explicit0(signedData));
}

/** Netscape certificate sequence: ContentInfo { 2.16.840.1.113730.2.5, [0] SEQUENCE OF Certificate }. */
export function netscapeSequence(certs: Buffer[]): Buffer {
  return seq(oid('2.16.840.1.113730.2.5'), explicit0(seq(...certs)));
}

/** Sectigo's file names: `*.example.com` -> `STAR_example_com`. */
export const bundleBaseName = (cn: string): string => cn.replace(/^\*/, 'STAR').replace(/[^A-Za-z0-9-]/g, '_');

export function zipBundle(cn: string, leafPem: string, chainPems: string[], date: Date): Buffer {
  const base = bundleBaseName(cn);
  return zip(
    [
      { name: `${base}.crt`, content: `${leafPem.trim()}\n` },
      { name: `${base}.ca-bundle`, content: `${chainPems.map((p) => p.trim()).join('\n')}\n` },
    ],
    date,
  );
}
