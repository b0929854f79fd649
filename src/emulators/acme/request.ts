import type { Context } from 'hono';
import { BodyTooLarge, readBodyText } from '../../http/body.js';
import type { AcmeAccount } from './model.js';
import { parseJws, publicJwk, verifyJws, type ParsedJws } from './jws.js';
import { AcmeProblem } from './problems.js';
import type { AcmeServer } from './server.js';
import { acmeUrls, type AcmeUrls } from './urls.js';

/** A request whose JWS, nonce and url were checked. */
export interface SignedRequest {
  jws: ParsedJws;
  urls: AcmeUrls;
  /** The key that signed it (the account's, or the embedded jwk). */
  jwk: Record<string, unknown>;
  /** The signing account (kid requests only). */
  account?: AcmeAccount;
  payloadText: string;
  /** POST-as-GET: an empty payload. */
  isGet: boolean;
}

/** How the request must name its key (RFC 8555 §6.2): `jwk` for newAccount, `kid` for the rest, either for revokeCert. */
export type KeyBy = 'jwk' | 'kid' | 'either';

/** The origin and path the client used (what the JWS `url` must name). */
export function requestOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

export function requestUrl(c: Context): string {
  const u = new URL(c.req.url);
  return `${u.origin}${u.pathname}`;
}

/** Reads and checks a signed ACME POST: media type, JWS shape, nonce, url, key, signature, account status. */
export async function signedRequest(server: AcmeServer, c: Context, keyBy: KeyBy): Promise<SignedRequest> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/jose+json') throw new AcmeProblem('malformed', `Content-Type must be application/jose+json, not ${type || 'none'}`, 415);
  let text: string;
  try {
    text = await readBodyText(c, server.ctx.config.maxBodyBytes);
  } catch (e) {
    if (e instanceof BodyTooLarge) throw new AcmeProblem('malformed', e.message, 413);
    throw e;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AcmeProblem('malformed', 'the request body is not JSON');
  }
  const jws = parseJws(body);
  const { header } = jws;
  if (!header.nonce) throw new AcmeProblem('badNonce', 'JWS has no anti-replay nonce');
  if (!server.nonces.redeem(header.nonce)) throw new AcmeProblem('badNonce', `JWS has an invalid anti-replay nonce: ${header.nonce.slice(0, 64)}`);
  const url = requestUrl(c);
  if (header.url === undefined) throw new AcmeProblem('malformed', 'JWS header has no url');
  if (header.url !== url) throw new AcmeProblem('unauthorized', `JWS header url ${header.url.slice(0, 200)} is not the request URL ${url}`);
  if ((header.jwk === undefined) === (header.kid === undefined)) throw new AcmeProblem('malformed', 'JWS header must have exactly one of jwk and kid');
  const urls = acmeUrls(requestOrigin(c), server.profile);
  if (header.jwk) {
    if (keyBy === 'kid') throw new AcmeProblem('malformed', 'this request must be signed by an account (kid), not an embedded jwk');
    const jwk = publicJwk(header.jwk);
    verifyJws(jws, jwk);
    return { jws, urls, jwk, payloadText: jws.payloadText, isGet: jws.payloadText === '' };
  }
  if (keyBy === 'jwk') throw new AcmeProblem('malformed', 'this request must carry the new key as jwk, not a kid');
  const prefix = urls.account('');
  const kid = header.kid!;
  const account = kid.startsWith(prefix) ? server.store.object<AcmeAccount>(server.profile.vendor, 'account', kid.slice(prefix.length)) : undefined;
  if (!account) throw new AcmeProblem('accountDoesNotExist', `no account ${kid.slice(0, 200)}`);
  verifyJws(jws, account.jwk);
  if (account.status !== 'valid') throw new AcmeProblem('unauthorized', `account is ${account.status}`);
  return { jws, urls, jwk: account.jwk, account, payloadText: jws.payloadText, isGet: jws.payloadText === '' };
}

/** The JSON payload of a signed request, parsed with its zod schema (malformed when it does not fit). */
export function payloadOf<T>(req: SignedRequest, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  let value: unknown;
  try {
    value = JSON.parse(req.payloadText);
  } catch {
    throw new AcmeProblem('malformed', 'JWS payload is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AcmeProblem('malformed', `payload ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The signing account of a kid request. */
export const accountOf = (req: SignedRequest): AcmeAccount => req.account!;
