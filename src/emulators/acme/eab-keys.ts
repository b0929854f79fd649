import type { EmulatorContext } from '../../context.js';
import { AcmeStore, type EabKey } from '../../state/acme-store.js';
import type { Account } from '../../state/model.js';
import { acmeUrls } from './urls.js';
import { acmeVendors, type AcmeVendor } from './vendors.js';

export const acmeVendorNames = Object.keys(acmeVendors) as AcmeVendor[];

export type EabKeyRefusal = { kind: 'refused'; field: string; message: string };

/**
 * A new EAB key of a vendor account, as CertCentral's "Add ACME Directory URL" and Sectigo's
 * PREREGISTER hand them out: a key ID and a base64url HMAC key (256 bits), from the seeded generator.
 */
export function createEabKey(ctx: EmulatorContext, account: Account, options: { product?: string; label?: string } = {}): EabKey | EabKeyRefusal {
  const profile = acmeVendors[account.vendor as AcmeVendor];
  if (!profile) return { kind: 'refused', field: 'account', message: `${account.vendor} has no ACME server (digicert and sectigo do)` };
  const product = options.product ?? profile.defaultProduct;
  if (!profile.isProduct(product)) return { kind: 'refused', field: 'product', message: `${product} is not a ${account.vendor} product` };
  const store = new AcmeStore(ctx.store);
  let kid: string;
  do kid = ctx.rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 22);
  while (store.eabKey(profile.vendor, kid));
  const hmac = Buffer.from(ctx.rng.hex(32), 'hex').toString('base64url');
  return store.insertEabKey({ vendor: profile.vendor, accountId: account.id, kid, hmac, product, label: options.label ?? null, createdAt: ctx.clock.nowMs() });
}

/** An EAB key as the control API and the console show it, with the directory URL to use it on. */
export function presentEabKey(ctx: EmulatorContext, key: EabKey) {
  const account = ctx.store.account(key.accountId);
  const profile = acmeVendors[key.vendor as AcmeVendor];
  return {
    vendor: key.vendor,
    kid: key.kid,
    hmac: key.hmac,
    account: { id: key.accountId, name: account?.name ?? null, credential: account?.apiKey ?? account?.login ?? null },
    product: key.product,
    label: key.label,
    directory: ctx.urls[key.vendor as AcmeVendor] ? acmeUrls(ctx.urls[key.vendor as AcmeVendor], profile).directory : null,
    createdAt: new Date(key.createdAt).toISOString(),
  };
}

export function eabKeysOf(ctx: EmulatorContext, vendor?: AcmeVendor): EabKey[] {
  return new AcmeStore(ctx.store).eabKeys(vendor);
}

export function removeEabKey(ctx: EmulatorContext, vendor: AcmeVendor, kid: string): boolean {
  return new AcmeStore(ctx.store).removeEabKey(vendor, kid);
}

/** The vendor account named by its id, its API key (DigiCert) or its login (Sectigo). */
export function findAcmeAccount(ctx: EmulatorContext, vendor: AcmeVendor, ref: number | string): Account | undefined {
  const byId = typeof ref === 'number' ? ctx.store.account(ref) : undefined;
  const account = byId ?? (typeof ref === 'string' ? (ctx.store.accountByApiKey(vendor, ref) ?? ctx.store.accountByLogin(vendor, ref)) : undefined);
  return account?.vendor === vendor ? account : undefined;
}
