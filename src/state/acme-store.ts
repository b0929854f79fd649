import type { Statement } from 'better-sqlite3';
import type { Vendor } from './model.js';
import type { Store } from './store.js';

/** An External Account Binding key of a vendor account (DigiCert's ACME credentials, Sectigo's EAB MAC key). */
export interface EabKey {
  id: number;
  vendor: Vendor;
  accountId: number;
  kid: string;
  /** The HMAC key, base64url as the vendor's portal shows it. */
  hmac: string;
  /** The product the key orders (DigiCert name_id, Sectigo product code). */
  product: string;
  label: string | null;
  createdAt: number;
}

export type AcmeKind = 'account' | 'order' | 'authz';

/**
 * The SQL of the ACME front end: EAB keys, and the protocol's accounts, orders and
 * authorizations stored as JSON documents (each found by public id or by one lookup value).
 */
export class AcmeStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly store: Store) {}

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    // A full reset of an in-memory store replaces its database: statements of the old one are dropped.
    if (!s || s.database !== this.store.db) {
      s = this.store.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  // EAB keys
  insertEabKey(key: Omit<EabKey, 'id'>): EabKey {
    const id = Number(
      this.stmt('INSERT INTO eab_keys (vendor, account_id, kid, hmac, product, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        key.vendor,
        key.accountId,
        key.kid,
        key.hmac,
        key.product,
        key.label,
        key.createdAt,
      ).lastInsertRowid,
    );
    return { id, ...key };
  }

  eabKey(vendor: Vendor, kid: string): EabKey | undefined {
    const row = this.stmt('SELECT * FROM eab_keys WHERE vendor = ? AND kid = ?').get(vendor, kid) as Row | undefined;
    return row ? toEabKey(row) : undefined;
  }

  eabKeys(vendor?: Vendor): EabKey[] {
    const rows = vendor
      ? (this.stmt('SELECT * FROM eab_keys WHERE vendor = ? ORDER BY id').all(vendor) as Row[])
      : (this.stmt('SELECT * FROM eab_keys ORDER BY id').all() as Row[]);
    return rows.map(toEabKey);
  }

  removeEabKey(vendor: Vendor, kid: string): boolean {
    return this.stmt('DELETE FROM eab_keys WHERE vendor = ? AND kid = ?').run(vendor, kid).changes > 0;
  }

  // ACME objects
  insertObject<T>(vendor: Vendor, kind: AcmeKind, publicId: string, lookup: string | null, data: T): void {
    this.stmt('INSERT INTO acme_objects (vendor, kind, public_id, lookup, data) VALUES (?, ?, ?, ?, ?)').run(vendor, kind, publicId, lookup, JSON.stringify(data));
  }

  updateObject<T>(vendor: Vendor, kind: AcmeKind, publicId: string, data: T, lookup?: string | null): void {
    if (lookup === undefined) {
      this.stmt('UPDATE acme_objects SET data = ? WHERE vendor = ? AND kind = ? AND public_id = ?').run(JSON.stringify(data), vendor, kind, publicId);
    } else {
      this.stmt('UPDATE acme_objects SET data = ?, lookup = ? WHERE vendor = ? AND kind = ? AND public_id = ?').run(JSON.stringify(data), lookup, vendor, kind, publicId);
    }
  }

  object<T>(vendor: Vendor, kind: AcmeKind, publicId: string): T | undefined {
    const row = this.stmt('SELECT data FROM acme_objects WHERE vendor = ? AND kind = ? AND public_id = ?').get(vendor, kind, publicId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  objectsBy<T>(vendor: Vendor, kind: AcmeKind, lookup: string): T[] {
    const rows = this.stmt('SELECT data FROM acme_objects WHERE vendor = ? AND kind = ? AND lookup = ? ORDER BY id').all(vendor, kind, lookup) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }
}

type Row = Record<string, unknown>;

function toEabKey(r: Row): EabKey {
  return {
    id: r.id as number,
    vendor: r.vendor as Vendor,
    accountId: r.account_id as number,
    kid: r.kid as string,
    hmac: r.hmac as string,
    product: r.product as string,
    label: (r.label as string | null) ?? null,
    createdAt: r.created_at as number,
  };
}
