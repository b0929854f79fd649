import type { EmulatorContext } from '../../context.js';
import { digicertInferred } from './inferred.js';
import { DigicertFailure, fieldError } from './respond.js';

const dayMs = 86_400_000;

interface Validity {
  years?: number;
  days?: number;
  custom_expiration_date?: string;
}

function daysOf(ctx: EmulatorContext, v: Validity, field: string): number | undefined {
  if (v.custom_expiration_date) {
    const until = Date.parse(`${v.custom_expiration_date}T23:59:59Z`);
    const days = Math.ceil((until - ctx.clock.nowMs()) / dayMs);
    if (!Number.isFinite(until) || days < 1) throw fieldError('invalid_param', `${field}.custom_expiration_date`, 'the date must lie in the future');
    return days;
  }
  if (v.days !== undefined) return v.days;
  if (v.years !== undefined) return v.years * 365;
  return undefined;
}

export interface OrderValidityInput {
  validity_years?: number;
  validity_days?: number;
  custom_expiration_date?: string;
  order_validity?: Validity;
  certificate: { cert_validity?: Validity };
}

/** Order (contract) length and first certificate validity in days, capped by the CA/B Forum maximum of the day. */
export function orderValidity(ctx: EmulatorContext, body: OrderValidityInput): { contractDays: number; validityDays: number } {
  const contractDays =
    (body.order_validity ? daysOf(ctx, body.order_validity, 'order_validity') : undefined) ??
    (body.custom_expiration_date ? daysOf(ctx, { custom_expiration_date: body.custom_expiration_date }, 'order') : undefined) ??
    body.validity_days ??
    (body.validity_years !== undefined ? body.validity_years * 365 : 365);
  if (contractDays > digicertInferred.maxOrderYears * 366) throw fieldError('invalid_param', 'order_validity', `at most ${digicertInferred.maxOrderYears} years`);
  const requested = body.certificate.cert_validity ? daysOf(ctx, body.certificate.cert_validity, 'certificate.cert_validity') : undefined;
  if (requested !== undefined && requested > contractDays) {
    throw new DigicertFailure('cert_validity_exceeds_order_validity', `certificate ${requested} days > order ${contractDays} days`);
  }
  return { contractDays, validityDays: Math.min(requested ?? contractDays, digicertInferred.maxCertificateDays(ctx.clock.now())) };
}
