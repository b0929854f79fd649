import type { Core } from '../../state/core.js';
import type { Certificate, CertificateStatus, Order } from '../../state/model.js';
import type { OrderFilters } from '../../state/paging.js';
import { digicertInferred } from './inferred.js';

/** DigiCert order status words (reference/digicert.md §4, §6). */
export type DigicertStatus = 'needs_approval' | 'pending' | 'issued' | 'reissue_pending' | 'revoked' | 'rejected' | 'canceled' | 'expired';

export const digicertStatuses: readonly DigicertStatus[] = ['needs_approval', 'pending', 'issued', 'reissue_pending', 'revoked', 'rejected', 'canceled', 'expired'];

/** The certificate the order is about: the newest non-duplicate one, skipping reissues that were canceled or rejected. */
export function primaryOf(all: Certificate[]): Certificate {
  const certs = all.filter((c) => c.kind !== 'duplicate');
  const live = certs.filter((c) => !(c.kind === 'reissue' && c.status === 'rejected'));
  return live[live.length - 1] ?? certs[certs.length - 1];
}

/** The certificate whose details (id, serial, validity) the order shows: the primary one, or the last issued while a reissue is pending. */
export function shownOf(all: Certificate[]): Certificate {
  const primary = primaryOf(all);
  if (primary.pem) return primary;
  const issued = all.filter((c) => c.kind !== 'duplicate' && c.pem !== null);
  return issued[issued.length - 1] ?? primary;
}

/** Order meta flag: its current certificate was revoked on its own, the order itself was not. */
export const certificateRevokedOnly = 'certificate_revoked_only';

export const primaryCertificate = (core: Core, order: Order): Certificate => primaryOf(core.certificates(order));
export const shownCertificate = (core: Core, order: Order): Certificate => shownOf(core.certificates(order));

/** Core state -> DigiCert status, derived on every read (never stored). */
export function digicertStatus(core: Core, order: Order): DigicertStatus {
  return statusOf(order, order.state === 'open' ? core.certificates(order) : []);
}

/** The same from certificates already read. */
export function statusOf(order: Order, certs: Certificate[]): DigicertStatus {
  switch (order.state) {
    case 'staged':
    case 'awaiting_approval':
      return 'needs_approval';
    case 'cancelled':
      return order.meta.cancel ? 'canceled' : 'rejected';
    case 'open': {
      const primary = primaryOf(certs);
      switch (primary.status) {
        case 'pending':
          return primary.kind === 'reissue' ? 'reissue_pending' : 'pending';
        case 'issued':
        case 'replaced':
          return 'issued';
        case 'revoked':
          return order.meta[certificateRevokedOnly] === true ? digicertInferred.orderStatusAfterCertificateRevoke : 'revoked';
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

/**
 * statusOf as store filters: the orders whose DigiCert status is `status`, as alternatives of
 * stored fields (an order refreshed first: time and policy applied). Unknown words match nothing.
 */
export function statusFilters(status: string): OrderFilters[] {
  const open = (currentStatus: CertificateStatus[], more: OrderFilters = {}): OrderFilters => ({ states: ['open'], currentStatus, ...more });
  const revokedAlone = open(['revoked'], { meta: [{ key: certificateRevokedOnly, is: 'true' }] });
  const alternatives: Record<DigicertStatus, OrderFilters[]> = {
    needs_approval: [{ states: ['staged', 'awaiting_approval'] }],
    canceled: [{ states: ['cancelled'], meta: [{ key: 'cancel', is: 'truthy' }] }],
    rejected: [{ states: ['cancelled'], meta: [{ key: 'cancel', is: 'falsy' }] }, open(['rejected'])],
    pending: [open(['pending'], { currentKinds: ['original', 'duplicate'] })],
    reissue_pending: [open(['pending'], { currentKinds: ['reissue'] })],
    issued: [open(['issued', 'replaced'])],
    revoked: [open(['revoked'], { meta: [{ key: certificateRevokedOnly, is: 'notTrue' }] })],
    expired: [open(['expired'])],
  };
  if (!(digicertStatuses as readonly string[]).includes(status)) return [];
  const own = alternatives[status as DigicertStatus];
  return (digicertInferred.orderStatusAfterCertificateRevoke as DigicertStatus) === status ? [...own, revokedAlone] : own;
}
