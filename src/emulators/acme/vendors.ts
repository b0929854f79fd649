import type { EmulatorContext } from '../../context.js';
import type { ValidationLevel } from '../../ca/names.js';
import type { Json } from '../../state/model.js';
import { orderValidity } from '../digicert/validity.js';
import { newCertificateId as digicertCertificateId, newOrderId as digicertOrderId } from '../digicert/ids.js';
import { findDigicertProduct } from '../digicert/products.js';
import { newCertificateId as sectigoCertificateId, newOrderNumber as sectigoOrderNumber } from '../sectigo/ids.js';
import { findSectigoProduct } from '../sectigo/products.js';
import { sectigoInferred } from '../sectigo/inferred.js';
import { acmeInferred } from './inferred.js';

export type AcmeVendor = 'digicert' | 'sectigo';

/** What a vendor's ACME order becomes in the core: the ids, product and validity of that vendor. */
export interface CoreOrderShape {
  publicId: string;
  certificatePublicId: string;
  product: string;
  level: ValidationLevel;
  validityDays: number;
  contractDays: number;
  meta: Json;
}

/** What differs between the vendors' ACME servers: where they live, which product they order, their ids. */
export interface AcmeVendorProfile {
  vendor: AcmeVendor;
  /** The directory path the vendor publishes. */
  directoryPath: string;
  /** Prefix of every other ACME resource. */
  base: string;
  /** The product an EAB key orders when none is named. */
  defaultProduct: string;
  isProduct(product: string): boolean;
  website: string;
  caaIdentities: string[];
  /** The vendor's word for the DCV method the ACME challenge used. */
  dcvMethod(challenge: 'http-01' | 'dns-01'): string;
  coreOrder(ctx: EmulatorContext, accountId: number, product: string): CoreOrderShape;
}

const digicert: AcmeVendorProfile = {
  vendor: 'digicert',
  directoryPath: acmeInferred.digicert.directoryPath,
  base: acmeInferred.digicert.base,
  defaultProduct: acmeInferred.digicert.defaultProduct,
  isProduct: (p) => findDigicertProduct(p) !== undefined,
  website: 'https://www.digicert.com/',
  caaIdentities: ['digicert.com', 'geotrust.com', 'rapidssl.com'],
  dcvMethod: (challenge) => (challenge === 'dns-01' ? 'dns-txt-token' : 'http-token'),
  coreOrder(ctx, accountId, product) {
    const { contractDays, validityDays } = orderValidity(ctx, { certificate: {} });
    return {
      publicId: digicertOrderId(ctx),
      certificatePublicId: digicertCertificateId(ctx, accountId),
      product,
      level: findDigicertProduct(product)?.validation_type ?? 'dv',
      validityDays,
      contractDays,
      meta: { payment_method: 'balance' },
    };
  },
};

const sectigo: AcmeVendorProfile = {
  vendor: 'sectigo',
  directoryPath: acmeInferred.sectigo.directoryPath,
  base: acmeInferred.sectigo.base,
  defaultProduct: acmeInferred.sectigo.defaultProduct,
  isProduct: (p) => findSectigoProduct(p) !== undefined,
  website: 'https://www.sectigo.com/',
  caaIdentities: ['sectigo.com', 'comodoca.com'],
  dcvMethod: (challenge) => (challenge === 'dns-01' ? 'CNAME_CSR_HASH' : 'HTTP_CSR_HASH'),
  coreOrder(ctx, accountId, product) {
    const days = sectigoInferred.maxCertificateDays(ctx.clock.now());
    return {
      publicId: sectigoOrderNumber(ctx),
      certificatePublicId: sectigoCertificateId(ctx, accountId),
      product,
      level: findSectigoProduct(product)?.level ?? 'dv',
      validityDays: days,
      contractDays: days,
      meta: { product: Number(product), endpoint: 'ACME', days, paid: true, totalCost: '0.00' },
    };
  },
};

export const acmeVendors: Record<AcmeVendor, AcmeVendorProfile> = { digicert, sectigo };
