import type { EmulatorContext } from '../../context.js';
import type { Account, Certificate, Order } from '../../state/model.js';
import { invalid, missing } from './errors.js';
import { recordMissingValidations } from './reissue-validations.js';

export type TargetKey = 'orderNumber' | 'baseOrderNumber' | 'certificateID' | 'serialNumber';

export interface Target {
  order: Order;
  certificate: Certificate;
  by: TargetKey;
}

export function normalizeSerial(serial: string): string {
  return serial.replace(/^0x/i, '').replace(/:/g, '').toLowerCase().replace(/^0+(?=.)/, '');
}

/** The caller's order by order number; an unknown (or another account's) number is -4 on that argument. */
export function findOrder(ctx: EmulatorContext, account: Account, orderNumber: string, arg: TargetKey = 'orderNumber'): Order {
  const order = ctx.store.orderByPublicId(account.id, 'sectigo', orderNumber);
  if (!order) throw invalid(arg, `no order ${orderNumber} in this account`);
  return order;
}

/**
 * Exactly one of `keys` names the certificate: an order number means the order's current
 * certificate. None is -3 on the first key, two are -4 on the second.
 */
export async function findTarget(
  ctx: EmulatorContext,
  account: Account,
  form: Partial<Record<TargetKey, string>>,
  keys: readonly TargetKey[],
  options: { poll?: boolean } = {},
): Promise<Target> {
  const given = keys.filter((k) => form[k] !== undefined);
  if (given.length === 0) throw missing(keys[0]);
  if (given.length > 1) throw invalid(given[1], `exactly one of ${keys.join(', ')}`);
  const by = given[0];
  const value = form[by]!;
  let order: Order;
  let certificate: Certificate | undefined;
  if (by === 'orderNumber' || by === 'baseOrderNumber') {
    order = findOrder(ctx, account, value, by);
  } else {
    certificate =
      by === 'certificateID'
        ? ctx.store.certificateByPublicId(account.id, 'sectigo', value)
        : (ctx.store.certificateBySerial(normalizeSerial(value)) ?? ctx.store.certificateBySerial(value.toLowerCase()));
    const owner = certificate ? ctx.store.order(certificate.orderId) : undefined;
    if (!certificate || !owner || owner.accountId !== account.id || owner.vendor !== 'sectigo') throw invalid(by, `no certificate ${value} in this account`);
    order = owner;
  }
  order = await ctx.core.refresh(order, options);
  const cert = certificate ? ctx.store.certificate(certificate.id)! : ctx.core.current(order);
  recordMissingValidations(ctx, order, cert);
  return { order, certificate: cert, by };
}
