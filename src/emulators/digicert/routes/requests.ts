import type { EmulatorContext } from '../../../context.js';
import type { Approval, ApprovalStatus } from '../../../state/model.js';
import { param } from '../../operation-router.js';
import { sendDcvEmails } from '../dcv.js';
import { v2, type DigicertRoutes } from '../env.js';
import { findRequest } from '../lookup.js';
import { presentRequest, requestStatus } from '../presenters.js';
import { DigicertFailure, json, noContent, parseBody } from '../respond.js';
import { revokeNow } from '../revoke.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';

/** Applies an approve or reject decision to the core: open the order, reject it, or revoke. */
async function decide(ctx: EmulatorContext, a: Approval, status: 'approved' | 'rejected', comment: string | undefined): Promise<void> {
  const order = ctx.store.order(a.orderId)!;
  const cause = `${a.kind} request ${a.publicId} ${status}${comment ? `: ${comment}` : ''}`;
  ctx.store.update('approvals', a.id, { status, processorComment: comment ?? null, processedAt: ctx.clock.nowMs() });
  ctx.core.event(order.id, a.certificateId, 'approval', a.status, status, cause);
  if (a.kind === 'new_request') {
    if (order.state !== 'awaiting_approval') return;
    if (status === 'approved') {
      const opened = await ctx.core.openOrder(order, {}, cause);
      sendDcvEmails(ctx, opened, ctx.store.validationsOfOrder(opened.id));
    } else {
      ctx.core.cancelOrder(order, { revokeIssued: false }, cause);
    }
    return;
  }
  if (a.kind === 'revoke' && status === 'approved') {
    revokeNow(ctx, order, a.certificateId, (a.payload.revocation_reason as string | null) ?? undefined, a.comments ?? undefined, cause);
  }
}

export const requestRoutes: DigicertRoutes = (app, ctx) => {
  app.get(
    'digicert.request.list',
    `${v2}/request`,
    (c) => {
      const wanted = c.req.query('status');
      const approvals = ctx.store
        .approvalsOfAccount(c.get('account').id)
        .filter((a) => !wanted || wanted.split(',').includes(requestStatus(a, ctx.store.order(a.orderId)!)));
      return json(c, { requests: approvals.map((a) => presentRequest(ctx, a)) });
    },
    () => ({ summary: 'List requests (query status=pending|approved|rejected)', response: digicertResponses().requestListResponse }),
  );

  app.get('digicert.request.get', `${v2}/request/:request_id`, (c) => json(c, presentRequest(ctx, findRequest(ctx, c, param(c, 'request_id')).approval, true)), () => ({
    summary: 'Request info, with the full order',
    response: digicertResponses().requestInfoResponse,
  }));

  app.put(
    'digicert.request.update',
    `${v2}/request/:request_id/status`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().requestStatusSchema);
      const { approval, order } = findRequest(ctx, c, param(c, 'request_id'));
      const wanted: ApprovalStatus | 'submitted' = body.status;
      const current = requestStatus(approval, order);
      if (current !== 'pending') throw new DigicertFailure('invalid_request_status', `request ${approval.publicId} is already ${current}`);
      if (wanted === 'approved' || wanted === 'rejected') await decide(ctx, approval, wanted, body.processor_comment);
      return noContent(c);
    },
    () => ({ summary: 'Approve or reject a request', body: digicertSchemas().requestStatusSchema, responseStatus: 204 }),
  );
};
