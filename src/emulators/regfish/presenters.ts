import { currentOf, type Core } from '../../state/core.js';
import { isoSeconds } from '../iso-time.js';
import type { Certificate, DnsRecord, Order, Organization, Validation } from '../../state/model.js';
import { regfishInferred } from './inferred.js';

const iso = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : `${isoSeconds(ms)}Z`);
const dayMs = 86_400_000;

interface StatusWords {
  status: string;
  orderState: string;
}

/** Core state -> Regfish `status` and `order_state`, derived each time, never stored. */
function statusOf(order: Order, current: Certificate): StatusWords {
  if (order.state === 'staged') return { status: 'pending', orderState: 'ACTION_REQUIRED' };
  if (order.state === 'cancelled') {
    return order.meta.revocationScope === 'order'
      ? { status: 'order_revoked', orderState: 'REVOKED' }
      : { status: 'order_cancelled', orderState: 'CANCELLED' };
  }
  switch (current.status) {
    case 'pending':
      return { status: 'pending', orderState: 'PENDING' };
    case 'issued':
    case 'replaced':
      return { status: 'issued', orderState: 'ISSUED' };
    case 'revoked':
      return { status: 'certificate_revoked', orderState: 'REVOKED' };
    case 'rejected':
      return { status: 'rejected', orderState: 'REJECTED' };
    case 'expired':
      return { status: 'expired', orderState: 'EXPIRED' };
  }
}

function presentValidation(validations: Validation[], method: string) {
  if (validations.length === 0) return undefined;
  const dnsRecords = validations.flatMap((v) => (v.proof.type === 'dns' ? [{ name: v.proof.name, type: v.proof.rrtype, value: v.proof.value }] : []));
  const emails = [...new Set(validations.flatMap((v) => v.emails))];
  return {
    method,
    ...(dnsRecords.length ? { dns_records: dnsRecords } : {}),
    ...(emails.length ? { email_targets: emails } : {}),
  };
}

const reissueStatus: Record<Certificate['status'], string> = {
  pending: 'pending',
  issued: 'issued',
  replaced: 'issued',
  expired: 'issued',
  revoked: 'issued',
  rejected: 'rejected',
};

export function presentOrganizationRef(org: Organization) {
  return { id: org.publicId, name: org.name, status: org.status, usable_for_ordering: org.usable };
}

/** The `tlsCertificate` resource of one order. */
export function presentCertificate(core: Core, order: Order) {
  const now = core.clock.nowMs();
  const all = core.certificates(order);
  const certs = all.filter((c) => c.kind !== 'duplicate');
  const current = currentOf(all);
  const validations = core.store.validationsOfOrder(order.id);
  const validationsOf = (c: Certificate) => validations.filter((v) => v.certificateId === c.id);
  const original = certs[0];
  const issued = [...certs].reverse().find((c) => c.pem !== null);
  const reissues = certs.filter((c) => c.kind === 'reissue');
  const lastReissue = reissues[reissues.length - 1];
  const org = order.organizationId !== null ? core.store.organization(order.organizationId) : undefined;
  const { status, orderState } = statusOf(order, current);
  const cancellableUntil = order.createdAt + regfishInferred.cancellationWindowDays * dayMs;
  const downloadable = order.state !== 'cancelled' && (current.status === 'issued' || current.status === 'expired');

  const pending =
    order.state === 'staged'
      ? { pending_reason: 'organization_required', pending_message: 'Complete the organization and contact validation in the regfish Console.' }
      : status === 'pending'
        ? { pending_reason: 'validation_pending', pending_message: 'The TLS certificate order is waiting for domain validation.' }
        : {};

  let renewalBonusDays: number | undefined;
  if (order.renewalOf !== null && issued) {
    const previous = core.store.order(order.renewalOf);
    const previousIssued = previous ? core.latestIssued(previous) : undefined;
    if (previousIssued?.notAfter && issued.issuedAt) {
      renewalBonusDays = Math.max(0, Math.floor((previousIssued.notAfter - issued.issuedAt) / dayMs));
    }
  }

  return {
    id: order.publicId,
    status,
    common_name: order.commonName,
    product: order.product,
    provider: 'digicert',
    dns_names: order.dnsNames,
    order_state: orderState,
    action_required: order.state === 'staged',
    ...pending,
    completion_url: order.state === 'staged' ? regfishInferred.completionUrl(order.publicId) : '',
    organization_id: org ? org.publicId : null,
    ...(org ? { organization: presentOrganizationRef(org) } : {}),
    ...(current.status === 'revoked' || order.meta.revocationScope ? { revocation_scope: (order.meta.revocationScope as string) ?? 'certificate' } : {}),
    renewal_supported: status === 'issued' || status === 'expired',
    reissue_supported: status === 'issued' || status === 'certificate_revoked',
    validity_days: order.validityDays,
    ...(renewalBonusDays !== undefined ? { renewal_bonus_days: renewalBonusDays } : {}),
    ...(issued
      ? {
          serial_number: issued.serial?.toUpperCase(),
          valid_from: iso(issued.notBefore),
          valid_until: iso(issued.notAfter),
        }
      : {}),
    contract_valid_from: iso(order.contractFrom),
    contract_valid_until: iso(order.contractUntil),
    last_status_check: iso(now),
    certificate_pem_available: downloadable,
    order_cancellable: order.state !== 'cancelled' && now <= cancellableUntil,
    order_cancellation_mode: regfishInferred.cancellationMode,
    order_cancellable_until: iso(cancellableUntil),
    ...(order.state !== 'staged' ? { validation: presentValidation(validationsOf(original), order.dcvMethod) } : {}),
    ...(lastReissue
      ? {
          reissue: {
            id: reissues.length,
            status: reissueStatus[lastReissue.status],
            common_name: lastReissue.commonName,
            dns_names: lastReissue.dnsNames,
            order_state: lastReissue.status === 'pending' ? 'PENDING' : orderState,
            requested_at: iso(lastReissue.requestedAt),
            last_updated_at: iso(lastReissue.updatedAt),
            validation: presentValidation(validationsOf(lastReissue), (lastReissue.meta.dcvMethod as string) ?? order.dcvMethod),
          },
        }
      : {}),
  };
}

export function presentOrganization(org: Organization) {
  const d = org.details as Record<string, string | undefined>;
  return {
    id: org.publicId,
    organization: org.name,
    status: org.status,
    usable_for_ordering: org.usable,
    first_name: d.first_name ?? '',
    last_name: d.last_name ?? '',
    address: d.address ?? '',
    postal_code: d.postal_code ?? '',
    city: d.city ?? '',
    country_code: d.country ?? '',
    phone: d.phone ?? '',
    email: d.email ?? '',
  };
}

export function presentDnsRecord(r: DnsRecord) {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    data: r.data,
    ttl: r.ttl,
    annotation: r.annotation ?? '',
    auto: r.auto,
    active: true,
    ts_created: iso(r.createdAt),
    ts_updated: iso(r.updatedAt),
  };
}
