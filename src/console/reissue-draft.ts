import { randomBytes } from 'node:crypto';
import { makeEcCsr } from '../ca/make-csr.js';
import type { EmulatorContext } from '../context.js';
import type { NewValidation } from '../state/core.js';
import type { Certificate, Vendor } from '../state/model.js';
import type { PendingLogin } from './second-factor/pending-login.js';
import { checkCode, sendCode, type OtpCheck, type OtpCode } from './second-factor/otp.js';
import type { CertificateRow } from './data.js';
import { vendorReissue } from './vendor-reissue.js';

const dayMs = 86_400_000;
export { consoleUserEmail, otpLifetimeMs, otpMaxAttempts, type OtpCheck } from './second-factor/otp.js';

/**
 * A reissue being filled in, step by step. Kept in memory (like a portal session): what was typed
 * in each step, the domain checks, and the one-time code of the second factor.
 */
export interface ReissueDraft {
  id: string;
  orderId: number;
  orderPublicId: string;
  vendor: Vendor;
  fromCertificateId: number;
  desktop: boolean;
  commonName: string;
  dnsNames: string[];
  csrPem?: string;
  validityDays: number;
  maxValidityDays: number;
  validations: NewValidation[];
  /** Domains whose Verify button was pressed. */
  verified: Set<string>;
  agreement: boolean;
  message: string;
  /** The one-time codes of the second factor: emailed, and sent by SMS. */
  otp?: OtpCode;
  smsOtp?: OtpCode;
  /** A login at an identity provider in progress (OIDC, Azure AD, SAML): what the answer must match. */
  login?: PendingLogin;
  /** Set once submitted: the new certificate and the key the console made, if it made one. */
  done?: { certificateId: number; keyPem?: string };
}

const drafts = new WeakMap<EmulatorContext, Map<string, ReissueDraft>>();
const maxDrafts = 1000;

function draftsOf(ctx: EmulatorContext): Map<string, ReissueDraft> {
  let map = drafts.get(ctx);
  if (!map) {
    map = new Map();
    drafts.set(ctx, map);
  }
  return map;
}

/** The draft, if it still belongs to an existing order (a reset reuses row ids, so the public id is checked too). */
export function getDraft(ctx: EmulatorContext, id: string): ReissueDraft | undefined {
  const draft = draftsOf(ctx).get(id);
  if (!draft) return undefined;
  const order = ctx.store.order(draft.orderId);
  if (order?.publicId === draft.orderPublicId && order.vendor === draft.vendor) return draft;
  draftsOf(ctx).delete(id);
  return undefined;
}

export function startReissue(ctx: EmulatorContext, row: CertificateRow): ReissueDraft {
  const desktop = row.cert.profile === 'document-signing';
  const remaining = Math.max(1, Math.floor((row.order.contractUntil - ctx.clock.nowMs()) / dayMs));
  const draft: ReissueDraft = {
    id: randomBytes(8).toString('hex'),
    orderId: row.order.id,
    orderPublicId: row.order.publicId,
    vendor: row.order.vendor,
    fromCertificateId: row.cert.id,
    desktop,
    commonName: row.cert.commonName,
    dnsNames: row.cert.dnsNames,
    validityDays: Math.min(row.cert.validityDays, remaining),
    maxValidityDays: remaining,
    validations: desktop ? [] : vendorReissue[row.order.vendor].validations(ctx, row.order, [row.cert.commonName, ...row.cert.dnsNames]),
    verified: new Set(),
    agreement: false,
    message: '',
  };
  const all = draftsOf(ctx);
  // Drafts nobody finishes are never removed otherwise: keep the newest ones only, so memory stays flat.
  if (all.size >= maxDrafts) all.delete(all.keys().next().value!);
  all.set(draft.id, draft);
  return draft;
}

/** Verified when Verify was pressed or the emulated DNS holds the record that proves the domain. */
export function domainVerified(ctx: EmulatorContext, draft: ReissueDraft, v: NewValidation): boolean {
  return draft.verified.has(v.domain) || (v.proof.type === 'dns' && ctx.core.dns.proves(v.proof));
}

export const allVerified = (ctx: EmulatorContext, draft: ReissueDraft) => draft.validations.every((v) => domainVerified(ctx, draft, v));

/** "Sends" a new emailed one-time code to the outbox; the old one stops working. */
export const sendOtp = (ctx: EmulatorContext, draft: ReissueDraft): void => void sendCode(ctx, draft, 'email');

export const checkOtp = (ctx: EmulatorContext, draft: ReissueDraft, typed: string): OtpCheck => checkCode(ctx, draft, 'email', typed);

/** Files the reissue through the core, exactly as a vendor API would, then marks verified domains valid. */
export async function submitReissue(ctx: EmulatorContext, draft: ReissueDraft): Promise<Certificate> {
  const order = ctx.store.order(draft.orderId)!;
  let keyPem: string | undefined;
  let csrPem = draft.csrPem;
  if (!csrPem) {
    const made = makeEcCsr(draft.commonName);
    csrPem = made.csrPem;
    keyPem = made.keyPem;
  }
  const csr = await ctx.ca.parseCsr(csrPem);
  const rules = vendorReissue[order.vendor];
  const verified = new Set(draft.validations.filter((v) => domainVerified(ctx, draft, v)).map((v) => v.domain));
  const cert = await ctx.core.addReissue(
    order,
    {
      publicId: rules.certificateId(ctx, order),
      kind: 'reissue',
      csr,
      commonName: draft.commonName,
      dnsNames: draft.desktop ? [] : undefined,
      validityDays: draft.validityDays,
      meta: { dcvMethod: order.dcvMethod, comments: draft.message || null, source: 'console' },
      validations: draft.validations,
      cause: draft.message ? `reissue in the console: ${draft.message}` : 'reissue in the console',
    },
    rules.allowedFrom,
  );
  rules.after?.(ctx, order, cert, draft.message || null);
  if (verified.size > 0) {
    await ctx.core.approveValidations(order, 'domain verified in the console', (v) => v.certificateId === cert.id && verified.has(v.domain));
  }
  if (draft.desktop && ctx.store.certificate(cert.id)!.status === 'pending') {
    await ctx.core.issueNow(ctx.store.order(order.id)!, 'Desktop Signing reissue approved in the console');
  }
  draft.done = { certificateId: cert.id, keyPem };
  return ctx.store.certificate(cert.id)!;
}
