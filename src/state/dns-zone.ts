import type { DnsRecord, ValidationProof } from './model.js';
import type { Store } from './store.js';

/** Names are kept lower-case and fully qualified, with the trailing dot. */
export function fqdn(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

function normalizeData(type: string, data: string): string {
  const d = data.trim();
  if (type === 'TXT') return d.replace(/^"|"$/g, '');
  if (type === 'CNAME') return fqdn(d);
  return d;
}

/** The fields only some record types have: MX/SRV priority, SRV weight and port, CAA flags and tag. */
export interface DnsTypeFields {
  priority?: number | null;
  weight?: number | null;
  port?: number | null;
  flags?: number | null;
  tag?: string | null;
}

export interface NewDnsRecord extends DnsTypeFields {
  accountId: number | null;
  name: string;
  type: string;
  data: string;
  ttl?: number;
  annotation?: string | null;
}

export type DnsRecordPatch = Partial<Omit<NewDnsRecord, 'accountId'>>;

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Keeps the fields the type has and clears the others, so a record that changes type carries no stale priority. */
function typeFields(type: string, f: DnsTypeFields): Required<DnsTypeFields> {
  const has = (...types: string[]) => types.includes(type);
  return {
    priority: has('MX', 'SRV') ? (f.priority ?? null) : null,
    weight: has('SRV') ? (f.weight ?? null) : null,
    port: has('SRV') ? (f.port ?? null) : null,
    flags: has('CAA') ? (f.flags ?? null) : null,
    tag: has('CAA') ? (f.tag ?? null) : null,
  };
}

/** The emulated DNS: one world-wide zone store that DCV checks read. */
export class DnsZone {
  constructor(private readonly store: Store) {}

  lookup(name: string, type: string): DnsRecord[] {
    return this.store.dnsLookup(fqdn(name), type.toUpperCase());
  }

  /** Every record at a name, whatever its type (to keep a CNAME alone at its name). */
  at(name: string): DnsRecord[] {
    return this.store.dnsRecordsNamed(fqdn(name));
  }

  /** Does the emulated DNS hold the record a DNS-based validation asks for? */
  proves(proof: ValidationProof): boolean {
    if (proof.type !== 'dns') return false;
    const want = normalizeData(proof.rrtype, proof.value);
    return this.lookup(proof.name, proof.rrtype).some((r) => normalizeData(r.type, r.data) === want);
  }

  add(record: NewDnsRecord, now: number): DnsRecord {
    const type = record.type.toUpperCase();
    const id = this.store.insertDnsRecord({
      accountId: record.accountId,
      name: fqdn(record.name),
      type,
      data: type === 'CNAME' ? fqdn(record.data) : record.data,
      ttl: record.ttl ?? 300,
      annotation: record.annotation ?? null,
      auto: false,
      ...typeFields(type, record),
      createdAt: now,
      updatedAt: now,
    });
    return this.store.dnsRecord(id)!;
  }

  update(id: number, patch: DnsRecordPatch, now: number): DnsRecord {
    const current = this.store.dnsRecord(id)!;
    const type = (patch.type ?? current.type).toUpperCase();
    this.store.update('dns_records', id, {
      name: patch.name === undefined ? undefined : fqdn(patch.name),
      type,
      data: patch.data === undefined ? undefined : type === 'CNAME' ? fqdn(patch.data) : patch.data,
      ttl: patch.ttl,
      annotation: patch.annotation,
      ...typeFields(type, { ...current, ...definedOnly(patch) }),
      updatedAt: now,
    });
    return this.store.dnsRecord(id)!;
  }

  remove(id: number): void {
    this.store.remove('dns_records', id);
  }
}
