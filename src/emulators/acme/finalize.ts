import type { Context } from 'hono';
import * as z from 'zod';
import { CsrError, parseCsr } from '../../ca/csr.js';
import { CoreError } from '../../state/errors.js';
import { uniqueNames } from '../domain-names.js';
import { fromB64u, publicKeyOf } from './jws.js';
import type { AcmeAuthz, AcmeOrder } from './model.js';
import { orderStatus } from './order-status.js';
import { orderAnswer, ownOrder } from './orders.js';
import { AcmeProblem, problemUrn } from './problems.js';
import { replacedCertificate } from './renewal-info.js';
import { accountOf, payloadOf, signedRequest, type SignedRequest } from './request.js';
import type { AcmeServer } from './server.js';

export const finalizePayload = z.object({ csr: z.string() });

function csrPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** finalize (RFC 8555 §7.4): the CSR must name exactly the order's identifiers; the order becomes a core order. */
export async function finalize(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = accountOf(req);
  const order = ownOrder(server, c.req.param('id') ?? '', account);
  const payload = payloadOf(req, finalizePayload);
  const { status } = orderStatus(server, order);
  if (server.finalizing.has(order.id)) throw new AcmeProblem('orderNotReady', 'the order is processing, not ready');
  if (status !== 'ready') throw new AcmeProblem('orderNotReady', `the order is ${status}, not ready`);
  server.finalizing.add(order.id);
  try {
    return await finalizeReady(server, req, order, payload.csr);
  } finally {
    server.finalizing.delete(order.id);
  }
}

async function finalizeReady(server: AcmeServer, req: SignedRequest, order: AcmeOrder, csrB64u: string): Promise<Response> {
  const account = accountOf(req);
  const der = fromB64u(csrB64u, 'csr');
  let csr;
  try {
    csr = await parseCsr(csrPem(der));
  } catch (e) {
    if (e instanceof CsrError) throw new AcmeProblem('badCSR', e.message);
    throw e;
  }
  const wanted = order.identifiers.map((i) => i.value).sort();
  const named = uniqueNames([...(csr.commonName ? [csr.commonName] : []), ...csr.dnsNames]).sort();
  if (named.join(',') !== wanted.join(',')) {
    throw new AcmeProblem('badCSR', `the CSR names ${named.join(', ') || 'nothing'}; the order is for ${wanted.join(', ')}`);
  }
  if (publicKeyOf(account.jwk).export({ type: 'spki', format: 'der' }).equals(csr.spki)) {
    throw new AcmeProblem('badCSR', 'the CSR key must not be the account key');
  }
  const commonName = csr.commonName?.toLowerCase() ?? wanted.find((n) => !n.startsWith('*.')) ?? wanted[0];
  const shape = server.profile.coreOrder(server.ctx, account.accountId, order.product);
  // The ids drawn at newOrder, unless a REST order took one of them in the meantime.
  const { store } = server.ctx;
  const publicId = store.orderByVendorId(server.profile.vendor, order.id) ? shape.publicId : order.id;
  const certificatePublicId = store.certificateByPublicId(account.accountId, server.profile.vendor, order.certificatePublicId) ? shape.certificatePublicId : order.certificatePublicId;
  const methods = new Set(
    order.authorizations
      .map((id) => server.store.object<AcmeAuthz>(server.profile.vendor, 'authz', id))
      .flatMap((a) => a?.challenges.filter((ch) => ch.status === 'valid').map((ch) => ch.type) ?? []),
  );
  let core;
  try {
    core = await server.ctx.core.createOrder({
      accountId: account.accountId,
      vendor: server.profile.vendor,
      publicId,
      certificatePublicId,
      product: shape.product,
      level: shape.level,
      commonName,
      dnsNames: [commonName, ...wanted.filter((n) => n !== commonName)],
      validityDays: shape.validityDays,
      contractDays: shape.contractDays,
      dcvMethod: server.profile.dcvMethod(methods.has('dns-01') ? 'dns-01' : 'http-01'),
      csr,
      state: 'open',
      renewalOf: order.replaces ? replacedCertificate(server, order.replaces).orderId : null,
      meta: { ...shape.meta, acme: { account: account.id, order: order.id, eabKid: account.eabKid } },
      certificateMeta: { key_size: csr.keySize },
      validations: [],
      cause: `ordered through ACME (order ${order.id})`,
    });
  } catch (e) {
    if (e instanceof CsrError) throw new AcmeProblem('badCSR', e.message);
    if (e instanceof CoreError && e.problem.kind === 'caa') {
      const detail = e.problem.blocked.map((v) => `${v.name}: ${v.reason}`).join('; ');
      server.store.updateObject(server.profile.vendor, 'order', order.id, { ...order, error: { type: problemUrn('caa'), detail, status: 403 } });
      throw new AcmeProblem('caa', detail);
    }
    if (e instanceof CoreError) throw new AcmeProblem('serverInternal', e.message);
    throw e;
  }
  // The finalize answer is the first status read of the new order (issuance policy polls:N).
  await server.ctx.core.refresh(core, { poll: true });
  const updated: AcmeOrder = { ...order, coreOrderId: core.id, certificateId: server.ctx.core.certificates(core)[0].id };
  server.store.updateObject(server.profile.vendor, 'order', order.id, updated);
  return orderAnswer(server, updated, req);
}
