import type { ValidationLevel } from '../../ca/names.js';

export interface RegfishProduct {
  sku: string;
  name: string;
  type: 'dv' | 'ov';
  ca: 'digicert';
  recommended?: boolean;
  validation_level: ValidationLevel;
  organization_required: boolean;
  wildcard: boolean;
}

/** The SKU enum of the create-certificate contract; levels of RapidSSLWildcard, QuickSSLPremium, TrueBusinessID and SSLWebServer are inferred. */
export const regfishProducts: readonly RegfishProduct[] = [
  { sku: 'RapidSSL', name: 'RapidSSL', type: 'dv', ca: 'digicert', recommended: true, validation_level: 'dv', organization_required: false, wildcard: false },
  { sku: 'RapidSSLWildcard', name: 'RapidSSL Wildcard', type: 'dv', ca: 'digicert', validation_level: 'dv', organization_required: false, wildcard: true },
  { sku: 'QuickSSLPremium', name: 'QuickSSL Premium', type: 'dv', ca: 'digicert', validation_level: 'dv', organization_required: false, wildcard: false },
  { sku: 'SSL123', name: 'Thawte SSL 123', type: 'dv', ca: 'digicert', validation_level: 'dv', organization_required: false, wildcard: false },
  { sku: 'TrueBusinessID', name: 'True BusinessID', type: 'ov', ca: 'digicert', validation_level: 'ov', organization_required: true, wildcard: false },
  { sku: 'SecureSite', name: 'Secure Site', type: 'ov', ca: 'digicert', validation_level: 'ov', organization_required: true, wildcard: false },
  { sku: 'SSLWebServer', name: 'SSL Web Server', type: 'ov', ca: 'digicert', validation_level: 'ov', organization_required: true, wildcard: false },
];

export const regfishSkus = regfishProducts.map((p) => p.sku) as [string, ...string[]];

export const findRegfishProduct = (sku: string): RegfishProduct | undefined => regfishProducts.find((p) => p.sku === sku);
