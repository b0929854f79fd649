import type { ValidationLevel } from '../ca/names.js';
import type { EmulatorContext } from '../context.js';
import { findDigicertProduct } from '../emulators/digicert/products.js';
import { newCertificateId as newDigicertCertificateId, newOrderId as newDigicertOrderId } from '../emulators/digicert/ids.js';
import { findRegfishProduct } from '../emulators/regfish/products.js';
import { newCertificateId as newRegfishId } from '../emulators/regfish/ids.js';
import { findSectigoProduct } from '../emulators/sectigo/products.js';
import { newCertificateId as newSectigoCertificateId, newOrderNumber } from '../emulators/sectigo/ids.js';
import type { Vendor } from '../state/model.js';

/** What a seeded order of each vendor may be called and sold as, and how fresh ids are drawn (unique, like the vendor's own). */
export interface SeedVendorRules {
  /** The vendor-facing order id a client would see. */
  orderId: RegExp;
  orderIdText: string;
  product: string;
  level: ValidationLevel;
  dcvMethod: string;
  knownProduct(product: string): boolean;
  levelOf(product: string): ValidationLevel;
  freshOrderId(ctx: EmulatorContext): string;
  freshCertificateId(ctx: EmulatorContext, accountId: number): string;
}

function freshRegfishId(ctx: EmulatorContext): string {
  for (;;) {
    const id = newRegfishId(ctx.rng);
    if (!ctx.store.orderIdTaken('regfish', id)) return id;
  }
}

export const seedVendorRules: Record<Vendor, SeedVendorRules> = {
  regfish: {
    orderId: /^[A-Z0-9]{13}$/,
    orderIdText: '13 upper-case letters and digits, like 7K9QW3M2ZT8HJ',
    product: 'RapidSSL',
    level: 'dv',
    dcvMethod: 'dns-cname-token',
    knownProduct: (p) => findRegfishProduct(p) !== undefined,
    levelOf: (p) => findRegfishProduct(p)?.validation_level ?? 'dv',
    freshOrderId: freshRegfishId,
    // Regfish numbers the certificates of an order itself; the first is 0.
    freshCertificateId: () => '0',
  },
  digicert: {
    orderId: /^[1-9][0-9]{0,9}$/,
    orderIdText: 'a number of up to 10 digits, like 12345678',
    product: 'ssl_dv_rapidssl',
    level: 'dv',
    dcvMethod: 'dns-txt-token',
    knownProduct: (p) => findDigicertProduct(p) !== undefined,
    levelOf: () => 'dv',
    freshOrderId: newDigicertOrderId,
    freshCertificateId: newDigicertCertificateId,
  },
  sectigo: {
    orderId: /^[1-9][0-9]{0,17}$/,
    orderIdText: 'an order number of up to 18 digits, like 12345678',
    product: '287',
    level: 'dv',
    dcvMethod: 'EMAIL',
    knownProduct: (p) => /^\d{1,6}$/.test(p) && findSectigoProduct(p) !== undefined,
    levelOf: () => 'dv',
    freshOrderId: newOrderNumber,
    freshCertificateId: newSectigoCertificateId,
  },
};
