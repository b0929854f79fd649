import { domainToASCII } from 'node:url';
import { isDnsName, isWildcard, uniqueNames } from '../domain-names.js';
import type { DigicertProduct } from './products.js';
import { fieldError } from './respond.js';

const clean = (n: string) => n.trim().toLowerCase().replace(/\.$/, '');

/**
 * Why a name is refused; for an IDN in Unicode (U-labels) the reason names the punycode A-label
 * the API takes instead (inferred: no page says whether DigiCert converts it).
 */
function refusal(name: string, what: string): string {
  const ascii = /[^\x00-\x7f]/.test(name) ? domainToASCII(name.replace(/^\*\./, '')) : '';
  const hint = ascii ? `; an internationalized name is sent as its A-label ${name.startsWith('*.') ? '*.' : ''}${ascii}` : '';
  return `'${name}' is not a valid ${what}${hint}`;
}

/** Common name and SANs of an order, checked against the product's wildcard rule; the common name is always among the SANs. */
export function orderNames(product: DigicertProduct | undefined, commonName: string, dnsNames: string[] | undefined): { commonName: string; dnsNames: string[] } {
  const cn = clean(commonName);
  const wildcardOk = product?.wildcard !== 'no';
  if (!isDnsName(cn, { wildcard: wildcardOk })) throw fieldError('invalid_param', 'certificate.common_name', refusal(cn, 'name for this product'));
  if (product?.wildcard === 'required' && !isWildcard(cn)) throw fieldError('invalid_param', 'certificate.common_name', `${product.name_id} needs a wildcard common name`);
  const sans = uniqueNames([cn, ...(dnsNames ?? []).map(clean)]);
  const bad = sans.find((n) => !isDnsName(n, { wildcard: wildcardOk }));
  if (bad) throw fieldError('invalid_param', 'certificate.dns_names', refusal(bad, 'DNS name for this product'));
  return { commonName: cn, dnsNames: sans };
}
