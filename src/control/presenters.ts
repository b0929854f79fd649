import type { EmulatorContext } from '../context.js';
import { caaBlockOf } from '../state/caa.js';
import type { Certificate, Order } from '../state/model.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentCertificateStatus(ctx: EmulatorContext, cert: Certificate) {
  const order = ctx.store.order(cert.orderId)!;
  return {
    serial: cert.serial,
    status: cert.status,
    vendor: order.vendor,
    order_id: order.publicId,
    certificate_id: cert.publicId,
    common_name: cert.commonName,
    dns_names: cert.dnsNames,
    not_before: iso(cert.notBefore),
    not_after: iso(cert.notAfter),
    revoked_at: iso(cert.revokedAt),
    revocation_reason: cert.revocationReason,
    certificate: cert.pem,
  };
}

export function presentOrder(ctx: EmulatorContext, order: Order) {
  const account = ctx.store.account(order.accountId);
  return {
    vendor: order.vendor,
    id: order.publicId,
    account: account?.name ?? null,
    product: order.product,
    state: order.state,
    policy: order.policy,
    common_name: order.commonName,
    dns_names: order.dnsNames,
    created_at: iso(order.createdAt),
    certificates: ctx.core.certificates(order).map((c) => {
      const caa = c.status === 'pending' ? caaBlockOf(c.meta) : undefined;
      return {
        id: c.publicId,
        kind: c.kind,
        status: c.status,
        serial: c.serial,
        not_before: iso(c.notBefore),
        not_after: iso(c.notAfter),
        // Why a pending certificate is not issued: the names its CAA records block.
        ...(caa ? { caa_blocked: caa.blocked.map((v) => ({ name: v.name, reason: v.reason, record_at: v.recordAt, records: v.records })) } : {}),
      };
    }),
    validations: ctx.store.validationsOfOrder(order.id).map((v) => ({
      domain: v.domain,
      method: v.method,
      status: v.status,
      proof: v.proof,
      emails: v.emails,
    })),
  };
}
