import type { EmulatorContext } from '../../context.js';
import type { Order, Validation } from '../../state/model.js';
import { uniqueNames, validationDomain } from '../domain-names.js';
import { domainId } from './ids.js';
import { digicertInferred } from './inferred.js';
import { isoTz } from './presenters.js';
import { validationNames } from './products.js';
import { digicertStatus, primaryCertificate } from './status.js';

/**
 * GET /order/certificate/{id}/validation (validation-status page): ids are strings there
 * (`"order_id": "112211"`, `"domain_id": "1234"`), as is `organization_id`. A domain of an order
 * that never needed DCV (a fixture) reads as approved by the order's method.
 */
export function presentOrderValidation(ctx: EmulatorContext, order: Order) {
  const cert = primaryCertificate(ctx.core, order);
  const org = order.organizationId !== null ? ctx.store.organization(order.organizationId) : undefined;
  const byDomain = new Map<string, Validation[]>();
  for (const name of uniqueNames(cert.dnsNames.map(validationDomain))) byDomain.set(name, []);
  for (const v of ctx.core.validations(cert)) byDomain.set(v.domain, [...(byDomain.get(v.domain) ?? []), v]);
  const level = validationNames[order.level];
  return {
    order_id: order.publicId,
    order_status: digicertStatus(ctx.core, order),
    order_name_scope: digicertInferred.orderNameScope(cert.commonName),
    order_dcv_method: order.dcvMethod,
    ...(org ? { organization_id: org.publicId, organization_name: org.name } : {}),
    organization_validations:
      org && order.level !== 'dv'
        ? [{ type: order.level, name: level.validation_name, description: level.validation_description, date_created: isoTz(org.createdAt), status: org.usable ? 'approved' : 'pending' }]
        : [],
    dns_name_validations: [...byDomain].map(([domain, vs]) => {
      const valid = vs.length === 0 || vs.some((v) => v.status === 'valid');
      return {
        domain_id: String(domainId(domain)),
        name_scope: domain,
        approval_scope: domain,
        status: valid ? 'approved' : 'pending',
        method: vs[vs.length - 1]?.method ?? order.dcvMethod,
        dns_names: cert.dnsNames.filter((n) => validationDomain(n) === domain),
      };
    }),
  };
}
