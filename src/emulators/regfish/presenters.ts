import { caaBlockOf } from '../../state/caa.js';
import { opensslSerial } from '../../ca/serial-text.js';
import { currentOf, type Core } from '../../state/core.js';
import { isoSeconds } from '../iso-time.js';
import type { Certificate, DnsRecord, Order, Organization, Validation } from '../../state/model.js';
import { regfishInferred } from './inferred.js';
import type { RegfishCertificate, RegfishDnsRecord, RegfishOrganization, RegfishValidation } from './response-schemas.js';

const iso = (ms: number): string => `${isoSeconds(ms)}Z`;
const isoOrNone = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : iso(ms));
const dayMs = 86_400_000;

interface StatusWords {
  status: RegfishCertificate['status'];
  orderState: RegfishCertificate['order_state'];
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

function presentValidation(validations: Validation[], method: RegfishValidation['method']): RegfishValidation | undefined {
  if (validations.length === 0) return undefined;
  // Regfish validates by CNAME only (dns-cname-token), so every DNS proof of its orders is one.
  const dnsRecords = validations.flatMap((v) => (v.proof.type === 'dns' ? [{ name: v.proof.name, type: 'CNAME' as const, value: v.proof.value }] : []));
  const emails = [...new Set(validations.flatMap((v) => v.emails))];
  return {
    method,
    ...(dnsRecords.length ? { dns_records: dnsRecords } : {}),
    ...(emails.length ? { email_targets: emails } : {}),
  };
}

const dcvMethodOf = (method: string): RegfishValidation['method'] => (method === 'email' ? 'email' : 'dns-cname-token');

const reissueStatus: Record<Certificate['status'], NonNullable<RegfishCertificate['reissue']>['status']> = {
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

const cancellableUntilOf = (order: Order): number => order.createdAt + regfishInferred.cancellationWindowDays * dayMs;

/**
 * Everything presentCertificate takes from the clock: the second (`last_status_check`) and whether
 * the cancellation window is still open (`order_cancellable`). The same value and the same stored
 * state give the same answer (see RenderedAnswers).
 */
export function certificateTimeKey(order: Order, now: number): number {
  return Math.floor(now / 1000) * 2 + (now <= cancellableUntilOf(order) ? 1 : 0);
}

/** The `tlsCertificate` resource of one order. */
export function presentCertificate(core: Core, order: Order): RegfishCertificate {
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
  const currentValidations = validationsOf(current);
  // OV/EV: domain control done, the provider's organization validation still to come (certbro's PENDING_APPROVAL).
  const awaitingApproval =
    order.level !== 'dv' && order.state === 'open' && current.status === 'pending' && currentValidations.length > 0 && currentValidations.every((v) => v.status === 'valid');
  const { status, orderState } = awaitingApproval ? { status: 'pending' as const, orderState: 'PENDING_APPROVAL' as const } : statusOf(order, current);
  const cancellableUntil = cancellableUntilOf(order);
  const downloadable = order.state !== 'cancelled' && (current.status === 'issued' || current.status === 'expired');

  const pending: Pick<RegfishCertificate, 'pending_reason' | 'pending_message'> =
    order.state === 'staged'
      ? { pending_reason: 'organization_required', pending_message: 'Complete the organization and contact validation in the regfish Console.' }
      : status === 'pending' && !awaitingApproval
        ? { pending_reason: 'validation_pending', pending_message: caaBlockOf(current.meta) ? regfishInferred.caaPendingMessage : 'The TLS certificate order is waiting for domain validation.' }
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
    ...(current.status === 'revoked' || order.meta.revocationScope ? { revocation_scope: order.meta.revocationScope === 'order' ? ('order' as const) : ('certificate' as const) } : {}),
    renewal_supported: status === 'issued' || status === 'expired',
    reissue_supported: status === 'issued' || status === 'certificate_revoked',
    validity_days: order.validityDays,
    ...(renewalBonusDays !== undefined ? { renewal_bonus_days: renewalBonusDays } : {}),
    ...(issued
      ? {
          serial_number: issued.serial ? opensslSerial(issued.serial) : undefined,
          valid_from: isoOrNone(issued.notBefore),
          valid_until: isoOrNone(issued.notAfter),
        }
      : {}),
    contract_valid_from: iso(order.contractFrom),
    contract_valid_until: iso(order.contractUntil),
    last_status_check: iso(now),
    certificate_pem_available: downloadable,
    order_cancellable: order.state !== 'cancelled' && now <= cancellableUntil,
    order_cancellation_mode: regfishInferred.cancellationMode,
    order_cancellable_until: iso(cancellableUntil),
    ...(order.state !== 'staged' ? { validation: presentValidation(validationsOf(original), dcvMethodOf(order.dcvMethod)) } : {}),
    ...(lastReissue
      ? {
          reissue: {
            id: reissues.length,
            status: reissueStatus[lastReissue.status],
            common_name: lastReissue.commonName,
            dns_names: lastReissue.dnsNames,
            order_state: lastReissue.status === 'pending' ? 'PENDING' : orderState,
            requested_at: isoOrNone(lastReissue.requestedAt),
            last_updated_at: isoOrNone(lastReissue.updatedAt),
            validation: presentValidation(validationsOf(lastReissue), dcvMethodOf((lastReissue.meta.dcvMethod as string) ?? order.dcvMethod)),
          },
        }
      : {}),
  };
}

export function presentOrganization(org: Organization): RegfishOrganization {
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

const unixSeconds = (ms: number) => Math.floor(ms / 1000);

/** `recordResponse`: the documented fields, then what the type has (priority, weight, port, flags, tag). */
export function presentDnsRecord(r: DnsRecord): RegfishDnsRecord {
  return {
    type: r.type,
    name: r.name,
    data: r.data,
    id: r.id,
    ttl: r.ttl,
    ...(r.annotation !== null ? { annotation: r.annotation } : {}),
    auto: r.auto,
    active: true,
    ts_created: unixSeconds(r.createdAt),
    ts_updated: unixSeconds(r.updatedAt),
    ...(r.priority !== null ? { priority: r.priority } : {}),
    ...(r.weight !== null ? { weight: r.weight } : {}),
    ...(r.port !== null ? { port: r.port } : {}),
    ...(r.flags !== null ? { flags: r.flags } : {}),
    ...(r.tag !== null ? { tag: r.tag } : {}),
  };
}
