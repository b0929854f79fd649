import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * A bare RFC 8555 client for protocol tests: signs exactly what a test asks for (ES256 by default),
 * so each check of the server (nonce, url, kid/jwk, EAB, signature) can be broken on purpose.
 */
export const b64u = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export interface AccountKey {
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
  alg: 'ES256' | 'RS256';
}

export function newKey(alg: 'ES256' | 'RS256' = 'ES256'): AccountKey {
  const pair = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { privateKey: pair.privateKey, jwk, alg };
}

export function signJws(key: AccountKey, header: Record<string, unknown>, payload: unknown | ''): { protected: string; payload: string; signature: string } {
  const protectedB64 = b64u(JSON.stringify({ alg: key.alg, ...header }));
  const payloadB64 = payload === '' ? '' : b64u(JSON.stringify(payload));
  const input = Buffer.from(`${protectedB64}.${payloadB64}`);
  const signature = key.alg === 'ES256' ? sign('sha256', input, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha256', input, key.privateKey);
  return { protected: protectedB64, payload: payloadB64, signature: b64u(signature) };
}

export function eabJws(kid: string, hmacKey: string, jwk: Record<string, unknown>, url: string) {
  const protectedB64 = b64u(JSON.stringify({ alg: 'HS256', kid, url }));
  const payloadB64 = b64u(JSON.stringify(jwk));
  const mac = createHmac('sha256', Buffer.from(hmacKey, 'base64url')).update(`${protectedB64}.${payloadB64}`).digest();
  return { protected: protectedB64, payload: payloadB64, signature: b64u(mac) };
}

export interface AcmeAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One directory, one key, one account: `post` signs with the account's kid once it has one. */
export class BareAcme {
  directory!: Record<string, any>;
  kid?: string;

  constructor(
    readonly directoryUrl: string,
    public key: AccountKey = newKey(),
  ) {}

  async init(): Promise<this> {
    this.directory = await (await fetch(this.directoryUrl)).json();
    return this;
  }

  async nonce(): Promise<string> {
    return (await fetch(this.directory.newNonce, { method: 'HEAD' })).headers.get('replay-nonce')!;
  }

  /** POSTs a JWS; `header` overrides what would be signed (nonce, url, kid, jwk). */
  async post<T = any>(url: string, payload: unknown | '', header: Record<string, unknown> = {}, key: AccountKey = this.key): Promise<AcmeAnswer<T>> {
    const base: Record<string, unknown> = { nonce: await this.nonce(), url, ...(this.kid ? { kid: this.kid } : { jwk: key.jwk }) };
    const merged = { ...base, ...header };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    return this.send(url, signJws(key, merged, payload));
  }

  async send<T = any>(url: string, body: unknown, contentType = 'application/jose+json'): Promise<AcmeAnswer<T>> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  async register(eab: { kid: string; hmacKey: string }, extra: Record<string, unknown> = {}): Promise<AcmeAnswer> {
    const res = await this.post(this.directory.newAccount, {
      termsOfServiceAgreed: true,
      contact: ['mailto:qa@example.com'],
      externalAccountBinding: eabJws(eab.kid, eab.hmacKey, this.key.jwk, this.directory.newAccount),
      ...extra,
    });
    if (res.status === 201 || res.status === 200) this.kid = res.headers.get('location')!;
    return res;
  }
}
