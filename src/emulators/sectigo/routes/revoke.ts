import type { EmulatorContext } from '../../../context.js';
import { CoreError } from '../../../state/errors.js';
import type { Certificate, Order } from '../../../state/model.js';
import type { Reply } from '../codec.js';
import { defineEndpoint, type SectigoEndpoint } from '../dispatch.js';
import { SectigoFailure } from '../errors.js';
import { sectigoInferredCodes } from '../inferred.js';
import { findTarget } from '../lookup.js';
import { certState, type SectigoCertState } from '../presenters.js';
import { sectigoSchemas } from '../schema-lib.js';

type Outcome = 'revoke' | 'replace' | 'reject';

interface RevokeRequest {
  endpoint: 'autoRevokeCertificate' | 'AutoRevokeSSL';
  includeInCRL: boolean;
  hasReason: boolean;
}

/**
 * What a revocation call does to a certificate in each state (the seed's rules): issued is
 * revoked, or marked replaced with includeInCRL=N; replaced becomes revoked with includeInCRL=Y;
 * not yet issued is rejected; being issued is -26 (-23 without revocationReason).
 */
function decide(state: SectigoCertState, r: RevokeRequest): Outcome {
  const arc = r.endpoint === 'autoRevokeCertificate';
  switch (state) {
    case 'awaiting_payment':
    case 'awaiting_validation':
      if (!r.includeInCRL) throw new SectigoFailure(sectigoInferredCodes.wrongState, undefined, 'a certificate that was never issued cannot be marked replaced');
      return 'reject';
    case 'being_issued':
      throw new SectigoFailure(r.hasReason ? -26 : -23, undefined, 'DCV is complete and the certificate is being issued');
    case 'issued':
      return r.includeInCRL ? 'revoke' : 'replace';
    case 'replaced':
      if (!r.includeInCRL) throw new SectigoFailure(sectigoInferredCodes.replaced, undefined, 'the certificate is already replaced; includeInCRL=Y revokes it');
      return 'revoke';
    case 'revoked':
      throw new SectigoFailure(-21);
    case 'rejected':
      throw new SectigoFailure(-20);
    case 'expired':
      throw new SectigoFailure(arc ? -35 : -14, undefined, 'the certificate has expired');
  }
}

function carryOut(ctx: EmulatorContext, order: Order, cert: Certificate, outcome: Outcome, reason: number, comment: string | undefined, endpoint: string): void {
  const cause = `${endpoint}${comment ? `: ${comment}` : ''}`;
  switch (outcome) {
    case 'revoke':
      ctx.core.revoke(cert, { reason, comment }, cause);
      return;
    case 'replace':
      ctx.core.transition(cert, 'replaced', `${cause} (includeInCRL=N)`);
      return;
    case 'reject': {
      const others = ctx.core.certificates(order).filter((c) => c.id !== cert.id && c.status !== 'rejected');
      if (others.length === 0) ctx.core.cancelOrder(order, { revokeIssued: false }, cause);
      else ctx.core.reject(cert, cause);
      return;
    }
  }
}

interface RevokeForm {
  orderNumber?: string;
  certificateID?: string;
  serialNumber?: string;
  revocationReason?: string;
  codeReason?: string;
  includeInCRL?: 'Y' | 'N';
  test?: 'Y' | 'N';
}

async function revoke(ctx: EmulatorContext, account: NonNullable<Parameters<typeof findTarget>[1]>, form: RevokeForm, endpoint: RevokeRequest['endpoint']): Promise<Reply> {
  const { order, certificate } = await findTarget(ctx, account, form, ['orderNumber', 'certificateID', 'serialNumber']);
  const request: RevokeRequest = { endpoint, includeInCRL: form.includeInCRL !== 'N', hasReason: form.revocationReason !== undefined };
  const outcome = decide(certState(ctx, order, certificate), request);
  if (form.test === 'Y') return { code: 0 };
  try {
    carryOut(ctx, order, certificate, outcome, Number(form.codeReason ?? 0), form.revocationReason, endpoint);
  } catch (e) {
    if (!(e instanceof CoreError)) throw e;
    // A concurrent call changed the certificate first: answer what its new state says (-21, -20, …).
    const fresh = ctx.store.certificate(certificate.id)!;
    decide(certState(ctx, ctx.store.order(order.id)!, fresh), request);
    throw new SectigoFailure(endpoint === 'autoRevokeCertificate' ? sectigoInferredCodes.generalFailure : -14, undefined, e.message);
  }
  return { code: 0 };
}

export const revokeEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'autoRevokeCertificate',
    summary: 'Revoke an issued certificate (or mark it replaced with includeInCRL=N), or reject one not yet issued.',
    form: () => sectigoSchemas().autoRevokeCertificateForm,
    handle: (call) => revoke(call.ctx, call.account!, call.form, 'autoRevokeCertificate'),
  }),
  defineEndpoint({
    name: 'AutoRevokeSSL',
    summary: 'Revoke an SSL certificate, or reject one not yet issued (classic).',
    form: () => sectigoSchemas().autoRevokeSslForm,
    handle: (call) => revoke(call.ctx, call.account!, call.form, 'AutoRevokeSSL'),
  }),
];
