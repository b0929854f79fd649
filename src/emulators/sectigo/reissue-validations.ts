import type { EmulatorContext } from '../../context.js';
import type { NewValidation } from '../../state/core.js';
import type { Certificate, Order } from '../../state/model.js';
import { registrableDomain } from '../domain-names.js';
import { csrHashProof, dcvDomains, sectigoDcvMethods, type SectigoDcvMethod } from './dcv.js';
import { sectigoInferred } from './inferred.js';

const isSectigoMethod = (m: string | null | undefined): m is SectigoDcvMethod => (sectigoDcvMethods as readonly string[]).includes(m ?? '');

/** The order's DCV method in Sectigo's words (EMAIL when the order holds anything else). */
const orderMethod = (order: Order): SectigoDcvMethod => (isSectigoMethod(order.dcvMethod) ? order.dcvMethod : 'EMAIL');

/** A fresh validation of one domain by a Sectigo method; CSR-hash proofs come from `csrPem`. */
function freshValidation(ctx: EmulatorContext, order: Order, domain: string, method: SectigoDcvMethod, csrPem: string): NewValidation {
  const token = ctx.rng.string('0123456789abcdefghijklmnopqrstuvwxyz', 32);
  if (method === 'EMAIL') return { domain, method, token, proof: { type: 'email' }, emails: [`${sectigoInferred.defaultDcvEmailBox}@${registrableDomain(domain)}`] };
  const uniqueValue = typeof order.meta.uniqueValue === 'string' ? order.meta.uniqueValue : undefined;
  return { domain, method, token, proof: csrHashProof({ pem: csrPem }, domain, method, uniqueValue) };
}

/**
 * The validations of a reissue filed in the console, in Sectigo's vocabulary: a domain keeps the
 * last Sectigo proof it had; a new one gets the order's method (CNAME_CSR_HASH, HTTP_CSR_HASH,
 * EMAIL …) with the values of the current certificate's CSR.
 */
export function sectigoReissueValidations(ctx: EmulatorContext, order: Order, names: string[]): NewValidation[] {
  const previous = ctx.store.validationsOfOrder(order.id).filter((v) => isSectigoMethod(v.method));
  const csrPem = ctx.core.current(order).csr;
  return dcvDomains(names).map((domain): NewValidation => {
    const last = [...previous].reverse().find((v) => v.domain === domain);
    if (last) return { domain, method: last.method, token: last.token, tokenExpires: last.tokenExpires, proof: last.proof, emails: last.emails };
    return freshValidation(ctx, order, domain, orderMethod(order), csrPem);
  });
}

/**
 * A certificate issued without any validation on record (a fixture order) gets the validated ones
 * it would have had, once, so GetMDCDomainDetails and the status flags list its domains.
 */
export function recordMissingValidations(ctx: EmulatorContext, order: Order, cert: Certificate): void {
  if (cert.issuedAt === null || cert.kind !== 'original' || ctx.store.validationsOf(cert.id).length > 0) return;
  ctx.store.transaction(() => {
    for (const v of dcvDomains([cert.commonName, ...cert.dnsNames])) {
      const made = freshValidation(ctx, order, v, orderMethod(order), cert.csr);
      ctx.store.insertValidation({
        orderId: order.id,
        certificateId: cert.id,
        domain: made.domain,
        method: made.method,
        token: made.token,
        tokenExpires: null,
        proof: made.proof,
        emails: made.emails ?? [],
        status: 'valid',
        validatedAt: cert.issuedAt,
      });
    }
  });
}
