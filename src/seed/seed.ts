import * as z from 'zod';
import { crypto, generateKeyPair } from '../ca/algorithms.js';
import type { ValidationLevel } from '../ca/names.js';
import { x509 } from '../ca/x509.js';
import type { EmulatorContext } from '../context.js';
import { regfishValidations } from '../emulators/regfish/dcv.js';
import { newCertificateId as newRegfishId } from '../emulators/regfish/ids.js';
import { findRegfishProduct } from '../emulators/regfish/products.js';
import type { NewValidation } from '../state/core.js';
import { policyPattern, policySyntax } from '../state/policy.js';
import { vendors, type Account, type Order, type Vendor } from '../state/model.js';

export const seedStates = ['pending', 'issued', 'rejected', 'revoked', 'expired', 'cancelled'] as const;
export type SeedState = (typeof seedStates)[number];

export const seedOrderSchema = z
  .object({
    id: z.string().min(1).optional().describe('vendor-facing order id (default: a fresh one in the vendor format)'),
    common_name: z.string().min(1),
    dns_names: z.array(z.string().min(1)).optional(),
    product: z.string().min(1).optional().describe('vendor product (default: the vendor\'s basic DV product)'),
    level: z.enum(['dv', 'ov', 'ev']).optional(),
    state: z.enum(seedStates).default('issued'),
    validity_days: z.number().int().min(1).max(3650).optional(),
    policy: z.string().regex(policyPattern, `must be ${policySyntax}`).optional().describe('issuance policy of this order (default: the server\'s)'),
  })
  .strict();

export const seedSchema = z
  .object({
    vendor: z.enum(vendors as [Vendor, ...Vendor[]]),
    account: z.string().min(1).optional().describe('API key, login or account name (default: the vendor\'s first account)'),
    orders: z.array(seedOrderSchema).min(1).max(500),
  })
  .strict();

export type SeedRequest = z.input<typeof seedSchema>;

export class SeedError extends Error {}

const defaults: Record<Vendor, { product: string; level: ValidationLevel; dcvMethod: string }> = {
  regfish: { product: 'RapidSSL', level: 'dv', dcvMethod: 'dns-cname-token' },
  digicert: { product: 'ssl_dv_rapidssl', level: 'dv', dcvMethod: 'dns-txt-token' },
  sectigo: { product: '287', level: 'dv', dcvMethod: 'EMAIL' },
};

let keys: Promise<CryptoKeyPair> | undefined;

async function csrFor(ctx: EmulatorContext, commonName: string) {
  keys ??= generateKeyPair('ec-p256');
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

function freshId(ctx: EmulatorContext, vendor: Vendor): string {
  for (;;) {
    const id = vendor === 'regfish' ? newRegfishId(ctx.rng) : ctx.rng.digits(8);
    if (!ctx.store.orderByVendorId(vendor, id)) return id;
  }
}

/**
 * Creates orders in a given state for one account (provider-state style tests), through the core,
 * so each vendor's presenters show them like orders placed over the wire.
 */
export async function seedOrders(ctx: EmulatorContext, input: SeedRequest): Promise<{ vendor: Vendor; account: string; orders: { id: string; state: SeedState; certificate_id: string; serial: string | null }[] }> {
  const request = seedSchema.parse(input);
  const { vendor } = request;
  const account = findAccount(ctx, vendor, request.account);
  const out = [];
  for (const o of request.orders) {
    if (o.id && ctx.store.orderByVendorId(vendor, o.id)) throw new SeedError(`${vendor} order ${o.id} exists already`);
    const d = defaults[vendor];
    const commonName = o.common_name.toLowerCase();
    const dnsNames = o.dns_names ?? [commonName];
    const product = o.product ?? d.product;
    const level = o.level ?? (vendor === 'regfish' ? (findRegfishProduct(product)?.validation_level ?? d.level) : d.level);
    const validations: NewValidation[] = vendor === 'regfish' ? regfishValidations(ctx.rng, [commonName, ...dnsNames], 'dns-cname-token') : [];
    const publicId = o.id ?? freshId(ctx, vendor);
    let order: Order = await ctx.core.createOrder({
      accountId: account.id,
      vendor,
      publicId,
      certificatePublicId: vendor === 'regfish' ? '0' : ctx.rng.digits(8),
      product,
      level,
      commonName,
      dnsNames,
      validityDays: o.validity_days ?? 365,
      dcvMethod: d.dcvMethod,
      csr: await csrFor(ctx, commonName),
      state: 'staged',
      validations,
      cause: 'seeded through the control API',
    });
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
  return { vendor, account: account.apiKey ?? account.login ?? account.name, orders: out };
}
