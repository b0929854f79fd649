import type { EmulatorContext } from '../../context.js';
import type { ApprovalKind, Certificate, Order } from '../../state/model.js';
import { newRequestId } from './ids.js';

/**
 * Records a request that needs no approver (reissues and duplicates are approved at once) and logs
 * it; returns the request id the answer shows.
 */
export function recordApprovedRequest(
  ctx: EmulatorContext,
  order: Order,
  cert: Certificate,
  kind: ApprovalKind,
  comments: string | null,
  processorComment: string | null,
  cause: string,
): string {
  const now = ctx.clock.nowMs();
  const requestId = newRequestId(ctx, order.accountId);
  ctx.store.insertApproval({
    orderId: order.id,
    certificateId: cert.id,
    publicId: requestId,
    kind,
    status: 'approved',
    comments,
    processorComment,
    payload: {},
    createdAt: now,
    processedAt: now,
  });
  ctx.core.event(order.id, cert.id, 'approval', null, 'approved', `${kind} request ${requestId}${cause}`);
  return requestId;
}
