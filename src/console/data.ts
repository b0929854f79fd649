import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import type { Account, Certificate, CertificateProfile, Order } from '../state/model.js';
import type { Flash } from './layout.js';

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

/** Every certificate of every vendor and account, newest first, after time and policy were applied. */
export async function certificateRows(ctx: EmulatorContext, filter: CertificateFilter): Promise<CertificateRow[]> {
  const rows: CertificateRow[] = [];
  const name = filter.name?.trim().toLowerCase();
  for (const stored of ctx.store.allOrders()) {
    if (filter.vendor && stored.vendor !== filter.vendor) continue;
    const order = await ctx.core.refresh(stored);
    const account = ctx.store.account(order.accountId);
    for (const cert of ctx.core.certificates(order)) {
      if (cert.profile !== filter.profile) continue;
      if (filter.status && cert.status !== filter.status) continue;
      if (name) {
        const haystack = [cert.commonName, ...cert.dnsNames, order.publicId, cert.serial ?? '', account?.name ?? ''].join(' ').toLowerCase();
        if (!haystack.includes(name)) continue;
      }
      rows.push({ cert, order, account });
    }
  }
  return rows.sort((a, b) => b.cert.requestedAt - a.cert.requestedAt || b.cert.id - a.cert.id);
}

/** The reissues of one profile, newest first (the Reissue Requests listings). */
export function reissueRows(ctx: EmulatorContext, profile: CertificateProfile): CertificateRow[] {
  const rows: CertificateRow[] = [];
  for (const order of ctx.store.allOrders()) {
    for (const cert of ctx.core.certificates(order)) {
      if (cert.kind === 'reissue' && cert.profile === profile) rows.push({ cert, order, account: ctx.store.account(order.accountId) });
    }
  }
  return rows.sort((a, b) => b.cert.requestedAt - a.cert.requestedAt || b.cert.id - a.cert.id);
}

export function findRow(ctx: EmulatorContext, vendor: string, orderId: string, certId: string): CertificateRow | undefined {
  const order = ctx.store.allOrders().find((o) => o.vendor === vendor && o.publicId === orderId);
  if (!order) return undefined;
  const cert = ctx.core.certificates(order).find((c) => c.publicId === certId);
  return cert ? { cert, order, account: ctx.store.account(order.accountId) } : undefined;
}

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
  const target = path.startsWith('/') && !path.startsWith('//') ? path : '/';
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
