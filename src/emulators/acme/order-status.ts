import { caaBlockOf } from '../../state/caa.js';
import type { Certificate } from '../../state/model.js';
import type { AcmeAuthz, AcmeOrder, OrderStatus } from './model.js';
import type { ProblemDocument } from './problems.js';
import { problemUrn } from './problems.js';
import type { AcmeServer } from './server.js';
import type { AcmeUrls } from './urls.js';

/** An authorization's status now: a pending one past its expiry is expired. */
export function authzStatus(authz: AcmeAuthz, now: number): AcmeAuthz['status'] {
  return authz.status === 'pending' && authz.expires <= now ? 'expired' : authz.status;
}

export function authzsOf(server: AcmeServer, order: AcmeOrder): AcmeAuthz[] {
  return order.authorizations.map((id) => server.store.object<AcmeAuthz>(server.profile.vendor, 'authz', id)!).filter(Boolean);
}

/** The certificate finalize asked for, as the core holds it now. */
export function certificateOf(server: AcmeServer, order: AcmeOrder): Certificate | undefined {
  return order.certificateId === null ? undefined : server.ctx.store.certificate(order.certificateId);
}

/**
 * Derived, never stored (as Pebble's Order.GetStatus): before finalize from the authorizations,
 * after it from the core certificate, so a REST-side issue, rejection or revocation shows here too.
 */
export function orderStatus(server: AcmeServer, order: AcmeOrder): { status: OrderStatus; error: ProblemDocument | null } {
  const now = server.ctx.clock.nowMs();
  if (order.error) return { status: 'invalid', error: order.error };
  const cert = certificateOf(server, order);
  if (cert) {
    switch (cert.status) {
      case 'pending': {
        // Issuance held by a forbidding CAA record of the emulated DNS (RFC 8659): the order fails with caa.
        const caa = caaBlockOf(cert.meta);
        if (caa) return { status: 'invalid', error: { type: problemUrn('caa'), detail: caa.blocked.map((v) => `${v.name}: ${v.reason}`).join('; '), status: 403 } };
        return { status: 'processing', error: null };
      }
      case 'rejected':
        return { status: 'invalid', error: { type: problemUrn('rejectedIdentifier'), detail: 'the CA rejected the order', status: 400 } };
      default:
        return { status: 'valid', error: null };
    }
  }
  const statuses = authzsOf(server, order).map((a) => authzStatus(a, now));
  if (statuses.some((s) => s !== 'pending' && s !== 'valid')) {
    return { status: 'invalid', error: { type: problemUrn('unauthorized'), detail: 'an authorization of the order is not valid', status: 403 } };
  }
  if (statuses.every((s) => s === 'valid')) return { status: 'ready', error: null };
  if (order.expires <= now) return { status: 'invalid', error: { type: problemUrn('malformed'), detail: 'the order expired', status: 400 } };
  return { status: 'pending', error: null };
}

export function presentOrder(server: AcmeServer, order: AcmeOrder, urls: AcmeUrls) {
  const { status, error } = orderStatus(server, order);
  return {
    status,
    expires: new Date(order.expires).toISOString(),
    identifiers: order.identifiers,
    ...(order.notBefore ? { notBefore: order.notBefore } : {}),
    ...(order.notAfter ? { notAfter: order.notAfter } : {}),
    authorizations: order.authorizations.map((id) => urls.authz(id)),
    finalize: urls.finalize(order.id),
    ...(status === 'valid' ? { certificate: urls.certificate(order.id) } : {}),
    ...(order.replaces ? { replaces: order.replaces } : {}),
    ...(error ? { error } : {}),
  };
}
