import type { EmulatorContext } from '../context.js';
import { recordApprovedRequest } from '../emulators/digicert/approved-request.js';
import { newCertificateId as digicertCertificateId } from '../emulators/digicert/ids.js';
import { uniqueNames, validationDomain } from '../emulators/domain-names.js';
import { regfishValidations } from '../emulators/regfish/dcv.js';
import { newCertificateId as sectigoCertificateId } from '../emulators/sectigo/ids.js';
import { sectigoReissueValidations } from '../emulators/sectigo/reissue-validations.js';
import type { NewValidation } from '../state/core.js';
import type { Certificate, CertificateStatus, Order, Vendor } from '../state/model.js';

/**
 * How a console reissue looks to each vendor's API: the same rules the vendor's own reissue call
 * follows (from which states, which certificate id, which validations), so a client polling the
 * vendor sees the reissue exactly as if it had asked for it itself.
 */
interface VendorReissue {
  /** States of the current certificate that may be reissued. */
  allowedFrom: readonly CertificateStatus[];
  certificateId(ctx: EmulatorContext, order: Order): string;
  validations(ctx: EmulatorContext, order: Order, names: string[]): NewValidation[];
  /** Bookkeeping after the certificate was added (DigiCert: an approved reissue request). */
  after?(ctx: EmulatorContext, order: Order, cert: Certificate, comments: string | null): void;
}

/** DigiCert reuses the proof a domain already has; a new domain gets a DNS TXT token. */
function reuseValidations(ctx: EmulatorContext, order: Order, names: string[]): NewValidation[] {
  const previous = ctx.store.validationsOfOrder(order.id);
  return uniqueNames(names.map(validationDomain)).map((domain): NewValidation => {
    const last = [...previous].reverse().find((v) => v.domain === domain);
    if (last) return { domain, method: last.method, token: last.token, tokenExpires: last.tokenExpires, proof: last.proof, emails: last.emails };
    const token = ctx.rng.string('0123456789abcdefghijklmnopqrstuvwxyz', 32);
    return { domain, method: 'dns-txt-token', token, proof: { type: 'dns', rrtype: 'TXT', name: `_dnsauth.${domain}.`, value: token } };
  });
}

export const vendorReissue: Record<Vendor, VendorReissue> = {
  regfish: {
    allowedFrom: ['issued', 'revoked'],
    certificateId: (ctx, order) => String(ctx.core.certificates(order).filter((c) => c.kind === 'reissue').length + 1),
    validations: (ctx, order, names) => {
      const method = order.dcvMethod === 'email' ? 'email' : 'dns-cname-token';
      return regfishValidations(ctx.rng, names, method, ctx.store.validationsOfOrder(order.id).flatMap((v) => v.emails));
    },
  },
  digicert: {
    allowedFrom: ['issued', 'rejected'],
    certificateId: (ctx, order) => digicertCertificateId(ctx, order.accountId),
    validations: reuseValidations,
    after: (ctx, order, cert, comments) => {
      recordApprovedRequest(ctx, order, cert, 'reissue', comments, 'approved in the mockca console', ' (console)');
    },
  },
  sectigo: {
    allowedFrom: ['issued', 'replaced', 'revoked'],
    certificateId: (ctx, order) => sectigoCertificateId(ctx, order.accountId),
    validations: sectigoReissueValidations,
  },
};
