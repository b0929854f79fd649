import { constants, createHash, createHmac, createPublicKey, timingSafeEqual, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { AcmeProblem } from './problems.js';

/** A flattened JWS (RFC 7515 §7.2.2), the only serialization RFC 8555 §6.2 allows. */
export const flattenedJws = z.object({
  protected: z.string(),
  payload: z.string(),
  signature: z.string(),
});
export type FlattenedJws = z.infer<typeof flattenedJws>;

const protectedHeader = z.object({
  alg: z.string(),
  nonce: z.string().optional(),
  url: z.string().optional(),
  kid: z.string().optional(),
  jwk: z.record(z.string(), z.unknown()).optional(),
});
export type ProtectedHeader = z.infer<typeof protectedHeader>;

/** Signature algorithms accepted on account keys: hash and the key type they need. */
const algorithms: Record<string, { hash: string; kty: 'RSA' | 'EC' | 'OKP'; crv?: string; pss?: boolean }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pss: true },
  ES256: { hash: 'sha256', kty: 'EC', crv: 'P-256' },
  ES384: { hash: 'sha384', kty: 'EC', crv: 'P-384' },
  ES512: { hash: 'sha512', kty: 'EC', crv: 'P-521' },
  EdDSA: { hash: '', kty: 'OKP', crv: 'Ed25519' },
};
export const acceptedAlgorithms = Object.keys(algorithms);

const hmacAlgorithms: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export const b64u = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

const b64uPattern = /^[A-Za-z0-9_-]*$/;
export function fromB64u(text: string, what: string): Buffer {
  if (!b64uPattern.test(text)) throw new AcmeProblem('malformed', `${what} is not base64url (RFC 8555 §6.1: no padding, URL-safe alphabet)`);
  return Buffer.from(text, 'base64url');
}

function decodeJson(text: string, what: string): unknown {
  try {
    return JSON.parse(fromB64u(text, what).toString('utf8'));
  } catch (e) {
    if (e instanceof AcmeProblem) throw e;
    throw new AcmeProblem('malformed', `${what} is not base64url-encoded JSON`);
  }
}

export interface ParsedJws {
  header: ProtectedHeader;
  /** The decoded payload text ("" for POST-as-GET). */
  payloadText: string;
  signingInput: Buffer;
  signature: Buffer;
}

/** Parses the outer JWS of a request body (shape only; the signature is checked by verifyJws). */
export function parseJws(body: unknown): ParsedJws {
  const jws = flattenedJws.safeParse(body);
  if (!jws.success) throw new AcmeProblem('malformed', 'the request body is not a flattened JWS (protected, payload, signature)');
  if (body !== null && typeof body === 'object' && ('header' in body || 'signatures' in body)) {
    throw new AcmeProblem('malformed', 'JWS must be flattened, with a protected header only (RFC 8555 §6.2)');
  }
  const header = protectedHeader.safeParse(decodeJson(jws.data.protected, 'JWS protected header'));
  if (!header.success) throw new AcmeProblem('malformed', 'JWS protected header needs a string alg');
  return {
    header: header.data,
    payloadText: fromB64u(jws.data.payload, 'JWS payload').toString('utf8'),
    signingInput: Buffer.from(`${jws.data.protected}.${jws.data.payload}`, 'ascii'),
    signature: fromB64u(jws.data.signature, 'JWS signature'),
  };
}

/** The public key of a JWK, refused with badPublicKey when it is not one we accept. */
export function publicKeyOf(jwk: Record<string, unknown>): KeyObject {
  if ('d' in jwk) throw new AcmeProblem('badPublicKey', 'the JWK holds a private key');
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw new AcmeProblem('badPublicKey', 'the JWK is not a usable public key');
  }
}

/** Checks the signature of a parsed JWS against a key; badSignatureAlgorithm or malformed when it fails. */
export function verifyJws(jws: ParsedJws, jwk: Record<string, unknown>): void {
  const alg = algorithms[jws.header.alg];
  if (!alg) {
    throw new AcmeProblem('badSignatureAlgorithm', `JWS algorithm ${jws.header.alg} is not supported (accepted: ${acceptedAlgorithms.join(', ')})`);
  }
  if (jwk.kty !== alg.kty || (alg.crv && jwk.crv !== alg.crv)) {
    throw new AcmeProblem('badSignatureAlgorithm', `JWS algorithm ${jws.header.alg} does not fit a ${String(jwk.kty)}${jwk.crv ? ` ${String(jwk.crv)}` : ''} key`);
  }
  const key = publicKeyOf(jwk);
  if (alg.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new AcmeProblem('badPublicKey', 'RSA keys need at least 2048 bits');
  let ok = false;
  try {
    if (alg.kty === 'OKP') ok = verify(null, jws.signingInput, key, jws.signature);
    else if (alg.kty === 'EC') ok = verify(alg.hash, jws.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
    else ok = verify(alg.hash, jws.signingInput, alg.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key, jws.signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new AcmeProblem('malformed', 'JWS signature does not verify');
}

/** RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: its required members in lexical order. */
export function thumbprint(jwk: Record<string, unknown>): string {
  const members: Record<string, string[]> = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'] };
  const names = members[String(jwk.kty)];
  if (!names) throw new AcmeProblem('badPublicKey', `key type ${String(jwk.kty)} is not supported`);
  const canonical = `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(jwk[n])}`).join(',')}}`;
  return b64u(createHash('sha256').update(canonical).digest());
}

/** The public members of a JWK only (what is stored and compared). */
export function publicJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  const members = ['kty', 'crv', 'x', 'y', 'n', 'e'];
  return Object.fromEntries(members.filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]]));
}

/** Verifies an HMAC-signed JWS (the External Account Binding) with a base64url key; false when it does not match. */
export function verifyHmacJws(jws: ParsedJws, hmacKey: string): boolean {
  const hash = hmacAlgorithms[jws.header.alg];
  if (!hash) throw new AcmeProblem('malformed', `externalAccountBinding alg must be one of ${Object.keys(hmacAlgorithms).join(', ')}`);
  const mac = createHmac(hash, Buffer.from(hmacKey, 'base64url')).update(jws.signingInput).digest();
  return mac.length === jws.signature.length && timingSafeEqual(mac, jws.signature);
}
