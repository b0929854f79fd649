import type * as z from 'zod';
import type { Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { SectigoFailure } from '../errors.js';
import { sectigoInferred, sectigoInferredCodes } from '../inferred.js';
import { findOrder } from '../lookup.js';
import { findSectigoProduct } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

const dayMs = 86_400_000;

/** Reason codes of AutoRefund (§3.10). */
export const refundReasons: Record<number, string> = {
  1: 'unable to validate',
  2: 'domain or organization no longer active',
  3: 'want another certificate type',
  4: 'failed brand validation',
  5: 'Sectigo rejected the request',
  6: 'revoked (malware)',
  7: 'revoked (phishing)',
  8: 'revoked (Google Safe Browsing)',
  9: 'moving to another CA',
  10: 'better price elsewhere',
  11: 'other',
};

/** Cancels the order (issued certificates revoked, pending ones rejected) and gives the money back. */
async function autoRefund(call: SectigoCall<z.infer<typeof SchemaTypes.autoRefundForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const account = call.account!;
  const order = await ctx.core.refresh(findOrder(ctx, account, form.orderNumber));
  if (order.meta.refunded === true) throw new SectigoFailure(-18);
  if (order.state === 'cancelled') throw new SectigoFailure(-20);
  if (findSectigoProduct(order.product)?.multiDomain) throw new SectigoFailure(sectigoInferredCodes.refundNotEligible, undefined, 'multi-domain orders are refunded through Support');
  if (ctx.clock.nowMs() > order.createdAt + sectigoInferred.refundPeriodDays * dayMs) {
    throw new SectigoFailure(sectigoInferredCodes.refundPeriodOver, undefined, `more than ${sectigoInferred.refundPeriodDays} days after ordering`);
  }
  const code = Number(form.refundReasonCode);
  const cause = `AutoRefund: ${refundReasons[code]}`;
  ctx.store.transaction(() => {
    ctx.core.cancelOrder(order, { revokeIssued: true, reason: 5 }, cause);
    const fresh = ctx.store.order(order.id)!;
    ctx.store.update('orders', order.id, { meta: { ...fresh.meta, refunded: true, refundReasonCode: code } });
    const credit = account.profile.credit;
    const cost = Number(order.meta.totalCost ?? 0);
    if (typeof credit === 'number' && order.meta.paid === true && !order.test) {
      ctx.store.update('accounts', account.id, { profile: { ...account.profile, credit: Math.round((credit + cost) * 100) / 100 } });
    }
  });
  return { code: 0 };
}

export const refundEndpoints: SectigoEndpoint[] = [
  defineEndpoint({ name: 'AutoRefund', summary: 'Refund (cancel) a single-domain or wildcard order within the refund period.', form: () => sectigoSchemas().autoRefundForm, handle: autoRefund }),
];
