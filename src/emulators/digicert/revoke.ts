import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Approval, Certificate, Order } from '../../state/model.js';
import type { DigicertEnv } from './env.js';
import { newRequestId } from './ids.js';
import { isoTz, presentUserRef, profileOf } from './presenters.js';
import { revocationReasons, type RevocationReason } from './revocation-reasons.js';
import { DigicertFailure } from './respond.js';
import { certificateRevokedOnly, digicertStatus, primaryCertificate } from './status.js';

export interface RevokeInput {
  /** The parameter table names it `comment`; the examples send `comments`: both are read. */
  comment?: string;
  comments?: string;
  revocation_reason?: string;
  skip_approval?: boolean;
}

const revocable = (c: Certificate) => c.status === 'issued' || c.status === 'replaced';

/** Which certificates a revoke covers: all live ones of the order, or one. */
function targets(ctx: EmulatorContext, order: Order, certificateId: number | null): Certificate[] {
  const certs = ctx.core.certificates(order);
  return certificateId === null ? certs.filter(revocable) : certs.filter((c) => c.id === certificateId && revocable(c));
}

/**
 * Revokes now (skip_approval or an approved revoke request). Revoking one certificate leaves the
 * order active (revoke-certificate page) unless the account asks otherwise
 * (`profile.revokeOrderWithOnlyCertificate`, the CertCentral setting) and it was the order's only one.
 */
export function revokeNow(ctx: EmulatorContext, order: Order, certificateId: number | null, reason: string | undefined, comment: string | undefined, cause: string): void {
  const code = revocationReasons[(reason ?? 'unspecified') as RevocationReason] ?? 0;
  const certs = ctx.core.certificates(order);
  const orderToo = certificateId === null || (certs.filter((c) => c.pem !== null).length === 1 && profileOf(ctx.store.account(order.accountId)!).revokeOrderWithOnlyCertificate === true);
  ctx.store.transaction(() => {
    for (const cert of targets(ctx, order, certificateId)) ctx.core.revoke(cert, { reason: code, comment }, cause);
    const fresh = ctx.store.order(order.id)!;
    ctx.store.update('orders', order.id, { meta: { ...fresh.meta, [certificateRevokedOnly]: !orderToo } });
  });
}

/** PUT …/revoke: refuses what cannot be revoked, then answers 204 (skip_approval) or 201 with the revoke request. */
export async function requestRevocation(ctx: EmulatorContext, c: Context<DigicertEnv>, order: Order, cert: Certificate | null, body: RevokeInput): Promise<Response> {
  const fresh = await ctx.core.refresh(order);
  const status = digicertStatus(ctx.core, fresh);
  const primary = primaryCertificate(ctx.core, fresh);
  if (status === 'reissue_pending' && (cert === null || cert.id === ctx.core.latestIssued(fresh)?.id)) {
    throw new DigicertFailure('invalid_order_status', 'a certificate with a pending reissue cannot be revoked');
  }
  if (targets(ctx, fresh, cert?.id ?? null).length === 0) {
    throw new DigicertFailure('invalid_order_status', `nothing to revoke: the order is ${status}${cert ? ` and the certificate ${cert.status}` : ''}`);
  }
  const pendingRevoke = ctx.store.approvalsOf(fresh.id).find((a) => a.kind === 'revoke' && a.status === 'pending');
  if (pendingRevoke) throw new DigicertFailure('invalid_order_status', `revoke request ${pendingRevoke.publicId} is already pending`);
  const comments = body.comment ?? body.comments;
  if (body.skip_approval) {
    revokeNow(ctx, fresh, cert?.id ?? null, body.revocation_reason, comments, comments ? `revoked: ${comments}` : 'revoked (skip_approval)');
    return c.body(null, 204);
  }
  const now = ctx.clock.nowMs();
  const publicId = newRequestId(ctx, fresh.accountId);
  const id = ctx.store.insertApproval({
    orderId: fresh.id,
    certificateId: cert?.id ?? null,
    publicId,
    kind: 'revoke',
    status: 'pending',
    comments: comments ?? null,
    processorComment: null,
    payload: { scope: cert ? 'certificate' : 'order', revocation_reason: body.revocation_reason ?? null, primary: primary.id },
    createdAt: now,
    processedAt: null,
  });
  ctx.core.event(fresh.id, cert?.id ?? null, 'approval', null, 'pending', `revoke request ${publicId}`);
  const approval = ctx.store.approval(id)!;
  return c.body(JSON.stringify(presentRevokeRequest(ctx, fresh, approval)), 201, { 'content-type': 'application/json' });
}

export function presentRevokeRequest(ctx: EmulatorContext, order: Order, a: Approval) {
  return {
    id: Number(a.publicId),
    date: isoTz(a.createdAt),
    type: 'revoke',
    status: a.status,
    requester: presentUserRef(ctx.store.account(order.accountId)!),
    comments: a.comments ?? '',
  };
}
