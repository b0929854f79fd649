import type { CsrInfo } from '../../ca/csr.js';
import type { NewValidation } from '../../state/core.js';
import type { ValidationProof } from '../../state/model.js';
import type { Rng } from '../../state/rng.js';
import { constructedEmails, registrableDomain, uniqueNames, validationDomain } from '../domain-names.js';
import { csrHashes } from './csr-rules.js';
import { invalid } from './errors.js';
import { sectigoInferred } from './inferred.js';

export const sectigoDcvMethods = ['EMAIL', 'HTTP_CSR_HASH', 'HTTPS_CSR_HASH', 'CNAME_CSR_HASH'] as const;
export type SectigoDcvMethod = (typeof sectigoDcvMethods)[number];

/**
 * The CSR-hash DCV values as Sectigo documents them: hashes of the CSR's DER encoding.
 * HTTP(S): `/.well-known/pki-validation/<MD5>.txt` holding `<SHA-256>`, `sectigo.com` and the
 * uniqueValue on its own line. CNAME: `_<MD5>.<domain>` pointing at
 * `<SHA-256 first 32>.<SHA-256 last 32>[.<uniqueValue>].sectigo.com`.
 */
export function csrHashProof(csr: Pick<CsrInfo, 'pem'>, domain: string, method: Exclude<SectigoDcvMethod, 'EMAIL'>, uniqueValue?: string): ValidationProof {
  const { md5, sha256 } = csrHashes(csr);
  if (method === 'CNAME_CSR_HASH') {
    const target = [sha256.slice(0, 32), sha256.slice(32), uniqueValue, sectigoInferred.dcvBrand].filter(Boolean).join('.');
    return { type: 'dns', rrtype: 'CNAME', name: `_${md5.toLowerCase()}.${domain}.`, value: `${target.toLowerCase()}.` };
  }
  const scheme = method === 'HTTPS_CSR_HASH' ? 'https' : 'http';
  const content = [sha256, sectigoInferred.dcvBrand, uniqueValue].filter(Boolean).join('\n');
  return { type: 'http', url: `${scheme}://${domain}/.well-known/pki-validation/${md5}.txt`, content };
}

/**
 * GetDCVEmailAddressList's lists for a domain: level 2 is the registrable domain's constructed
 * addresses, level 3 the same boxes at the full name (only when it differs). No WHOIS here.
 */
export function dcvEmailLists(domainName: string): { domain: string; level2: string[]; level3: string[] } {
  const domain = validationDomain(domainName);
  const base = registrableDomain(domain);
  const level2 = constructedEmails(base);
  const level3 = domain === base ? [] : ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'].map((box) => `${box}@${domain}`);
  return { domain, level2, level3 };
}

export function isDcvEmailFor(domainName: string, email: string): boolean {
  const { level2, level3 } = dcvEmailLists(domainName);
  return [...level2, ...level3].includes(email.trim().toLowerCase());
}

/** The names a validation is needed for: one per domain, `*.` and a free `www.` twin folded in. */
export function dcvDomains(names: readonly string[]): string[] {
  const domains = uniqueNames(names.map(validationDomain));
  return domains.filter((d) => !(d.startsWith('www.') && domains.includes(d.slice(4))));
}

export interface DcvRequest {
  method: SectigoDcvMethod;
  /** One address per domain (EMAIL), in the order of `dcvDomains(names)`, or one for all. */
  emails: string[];
  uniqueValue?: string;
  /** The form field the emails came from (for error messages). */
  emailField: string;
}

/** One validation per domain of the order. EMAIL needs an approver address from GetDCVEmailAddressList's lists. */
export function sectigoValidations(rng: Rng, csr: CsrInfo, names: readonly string[], dcv: DcvRequest): NewValidation[] {
  const domains = dcvDomains(names);
  if (dcv.method === 'EMAIL' && dcv.emails.length > 1 && dcv.emails.length !== domains.length) {
    throw invalid(dcv.emailField, 'one address per domain, in the order of the domains');
  }
  return domains.map((domain, i) => {
    const token = rng.string('0123456789abcdefghijklmnopqrstuvwxyz', 32);
    if (dcv.method === 'EMAIL') {
      // No address: the first constructed one (admin@<registrable domain>), see inferred.ts.
      const email = (dcv.emails.length === 0 ? `${sectigoInferred.defaultDcvEmailBox}@${registrableDomain(domain)}` : dcv.emails.length === 1 ? dcv.emails[0] : dcv.emails[i]).trim().toLowerCase();
      if (!isDcvEmailFor(domain, email)) throw invalid(dcv.emailField, `${email} is not an approver address of ${domain}`);
      return { domain, method: 'EMAIL', token, proof: { type: 'email' }, emails: [email] };
    }
    return { domain, method: dcv.method, token, proof: csrHashProof(csr, domain, dcv.method, dcv.uniqueValue) };
  });
}
