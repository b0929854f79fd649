import type { DnsRecord } from './model.js';
import type { DnsZone } from './dns-zone.js';

/**
 * CAA checking (RFC 8659) against the emulated DNS: which names of a certificate the CA may not
 * issue for, and why. Vendor-neutral: the caller brings the CA's identities (issuer domain names).
 */

/** One CAA property as read from a record: `0 issue "digicert.com; cansignhttpexchanges=yes"`. */
export interface CaaProperty {
  flags: number;
  tag: string;
  value: string;
}

/** The verdict for one name of the certificate. */
export interface CaaVerdict {
  name: string;
  allowed: boolean;
  /** Where the relevant record set was found (climbing from the name), or null when none was. */
  recordAt: string | null;
  /** The relevant record set in zone-file form. */
  records: string[];
  reason: string;
}

export interface CaaResult {
  allowed: boolean;
  names: CaaVerdict[];
}

/**
 * Magic domain: every name under it is blocked by a CAA record that only names another CA, as if
 * the zone apex held `caa-blocked.test. CAA 0 issue "letsencrypt.org"`. A real CAA record at the
 * apex or nearer to the name replaces it, so a test can also allow one name.
 */
export const caaBlockedDomain = 'caa-blocked.test';
const caaBlockedProperty: CaaProperty = { flags: 0, tag: 'issue', value: 'letsencrypt.org' };

/** Property tags this CA understands; an unknown tag with the critical flag forbids issuance (RFC 8659 §4.1). */
const knownTags = new Set(['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone', 'issuemail', 'issuevmc']);
const criticalFlag = 128;
/** CNAME links followed at one name before giving up (a loop). */
const maxAliases = 8;

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/s, '$1');

/**
 * Reads a stored CAA record: its `flags`/`tag` columns when the writer filled them (the Regfish
 * API does), and `data` as the value — or all three from `data` in zone-file form
 * (`0 issue "ca.example"`), which is how the control API stores them.
 */
export function caaPropertyOf(record: Pick<DnsRecord, 'data' | 'flags' | 'tag'>): CaaProperty {
  const data = record.data.trim();
  const zoneForm = /^(\d{1,3})\s+([A-Za-z0-9]{1,15})\s+(.*)$/s.exec(data);
  if (record.tag) {
    // Some clients send the whole zone-file form as data beside the fields.
    const value = zoneForm && zoneForm[2].toLowerCase() === record.tag.toLowerCase() ? zoneForm[3] : data;
    return { flags: record.flags ?? 0, tag: record.tag.toLowerCase(), value: unquote(value) };
  }
  if (zoneForm) return { flags: Number(zoneForm[1]), tag: zoneForm[2].toLowerCase(), value: unquote(zoneForm[3]) };
  const tagged = /^([A-Za-z0-9]{1,15})\s+(.*)$/s.exec(data);
  if (tagged) return { flags: record.flags ?? 0, tag: tagged[1].toLowerCase(), value: unquote(tagged[2]) };
  return { flags: record.flags ?? 0, tag: '', value: unquote(data) };
}

export const caaZoneForm = (p: CaaProperty) => `${p.flags} ${p.tag} "${p.value}"`;

/** The issuer domain name of an issue/issuewild value (before any `;` parameters), lower-case; '' names no CA. */
export function issuerOf(value: string): string {
  return value.split(';')[0].trim().toLowerCase().replace(/\.$/, '');
}

/** The names a CAA lookup for `name` visits: the name, then each parent, never the root. */
function climb(name: string): string[] {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++) out.push(`${labels.slice(i).join('.')}.`);
  return out;
}

/** The CAA record set at one name, following a CNAME there (RFC 8659 §3: what a CAA query for the name returns). */
function caaAt(dns: DnsZone, name: string): { at: string; properties: CaaProperty[] } {
  let at = name;
  for (let hop = 0; hop <= maxAliases; hop++) {
    const records = dns.lookup(at, 'CAA');
    if (records.length > 0) return { at, properties: records.map(caaPropertyOf) };
    const alias = dns.lookup(at, 'CNAME')[0];
    if (!alias) break;
    at = alias.data;
  }
  const bare = name.replace(/\.$/, '');
  if (bare === caaBlockedDomain) return { at: name, properties: [caaBlockedProperty] };
  return { at: name, properties: [] };
}

/** The relevant record set of a name (RFC 8659 §3): the first non-empty one climbing towards the root. */
export function relevantCaa(dns: DnsZone, name: string): { at: string | null; properties: CaaProperty[] } {
  for (const candidate of climb(name)) {
    const set = caaAt(dns, candidate);
    if (set.properties.length > 0) return set;
  }
  return { at: null, properties: [] };
}

/** May a CA with these identities issue for this one name (a wildcard name is checked at its base, against issuewild first)? */
export function checkCaaName(dns: DnsZone, name: string, identities: readonly string[]): CaaVerdict {
  const wildcard = name.startsWith('*.');
  const base = wildcard ? name.slice(2) : name;
  const { at, properties } = relevantCaa(dns, base);
  const records = properties.map(caaZoneForm);
  const verdict = (allowed: boolean, reason: string): CaaVerdict => ({ name, allowed, recordAt: at, records, reason });
  if (properties.length === 0) return verdict(true, 'no CAA record set: any CA may issue');
  const critical = properties.find((p) => (p.flags & criticalFlag) !== 0 && !knownTags.has(p.tag));
  if (critical) return verdict(false, `CAA record at ${at} has the unknown critical property "${critical.tag}"`);
  const issueWild = properties.filter((p) => p.tag === 'issuewild');
  const relevant = wildcard && issueWild.length > 0 ? issueWild : properties.filter((p) => p.tag === 'issue');
  const tag = wildcard && issueWild.length > 0 ? 'issuewild' : 'issue';
  if (relevant.length === 0) return verdict(true, `CAA record at ${at} restricts no issuer (${tag} absent)`);
  const ids = new Set(identities.map((i) => i.toLowerCase()));
  const named = relevant.map((p) => issuerOf(p.value));
  const hit = named.find((n) => ids.has(n));
  if (hit) return verdict(true, `CAA ${tag} at ${at} names ${hit}`);
  const others = named.filter((n) => n !== '');
  return verdict(
    false,
    others.length ? `CAA ${tag} at ${at} names ${others.join(', ')}, not this CA (${identities.join(', ')})` : `CAA ${tag} at ${at} allows no CA to issue`,
  );
}

/** Every name of a certificate (common name and SANs, each once). */
export function checkCaa(dns: DnsZone, names: readonly string[], identities: readonly string[]): CaaResult {
  const unique = [...new Set(names.map((n) => n.toLowerCase().replace(/\.$/, '')))].filter((n) => n !== '');
  const verdicts = unique.map((n) => checkCaaName(dns, n, identities));
  return { allowed: verdicts.every((v) => v.allowed), names: verdicts };
}

/** What the core keeps on a certificate whose issuance CAA blocked (certificate meta `caa`). */
export interface CaaBlock {
  checkedAt: number;
  blocked: CaaVerdict[];
}

/** How a vendor meets CAA: its identities, and whether a blocked order or reissue is refused in the request that asked for it. */
export interface CaaRules {
  identities: readonly string[];
  /**
   * True: when the certificate would be issued within the ordering request, that request is
   * answered with the vendor's CAA error and nothing is stored. False (and in every later
   * issuance attempt): the certificate stays pending with the block noted, and issues once the
   * records allow it.
   */
  refuseInRequest: boolean;
  /**
   * True: a certificate that CAA blocked is not checked again on its own; the vendor's retry call
   * (Sectigo's !RetryCAACheck, core.retryCaaCheck) checks it again. False: every issuance attempt
   * (status reads) checks again.
   */
  recheckOnRequest?: boolean;
}

export const caaBlockOf = (meta: unknown): CaaBlock | undefined => {
  const caa = (meta as { caa?: unknown } | null)?.caa;
  return caa && typeof caa === 'object' && Array.isArray((caa as CaaBlock).blocked) ? (caa as CaaBlock) : undefined;
};
