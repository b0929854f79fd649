import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import type { EmulatorContext } from '../../context.js';
import type { ReissueDraft } from '../reissue-draft.js';
import { loginLifetimeMs, rememberLogin } from './pending-login.js';
import type { Outcome } from './outcome.js';
import { providerResources } from './resources.js';

/**
 * The console as an OpenID Connect relying party: authorization code flow with PKCE (S256), state
 * and nonce, the id_token's signature checked against the provider's JWKS, then iss, aud, exp,
 * nonce (and for Azure AD the tenant id). Loaded only when oidc or azure-ad is configured.
 */
export type OidcMechanism = 'oidc' | 'azure-ad';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

interface ProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tenant?: string;
}

const b64url = (b: Buffer) => b.toString('base64url');
export const oidcCallbackPath = '/second-factor/oidc/callback';
const redirectUri = (ctx: EmulatorContext) => `${ctx.urls.control}${oidcCallbackPath}`;

async function providerOf(ctx: EmulatorContext, mechanism: OidcMechanism, onRefusal: (state: string | undefined, reason: string) => void): Promise<ProviderConfig> {
  const options = mechanism === 'azure-ad' ? ctx.config.consoleAzureAd : ctx.config.consoleOidc;
  const tenant = mechanism === 'azure-ad' ? ctx.config.consoleAzureAd.tenant : undefined;
  if (options.issuer) return { issuer: options.issuer.replace(/\/$/, ''), clientId: options.clientId, clientSecret: options.clientSecret, tenant };
  const resources = providerResources(ctx);
  const builtin = await resources.once(`oidc:${mechanism}`, async () => {
    const { startBuiltinOidc } = await import('./builtin-oidc.js');
    const started = await startBuiltinOidc({ clientId: options.clientId, clientSecret: options.clientSecret, redirectUri: redirectUri(ctx), azureTenant: tenant, onRefusal });
    return { value: started.issuer, close: started.close };
  });
  return { issuer: builtin, clientId: options.clientId, clientSecret: options.clientSecret, tenant };
}

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery at ${issuer} answered ${res.status}`);
  return (await res.json()) as Discovery;
}

/** Starts the login: remembers state, nonce and the PKCE verifier, and returns where to send the browser. */
export async function startOidc(ctx: EmulatorContext, draft: ReissueDraft, mechanism: OidcMechanism, onRefusal: (state: string | undefined, reason: string) => void): Promise<string> {
  const op = await providerOf(ctx, mechanism, onRefusal);
  const discovery = await discover(op.issuer);
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));
  draft.login = { kind: 'oidc', mechanism, state, nonce, verifier, startedAt: ctx.clock.nowMs() };
  rememberLogin(ctx, state, draft.id);
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: op.clientId,
    redirect_uri: redirectUri(ctx),
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    prompt: 'login',
  }).toString();
  return url.toString();
}

interface IdTokenClaims {
  iss?: string;
  aud?: string | string[];
  exp?: number;
  nonce?: string;
  sub?: string;
  email?: string;
  tid?: string;
  preferred_username?: string;
}

const algorithms: Record<string, { hash: string; ec?: boolean }> = { RS256: { hash: 'sha256' }, RS384: { hash: 'sha384' }, RS512: { hash: 'sha512' }, ES256: { hash: 'sha256', ec: true }, ES384: { hash: 'sha384', ec: true } };

async function verifyIdToken(jwt: string, jwksUri: string): Promise<IdTokenClaims> {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) throw new Error('the id_token is not a JWS');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
  const alg = algorithms[header.alg ?? ''];
  if (!alg) throw new Error(`the id_token is signed with ${header.alg ?? 'nothing'}, which the console does not accept`);
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
  const jwk = jwks.keys.find((k) => header.kid === undefined || k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid ?? ''} in the provider's JWKS`);
  const ok = verify(alg.hash, Buffer.from(`${h}.${p}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), ...(alg.ec ? { dsaEncoding: 'ieee-p1363' as const } : {}) }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('the id_token signature does not verify');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as IdTokenClaims;
}

/** Completes the login from the callback's query: code for tokens, then the id_token checks. */
export async function completeOidc(ctx: EmulatorContext, draft: ReissueDraft, query: Record<string, string | undefined>): Promise<Outcome> {
  const login = draft.login;
  if (login?.kind !== 'oidc' || login.state !== query.state) return { ok: false, reason: 'the answer of the identity provider does not belong to this reissue (state)' };
  draft.login = undefined;
  if (query.error) return { ok: false, reason: `the identity provider answered ${query.error}${query.error_description ? `: ${query.error_description}` : ''}` };
  if (ctx.clock.nowMs() > login.startedAt + loginLifetimeMs) return { ok: false, reason: 'the sign-in took too long; start it again' };
  if (!query.code) return { ok: false, reason: 'the identity provider sent no authorization code' };
  const op = await providerOf(ctx, login.mechanism, () => undefined);
  const discovery = await discover(op.issuer);
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(op.clientId)}:${encodeURIComponent(op.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: query.code, redirect_uri: redirectUri(ctx), code_verifier: login.verifier }).toString(),
  });
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string; error_description?: string };
  if (!res.ok || !tokens.id_token) return { ok: false, reason: `the token endpoint refused the code: ${tokens.error ?? res.status} ${tokens.error_description ?? ''}`.trim() };
  let claims: IdTokenClaims;
  try {
    claims = await verifyIdToken(tokens.id_token, discovery.jwks_uri);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== discovery.issuer) return { ok: false, reason: `the id_token was issued by ${claims.iss}, not ${discovery.issuer}` };
  if (!audiences.includes(op.clientId)) return { ok: false, reason: 'the id_token is not for this console (aud)' };
  if (!claims.exp || claims.exp * 1000 < Date.now()) return { ok: false, reason: 'the id_token has expired' };
  if (claims.nonce !== login.nonce) return { ok: false, reason: 'the id_token nonce does not match' };
  if (op.tenant && claims.tid !== op.tenant) return { ok: false, reason: `the id_token is from tenant ${claims.tid ?? '(none)'}, not ${op.tenant}` };
  return { ok: true, who: claims.preferred_username ?? claims.email ?? claims.sub ?? 'unknown user' };
}
