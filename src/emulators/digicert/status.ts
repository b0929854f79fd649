import type { Core } from '../../state/core.js';
import type { Certificate, Order } from '../../state/model.js';

/** DigiCert order status words (reference/digicert.md §4, §6). */
export type DigicertStatus = 'needs_approval' | 'pending' | 'issued' | 'reissue_pending' | 'revoked' | 'rejected' | 'canceled' | 'expired';

export const digicertStatuses: readonly DigicertStatus[] = ['needs_approval', 'pending', 'issued', 'reissue_pending', 'revoked', 'rejected', 'canceled', 'expired'];

/** The certificate the order is about: the newest non-duplicate one, skipping reissues that were canceled or rejected. */
export function primaryCertificate(core: Core, order: Order): Certificate {
  const certs = core.certificates(order).filter((c) => c.kind !== 'duplicate');
  const live = certs.filter((c) => !(c.kind === 'reissue' && c.status === 'rejected'));
  return live[live.length - 1] ?? certs[certs.length - 1];
}

/** The certificate whose details (id, serial, validity) the order shows: the primary one, or the last issued while a reissue is pending. */
export function shownCertificate(core: Core, order: Order): Certificate {
  const primary = primaryCertificate(core, order);
  return primary.pem ? primary : (core.latestIssued(order) ?? primary);
}

/** Core state -> DigiCert status, derived on every read (never stored). */
export function digicertStatus(core: Core, order: Order): DigicertStatus {
  switch (order.state) {
    case 'staged':
    case 'awaiting_approval':
      return 'needs_approval';
    case 'cancelled':
      return order.meta.cancel ? 'canceled' : 'rejected';
    case 'open': {
      const primary = primaryCertificate(core, order);
      switch (primary.status) {
        case 'pending':
          return primary.kind === 'reissue' ? 'reissue_pending' : 'pending';
        case 'issued':
        case 'replaced':
          return 'issued';
        case 'revoked':
          return 'revoked';
        case 'rejected':
          return 'rejected';
        case 'expired':
          return 'expired';
        default: {
          const never: never = primary.status;
          throw new Error(`unknown certificate status ${String(never)}`);
        }
      }
    }
    default: {
      const never: never = order.state;
      throw new Error(`unknown order state ${String(never)}`);
    }
  }
}
