import type { ValidationLevel } from '../../ca/names.js';

export interface SectigoProduct {
  code: number;
  name: string;
  level: ValidationLevel;
  /** CN must be exactly one wildcard (`*.example.com`). */
  wildcard: boolean;
  /** Takes domainNames (MDC/UCC). */
  multiDomain: boolean;
  /** Intranet: CN must not be a public FQDN or an Internet-accessible IP address. */
  intranet?: boolean;
  /** Price of one year (the emulator's reseller price list; real prices are per contract). */
  pricePerYear: number;
  /** Orderable term in days; outside it there is "No price found". */
  minDays: number;
  maxDays: number;
}

const dv = { level: 'dv', wildcard: false, multiDomain: false, minDays: 1, maxDays: 1915 } as const;
const ov = { ...dv, level: 'ov' } as const;
const ev = { ...dv, level: 'ev', maxDays: 1185 } as const;

/**
 * The product codes of the AutoApplyOrder "SSL certificates" and AutoApplySSL pages. Names and
 * levels as those pages print them; 562/563 (cut off on the page) and the prices are inferred.
 * VMC/CMC (801/803) are mark certificates and are not ordered through AutoApplySSL here.
 */
export const sectigoProducts: readonly SectigoProduct[] = [
  { ...dv, code: 287, name: 'PositiveSSL DV', pricePerYear: 49 },
  { ...dv, code: 289, name: 'PositiveSSL Wildcard DV', wildcard: true, pricePerYear: 149 },
  { ...dv, code: 279, name: 'PositiveSSL Multi-Domain DV', multiDomain: true, pricePerYear: 99 },
  { ...dv, code: 291, name: 'PositiveSSL Trial DV (30 day)', pricePerYear: 0, maxDays: 30 },
  { ...ev, code: 556, name: 'PositiveSSL EV', pricePerYear: 199 },
  { ...ev, code: 557, name: 'PositiveSSL EV Multi-Domain', multiDomain: true, pricePerYear: 299 },
  { ...dv, code: 43, name: 'Trial SSL', pricePerYear: 0, maxDays: 90 },
  { ...dv, code: 330, name: 'InstantSSL DV', pricePerYear: 59 },
  { ...dv, code: 331, name: 'InstantSSL Wildcard DV', wildcard: true, pricePerYear: 179 },
  { ...dv, code: 488, name: 'SectigoSSL DV', pricePerYear: 59 },
  // The AutoApplySSL page prints 448 for "COMODO SSL certificate" among the DV codes 489/492.
  { ...dv, code: 448, name: 'COMODO SSL', pricePerYear: 59 },
  { ...dv, code: 489, name: 'SectigoSSL Wildcard DV', wildcard: true, pricePerYear: 199 },
  { ...dv, code: 492, name: 'SectigoSSL UCC DV', multiDomain: true, pricePerYear: 129 },
  { ...dv, code: 749, name: 'Enterprise SSL DV', pricePerYear: 79 },
  { ...dv, code: 750, name: 'Enterprise SSL Wildcard DV', wildcard: true, pricePerYear: 229 },
  { ...dv, code: 751, name: 'Enterprise SSL Multi-Domain DV', multiDomain: true, pricePerYear: 159 },
  { ...ov, code: 24, name: 'InstantSSL', pricePerYear: 89 },
  { ...ov, code: 34, name: 'InstantSSL Pro', pricePerYear: 119 },
  { ...ov, code: 7, name: 'InstantSSL OV', pricePerYear: 139 },
  { ...ov, code: 35, name: 'InstantSSL OV Wildcard', wildcard: true, pricePerYear: 299 },
  { ...ov, code: 361, name: 'InstantSSL UCC OV', multiDomain: true, pricePerYear: 189 },
  { ...ev, code: 567, name: 'InstantSSL EV', pricePerYear: 249 },
  { ...ev, code: 568, name: 'InstantSSL EV Multi-Domain', multiDomain: true, pricePerYear: 349 },
  { ...ov, code: 316, name: 'SectigoSSL OV', pricePerYear: 99 },
  { ...ov, code: 322, name: 'SectigoSSL OV Wildcard', wildcard: true, pricePerYear: 299 },
  { ...ov, code: 583, name: 'SectigoSSL OV Multi Domain', multiDomain: true, pricePerYear: 199 },
  { ...ov, code: 62, name: 'EliteSSL', pricePerYear: 159 },
  { ...ov, code: 63, name: 'EnterpriseSSL OV', pricePerYear: 199 },
  { ...ov, code: 64, name: 'EnterpriseSSL Pro', pricePerYear: 249 },
  { ...ov, code: 65, name: 'EnterpriseSSL Pro Wildcard', wildcard: true, pricePerYear: 499 },
  { ...ov, code: 335, name: 'EnterpriseSSL Multi-Domain', multiDomain: true, pricePerYear: 349 },
  { ...ev, code: 562, name: 'EnterpriseSSL EV', pricePerYear: 399 },
  { ...ev, code: 563, name: 'EnterpriseSSL EV Multi-Domain', multiDomain: true, pricePerYear: 499 },
  { ...ov, code: 44, name: 'Intranet SSL', intranet: true, pricePerYear: 49 },
  { ...ov, code: 510, name: 'AMT SSL', pricePerYear: 99 },
  { ...ov, code: 511, name: 'AMT Wildcard SSL', wildcard: true, pricePerYear: 249 },
  { ...ev, code: 337, name: 'SectigoSSL EV', pricePerYear: 249 },
  { ...ev, code: 410, name: 'SectigoSSL EV Multi-Domain', multiDomain: true, pricePerYear: 399 },
];

const byCode = new Map(sectigoProducts.map((p) => [p.code, p]));

export const findSectigoProduct = (code: number | string): SectigoProduct | undefined => byCode.get(Number(code));

/** Days Sectigo adds to a term free of charge ("additional 'free' days … up to 90"). */
export const freeExtraDays = 90;

/** Price of a term: whole years, the first 90 days beyond them free (455 days is one year); "0.00" for test orders. */
export function priceOf(product: SectigoProduct, days: number): number {
  return product.pricePerYear * Math.max(1, Math.ceil((days - freeExtraDays) / 365));
}

export const money = (n: number): string => n.toFixed(2);
