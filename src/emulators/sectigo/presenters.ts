import type { EmulatorContext } from '../../context.js';
import type { Certificate, Order, Validation } from '../../state/model.js';
import type { CertificateStateFilter } from '../../state/order-search.js';
import type { Field } from './codec.js';

/**
 * Sectigo's view of a certificate, derived from the core each time (never stored):
 * `being_issued` is a pending certificate whose validations all passed, waiting for the CA.
 */
export type SectigoCertState = 'awaiting_payment' | 'awaiting_validation' | 'being_issued' | 'issued' | 'replaced' | 'revoked' | 'rejected' | 'expired';

export function certState(ctx: EmulatorContext, order: Order, cert: Certificate): SectigoCertState {
  if (order.state === 'staged' && cert.status === 'pending') return 'awaiting_payment';
  switch (cert.status) {
    case 'pending': {
      const validations = ctx.store.validationsOf(cert.id);
      return validations.length > 0 && validations.every((v) => v.status === 'valid') ? 'being_issued' : 'awaiting_validation';
    }
    case 'issued':
    case 'replaced':
    case 'revoked':
    case 'rejected':
    case 'expired':
      return cert.status;
  }
}

/** Words and numbers (inferred) for the status of a certificate. */
export const certStates: Record<SectigoCertState, { word: string; code: number }> = {
  awaiting_payment: { word: 'Awaiting Payment', code: 0 },
  awaiting_validation: { word: 'Awaiting Validation', code: 1 },
  being_issued: { word: 'Being Issued', code: 2 },
  issued: { word: 'Issued', code: 3 },
  revoked: { word: 'Revoked', code: 4 },
  rejected: { word: 'Rejected', code: 5 },
  expired: { word: 'Expired', code: 6 },
  replaced: { word: 'Replaced', code: 7 },
};

/** The same states as stored facts, for searching in SQL (WebHostReport's status filters). */
export const certStateFilters: Record<SectigoCertState, CertificateStateFilter> = {
  awaiting_payment: { status: 'pending', orderStaged: true },
  awaiting_validation: { status: 'pending', orderStaged: false, validationsComplete: false },
  being_issued: { status: 'pending', orderStaged: false, validationsComplete: true },
  issued: { status: 'issued' },
  revoked: { status: 'revoked' },
  rejected: { status: 'rejected' },
  expired: { status: 'expired' },
  replaced: { status: 'replaced' },
};

export function orderStatusWord(order: Order): string {
  if (order.meta.refunded) return 'Refunded';
  if (order.state === 'cancelled') return 'Cancelled';
  if (order.state === 'staged') return 'Awaiting Payment';
  return 'Active';
}

export const unixSeconds = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : String(Math.floor(ms / 1000)));

export const dcvStatusWord = (v: Validation): string => (v.status === 'valid' ? 'Validated' : 'Awaiting Validation');

/** The status flags of CollectSSL (showExtStatus=Y) and WebHostReport: 1 done, 0 not yet, -1 not applicable. */
export function statusFlags(ctx: EmulatorContext, order: Order, cert: Certificate): Field[] {
  const validations = ctx.store.validationsOf(cert.id);
  const dcvDone = validations.length > 0 && validations.every((v) => v.status === 'valid');
  const issuedOnce = cert.issuedAt !== null;
  const orgCheck = order.level === 'dv' ? -1 : issuedOnce ? 1 : 0;
  return [
    ['validationStatus', issuedOnce || dcvDone ? 1 : 0],
    ['csrStatus', 1],
    ['dcvStatus', dcvDone || issuedOnce ? 1 : 0],
    ['ovCallBackStatus', orgCheck],
    ['organizationValidationStatus', orgCheck],
    ['freeDVUPStatus', -1],
    ['evClickThroughStatus', order.level === 'ev' ? (issuedOnce || order.meta.evClickThrough ? 1 : 0) : -1],
    ['brandValStatus', -1],
  ];
}
