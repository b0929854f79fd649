import type { Context } from 'hono';
import * as z from 'zod';
import { checkEab } from './eab.js';
import { flattenedJws, parseJws, publicJwk, thumbprint, verifyJws } from './jws.js';
import type { AcmeAccount } from './model.js';
import { AcmeProblem, notFound } from './problems.js';
import { accountOf, payloadOf, signedRequest, type SignedRequest } from './request.js';
import { acmeJson } from './respond.js';
import { newAcmeId, type AcmeServer } from './server.js';
import type { AcmeUrls } from './urls.js';

export const newAccountPayload = z.object({
  contact: z.array(z.string()).optional(),
  termsOfServiceAgreed: z.boolean().optional(),
  onlyReturnExisting: z.boolean().optional(),
  externalAccountBinding: z.unknown().optional(),
});

export const accountUpdatePayload = z.object({
  contact: z.array(z.string()).optional(),
  status: z.literal('deactivated').optional(),
  termsOfServiceAgreed: z.boolean().optional(),
});

export const keyChangeInner = z.object({ account: z.string(), oldKey: z.record(z.string(), z.unknown()) });

const mailto = /^mailto:[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

function checkContacts(contact: string[] | undefined): string[] {
  for (const c of contact ?? []) {
    if (!c.startsWith('mailto:')) throw new AcmeProblem('unsupportedContact', `only mailto: contacts are supported, not ${c.slice(0, 100)}`);
    if (!mailto.test(c) || c.includes('?')) throw new AcmeProblem('invalidContact', `${c.slice(0, 100)} is not a valid mailto: address`);
  }
  return contact ?? [];
}

export function presentAccount(account: AcmeAccount, urls: AcmeUrls) {
  return {
    status: account.status,
    contact: account.contact,
    termsOfServiceAgreed: account.termsOfServiceAgreed,
    orders: urls.orders(account.id),
    key: account.jwk,
    createdAt: new Date(account.createdAt).toISOString(),
  };
}

const accountAnswer = (account: AcmeAccount, urls: AcmeUrls, status: number) =>
  acmeJson(presentAccount(account, urls), status, { location: urls.account(account.id) });

const byThumbprint = (server: AcmeServer, tp: string) => server.store.objectsBy<AcmeAccount>(server.profile.vendor, 'account', tp)[0];

/** newAccount: finds the account of the key, or creates one bound by EAB to a vendor account. */
export async function newAccount(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'jwk');
  const payload = payloadOf(req, newAccountPayload);
  const tp = thumbprint(req.jwk);
  const existing = byThumbprint(server, tp);
  if (existing) {
    if (existing.status !== 'valid') throw new AcmeProblem('unauthorized', `account is ${existing.status}`);
    return accountAnswer(existing, req.urls, 200);
  }
  if (payload.onlyReturnExisting) throw new AcmeProblem('accountDoesNotExist', 'no account has this key');
  const contact = checkContacts(payload.contact);
  const key = checkEab(server, payload.externalAccountBinding, req.jwk, req.urls.newAccount);
  const account: AcmeAccount = {
    id: newAcmeId(server),
    accountId: key.accountId,
    eabKid: key.kid,
    jwk: req.jwk,
    thumbprint: tp,
    status: 'valid',
    contact,
    termsOfServiceAgreed: payload.termsOfServiceAgreed === true,
    createdAt: server.ctx.clock.nowMs(),
  };
  server.store.insertObject(server.profile.vendor, 'account', account.id, tp, account);
  return accountAnswer(account, req.urls, 201);
}

function ownAccount(server: AcmeServer, c: Context, req: SignedRequest): AcmeAccount {
  const account = accountOf(req);
  if (c.req.param('id') !== account.id) {
    if (!server.store.object(server.profile.vendor, 'account', c.req.param('id') ?? '')) throw notFound('account');
    throw new AcmeProblem('unauthorized', 'an account can only be read or changed by its own key');
  }
  return account;
}

/** The account URL: POST-as-GET reads it; a payload updates contacts or deactivates (RFC 8555 §7.3.2, §7.3.6). */
export async function accountResource(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = ownAccount(server, c, req);
  if (req.isGet) return accountAnswer(account, req.urls, 200);
  const payload = payloadOf(req, accountUpdatePayload);
  const updated: AcmeAccount = {
    ...account,
    contact: payload.contact !== undefined ? checkContacts(payload.contact) : account.contact,
    status: payload.status ?? account.status,
  };
  server.store.updateObject(server.profile.vendor, 'account', account.id, updated);
  return accountAnswer(updated, req.urls, 200);
}

/** keyChange (RFC 8555 §7.3.5): an inner JWS by the new key names the account and its old key. */
export async function keyChange(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = accountOf(req);
  let innerBody: unknown;
  try {
    innerBody = JSON.parse(req.payloadText);
  } catch {
    throw new AcmeProblem('malformed', 'keyChange payload is not a JWS');
  }
  if (!flattenedJws.safeParse(innerBody).success) throw new AcmeProblem('malformed', 'keyChange payload is not a flattened JWS');
  const inner = parseJws(innerBody);
  if (!inner.header.jwk || inner.header.kid !== undefined) throw new AcmeProblem('malformed', 'the inner JWS must carry the new key as jwk');
  if (inner.header.url !== req.jws.header.url) throw new AcmeProblem('malformed', 'the inner JWS url must equal the outer one');
  if (inner.header.nonce !== undefined) throw new AcmeProblem('malformed', 'the inner JWS must not carry a nonce');
  const newJwk = publicJwk(inner.header.jwk);
  verifyJws(inner, newJwk);
  let body: z.infer<typeof keyChangeInner>;
  try {
    const parsed = keyChangeInner.safeParse(JSON.parse(inner.payloadText));
    if (!parsed.success) throw new Error();
    body = parsed.data;
  } catch {
    throw new AcmeProblem('malformed', 'the inner payload must be {account, oldKey}');
  }
  if (body.account !== req.urls.account(account.id)) throw new AcmeProblem('malformed', 'the inner payload names another account');
  if (thumbprint(body.oldKey) !== account.thumbprint) throw new AcmeProblem('malformed', 'oldKey is not the key of the account');
  const tp = thumbprint(newJwk);
  const holder = byThumbprint(server, tp);
  if (holder) throw new AcmeProblem('malformed', 'the new key is already the key of an account', 409, { location: req.urls.account(holder.id) });
  const updated: AcmeAccount = { ...account, jwk: newJwk, thumbprint: tp };
  server.store.updateObject(server.profile.vendor, 'account', account.id, updated, tp);
  return accountAnswer(updated, req.urls, 200);
}

/** The account's orders list (RFC 8555 §7.1.2.1), newest last. */
export async function ordersList(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = ownAccount(server, c, req);
  const orders = server.store.objectsBy<{ id: string }>(server.profile.vendor, 'order', account.id);
  return acmeJson({ orders: orders.map((o) => req.urls.order(o.id)) });
}
