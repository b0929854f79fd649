import * as z from 'zod';
import { crypto, generateKeyPair } from '../ca/algorithms.js';
import type { EmulatorContext } from '../context.js';
import { regfishValidations } from '../emulators/regfish/dcv.js';
import type { NewValidation } from '../state/core.js';
import type { Account, Order, Vendor } from '../state/model.js';
import { SeedError, seedSchema, type SeedRequest, type SeedResult } from './seed-schema.js';
import { seedVendorRules } from './vendor-rules.js';

export { SeedError, seedOrderSchema, seedSchema, seedStates, type SeedRequest, type SeedResult, type SeedState } from './seed-schema.js';

let keys: Promise<CryptoKeyPair> | undefined;

async function csrFor(ctx: EmulatorContext, commonName: string) {
  keys ??= generateKeyPair('ec-p256');
  const { x509 } = await import('../ca/x509.js');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: [{ CN: [commonName] }], keys: await keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
    crypto,
  );
  return ctx.ca.parseCsr(csr.toString('pem'));
}

function findAccount(ctx: EmulatorContext, vendor: Vendor, who: string | undefined): Account {
  const accounts = ctx.store.accounts().filter((a) => a.vendor === vendor);
  const account = who === undefined ? accounts[0] : accounts.find((a) => a.apiKey === who || a.login === who || a.name === who);
  if (!account) throw new SeedError(who === undefined ? `there is no ${vendor} account` : `no ${vendor} account with key, login or name '${who}'`);
  return account;
}

/**
 * Creates orders in a given state for one account (provider-state style tests), through the core,
 * so each vendor's presenters show them like orders placed over the wire.
 */
export async function seedOrders(ctx: EmulatorContext, input: SeedRequest): Promise<SeedResult> {
  const request = seedSchema.parse(input);
  const { vendor } = request;
  const account = findAccount(ctx, vendor, request.account);
  for (const o of request.orders) if (o.id && ctx.store.orderByVendorId(vendor, o.id)) throw new SeedError(`${vendor} order ${o.id} exists already`);
  const created: number[] = [];
  try {
    return { vendor, account: account.apiKey ?? account.login ?? account.name, orders: await seedEach(ctx, request, account, created) };
  } catch (e) {
    // A seed answered with an error leaves none of its orders behind.
    for (const id of created) ctx.store.removeOrderRows(id);
    throw e;
  }
}

async function seedEach(ctx: EmulatorContext, request: z.output<typeof seedSchema>, account: Account, created: number[]) {
  const { vendor } = request;
  const rules = seedVendorRules[vendor];
  const out = [];
  for (const o of request.orders) {
    const commonName = o.common_name.toLowerCase();
    const dnsNames = o.dns_names?.map((n) => n.toLowerCase()) ?? [commonName];
    const product = o.product ?? rules.product;
    const level = o.level ?? rules.levelOf(product);
    const validations: NewValidation[] = vendor === 'regfish' ? regfishValidations(ctx.rng, [commonName, ...dnsNames], 'dns-cname-token') : [];
    const publicId = o.id ?? rules.freshOrderId(ctx);
    let order: Order = await ctx.core.createOrder({
      accountId: account.id,
      vendor,
      publicId,
      certificatePublicId: rules.freshCertificateId(ctx, account.id),
      product,
      level,
      commonName,
      dnsNames,
      validityDays: o.validity_days ?? 365,
      dcvMethod: rules.dcvMethod,
      csr: await csrFor(ctx, commonName),
      state: 'staged',
      validations,
      cause: 'seeded through the control API',
    });
    created.push(order.id);
    const cause = 'seeded through the control API';
    const core = ctx.core;
    // Opened under a manual policy so nothing issues before the wanted state is set; then the
    // order's own policy (given, or the server's) takes over for later polls.
    const policy = o.policy ?? order.policy;
    ctx.store.update('orders', order.id, { policy: 'manual' });
    order = await core.openOrder(ctx.store.order(order.id)!, {}, cause);
    ctx.store.update('orders', order.id, { policy });
    order = ctx.store.order(order.id)!;
    const issue = async () => {
      if (core.current(order).status === 'pending') order = await core.issueNow(order, cause);
    };
    switch (o.state) {
      case 'pending':
        break;
      case 'issued':
        await issue();
        break;
      case 'rejected':
        core.reject(core.current(order), cause);
        break;
      case 'revoked':
        await issue();
        core.revoke(core.current(order), { reason: 0 }, cause);
        break;
      case 'expired':
        await issue();
        core.expire(core.current(order), cause);
        break;
      case 'cancelled':
        core.cancelOrder(order, { revokeIssued: true }, cause);
        break;
    }
    order = ctx.store.order(order.id)!;
    const current = core.current(order);
    out.push({ id: order.publicId, state: o.state, certificate_id: current.publicId, serial: current.serial });
  }
  return out;
}
