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
 * The product codes of §3.1 (codes confirmed; names and levels of the less common ones inferred).
 * VMC/CMC (801/803) are mark certificates and are not ordered through AutoApplySSL here.
 */
export const sectigoProducts: readonly SectigoProduct[] = [
  { ...dv, code: 287, name: 'PositiveSSL', pricePerYear: 49 },
  { ...dv, code: 289, name: 'PositiveSSL Wildcard', wildcard: true, pricePerYear: 149 },
  { ...dv, code: 279, name: 'PositiveSSL Multi-Domain', multiDomain: true, pricePerYear: 99 },
  { ...dv, code: 291, name: 'PositiveSSL Trial (30 days)', pricePerYear: 0, maxDays: 30 },
  { ...dv, code: 43, name: 'Trial SSL', pricePerYear: 0, maxDays: 90 },
  { ...dv, code: 488, name: 'Sectigo SSL DV', pricePerYear: 59 },
  { ...dv, code: 489, name: 'Sectigo SSL DV Wildcard', wildcard: true, pricePerYear: 199 },
  { ...dv, code: 492, name: 'Sectigo SSL DV UCC', multiDomain: true, pricePerYear: 129 },
  { ...ov, code: 24, name: 'InstantSSL', pricePerYear: 89 },
  { ...ov, code: 34, name: 'InstantSSL Pro', pricePerYear: 119 },
  { ...ov, code: 7, name: 'InstantSSL Premium', pricePerYear: 139 },
  { ...ov, code: 35, name: 'PremiumSSL Wildcard', wildcard: true, pricePerYear: 299 },
  { ...ov, code: 361, name: 'Unified Communications Certificate', multiDomain: true, pricePerYear: 189 },
  { ...ov, code: 567, name: 'InstantSSL Multi-Domain', multiDomain: true, pricePerYear: 199 },
  { ...ov, code: 568, name: 'InstantSSL Wildcard', wildcard: true, pricePerYear: 279 },
  { ...ov, code: 316, name: 'Sectigo SSL OV', pricePerYear: 99 },
  { ...ov, code: 322, name: 'Sectigo SSL OV Wildcard', wildcard: true, pricePerYear: 299 },
  { ...ov, code: 583, name: 'Sectigo SSL OV UCC', multiDomain: true, pricePerYear: 199 },
  { ...ov, code: 62, name: 'EliteSSL', pricePerYear: 159 },
  { ...ov, code: 63, name: 'Enterprise SSL', pricePerYear: 199 },
  { ...ov, code: 64, name: 'Enterprise SSL Pro', pricePerYear: 249 },
  { ...ov, code: 65, name: 'Enterprise SSL Pro Wildcard', wildcard: true, pricePerYear: 499 },
  { ...ov, code: 335, name: 'Enterprise SSL Multi-Domain', multiDomain: true, pricePerYear: 349 },
  { ...ov, code: 44, name: 'Intranet SSL', intranet: true, pricePerYear: 49 },
  { ...ov, code: 510, name: 'AMT SSL', pricePerYear: 99 },
  { ...ov, code: 511, name: 'AMT Wildcard SSL', wildcard: true, pricePerYear: 249 },
  { ...ev, code: 337, name: 'EV SSL', pricePerYear: 249 },
  { ...ev, code: 410, name: 'EV Multi-Domain SSL', multiDomain: true, pricePerYear: 399 },
];

const byCode = new Map(sectigoProducts.map((p) => [p.code, p]));

export const findSectigoProduct = (code: number | string): SectigoProduct | undefined => byCode.get(Number(code));

/** Price of a term: whole years, rounded up; "0.00" for test orders. */
export function priceOf(product: SectigoProduct, days: number): number {
  return product.pricePerYear * Math.max(1, Math.ceil(days / 365));
}

export const money = (n: number): string => n.toFixed(2);
