import type { EmulatorContext } from '../../context.js';
import type { Order, Validation } from '../../state/model.js';
import { validationDomain } from '../domain-names.js';
import { baseMethod, checkDnsTokens } from './dcv.js';
import { digicertInferred } from './inferred.js';
import { DigicertFailure, fieldError } from './respond.js';
import type { CheckDcvBody } from './schemas.js';
import { digicertStatus, primaryCertificate, shownCertificate } from './status.js';

const dnsNameOf = (entry: string | { dns_name: string }) => (typeof entry === 'string' ? entry : entry.dns_name);

/**
 * PUT …/check-dcv (check-order-DCV page): DNS methods answer the list of the checked domains with
 * their status; http-token answers 400 `file_random_value_not_found` when a file is missing; an
 * email order answers 400 `invalid_dns_method`. `dns_name_validations` in the body checks a subset.
 */
export async function checkOrderDcv(ctx: EmulatorContext, order: Order, body: CheckDcvBody) {
  const cert = primaryCertificate(ctx.core, order);
  let checked: Validation[] = ctx.core.validations(cert);
  if (body.dns_name_validations?.length) {
    const wanted = new Set<string>();
    for (const [i, entry] of body.dns_name_validations.entries()) {
      const domain = validationDomain(dnsNameOf(entry).trim().toLowerCase());
      if (!checked.some((v) => v.domain === domain)) throw fieldError('invalid_param', `dns_name_validations.${i}`, `${dnsNameOf(entry)} is not a domain of this order`);
      wanted.add(domain);
    }
    checked = checked.filter((v) => wanted.has(v.domain));
  }
  const pending = checked.filter((v) => v.status === 'pending');
  if (pending.length > 0) {
    const method = baseMethod(pending[0].method);
    if (method === 'email') throw new DigicertFailure('invalid_dns_method', 'the order validates by email');
    if (method === 'http-token') {
      throw new DigicertFailure('file_random_value_not_found', `no ${digicertInferred.httpTokenUrl(pending[0].domain)} with the random value (approve it through the control API)`);
    }
    const ids = new Set(pending.map((v) => v.id));
    await checkDnsTokens(ctx, order, (v) => ids.has(v.id));
  }
  const fresh = await ctx.core.refresh(ctx.store.order(order.id)!);
  const ids = new Set(checked.map((v) => v.id));
  const after = ctx.store.validationsOfOrder(order.id).filter((v) => ids.has(v.id));
  const allValid = after.every((v) => v.status === 'valid');
  return {
    order_status: digicertStatus(ctx.core, fresh),
    certificate_id: Number(shownCertificate(ctx.core, fresh).publicId),
    dcv_status: allValid ? 'valid' : digicertInferred.dcvStatusPending,
    dns_name_validations: after.map((v) => ({ dns_name: v.domain, status: v.status === 'valid' ? 'approved' : 'pending' })),
  };
}
