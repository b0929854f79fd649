const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A public DNS name: at least two labels, letters, digits and hyphens; optionally one leading `*.`. */
export function isDnsName(name: string, options: { wildcard?: boolean } = {}): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253) return false;
  let n = name.toLowerCase().replace(/\.$/, '');
  if (n.startsWith('*.')) {
    if (!options.wildcard) return false;
    n = n.slice(2);
  }
  const labels = n.split('.');
  if (labels.length < 2) return false;
  if (/^\d+$/.test(labels[labels.length - 1])) return false;
  return labels.every((l) => label.test(l));
}

export const isWildcard = (name: string): boolean => name.startsWith('*.');

/** The name whose control is validated for a certificate name: `*.example.com` -> `example.com`. */
export const validationDomain = (name: string): string => name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');

export function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.toLowerCase().replace(/\.$/, '')))];
}

const twoLabelSuffixes = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'co.jp', 'com.br', 'co.za', 'com.cn', 'co.in']);

/** The registrable domain (zone apex) of a name: `a.b.example.co.uk` -> `example.co.uk`. */
export function registrableDomain(name: string): string {
  const labels = validationDomain(name).split('.');
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(twoLabelSuffixes.has(lastTwo) ? -3 : -2).join('.');
}

/** The base (registrable) domain's constructed approver addresses, as CAs offer them. */
export function constructedEmails(domain: string): string[] {
  const base = registrableDomain(domain);
  return ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'].map((box) => `${box}@${base}`);
}
