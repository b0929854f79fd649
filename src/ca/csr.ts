import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { derToPem as toPem } from './certificate-der.js';
import { children, content, DerError, raw, read, readOid, type Node } from './der.js';

/** Why a CSR was refused; each vendor turns these into its own error. */
export type CsrProblem =
  | 'not_base64'
  | 'undecodable'
  | 'bad_signature'
  | 'unsupported_algorithm'
  | 'unsupported_key_size'
  | 'missing_common_name';

export class CsrError extends Error {
  constructor(
    readonly problem: CsrProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface CsrInfo {
  /** Normalised PEM. */
  pem: string;
  /** The request in DER (Sectigo's CSR-hash DCV values are hashes of it). */
  der: Buffer;
  /** SubjectPublicKeyInfo in DER, copied as is into the certificate. */
  spki: Buffer;
  publicKeyPem: string;
  keyType: 'RSA' | 'EC';
  /** RSA modulus bits, or the EC curve size. */
  keySize: number;
  curve?: string;
  /** Hash of the request's signature, e.g. SHA-256. */
  signatureAlgorithm: string;
  commonName?: string;
  dnsNames: string[];
  /** Short-name -> first value, e.g. { CN, O, C }. */
  subject: Record<string, string>;
}

const pemHeader = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----|-----END (NEW )?CERTIFICATE REQUEST-----/g;
const base64Body = /^[A-Za-z0-9+/=\s]+$/;

const curves: Record<string, { name: string; size: number }> = {
  prime256v1: { name: 'P-256', size: 256 },
  secp384r1: { name: 'P-384', size: 384 },
};
const minRsaBits = 2048;
const maxRsaBits = 8192;

const signatureHashes: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

const subjectNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'E',
};

const extensionRequest = '1.2.840.113549.1.9.14';
const subjectAltName = '2.5.29.17';

function decode(text: string): Buffer {
  const body = text.replace(/\\n/g, '\n').replace(pemHeader, '').trim();
  if (!body || !base64Body.test(body)) throw new CsrError('not_base64', 'The CSR is not valid Base-64 data');
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (der.length < 32) throw new CsrError('undecodable', 'The CSR cannot be decoded');
  return der;
}


function readSubject(der: Buffer, name: Node): Record<string, string> {
  const subject: Record<string, string> = {};
  for (const rdn of children(der, name)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      const key = subjectNames[readOid(der, type)] ?? readOid(der, type);
      if (subject[key] === undefined) subject[key] = content(der, value).toString('utf8');
    }
  }
  return subject;
}

function readSanDnsNames(der: Buffer, attributes: Node | undefined): string[] {
  if (!attributes) return [];
  const names: string[] = [];
  for (const attribute of children(der, attributes)) {
    const [type, values] = children(der, attribute);
    if (readOid(der, type) !== extensionRequest) continue;
    for (const extensions of children(der, values)) {
      for (const ext of children(der, extensions)) {
        const parts = children(der, ext);
        if (readOid(der, parts[0]) !== subjectAltName) continue;
        const value = content(der, parts[parts.length - 1]);
        for (const general of children(value, read(value))) {
          if (general.tag === 0x82) names.push(content(value, general).toString('ascii').toLowerCase());
        }
      }
    }
  }
  return names;
}

function describeKey(key: KeyObject): KeyDescription {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const curve = curves[details.namedCurve ?? ''];
    if (!curve) throw new CsrError('unsupported_algorithm', `The CSR uses an unsupported elliptic curve (${details.namedCurve})`);
    return { keyType: 'EC', keySize: curve.size, curve: curve.name };
  }
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < minRsaBits || bits > maxRsaBits) throw new CsrError('unsupported_key_size', `The CSR uses an unsupported key size (${bits} bits)`);
    return { keyType: 'RSA', keySize: bits };
  }
  throw new CsrError('unsupported_algorithm', `The CSR uses an unsupported key algorithm (${type})`);
}

const ecPublicKey = '1.2.840.10045.2.1';
const rsaEncryption = '1.2.840.113549.1.1.1';
const curveOids: Record<string, { crv: string; name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { crv: 'P-256', name: 'P-256', size: 256 },
  '1.3.132.0.34': { crv: 'P-384', name: 'P-384', size: 384 },
};

/** A big-endian unsigned integer's bit length (leading zero bytes ignored). */
function bitLength(b: Buffer): number {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]));
}

type KeyDescription = { keyType: 'RSA' | 'EC'; keySize: number; curve?: string };

/**
 * The key of an uncompressed EC P-256/P-384 or an RSA SubjectPublicKeyInfo as a JWK, described
 * from its own fields. OpenSSL 3 decodes a DER SPKI (and answers asymmetricKeyDetails) several
 * times slower than it takes coordinates or a modulus, and that was most of a CSR's cost. The JWK
 * import still checks that an EC point is on its curve. Undefined for any other shape, which takes
 * the general path.
 */
function fastJwk(spki: Buffer): { jwk: JsonWebKey; described: KeyDescription } | undefined {
  let alg: Node[], bits: Node;
  try {
    const top = children(spki, read(spki));
    if (top.length !== 2 || top[1].tag !== 0x03) return undefined;
    alg = children(spki, top[0]);
    bits = top[1];
  } catch {
    return undefined;
  }
  const algorithm = readOid(spki, alg[0]);
  const key = content(spki, bits);
  if (key[0] !== 0) return undefined;
  if (algorithm === ecPublicKey && alg[1]?.tag === 0x06) {
    const curve = curveOids[readOid(spki, alg[1])];
    const n = curve ? curve.size / 8 : 0;
    if (!curve || key.length !== 2 + 2 * n || key[1] !== 0x04) return undefined;
    const jwk = { kty: 'EC', crv: curve.crv, x: key.toString('base64url', 2, 2 + n), y: key.toString('base64url', 2 + n) };
    return { jwk, described: { keyType: 'EC', keySize: curve.size, curve: curve.name } };
  }
  if (algorithm === rsaEncryption) {
    const rsa = key.subarray(1);
    const [modulus, exponent] = children(rsa, read(rsa));
    if (!modulus || !exponent || modulus.tag !== 0x02 || exponent.tag !== 0x02) return undefined;
    const n = content(rsa, modulus);
    const size = bitLength(n);
    if (size < minRsaBits || size > maxRsaBits) throw new CsrError('unsupported_key_size', `The CSR uses an unsupported key size (${size} bits)`);
    const jwk = { kty: 'RSA', n: n.toString('base64url', n[0] === 0 ? 1 : 0), e: content(rsa, exponent).toString('base64url') };
    return { jwk, described: { keyType: 'RSA', keySize: size } };
  }
  return undefined;
}

function fastKey(spki: Buffer): ({ key: KeyObject } & KeyDescription) | undefined {
  const fast = fastJwk(spki);
  return fast && { key: createPublicKey({ key: fast.jwk, format: 'jwk' }), ...fast.described };
}

function importKey(spki: Buffer): { key: KeyObject } & KeyDescription {
  let fast;
  try {
    fast = fastKey(spki);
  } catch (e) {
    if (e instanceof CsrError) throw e;
    throw new CsrError('unsupported_algorithm', 'The CSR uses an unsupported key algorithm');
  }
  if (fast) return fast;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CsrError('unsupported_algorithm', 'The CSR uses an unsupported key algorithm');
  }
  return { key, ...describeKey(key) };
}

/** The parts of a request, found before anything is checked. */
interface CsrParts {
  der: Buffer;
  info: Node;
  signature: Node;
  subjectNode: Node;
  spki: Buffer;
  attributes: Node | undefined;
  signatureOid: string;
}

function partsOf(text: string): CsrParts {
  if (typeof text !== 'string') throw new CsrError('undecodable', 'The CSR cannot be decoded');
  const der = decode(text);
  let info: Node, sigAlg: Node, signature: Node, subjectNode: Node, spkiNode: Node, attributes: Node | undefined;
  let signatureOid: string;
  try {
    const top = read(der);
    if (top.tag !== 0x30 || top.end !== der.length) throw new DerError('not a sequence');
    [info, sigAlg, signature] = children(der, top);
    const infoParts = children(der, info);
    [, subjectNode, spkiNode] = infoParts;
    attributes = infoParts.find((n) => n.tag === 0xa0);
    if (!spkiNode || !signature || signature.tag !== 0x03) throw new DerError('missing parts');
    signatureOid = readOid(der, children(der, sigAlg)[0]);
  } catch {
    throw new CsrError('undecodable', 'The CSR cannot be decoded');
  }
  return { der, info, signature, subjectNode, spki: Buffer.from(raw(der, spkiNode)), attributes, signatureOid };
}

/** The request once its key and signature passed: names read, the info made. */
function described(parts: CsrParts, key: KeyDescription, hash: string): CsrInfo {
  const { der, spki } = parts;
  let subject: Record<string, string>;
  let dnsNames: string[];
  try {
    subject = readSubject(der, parts.subjectNode);
    dnsNames = readSanDnsNames(der, parts.attributes);
  } catch {
    throw new CsrError('undecodable', 'The CSR cannot be decoded');
  }
  let publicKeyPem: string | undefined;
  return {
    pem: toPem(der, 'CERTIFICATE REQUEST'),
    der,
    spki,
    // Seldom read: made when asked.
    get publicKeyPem() {
      return (publicKeyPem ??= toPem(spki, 'PUBLIC KEY'));
    },
    ...key,
    signatureAlgorithm: hash,
    commonName: subject.CN?.toLowerCase(),
    dnsNames,
    subject,
  };
}

/**
 * Parses a PEM (or bare base64) PKCS#10 request and checks its key and its signature.
 * Accepts RSA 2048..8192 bits and EC P-256/P-384 signed with SHA-2, as public CAs do.
 */
export function parseCsrSync(text: string): CsrInfo {
  const parts = partsOf(text);
  const { der, spki, signatureOid } = parts;
  const { key, ...keyDescription } = importKey(spki);
  const hash = signatureHashes[signatureOid];
  if (!hash) throw new CsrError('unsupported_algorithm', `The CSR uses an unsupported signature algorithm (${signatureOid})`);
  const keyMatchesSignature = signatureOid.startsWith('1.2.840.10045') === (keyDescription.keyType === 'EC');
  const sigBytes = content(der, parts.signature).subarray(1);
  let ok = false;
  try {
    ok = keyMatchesSignature && verify(hash.replace('-', '').toLowerCase(), raw(der, parts.info), key, sigBytes);
  } catch {
    ok = false;
  }
  if (!ok) throw new CsrError('bad_signature', 'The CSR has an invalid signature');
  return described(parts, keyDescription, hash);
}

/** What is left of a CSR's checks once it is decoded: the key's import and the signature (OpenSSL's part). */
export interface CsrSignatureCheck {
  jwk: JsonWebKey;
  /** node:crypto's digest name, e.g. sha256. */
  digest: string;
  data: Buffer;
  signature: Buffer;
}

/** How the check ended: `key` the key was refused on import, `bad` the signature does not verify. */
export type CsrSignatureVerdict = 'ok' | 'key' | 'bad';

/** The check as parseCsrSync does it (in this thread). */
export function checkCsrSignature(check: CsrSignatureCheck): CsrSignatureVerdict {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: check.jwk, format: 'jwk' });
  } catch {
    return 'key';
  }
  try {
    return verify(check.digest, check.data, key, check.signature) ? 'ok' : 'bad';
  } catch {
    return 'bad';
  }
}

/**
 * A request decoded up to its signature check, for a caller that checks it elsewhere (another
 * thread) and then calls `finish` with the verdict: the same answer and the same errors as
 * parseCsrSync. Undefined for the shapes only parseCsrSync handles (keys other than EC P-256/P-384
 * and RSA, unknown signature algorithms, a key that does not match its signature).
 */
export function decodeCsrForCheck(text: string): { check: CsrSignatureCheck; finish(verdict: CsrSignatureVerdict): CsrInfo } | undefined {
  const parts = partsOf(text);
  let fast;
  try {
    fast = fastJwk(parts.spki);
  } catch (e) {
    if (e instanceof CsrError) throw e;
    throw new CsrError('unsupported_algorithm', 'The CSR uses an unsupported key algorithm');
  }
  const hash = signatureHashes[parts.signatureOid];
  if (!fast || !hash || parts.signatureOid.startsWith('1.2.840.10045') !== (fast.described.keyType === 'EC')) return undefined;
  const check = {
    jwk: fast.jwk,
    digest: hash.replace('-', '').toLowerCase(),
    data: raw(parts.der, parts.info),
    signature: content(parts.der, parts.signature).subarray(1),
  };
  return {
    check,
    finish(verdict) {
      if (verdict === 'key') throw new CsrError('unsupported_algorithm', 'The CSR uses an unsupported key algorithm');
      if (verdict !== 'ok') throw new CsrError('bad_signature', 'The CSR has an invalid signature');
      return described(parts, fast.described, hash);
    },
  };
}

/**
 * Documentation examples carry placeholder CSRs such as `-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END…`.
 * A request copied from the docs must work, so such a placeholder stands for a key the emulator makes.
 * (The ellipsis is written \u2026: the CLI bundle stays ASCII, which its launcher reads fastest.)
 */
export function isDocumentationPlaceholder(text: unknown): boolean {
  return typeof text === 'string' && /^\s*(-----BEGIN (NEW )?CERTIFICATE REQUEST-----)?(\s|\\n)*[A-Za-z0-9+/]{0,16}(\.\.\.|\u2026)(\s|\\n)*(-----END (NEW )?CERTIFICATE REQUEST-----)?\s*$/.test(text);
}

/** Same as parseCsrSync; kept async so callers need not care how it is done. */
export async function parseCsr(text: string): Promise<CsrInfo> {
  return parseCsrSync(text);
}

/** The SubjectPublicKeyInfo of a CSR that was already checked at order time. */
export function csrSpki(pem: string): Buffer {
  const der = decode(pem);
  const [info] = children(der, read(der));
  return Buffer.from(raw(der, children(der, info)[2]));
}
