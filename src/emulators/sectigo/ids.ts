import type { EmulatorContext } from '../../context.js';
import { sectigoInferred } from './inferred.js';

/** A numeric order number no Sectigo order has yet. */
export function newOrderNumber(ctx: EmulatorContext): string {
  for (;;) {
    const n = ctx.rng.digits(sectigoInferred.orderNumberDigits);
    if (!ctx.store.orderIdTaken('sectigo', n)) return n;
  }
}

/** A numeric certificate ID (≤16 digits) not used in this account. */
export function newCertificateId(ctx: EmulatorContext, accountId: number): string {
  for (;;) {
    const n = ctx.rng.digits(sectigoInferred.certificateIdDigits);
    if (!ctx.store.certificateByPublicId(accountId, 'sectigo', n)) return n;
  }
}
