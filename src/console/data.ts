import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import { vendors, type Account, type Certificate, type CertificateProfile, type CertificateStatus, type Order, type Vendor } from '../state/model.js';
import type { Page, PageWindow } from '../state/paging.js';
import type { Flash } from './layout.js';
import { localPath } from './local-path.js';

/** One line of an Issued Certificates table: a certificate with its order and account. */
export interface CertificateRow {
  cert: Certificate;
  order: Order;
  account: Account | undefined;
}

export interface CertificateFilter {
  vendor?: string;
  status?: string;
  name?: string;
  profile: CertificateProfile;
}

const certificateStatuses: readonly string[] = ['pending', 'issued', 'replaced', 'revoked', 'rejected', 'expired'] satisfies CertificateStatus[];

/** Brings the orders of one page up to date (time and policy) and rereads their certificates. */
async function refreshed(ctx: EmulatorContext, page: Page<{ cert: Certificate; order: Order }>): Promise<Page<CertificateRow>> {
  const rows: CertificateRow[] = [];
  for (const { cert, order: stored } of page.rows) {
    const order = await ctx.core.refresh(stored);
    rows.push({ cert: ctx.store.certificate(cert.id) ?? cert, order, account: ctx.store.account(order.accountId) });
  }
  return { rows, total: page.total };
}

/**
 * One page of the certificates of every vendor and account, newest request first. Filters run in
 * SQL on the stored status, with time applied (an issued certificate past its end reads expired);
 * the rows shown are then brought up to date, so a pending row may show as issued.
 * An unknown vendor or status filters nothing out.
 */
export function certificatePage(ctx: EmulatorContext, filter: CertificateFilter, window: PageWindow): Promise<Page<CertificateRow>> {
  const vendor = vendors.includes(filter.vendor as Vendor) ? (filter.vendor as Vendor) : undefined;
  const status = certificateStatuses.includes(filter.status ?? '') ? [filter.status as CertificateStatus] : undefined;
  const search = filter.name?.trim() || undefined;
  const page = ctx.store.certificatesPage({ profile: filter.profile, vendor, statuses: status, now: ctx.clock.nowMs(), search }, window);
  return refreshed(ctx, page);
}

/** One page of the reissues of one profile, newest first (the Reissue Requests listings). */
export function reissuePage(ctx: EmulatorContext, profile: CertificateProfile, window: PageWindow): Promise<Page<CertificateRow>> {
  return refreshed(ctx, ctx.store.certificatesPage({ profile, kinds: ['reissue'] }, window));
}

export function findRow(ctx: EmulatorContext, vendor: string, orderId: string, certId: string): CertificateRow | undefined {
  if (!vendors.includes(vendor as Vendor)) return undefined;
  const order = ctx.store.orderByVendorId(vendor as Vendor, orderId);
  if (!order) return undefined;
  const cert = ctx.core.certificates(order).find((c) => c.publicId === certId);
  return cert ? { cert, order, account: ctx.store.account(order.accountId) } : undefined;
}

/**
 * The ids of a row as its vendor's API shows them: Regfish knows one TLS certificate id (the
 * order's) and numbers its reissues; DigiCert and Sectigo have an order and a certificate id.
 */
export function vendorIds(r: CertificateRow): { label: string; value: string }[] {
  if (r.order.vendor === 'regfish') return [{ label: '', value: r.order.publicId }, ...(r.cert.kind === 'original' ? [] : [{ label: r.cert.kind, value: r.cert.publicId }])];
  return [
    { label: 'order', value: r.order.publicId },
    { label: 'cert', value: r.cert.publicId },
  ];
}

/** The ids in one line: "7K9QW3M2ZT8HJ", "7K9QW3M2ZT8HJ, reissue 1", "order 31415926, cert 27182818". */
export const idsText = (r: CertificateRow): string =>
  vendorIds(r)
    .map((id) => (id.label ? `${id.label} ${id.value}` : id.value))
    .join(', ');

/** A row in one line of text, for messages: "example.com (regfish 7K9QW3M2ZT8HJ)". */
export const rowName = (r: CertificateRow): string => `${r.cert.commonName} (${r.order.vendor} ${idsText(r)})`;

export const rowPath = (r: CertificateRow) => `/certificates/${r.order.vendor}/${encodeURIComponent(r.order.publicId)}/${encodeURIComponent(r.cert.publicId)}`;

/** A one-line message carried across a redirect in the query string (`?ok=` or `?error=`). */
export function flashFrom(c: Context): Flash | undefined {
  const error = c.req.query('error');
  if (error) return { kind: 'error', text: error };
  const ok = c.req.query('ok');
  return ok ? { kind: 'ok', text: ok } : undefined;
}

/** Redirects (303, so a reload does not post again) to a local path with a message. */
export function redirectWith(c: Context, path: string, flash: Flash): Response {
  const target = localPath(path, '/');
  const sep = target.includes('?') ? '&' : '?';
  return c.redirect(`${target}${sep}${flash.kind === 'error' ? 'error' : 'ok'}=${encodeURIComponent(flash.text)}`, 303);
}

/** A form field as a string ('' when missing or a file). */
export const field = (form: Record<string, unknown>, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v : '';
};

/** RFC 5280 CRLReason codes a person picks when revoking. */
export const revocationReasons: [number, string][] = [
  [0, 'Unspecified'],
  [1, 'Key compromise'],
  [3, 'Affiliation changed'],
  [4, 'Superseded'],
  [5, 'Cessation of operation'],
  [9, 'Privilege withdrawn'],
];
