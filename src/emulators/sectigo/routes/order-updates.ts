import type * as z from 'zod';
import type { Reply } from '../codec.js';
import { dcvDomains } from '../dcv.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid } from '../errors.js';
import { sectigoInferred } from '../inferred.js';
import { findOrder } from '../lookup.js';
import { findSectigoProduct } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

/**
 * Takes a domain off a multi-domain order. A pending certificate loses the name and its
 * validation (so the rest may issue); an issued one keeps its names and the next AutoReplaceSSL
 * leaves the domain out (inferred).
 */
async function removeMdcDomain(call: SectigoCall<z.infer<typeof SchemaTypes.autoRemoveMdcDomainForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const order = await ctx.core.refresh(findOrder(ctx, call.account!, form.orderNumber));
  if (!findSectigoProduct(order.product)?.multiDomain) throw invalid('orderNumber', `order ${order.publicId} is not a multi-domain order`);
  const domain = form.domainName.trim().toLowerCase().replace(/\.$/, '');
  if (domain === order.commonName) throw invalid('domainName', 'the common name cannot be removed');
  if (!order.dnsNames.includes(domain)) throw invalid('domainName', `${domain} is not a domain of order ${order.publicId}`);
  const cert = ctx.core.current(order);
  ctx.store.transaction(() => {
    const names = order.dnsNames.filter((n) => n !== domain);
    ctx.store.update('orders', order.id, { dnsNames: names, updatedAt: ctx.clock.nowMs() });
    if (cert.status === 'pending') {
      const kept = cert.dnsNames.filter((n) => n !== domain);
      ctx.store.update('certificates', cert.id, { dnsNames: kept });
      const stillNeeded = new Set(dcvDomains([cert.commonName, ...kept]));
      for (const v of ctx.store.validationsOf(cert.id)) if (!stillNeeded.has(v.domain)) ctx.store.remove('validations', v.id);
    }
  });
  ctx.core.event(order.id, cert.id, 'order', null, 'open', `AutoRemoveMDCDomain: ${domain}`);
  await ctx.core.refresh(ctx.store.order(order.id)!);
  return { code: 0 };
}

/** Records that the EV subscriber accepted the agreement: CollectSSL's evClickThroughStatus becomes 1. */
async function evClickThrough(call: SectigoCall<z.infer<typeof SchemaTypes.updateUserEvClickThroughForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const order = findOrder(ctx, call.account!, form.orderNumber);
  if (order.level !== 'ev') throw invalid('orderNumber', `order ${order.publicId} is not an EV order`);
  ctx.store.update('orders', order.id, { meta: { ...order.meta, evClickThrough: { at: ctx.clock.nowMs(), remoteIP: form.remoteIP ?? null } } });
  ctx.core.event(order.id, null, 'order', null, 'open', 'UpdateUserEvClickThrough');
  return { code: 0, fields: [['status', sectigoInferred.evClickThroughDone]], lines: [String(sectigoInferred.evClickThroughDone)] };
}

export const orderUpdateEndpoints: SectigoEndpoint[] = [
  defineEndpoint({ name: 'AutoRemoveMDCDomain', summary: 'Take a domain off a multi-domain order.', form: () => sectigoSchemas().autoRemoveMdcDomainForm, handle: removeMdcDomain }),
  defineEndpoint({
    name: 'UpdateUserEvClickThrough',
    summary: 'Record the EV click-through agreement of an EV order (answers status).',
    form: () => sectigoSchemas().updateUserEvClickThroughForm,
    handle: evClickThrough,
  }),
];
