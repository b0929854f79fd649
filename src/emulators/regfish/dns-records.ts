import { isIPv4, isIPv6 } from 'node:net';
import { fqdn, type DnsTypeFields } from '../../state/dns-zone.js';
import { isDnsName } from '../domain-names.js';
import { RegfishFailure } from './respond.js';
import type { DnsRecordRequest } from './schemas.js';

const nonAscii = /[^\x00-\x7f]/;

function invalid(reason: string): never {
  throw new RegfishFailure('invalidRequest', reason);
}

/**
 * The owner name a `recordRequest` means, stored fully qualified with the trailing dot. The
 * reference allows an FQDN or a subdomain, `@` for the apex and wildcards. A subdomain (`www`,
 * `*`, `_dnsauth.shop`) is relative to `zone`: the record's own zone when it is updated by id; a
 * new record finds its zone from its FQDN, so there a bare label cannot be placed and is 400.
 * A name with a trailing dot is always absolute.
 */
export function recordName(name: string, zone?: string): string {
  const n = name.trim().toLowerCase();
  if (nonAscii.test(n)) invalid(`name: '${name}' is not ASCII; an IDN goes in its punycode form (xn--…)`);
  const absolute = n.endsWith('.');
  const bare = n.replace(/\.$/, '');
  let full = bare;
  if (bare === '@') {
    if (!zone) invalid(`name: '@' is relative (the apex) and no zone is known; give the fully qualified name`);
    full = zone;
  } else if (!absolute && zone && bare !== zone && !bare.endsWith(`.${zone}`)) {
    full = `${bare}.${zone}`;
  } else if (!absolute && !zone && !bare.includes('.')) {
    invalid(`name: '${name}' is relative and no zone is known; give the fully qualified name`);
  }
  // Service labels (_dnsauth, _443._tcp) are fine in owner names; only a leading `*.` may be a wildcard.
  const plain = full.replace(/^\*\./, '').replace(/(^|\.)_+/g, '$1x');
  if (!isDnsName(plain)) invalid(`name: '${name}' is not a DNS name`);
  return fqdn(full);
}

const isUint = (s: string | undefined, max: number) => s !== undefined && /^\d{1,5}$/.test(s) && Number(s) <= max;

/**
 * The type-specific fields of a record. MX takes its `priority` field (required). SRV and CAA take
 * their fields, or else read them from `data` the way the zone-file form writes them
 * (`0 5 5060 sip.example.com.`, `0 issue "ca.example"`), as DNS clients send either (regfish's Go
 * client has `priority`, `flags` and `tag` fields but none for weight and port). Missing ones are a
 * 400; so is an A or AAAA whose data is not an address of its family.
 */
export function typeFieldsOf(body: DnsRecordRequest): DnsTypeFields {
  const parts = body.data.trim().split(/\s+/);
  const known = (v: number | null | undefined) => (v === null ? undefined : v);
  switch (body.type) {
    case 'A':
      if (!isIPv4(body.data.trim())) invalid(`data: '${body.data}' is not an IPv4 address`);
      return {};
    case 'AAAA':
      if (!isIPv6(body.data.trim())) invalid(`data: '${body.data}' is not an IPv6 address`);
      return {};
    case 'MX': {
      // regfish's own DNS guide: "MX needs a priority … A missing priority is rejected."
      const priority = known(body.priority);
      if (priority === undefined) invalid('priority: an MX record needs a priority');
      return { priority };
    }
    case 'SRV': {
      // data is "priority weight port target", or "weight port target" next to a priority field
      const numbers = parts.slice(0, -1);
      const fromData = numbers.length === 3 ? numbers : numbers.length === 2 ? [undefined, ...numbers] : [];
      const read = (own: number | null | undefined, s: string | undefined) => known(own) ?? (isUint(s, 65535) ? Number(s) : undefined);
      const priority = read(body.priority, fromData[0]);
      const weight = read(body.weight, fromData[1]);
      const port = read(body.port, fromData[2]);
      if (priority === undefined || weight === undefined || port === undefined) {
        invalid('priority, weight, port: an SRV record needs all three (fields, or data "<priority> <weight> <port> <target>")');
      }
      return { priority, weight, port };
    }
    case 'CAA': {
      const leadingFlags = parts.length >= 3 && isUint(parts[0], 255);
      const flags = known(body.flags) ?? (leadingFlags ? Number(parts[0]) : 0);
      const tag = body.tag ?? (leadingFlags ? parts[1] : parts.length >= 2 ? parts[0] : undefined);
      if (!tag || !/^[A-Za-z0-9]{1,15}$/.test(tag)) invalid('tag: a CAA record needs a tag (field, or data "<flags> <tag> <value>")');
      return { flags, tag: tag.toLowerCase() };
    }
    default:
      return {};
  }
}

/**
 * regfish's own DNS guide: "CNAME cannot sit next to anything. No CNAME at the zone apex (use
 * ALIAS), and no CNAME beside an A or MX on the same name." `others` are the records already at
 * the name (the one being updated left out).
 */
export function checkCnameAlone(type: string, name: string, zone: string, others: readonly { type: string }[]): void {
  if (type === 'CNAME' && name === `${zone}.`) invalid(`name: a CNAME cannot be at the zone apex ${name} (use ALIAS)`);
  if (type === 'CNAME' && others.length > 0) invalid(`name: a CNAME cannot sit next to the ${others[0].type} record at ${name}`);
  if (type !== 'CNAME' && others.some((r) => r.type === 'CNAME')) invalid(`name: ${name} holds a CNAME, which cannot sit next to a ${type} record`);
}
