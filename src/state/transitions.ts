import { CoreError } from './errors.js';
import type { CertificateStatus, OrderState } from './model.js';

/** The one table that decides which certificate transitions exist. */
export const certificateTransitions = {
  pending: ['issued', 'rejected'],
  issued: ['replaced', 'revoked', 'expired'],
  replaced: ['revoked'],
  revoked: [],
  rejected: [],
  expired: [],
} as const satisfies Record<CertificateStatus, readonly CertificateStatus[]>;

export const orderTransitions = {
  staged: ['open', 'cancelled'],
  awaiting_approval: ['open', 'cancelled'],
  open: ['cancelled'],
  cancelled: [],
} as const satisfies Record<OrderState, readonly OrderState[]>;

export function canTransitionCertificate(from: CertificateStatus, to: CertificateStatus): boolean {
  return (certificateTransitions[from] as readonly CertificateStatus[]).includes(to);
}

export function assertCertificateTransition(from: CertificateStatus, to: CertificateStatus, action: string): void {
  if (!canTransitionCertificate(from, to)) {
    throw new CoreError({ kind: 'illegal_transition', entity: 'certificate', action, from, to });
  }
}

export function assertOrderTransition(from: OrderState, to: OrderState, action: string): void {
  if (!(orderTransitions[from] as readonly OrderState[]).includes(to)) {
    throw new CoreError({ kind: 'illegal_transition', entity: 'order', action, from, to });
  }
}
