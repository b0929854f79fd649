import type { Core } from './core.js';
import type { Order, OutboxMessage, Validation } from './model.js';

export interface NewMessage extends Pick<OutboxMessage, 'accountId' | 'orderId' | 'kind' | 'to' | 'subject' | 'body'> {
  /** Absolute URL that approves what `token` covers (built by the caller, who knows the control URL). */
  link?: string | null;
  /** Validations whose `token` equals this are approved when the link is followed. */
  token?: string | null;
}

export interface FollowResult {
  message: OutboxMessage;
  order: Order | undefined;
  /** Domains validated by this visit (empty when the link was followed before). */
  validated: string[];
}

/**
 * The emails the emulator "sent" (vendor-neutral). A message may carry a token: following it
 * approves every pending validation of the message's order whose token is the same.
 */
export class Outbox {
  constructor(private readonly core: Core) {}

  send(m: NewMessage): OutboxMessage {
    const store = this.core.store;
    const id = store.insertOutbox({
      accountId: m.accountId,
      orderId: m.orderId,
      kind: m.kind,
      toAddress: m.to,
      subject: m.subject,
      body: m.body,
      link: m.link ?? null,
      token: m.token ?? null,
      createdAt: this.core.clock.nowMs(),
      usedAt: null,
    });
    return store.outboxMessage(id)!;
  }

  list(filter: { orderId?: number; accountId?: number } = {}): OutboxMessage[] {
    return this.core.store
      .outbox()
      .filter((m) => (filter.orderId === undefined || m.orderId === filter.orderId) && (filter.accountId === undefined || m.accountId === filter.accountId));
  }

  byToken(token: string): OutboxMessage | undefined {
    return this.core.store.outboxByToken(token);
  }

  /** The pending validations a token still covers. */
  covered(message: OutboxMessage): Validation[] {
    if (message.orderId === null || message.token === null) return [];
    return this.core.store.validationsOfOrder(message.orderId).filter((v) => v.token === message.token);
  }

  /** Follows an approval link: marks the messages used and validates what the token covers. */
  async follow(token: string, cause = 'email approval link followed'): Promise<FollowResult | undefined> {
    const message = this.byToken(token);
    if (!message) return undefined;
    const store = this.core.store;
    const now = this.core.clock.nowMs();
    for (const m of store.outboxWithToken(token)) if (m.usedAt === null) store.update('outbox', m.id, { usedAt: now });
    const order = message.orderId === null ? undefined : store.order(message.orderId);
    if (!order) return { message, order, validated: [] };
    const pending = this.covered(message).filter((v) => v.status === 'pending');
    const refreshed = pending.length ? await this.core.approveValidations(order, cause, (v) => v.token === token) : order;
    return { message: store.outboxByToken(token)!, order: refreshed, validated: [...new Set(pending.map((v) => v.domain))] };
  }
}
