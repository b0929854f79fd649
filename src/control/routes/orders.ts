import * as z from 'zod';
import type { EmulatorContext } from '../../context.js';
import { CoreError } from '../../state/errors.js';
import { vendors, type Order, type Vendor } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';
import { listQuery, orderListQuerySchema, pageInfo, windowOf } from '../paging.js';
import { presentOrder } from '../presenters.js';
import { controlBody, ControlFailure } from '../respond.js';

const revokeSchema = z.object({ reason: z.number().int().min(0).max(10).optional(), comment: z.string().max(1024).optional() }).strict();

const actions = ['approve-dcv', 'issue', 'reject', 'expire', 'revoke'] as const;
type Action = (typeof actions)[number];

function findOrder(ctx: EmulatorContext, vendor: string, id: string): Order {
  if (!vendors.includes(vendor as Vendor)) throw new ControlFailure(404, 'unknown_vendor', `vendor must be one of ${vendors.join(', ')}`);
  const order = ctx.store.orderByVendorId(vendor as Vendor, id);
  if (!order) throw new ControlFailure(404, 'unknown_order', `no ${vendor} order ${id}`);
  return order;
}

/** One place where every human step of a CA can be done by hand: approve DCV, issue, reject, expire, revoke. */
export async function runOrderAction(ctx: EmulatorContext, order: Order, action: Action, options: z.infer<typeof revokeSchema> = {}): Promise<Order> {
  const cause = `${action} through the control API`;
  const core = ctx.core;
  try {
    switch (action) {
      case 'approve-dcv':
        return await core.approveValidations(order, cause);
      case 'issue': {
        const open = order.state === 'staged' || order.state === 'awaiting_approval' ? await core.openOrder(order, {}, cause) : order;
        return await core.issueNow(open, cause);
      }
      case 'reject': {
        const pending = core.certificates(order).filter((c) => c.status === 'pending');
        if (pending.length === 0) throw new ControlFailure(409, 'illegal_transition', 'no certificate of this order is pending');
        for (const c of pending) core.reject(c, cause);
        return ctx.store.order(order.id)!;
      }
      case 'expire': {
        const refreshed = await core.refresh(order);
        const issued = core.certificates(refreshed).filter((c) => c.status === 'issued');
        if (issued.length === 0) throw new ControlFailure(409, 'illegal_transition', 'no certificate of this order is issued');
        for (const c of issued) core.expire(c, cause);
        return ctx.store.order(order.id)!;
      }
      case 'revoke': {
        const current = core.current(order);
        const target = current.status === 'issued' ? current : core.certificates(order).find((c) => c.status === 'issued' || c.status === 'replaced');
        if (!target) throw new ControlFailure(409, 'illegal_transition', `the certificate is ${current.status}; only issued or replaced ones can be revoked`);
        core.revoke(target, { reason: options.reason ?? 0, comment: options.comment }, options.comment ? `${cause}: ${options.comment}` : cause);
        return ctx.store.order(order.id)!;
      }
    }
  } catch (e) {
    if (e instanceof CoreError) throw new ControlFailure(409, e.problem.kind === 'caa' ? 'caa_blocked' : 'illegal_transition', e.message);
    throw e;
  }
}

export const orderRoutes: ControlRoutes = (app, ctx) => {
  app.get('/api/orders', (c) => {
    const query = listQuery(c, orderListQuerySchema);
    const window = windowOf(query);
    const page = ctx.store.ordersPage(null, query.vendor ?? null, window);
    return c.json({ orders: page.rows.map((o) => presentOrder(ctx, o)), page: pageInfo(page, window) });
  });

  app.get('/api/orders/:vendor/:id', (c) => c.json(presentOrder(ctx, findOrder(ctx, c.req.param('vendor'), c.req.param('id')))));

  app.post('/api/orders/:vendor/:id/:action', async (c) => {
    const action = c.req.param('action') as Action;
    if (!actions.includes(action)) throw new ControlFailure(404, 'unknown_action', `action must be one of ${actions.join(', ')}`);
    const order = findOrder(ctx, c.req.param('vendor'), c.req.param('id'));
    const options = action === 'revoke' ? await controlBody(c, ctx.config.maxBodyBytes, revokeSchema) : {};
    const done = await runOrderAction(ctx, order, action, options);
    return c.json(presentOrder(ctx, done));
  });
};
