import type { Context } from 'hono';
import * as z from 'zod';
import { isDnsName, uniqueNames } from '../domain-names.js';
import { acmeInferred } from './inferred.js';
import type { AcmeAccount, AcmeAuthz, AcmeChallenge, AcmeOrder, Identifier } from './model.js';
import { presentOrder } from './order-status.js';
import { AcmeProblem, notFound } from './problems.js';
import { accountOf, payloadOf, signedRequest, type SignedRequest } from './request.js';
import { acmeJson } from './respond.js';
import { newAcmeId, type AcmeServer } from './server.js';
import { replacedCertificate } from './renewal-info.js';

const dayMs = 86_400_000;
const maxIdentifiers = 100;

export const newOrderPayload = z.object({
  identifiers: z.array(z.object({ type: z.string(), value: z.string() })).min(1),
  notBefore: z.string().optional(),
  notAfter: z.string().optional(),
  replaces: z.string().optional(),
});

function checkIdentifiers(identifiers: { type: string; value: string }[]): Identifier[] {
  if (identifiers.length > maxIdentifiers) throw new AcmeProblem('rejectedIdentifier', `at most ${maxIdentifiers} identifiers per order`);
  for (const id of identifiers) {
    if (id.type !== 'dns') throw new AcmeProblem('unsupportedIdentifier', `identifier type ${id.type.slice(0, 20)} is not supported (dns only)`);
    if (!isDnsName(id.value, { wildcard: true })) throw new AcmeProblem('rejectedIdentifier', `${id.value.slice(0, 253)} is not a DNS name this CA issues for`);
  }
  return uniqueNames(identifiers.map((i) => i.value)).map((value) => ({ type: 'dns', value }));
}

function newChallenges(server: AcmeServer, wildcard: boolean): AcmeChallenge[] {
  // base64url of 32 octets (RFC 8555 §8.1): clients decode and re-encode tokens, so they must be canonical.
  const token = () => Buffer.from(server.ctx.rng.hex(32), 'hex').toString('base64url');
  const dns: AcmeChallenge = { type: 'dns-01', token: token(), status: 'pending' };
  return wildcard ? [dns] : [{ type: 'http-01', token: token(), status: 'pending' }, dns, { type: 'tls-alpn-01', token: token(), status: 'pending' }];
}

/** The vendor's order number and certificate id, free among core orders and ACME orders alike. */
function vendorIds(server: AcmeServer, account: AcmeAccount): { publicId: string; certificatePublicId: string } {
  for (;;) {
    const shape = server.profile.coreOrder(server.ctx, account.accountId, server.profile.defaultProduct);
    if (!server.store.object(server.profile.vendor, 'order', shape.publicId)) return shape;
  }
}

/** An order answer: its Location, and Retry-After while it is processing. */
export const orderAnswer = (server: AcmeServer, order: AcmeOrder, req: SignedRequest, status = 200) => {
  const body = presentOrder(server, order, req.urls);
  const retry: Record<string, string> = body.status === 'processing' ? { 'retry-after': String(acmeInferred.retryAfterSeconds) } : {};
  return acmeJson(body, status, { location: req.urls.order(order.id), ...retry });
};

/** newOrder: one authorization per name, http-01, dns-01 and tls-alpn-01 (wildcards: dns-01 only). */
export async function newOrder(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = accountOf(req);
  const payload = payloadOf(req, newOrderPayload);
  const identifiers = checkIdentifiers(payload.identifiers);
  for (const field of ['notBefore', 'notAfter'] as const) {
    if (payload[field] !== undefined && Number.isNaN(Date.parse(payload[field]!))) throw new AcmeProblem('malformed', `${field} is not an RFC 3339 date`);
  }
  if (payload.replaces !== undefined) replacedCertificate(server, payload.replaces);
  const now = server.ctx.clock.nowMs();
  const key = server.store.eabKey(server.profile.vendor, account.eabKid);
  const ids = vendorIds(server, account);
  const order: AcmeOrder = {
    id: ids.publicId,
    certificatePublicId: ids.certificatePublicId,
    account: account.id,
    product: key?.product ?? server.profile.defaultProduct,
    identifiers,
    authorizations: [],
    expires: now + acmeInferred.orderLifetimeDays * dayMs,
    notBefore: payload.notBefore,
    notAfter: payload.notAfter,
    coreOrderId: null,
    certificateId: null,
    error: null,
    replaces: payload.replaces,
    createdAt: now,
  };
  server.store.transaction(() => {
    for (const identifier of identifiers) {
      const wildcard = identifier.value.startsWith('*.');
      const authz: AcmeAuthz = {
        id: newAcmeId(server),
        account: account.id,
        order: order.id,
        identifier: { type: 'dns', value: wildcard ? identifier.value.slice(2) : identifier.value },
        wildcard,
        status: 'pending',
        expires: now + acmeInferred.authzLifetimeDays * dayMs,
        challenges: newChallenges(server, wildcard),
      };
      server.store.insertObject(server.profile.vendor, 'authz', authz.id, order.id, authz);
      order.authorizations.push(authz.id);
    }
    server.store.insertObject(server.profile.vendor, 'order', order.id, account.id, order);
  });
  return orderAnswer(server, order, req, 201);
}

/** The order of this id, if the signing account placed it. */
export function ownOrder(server: AcmeServer, id: string, account: AcmeAccount): AcmeOrder {
  const order = server.store.object<AcmeOrder>(server.profile.vendor, 'order', id);
  if (!order) throw notFound('order');
  if (order.account !== account.id) throw new AcmeProblem('unauthorized', 'the order belongs to another account');
  return order;
}

/** The order URL (POST-as-GET): a read counts as a status poll of the core order. */
export async function orderResource(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  if (!req.isGet) throw new AcmeProblem('malformed', 'POST-as-GET only: the payload must be empty');
  const order = ownOrder(server, c.req.param('id') ?? '', accountOf(req));
  if (order.coreOrderId !== null) {
    const core = server.ctx.store.order(order.coreOrderId);
    if (core) await server.ctx.core.refresh(core, { poll: true });
  }
  return orderAnswer(server, order, req);
}
