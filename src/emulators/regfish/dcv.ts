import type { NewValidation } from '../../state/core.js';
import type { Rng } from '../../state/rng.js';
import { constructedEmails, uniqueNames, validationDomain } from '../domain-names.js';
import { regfishInferred } from './inferred.js';

/** One validation per distinct domain: a `_dnsauth` CNAME for dns-cname-token, approver addresses for email. */
export function regfishValidations(rng: Rng, names: string[], method: 'dns-cname-token' | 'email', dcvEmails: string[] = []): NewValidation[] {
  const domains = uniqueNames(names.map(validationDomain));
  return domains.map((domain) => {
    const token = rng.string('0123456789abcdefghijklmnopqrstuvwxyz', 32);
    if (method === 'email') {
      const chosen = dcvEmails.filter((e) => e.toLowerCase().endsWith(`@${domain}`) || domain.endsWith(`.${e.split('@')[1]}`));
      return { domain, method, token, proof: { type: 'email' }, emails: chosen.length ? chosen : [constructedEmails(domain)[0]] };
    }
    return {
      domain,
      method,
      token,
      proof: { type: 'dns', rrtype: 'CNAME', name: regfishInferred.dcvRecordName(domain), value: regfishInferred.dcvCnameTarget(`_${token}`) },
    };
  });
}
