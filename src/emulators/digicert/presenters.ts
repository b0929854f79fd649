import { isoSeconds } from '../iso-time.js';
import type { EmulatorContext } from '../../context.js';
import type { Account, Approval, Certificate, Order, Organization } from '../../state/model.js';
import { keySizeOf, opensslSerial, subjectCommonName, thumbprint, toCrlf } from './pem.js';
import { digicertInferred } from './inferred.js';
import { serverPlatform } from './platforms.js';
import { findDigicertProduct, presentProduct } from './products.js';
import { primaryCertificate, shownOf, statusOf } from './status.js';

const dayMs = 86_400_000;
export const ymd = (ms: number): string => isoSeconds(ms).slice(0, 10);
export const isoTz = (ms: number): string => `${isoSeconds(ms)}+00:00`;

interface Profile {
  accountId?: number;
  user?: { id: number; first_name: string; last_name: string; email: string; username?: string; job_title?: string; telephone?: string };
  containerId?: number;
  containerName?: string;
  /** The CertCentral setting "revoking the only certificate of an order revokes the order". */
  revokeOrderWithOnlyCertificate?: boolean;
}

export const profileOf = (account: Account): Profile => account.profile as Profile;

export function presentUserRef(account: Account) {
  const u = profileOf(account).user;
  return u ? { id: u.id, first_name: u.first_name, last_name: u.last_name, email: u.email } : { id: account.id, first_name: account.name, last_name: '', email: '' };
}

export function presentContainerRef(account: Account) {
  const p = profileOf(account);
  return { id: p.containerId ?? account.id, name: p.containerName ?? account.name };
}

export function presentOrganization(org: Organization, account: Account) {
  const d = org.details as Record<string, string | undefined>;
  return {
    id: Number(org.publicId),
    status: org.status,
    name: org.name,
    display_name: d.display_name ?? org.name,
    is_active: org.usable,
    address: d.address ?? '',
    zip: d.zip ?? '',
    city: d.city ?? '',
    state: d.state ?? '',
    country: (d.country ?? '').toLowerCase(),
    telephone: d.telephone ?? '',
    container: presentContainerRef(account),
  };
}

function organizationRef(ctx: EmulatorContext, order: Order) {
  const org = order.organizationId !== null ? ctx.store.organization(order.organizationId) : undefined;
  if (!org) return undefined;
  const d = org.details as Record<string, string | undefined>;
  return { id: Number(org.publicId), name: org.name, display_name: d.display_name ?? org.name, is_active: org.usable, city: d.city ?? '', state: d.state ?? '', country: (d.country ?? '').toLowerCase() };
}


/** `days_remaining`: whole days, rounded up, never below 0. */
const daysRemaining = (notAfter: number, now: number): number => Math.max(0, Math.ceil((notAfter - now) / dayMs));

/**
 * Everything presentOrder takes from the clock: the days left of its issued certificates. The same
 * value and the same stored state give the same answer (see RenderedAnswers).
 */
export function orderTimeKey(ctx: EmulatorContext, order: Order, now: number): string {
  let key = '';
  for (const c of ctx.core.certificates(order)) if (c.pem !== null && c.notAfter !== null) key += `${daysRemaining(c.notAfter, now)},`;
  return key;
}

/** One certificate as the order, duplicate and reissue lists show it. */
export function presentCertificate(ctx: EmulatorContext, order: Order, cert: Certificate) {
  const now = ctx.clock.nowMs();
  const meta = cert.meta as Record<string, unknown>;
  return {
    id: Number(cert.publicId),
    ...(cert.pem ? { thumbprint: thumbprint(cert.pem), serial_number: opensslSerial(cert.serial!) } : {}),
    common_name: cert.commonName,
    dns_names: cert.dnsNames,
    date_created: isoTz(cert.requestedAt),
    ...(cert.pem && cert.notBefore !== null && cert.notAfter !== null
      ? {
          valid_from: ymd(cert.notBefore),
          valid_till: ymd(cert.notAfter),
          days_remaining: daysRemaining(cert.notAfter, now),
          date_issued: isoTz(cert.issuedAt ?? cert.notBefore),
        }
      : {}),
    csr: cert.csr,
    ...(order.organizationId !== null ? { organization: { id: Number(ctx.store.organization(order.organizationId)?.publicId ?? 0) } } : {}),
    organization_units: (meta.organization_units as string[] | undefined) ?? [],
    server_platform: serverPlatform((meta.server_platform as { id?: number } | undefined)?.id),
    signature_hash: (meta.signature_hash as string | undefined) ?? 'sha256',
    key_size: cert.pem ? keySizeOf(cert.pem) : ((meta.key_size as number | undefined) ?? 0),
    ca_cert: { id: 'MOCKCA-ISSUING-CA', name: subjectCommonName(ctx.ca.intermediatePem) },
    cert_validity: { days: cert.validityDays },
  };
}

/** The listed form of a certificate (duplicate and reissue lists). */
export function presentCertificateListItem(ctx: EmulatorContext, order: Order, cert: Certificate) {
  const full = presentCertificate(ctx, order, cert);
  return {
    ...full,
    status: cert.status === 'pending' ? 'pending' : cert.status === 'replaced' ? 'issued' : cert.status,
    ca_cert_id: full.ca_cert.id,
    sub_id: '',
    public_id: '',
  };
}

/**
 * One entry of GET …/reissue (list-reissues page): counts as strings ("purchased_dns_names": "2"),
 * `archived` as an int, the requesting user flattened (`firstname`, `lastname`).
 */
export function presentReissueListItem(ctx: EmulatorContext, order: Order, cert: Certificate) {
  const now = ctx.clock.nowMs();
  const user = presentUserRef(ctx.store.account(order.accountId)!);
  const issued = cert.pem !== null && cert.notAfter !== null;
  return {
    id: Number(cert.publicId),
    ...(cert.pem ? { thumbprint: thumbprint(cert.pem), serial_number: opensslSerial(cert.serial!) } : {}),
    common_name: cert.commonName,
    dns_names: cert.dnsNames,
    status: cert.status === 'replaced' ? 'issued' : cert.status,
    date_created: isoTz(cert.requestedAt),
    ...(issued ? { date_issued: isoTz(cert.issuedAt ?? cert.notBefore!), valid_till: ymd(cert.notAfter!), days_remaining: daysRemaining(cert.notAfter!, now) } : {}),
    csr: cert.csr,
    key_size: cert.pem ? keySizeOf(cert.pem) : (((cert.meta as Record<string, unknown>).key_size as number | undefined) ?? 0),
    archived: digicertInferred.reissueBillingFields.archived,
    user_id: user.id,
    email: user.email,
    firstname: user.first_name,
    lastname: user.last_name,
    receipt_id: digicertInferred.reissueBillingFields.receipt_id,
    purchased_dns_names: digicertInferred.reissueBillingFields.purchased_dns_names,
    purchased_wildcard_names: digicertInferred.reissueBillingFields.purchased_wildcard_names,
  };
}

/**
 * A request's status as DigiCert shows it: a new request still pending in the store whose order was
 * opened or closed by other means (control API, console) reads as approved or rejected.
 */
export function requestStatus(a: Approval, order: Order): Approval['status'] {
  if (a.kind !== 'new_request' || a.status !== 'pending' || order.state === 'awaiting_approval' || order.state === 'staged') return a.status;
  return order.state === 'open' ? 'approved' : 'rejected';
}

export function presentRequestRef(a: Approval, order: Order) {
  return { id: Number(a.publicId), date: isoTz(a.createdAt), type: a.kind, status: requestStatus(a, order), comments: a.comments ?? '' };
}

/**
 * organization_contact / technical_contact of an order: the ones it was placed with; an OV/EV order
 * without them shows the account user, and the technical contact is copied from the organization
 * contact (order-info page).
 */
function contactsOf(order: Order, account: Account) {
  const meta = order.meta as Record<string, unknown>;
  const u = profileOf(account).user;
  const fallback = order.organizationId !== null && u ? { first_name: u.first_name, last_name: u.last_name, email: u.email, job_title: u.job_title ?? '', telephone: u.telephone ?? '' } : undefined;
  const organization = (meta.organization_contact as object | undefined) ?? fallback;
  const technical = (meta.technical_contact as object | undefined) ?? organization;
  return { ...(organization ? { organization_contact: organization } : {}), ...(technical ? { technical_contact: technical } : {}) };
}

/** The full order object (GET /order/certificate/{id}). */
export function presentOrder(ctx: EmulatorContext, order: Order) {
  const account = ctx.store.account(order.accountId)!;
  const meta = order.meta as Record<string, unknown>;
  const product = findDigicertProduct(order.product);
  const certs = ctx.core.certificates(order);
  const org = organizationRef(ctx, order);
  return {
    id: Number(order.publicId),
    certificate: presentCertificate(ctx, order, shownOf(certs)),
    status: statusOf(order, certs),
    is_renewal: order.renewalOf !== null,
    is_renewed: false,
    renewed_order_id: 0,
    date_created: isoTz(order.createdAt),
    ...(org ? { organization: org } : {}),
    validity_years: Math.max(1, Math.round((order.contractUntil - order.contractFrom) / (365 * dayMs))),
    order_valid_from: ymd(order.contractFrom),
    order_valid_till: ymd(order.contractUntil),
    disable_renewal_notifications: meta.disable_renewal_notifications === true,
    container: presentContainerRef(account),
    product: product ? presentProduct(product) : { name_id: order.product },
    ...contactsOf(order, account),
    ...(meta.business_unit ? { business_unit: meta.business_unit } : {}),
    user: presentUserRef(account),
    requests: ctx.store.approvalsOf(order.id).map((a) => presentRequestRef(a, order)),
    receipt_id: 0,
    cs_provisioning_method: 'none',
    send_minus_90: true,
    send_minus_60: true,
    send_minus_30: true,
    send_minus_7: true,
    send_minus_3: true,
    send_plus_7: true,
    allow_duplicates: true,
    user_assignments: [],
    payment_method: (meta.payment_method as string | undefined) ?? 'balance',
    dcv_method: order.dcvMethod,
    disable_ct: meta.disable_ct === true,
    price: 0,
    has_duplicates: certs.some((c) => c.kind === 'duplicate'),
    product_name_id: order.product,
    ...(meta.comments ? { comments: meta.comments } : {}),
  };
}

/** `{years}` when the length is whole years, else `{days}`. */
const lengthOf = (days: number) => (days % 365 === 0 ? { years: days / 365 } : { days });

/**
 * The short form of GET /order/certificate, field for field as a recorded answer lists orders.
 * `certs`: the order's certificates in id order, when a listing has read them already.
 */
export function presentOrderListItem(ctx: EmulatorContext, order: Order, certs: Certificate[] = ctx.core.certificates(order)) {
  const account = ctx.store.account(order.accountId)!;
  const shown = shownOf(certs);
  const product = findDigicertProduct(order.product);
  const org = organizationRef(ctx, order);
  const now = ctx.clock.nowMs();
  const contractDays = Math.round((order.contractUntil - order.contractFrom) / dayMs);
  const duplicates = certs.filter((c) => c.kind === 'duplicate').length;
  const reissues = certs.filter((c) => c.kind === 'reissue').length;
  const issued = shown.pem !== null && shown.notBefore !== null && shown.notAfter !== null;
  return {
    id: Number(order.publicId),
    certificate: {
      id: Number(shown.publicId),
      ...(shown.serial && shown.pem ? { serial_number: opensslSerial(shown.serial) } : {}),
      common_name: shown.commonName,
      dns_names: shown.dnsNames,
      ...(issued ? { valid_from: ymd(shown.notBefore!), valid_till: ymd(shown.notAfter!), days_remaining: Math.max(0, Math.ceil((shown.notAfter! - now) / dayMs)) } : {}),
      cert_validity: lengthOf(shown.validityDays),
      signature_hash: ((shown.meta as Record<string, unknown>).signature_hash as string | undefined) ?? 'sha256',
    },
    status: statusOf(order, certs),
    is_renewed: false,
    date_created: isoTz(order.createdAt),
    ...(org ? { organization: { id: org.id, name: org.name } } : {}),
    validity_years: Math.max(1, Math.round(contractDays / 365)),
    order_validity: lengthOf(contractDays),
    ...(issued ? { order_valid_till: ymd(order.contractUntil) } : {}),
    disable_renewal_notifications: (order.meta as Record<string, unknown>).disable_renewal_notifications === true,
    container: { ...presentContainerRef(account), is_active: digicertInferred.listedContainerIsActive },
    product: product ? { name_id: product.name_id, name: product.name, type: product.type } : { name_id: order.product },
    duplicates_count: duplicates,
    has_duplicates: duplicates > 0,
    reissues_count: reissues,
    has_reissues: reissues > 0,
    price: 0,
    product_name_id: order.product,
    number_of_sans: shown.dnsNames.length,
    is_multi_year_plan: contractDays > shown.validityDays ? '1' : '0',
  };
}

/** A request (approval) as GET /request lists it; `full` embeds the whole order (GET /request/{id}). */
export function presentRequest(ctx: EmulatorContext, a: Approval, full = false) {
  const order = ctx.store.order(a.orderId)!;
  const account = ctx.store.account(order.accountId)!;
  const product = findDigicertProduct(order.product);
  const org = organizationRef(ctx, order);
  const user = presentUserRef(account);
  const summary = {
    id: Number(order.publicId),
    certificate: { common_name: primaryCertificate(ctx.core, order).commonName },
    ...(org ? { organization: { id: org.id, name: org.name } } : {}),
    container: presentContainerRef(account),
    product: product ? { name_id: product.name_id, name: product.name, type: product.type } : { name_id: order.product },
  };
  return {
    id: Number(a.publicId),
    date: isoTz(a.createdAt),
    type: a.kind,
    status: requestStatus(a, order),
    ...(a.processedAt !== null ? { date_processed: isoTz(a.processedAt) } : {}),
    requester: user,
    processor: user,
    ...(a.processedAt !== null ? { reviewer: user } : {}),
    order: full ? presentOrder(ctx, order) : summary,
    comments: a.comments ?? '',
    processor_comment: a.processorComment ?? '',
  };
}

/** leaf, intermediate, root as `{subject_common_name, pem}` (PEM lines CRLF, as in DigiCert's fixtures). */
export function presentChain(ctx: EmulatorContext, cert: Certificate, crlf: boolean) {
  const fix = crlf ? toCrlf : (s: string) => s;
  return [cert.pem!, ctx.ca.intermediatePem, ctx.ca.rootPem].map((pem) => ({ subject_common_name: subjectCommonName(pem), pem: fix(pem.trim()) }));
}
