import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { OutboxMessage } from '../../state/model.js';
import { Outbox } from '../../state/outbox.js';
import type { ControlRoutes } from '../env.js';
import { listQuery, outboxListQuerySchema, pageInfo, windowOf } from '../paging.js';
import { ControlFailure } from '../respond.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function present(ctx: EmulatorContext, m: OutboxMessage) {
  const order = m.orderId === null ? undefined : ctx.store.order(m.orderId);
  return {
    id: m.id,
    vendor: order?.vendor ?? null,
    order_id: order?.publicId ?? null,
    account: m.accountId === null ? null : (ctx.store.account(m.accountId)?.name ?? null),
    kind: m.kind,
    to: m.to,
    subject: m.subject,
    body: m.body,
    link: m.link,
    token: m.token,
    sent_at: iso(m.createdAt),
    used_at: iso(m.usedAt),
  };
}

/** The emails the emulator "sent" (DCV, notifications) and the target of their approval links. */
export const outboxRoutes: ControlRoutes = (app, ctx) => {
  const outbox = new Outbox(ctx.core);

  app.get('/api/outbox', (c) => {
    const query = listQuery(c, outboxListQuerySchema);
    const window = windowOf(query);
    const page = ctx.store.outboxPage({ to: query.to || undefined, vendor: query.vendor, orderPublicId: query.order_id || undefined }, window);
    return c.json({ messages: page.rows.map((m) => present(ctx, m)), page: pageInfo(page, window) });
  });

  const follow = async (c: Context) => {
    const result = await outbox.follow(c.req.param('token') ?? '');
    if (!result) throw new ControlFailure(404, 'unknown_token', `no outbox message with token ${c.req.param('token')}`);
    return c.json({
      approved: true,
      order_id: result.order?.publicId ?? null,
      vendor: result.order?.vendor ?? null,
      validated: result.validated,
      message: present(ctx, result.message),
    });
  };
  app.get('/api/outbox/:token/approve', follow);
  app.post('/api/outbox/:token/approve', follow);
};
