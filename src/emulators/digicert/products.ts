import type { ValidationLevel } from '../../ca/names.js';

export interface DigicertProduct {
  name_id: string;
  name: string;
  type: 'ssl_certificate' | 'dv_ssl_certificate' | 'private_ssl_certificate';
  group_name: string;
  validation_type: ValidationLevel;
  /** `required`: the common name must be a wildcard; `allowed`: names may be; `no`: none may be. */
  wildcard: 'required' | 'allowed' | 'no';
}

export const validationNames = {
  dv: { validation_name: 'DV', validation_description: 'Domain validation' },
  ov: { validation_name: 'OV', validation_description: 'Normal Organization Validation' },
  ev: { validation_name: 'EV', validation_description: 'Extended Organization Validation (EV)' },
} as const;

/**
 * Every product name id of reference/digicert.md §2, and `ssl_dv_geotrust_flex` (Order GeoTrust DV
 * SSL page: it replaces GeoTrust Standard, Cloud and Wildcard DV). Names of the legacy ones are inferred.
 */
export const digicertProducts: readonly DigicertProduct[] = [
  { name_id: 'ssl_basic', name: 'Basic OV', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'allowed' },
  { name_id: 'ssl_ev_basic', name: 'Basic EV', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ev', wildcard: 'no' },
  { name_id: 'ssl_securesite_flex', name: 'Secure Site OV', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'allowed' },
  { name_id: 'ssl_ev_securesite_flex', name: 'Secure Site EV', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ev', wildcard: 'no' },
  { name_id: 'ssl_securesite_pro', name: 'Secure Site Pro SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'allowed' },
  { name_id: 'ssl_ev_securesite_pro', name: 'Secure Site Pro EV SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ev', wildcard: 'no' },
  { name_id: 'ssl_plus', name: 'Standard SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'no' },
  { name_id: 'ssl_wildcard', name: 'Wildcard SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'required' },
  { name_id: 'ssl_multi_domain', name: 'Multi-Domain SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'allowed' },
  { name_id: 'ssl_ev_plus', name: 'EV SSL Plus', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ev', wildcard: 'no' },
  { name_id: 'ssl_ev_multi_domain', name: 'EV Multi-Domain SSL', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ev', wildcard: 'no' },
  { name_id: 'private_ssl_plus', name: 'Private SSL', type: 'private_ssl_certificate', group_name: 'private_ssl_certificate', validation_type: 'ov', wildcard: 'no' },
  { name_id: 'private_ssl_wildcard', name: 'Private Wildcard SSL', type: 'private_ssl_certificate', group_name: 'private_ssl_certificate', validation_type: 'ov', wildcard: 'required' },
  { name_id: 'ssl_dv_geotrust_flex', name: 'GeoTrust DV SSL', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'allowed' },
  { name_id: 'ssl_dv_geotrust', name: 'GeoTrust Standard DV', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'no' },
  { name_id: 'ssl_dv_rapidssl', name: 'RapidSSL Standard DV', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'no' },
  { name_id: 'wildcard_dv_geotrust', name: 'GeoTrust Wildcard DV', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'required' },
  { name_id: 'wildcard_dv_rapidssl', name: 'RapidSSL Wildcard DV', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'required' },
  { name_id: 'cloud_dv_geotrust', name: 'GeoTrust Cloud DV', type: 'dv_ssl_certificate', group_name: 'dv_ssl_certificate', validation_type: 'dv', wildcard: 'allowed' },
  { name_id: 'ssl_geotrust_truebizid', name: 'GeoTrust TrueBusiness ID OV', type: 'ssl_certificate', group_name: 'ssl_certificate', validation_type: 'ov', wildcard: 'allowed' },
];

export const findDigicertProduct = (nameId: string): DigicertProduct | undefined => digicertProducts.find((p) => p.name_id === nameId);

/** The product object embedded in orders and answered by GET /product. */
export function presentProduct(p: DigicertProduct) {
  return {
    name_id: p.name_id,
    name: p.name,
    type: p.type,
    validation_type: p.validation_type,
    ...validationNames[p.validation_type],
  };
}
