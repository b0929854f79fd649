import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Approval, Certificate, Order } from '../../state/model.js';
import type { DigicertEnv } from './env.js';
import { storedSerial } from './pem.js';
import { DigicertFailure } from './respond.js';

type Ctx = Context<DigicertEnv>;

/** The caller's DigiCert orders, oldest first. */
export function ordersOf(ctx: EmulatorContext, c: Ctx): Order[] {
  return ctx.store.ordersOf(c.get('account').id).filter((o) => o.vendor === 'digicert');
}

/** By order id; with `alternates`, also by the thumbprint or serial number of one of its certificates. Anything else is 404 not_found|order. */
export function findOrder(ctx: EmulatorContext, c: Ctx, id: string, alternates = false): Order {
  const accountId = c.get('account').id;
  const order = /^\d+$/.test(id) ? ctx.store.orderByPublicId(accountId, 'digicert', id) : undefined;
  if (order) return order;
  if (alternates && /^[0-9A-Fa-f]+$/.test(id)) {
    const found = findCertificateBySerialOrThumbprint(ctx, c, id);
    if (found) return found.order;
  }
  throw new DigicertFailure('not_found|order', `no order ${id} in this account`);
}

function findCertificateBySerialOrThumbprint(ctx: EmulatorContext, c: Ctx, value: string): { order: Order; cert: Certificate } | undefined {
  const accountId = c.get('account').id;
  const bySerial = ctx.store.certificateBySerial(storedSerial(value));
  if (bySerial) {
    const order = ctx.store.order(bySerial.orderId);
    if (order && order.accountId === accountId && order.vendor === 'digicert') return { order, cert: bySerial };
  }
  if (value.length !== 40) return undefined;
  const byThumbprint = ctx.store.certificateByThumbprint(accountId, 'digicert', value);
  const order = byThumbprint && ctx.store.order(byThumbprint.orderId);
  return order ? { order, cert: byThumbprint } : undefined;
}

/** A certificate by its id (or serial number); 404 not_found|certificate otherwise. */
export function findCertificate(ctx: EmulatorContext, c: Ctx, id: string): { order: Order; cert: Certificate } {
  const accountId = c.get('account').id;
  const cert = /^\d+$/.test(id) ? ctx.store.certificateByPublicId(accountId, 'digicert', id) : undefined;
  if (cert) return { order: ctx.store.order(cert.orderId)!, cert };
  if (/^[0-9A-Fa-f]+$/.test(id)) {
    const found = findCertificateBySerialOrThumbprint(ctx, c, id);
    if (found) return found;
  }
  throw new DigicertFailure('not_found|certificate', `no certificate ${id} in this account`);
}

export function findRequest(ctx: EmulatorContext, c: Ctx, id: string): { approval: Approval; order: Order } {
  const approval = ctx.store.approvalByPublicId(c.get('account').id, id);
  if (!approval) throw new DigicertFailure('not_found|request', `no request ${id} in this account`);
  return { approval, order: ctx.store.order(approval.orderId)! };
}
