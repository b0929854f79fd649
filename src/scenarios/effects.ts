import type { Core } from '../state/core.js';
import { CoreError } from '../state/errors.js';
import type { Order } from '../state/model.js';
import type { Store } from '../state/store.js';
import type { EffectKind } from './schema.js';

/**
 * State effects of scenario rules, applied through the core like any other transition.
 * `pending` is a hold for the duration of one request: the order's issuance policy is `manual`
 * while the request runs (so the handler's refresh cannot issue it) and is restored after.
 */
export class Effects {
  private readonly holds = new Map<number, { policy: string; count: number }>();

  constructor(
    private readonly core: Core,
    private readonly store: Store,
  ) {}

  /** Applies the effect; returns what happened, in words, for the journal. */
  async apply(kind: EffectKind, order: Order, release: (fn: () => void) => void): Promise<string> {
    const cause = `scenario effect: ${kind}`;
    const core = this.core;
    try {
      switch (kind) {
        case 'pending': {
          const hold = this.holds.get(order.id);
          if (hold) hold.count++;
          else {
            this.holds.set(order.id, { policy: order.policy, count: 1 });
            this.store.update('orders', order.id, { policy: 'manual' });
          }
          release(() => this.release(order.id));
          return `held ${order.publicId} pending`;
        }
        case 'reject': {
          const pending = core.certificates(order).filter((c) => c.status === 'pending');
          if (!pending.length) return `${order.publicId} has nothing pending to reject`;
          for (const c of pending) core.reject(c, cause);
          return `rejected ${order.publicId}`;
        }
        case 'issue': {
          const open = order.state === 'staged' || order.state === 'awaiting_approval' ? await core.openOrder(order, {}, cause) : order;
          if (!core.certificates(open).some((c) => c.status === 'pending')) return `${order.publicId} has nothing pending to issue`;
          await core.issueNow(open, cause);
          return `issued ${order.publicId}`;
        }
        case 'expire': {
          const issued = core.certificates(order).filter((c) => c.status === 'issued');
          if (!issued.length) return `${order.publicId} has no issued certificate to expire`;
          for (const c of issued) core.expire(c, cause);
          return `expired ${order.publicId}`;
        }
        case 'approve-dcv':
          await core.approveValidations(order, cause);
          return `approved DCV of ${order.publicId}`;
        case 'revoke': {
          const current = core.current(order);
          if (current.status !== 'issued') return `${order.publicId} is ${current.status}, not revoked`;
          core.revoke(current, { reason: 0 }, cause);
          return `revoked ${order.publicId}`;
        }
        default: {
          const never: never = kind;
          throw new Error(`unknown effect ${String(never)}`);
        }
      }
    } catch (e) {
      if (e instanceof CoreError) return `${kind} not applicable to ${order.publicId}: ${e.message}`;
      throw e;
    }
  }

  private release(orderId: number): void {
    const hold = this.holds.get(orderId);
    if (!hold) return;
    if (--hold.count > 0) return;
    this.holds.delete(orderId);
    if (this.store.order(orderId)) this.store.update('orders', orderId, { policy: hold.policy });
  }

  /** Forgets every hold (after a reset the orders are gone anyway). */
  reset(): void {
    this.holds.clear();
  }
}
