/**
 * INFERRED: no page or client shows how Regfish revokes or cancels. These two endpoints follow
 * the confirmed response fields (revocation_scope, order_cancellable, order_cancellation_mode
 * `revoke_issued`, order_cancellable_until); see docs/regfish.md "Regfish: inferred behaviour".
 */
import { param } from '../../operation-router.js';
import type { Context } from 'hono';
import type { RegfishEnv, RegfishRoutes } from '../env.js';
import { regfishInferred } from '../inferred.js';
import { findOrder } from '../lookup.js';
import { presentCertificate } from '../presenters.js';
import { ok, parseBody, RegfishFailure } from '../respond.js';
import { regfishAnswerSchemas, regfishSchemas } from '../schema-lib.js';

const dayMs = 86_400_000;

export const revokeCancelRoutes: RegfishRoutes = (app, ctx) => {
  app.post('regfish.revoke', '/tls/certificate/:certificate_id/revoke', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().revokeCertificateSchema, 'invalidCertificateRequest');
    const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'certificate_id')));
    const current = ctx.core.current(order);
    if (order.state !== 'open' || current.status !== 'issued') {
      throw new RegfishFailure('revokeConflict', `the order is ${order.state} and its certificate ${current.status}`);
    }
    const cause = body.reason ? `revoked (${body.scope}): ${body.reason}` : `revoked (${body.scope})`;
    ctx.core.revoke(current, { reason: 0, comment: body.reason }, cause);
    if (body.scope === 'order') {
      ctx.store.update('orders', order.id, { meta: { ...order.meta, revocationScope: 'order' } });
      ctx.core.cancelOrder(ctx.store.order(order.id)!, { revokeIssued: true }, cause);
    }
    return ok(c, presentCertificate(ctx.core, ctx.store.order(order.id)!));
  }, () => ({ summary: 'Revoke the certificate, or the whole order (inferred endpoint)', body: regfishSchemas().revokeCertificateSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.revoke'] }));

  const cancel = async (c: Context<RegfishEnv>) => {
    const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'certificate_id')));
    const until = order.createdAt + regfishInferred.cancellationWindowDays * dayMs;
    if (order.state === 'cancelled' || ctx.clock.nowMs() > until) {
      throw new RegfishFailure('cancelConflict', order.state === 'cancelled' ? 'the order is already closed' : 'the cancellation window has ended');
    }
    const cancelled = ctx.core.cancelOrder(order, { revokeIssued: true, reason: 5 }, 'order cancelled');
    return ok(c, presentCertificate(ctx.core, cancelled));
  };
  const cancelSpec = () => ({ summary: 'Cancel the order within its cancellation window (inferred endpoint)', response: regfishAnswerSchemas().regfishAnswers['regfish.cancel'] });
  app.post('regfish.cancel', '/tls/certificate/:certificate_id/cancel', cancel, cancelSpec);
  app.delete('regfish.cancel', '/tls/certificate/:certificate_id', cancel, cancelSpec);
};
