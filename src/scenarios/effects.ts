import type { Core } from '../state/core.js';
import { CoreError } from '../state/errors.js';
import type { Order } from '../state/model.js';
import type { EffectKind } from './schema.js';

/**
 * State effects of scenario rules, applied through the core like any other transition.
 * `pending` holds the order for the duration of one request (Core.hold): the handler's refresh
 * cannot issue or reject it, and nothing about the order is written.
 */
export class Effects {
  constructor(private readonly core: Core) {}

  /** Applies the effect; returns what happened, in words, for the journal. */
  async apply(kind: EffectKind, order: Order, release: (fn: () => void) => void): Promise<string> {
    const cause = `scenario effect: ${kind}`;
    const core = this.core;
    try {
      switch (kind) {
        case 'pending':
          release(core.hold(order.id));
          return `held ${order.publicId} pending`;
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
        case 'caa-blocked':
          release(core.holdByCaa(order.id));
          return `blocked issuance of ${order.publicId} by CAA`;
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
}
