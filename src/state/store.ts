import { sha1Thumbprint } from '../ca/bundles.js';
import type { Statement } from 'better-sqlite3';
import { openMemoryDatabase, type Db } from './db.js';
import type {
  Account,
  Approval,
  Certificate,
  DnsRecord,
  Order,
  OrderEvent,
  Organization,
  OutboxMessage,
  Validation,
  Vendor,
} from './model.js';
import {
  toAccount,
  toApproval,
  toCertificate,
  toColumns,
  toDnsRecord,
  toEvent,
  toOrder,
  toOrganization,
  toOutbox,
  toValidation,
} from './rows.js';
import {
  certificatePageSql,
  dnsPageSql,
  orderPageSql,
  outboxPageSql,
  type CertificateFilters,
  type OrderPageQuery,
  type OutboxFilters,
  type Page,
  type PageWindow,
  type SqlQuery,
} from './paging.js';
import { orderSearchSql, type OrderSearch } from './order-search.js';
import { ReadMemo } from './read-memo.js';
import { tables } from './schema.js';

type Table = (typeof tables)[number];
type Row = Record<string, unknown>;
type Insert<T> = Omit<T, 'id'>;

/** A certificate row's thumbprint follows its PEM: set with it, cleared with it. */
function withThumbprint(table: Table, cols: Record<string, unknown>): Record<string, unknown> {
  if (table !== 'certificates' || !('pem' in cols)) return cols;
  cols.thumbprint = typeof cols.pem === 'string' ? sha1Thumbprint(cols.pem) : null;
  return cols;
}

/**
 * Every SQL statement the emulator runs. Prepared once, cached by text. Reads that belong to an
 * account take the account id, so one key never sees another's data.
 */
export class Store {
  private readonly statements = new Map<string, Statement>();
  /** INSERT statements by table and column list (the SQL text is not built again per row). */
  private readonly inserts = new Map<string, Statement>();
  private readonly updates = new Map<string, Statement>();
  /** One transaction wrapper per database (better-sqlite3 builds four functions for each one made). */
  private runner?: { db: Db; run: (fn: () => unknown) => unknown };
  /**
   * Reads are memoised until the next write to a table they read: an insert, update or delete
   * empties the reads of its table, a failed transaction or a write of many tables empties all.
   * Callers treat returned rows as read-only (arrays are copies).
   */
  private readonly memo = new ReadMemo(tables);
  #generation = 0;

  constructor(private current: Db) {}

  /** Counts the writes (and resets) so far: two reads at the same generation read the same rows. */
  get generation(): number {
    return this.#generation;
  }

  /** The open database (an in-memory store is a new one after each full reset). */
  get db(): Db {
    return this.current;
  }

  /** Every write goes through here first: `table` when it writes one table only. */
  private changed(table?: Table): void {
    this.#generation++;
    if (table === undefined) this.memo.clearAll();
    else this.memo.clearTable(table);
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private one<T>(sql: string, map: (r: Row) => T, ...params: unknown[]): T | undefined {
    return this.memo.remember('one', sql, params, () => {
      const row = this.stmt(sql).get(...params) as Row | undefined;
      return row ? map(row) : undefined;
    });
  }

  private many<T>(sql: string, map: (r: Row) => T, ...params: unknown[]): T[] {
    return this.memo.remember('many', sql, params, () => (this.stmt(sql).all(...params) as Row[]).map(map)).slice();
  }

  insert(table: Table, values: Record<string, unknown>): number {
    this.changed(table);
    const cols = withThumbprint(table, toColumns(values));
    let key = table;
    for (const name in cols) key += `,${name}`;
    let statement = this.inserts.get(key);
    if (!statement || statement.database !== this.current) {
      const names = Object.keys(cols);
      statement = this.stmt(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
      this.inserts.set(key, statement);
    }
    // Positional: binding by name looks every parameter up in the object (a third of an insert's cost).
    return Number(statement.run(...Object.values(cols)).lastInsertRowid);
  }

  update(table: Table, id: number, values: Record<string, unknown>): void {
    this.changed(table);
    const cols = withThumbprint(table, toColumns(values));
    let key = table;
    for (const name in cols) key += `,${name}`;
    if (key === table) return;
    let statement = this.updates.get(key);
    if (!statement || statement.database !== this.current) {
      const names = Object.keys(cols);
      statement = this.stmt(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`);
      this.updates.set(key, statement);
    }
    statement.run(...Object.values(cols), id);
  }

  remove(table: Table, id: number): void {
    this.changed(table);
    this.stmt(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  /** Runs `fn` in one transaction; nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    try {
      return this.transactionRunner()(fn) as T;
    } catch (e) {
      // Rolled back: what was read inside may be gone.
      this.changed();
      throw e;
    }
  }

  private transactionRunner(): (fn: () => unknown) => unknown {
    if (this.runner?.db !== this.current) this.runner = { db: this.current, run: this.current.transaction((fn: () => unknown) => fn()) };
    return this.runner.run;
  }

  /**
   * Empties every table (reset). An in-memory store is replaced by an empty one instead: deleting
   * 100,000 certificates row by row takes far longer than a reset may, and keeps their memory.
   */
  clear(): void {
    this.changed();
    if (this.current.memory && !this.current.inTransaction) return this.replaceWithEmpty();
    this.transaction(() => {
      for (const table of tables) this.stmt(`DELETE FROM ${table}`).run();
    });
  }

  /** The empty store takes over what a reset keeps: settings and the AUTOINCREMENT counters (ids never handed out twice). */
  private replaceWithEmpty(): void {
    const old = this.current;
    const fresh = openMemoryDatabase();
    const settings = old.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const sequences = old.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[];
    fresh.transaction(() => {
      const setting = fresh.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      for (const r of settings) setting.run(r.key, r.value);
      const sequence = fresh.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)');
      for (const r of sequences) sequence.run(r.name, r.seq);
    })();
    this.current = fresh;
    this.statements.clear();
    // Handing a large store's memory back takes a while (about 30 ms for 100,000 certificates):
    // done on the next turn of the event loop, after the reset has answered.
    setImmediate(() => old.close());
  }

  /** Removes one vendor's accounts and everything that belongs to them (per-vendor reset). */
  clearVendor(vendor: Vendor): void {
    this.changed();
    this.transaction(() => {
      const orders = 'SELECT id FROM orders WHERE vendor = @vendor';
      const accounts = 'SELECT id FROM accounts WHERE vendor = @vendor';
      for (const sql of [
        `DELETE FROM validations WHERE order_id IN (${orders})`,
        `DELETE FROM events WHERE order_id IN (${orders})`,
        `DELETE FROM approvals WHERE order_id IN (${orders})`,
        `DELETE FROM certificates WHERE order_id IN (${orders})`,
        `DELETE FROM outbox WHERE account_id IN (${accounts})`,
        `DELETE FROM dns_records WHERE account_id IN (${accounts})`,
        `DELETE FROM organizations WHERE account_id IN (${accounts})`,
        'DELETE FROM eab_keys WHERE vendor = @vendor',
        'DELETE FROM acme_objects WHERE vendor = @vendor',
        'DELETE FROM orders WHERE vendor = @vendor',
        'DELETE FROM accounts WHERE vendor = @vendor',
      ]) {
        this.stmt(sql).run({ vendor });
      }
    });
  }

  count(table: Table): number {
    return (this.stmt(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  setting(key: string): string | undefined {
    return (this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.changed();
    this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // accounts
  account(id: number): Account | undefined {
    return this.one('SELECT * FROM accounts WHERE id = ?', toAccount, id);
  }
  accountByApiKey(vendor: Vendor, apiKey: string): Account | undefined {
    return this.one('SELECT * FROM accounts WHERE vendor = ? AND api_key = ?', toAccount, vendor, apiKey);
  }
  accountByLogin(vendor: Vendor, login: string): Account | undefined {
    return this.one('SELECT * FROM accounts WHERE vendor = ? AND login = ?', toAccount, vendor, login);
  }
  accounts(): Account[] {
    return this.many('SELECT * FROM accounts ORDER BY id', toAccount);
  }
  insertAccount(a: Insert<Account>): number {
    return this.insert('accounts', a);
  }

  // organizations
  organization(id: number): Organization | undefined {
    return this.one('SELECT * FROM organizations WHERE id = ?', toOrganization, id);
  }
  organizationByPublicId(accountId: number, publicId: string): Organization | undefined {
    return this.one('SELECT * FROM organizations WHERE account_id = ? AND public_id = ?', toOrganization, accountId, publicId);
  }
  organizationsOf(accountId: number): Organization[] {
    return this.many('SELECT * FROM organizations WHERE account_id = ? ORDER BY id', toOrganization, accountId);
  }
  insertOrganization(o: Insert<Organization>): number {
    return this.insert('organizations', o);
  }

  // orders
  order(id: number): Order | undefined {
    return this.one('SELECT * FROM orders WHERE id = ?', toOrder, id);
  }
  orderByPublicId(accountId: number, vendor: Vendor, publicId: string): Order | undefined {
    return this.one('SELECT * FROM orders WHERE vendor = ? AND public_id = ? AND account_id = ?', toOrder, vendor, publicId, accountId);
  }
  orderByVendorId(vendor: Vendor, publicId: string): Order | undefined {
    return this.one('SELECT * FROM orders WHERE vendor = ? AND public_id = ?', toOrder, vendor, publicId);
  }
  /** Whether a vendor order has this id: what a new id is checked against, without reading the row. */
  orderIdTaken(vendor: Vendor, publicId: string): boolean {
    return this.one('SELECT 1 AS taken FROM orders WHERE vendor = ? AND public_id = ?', () => true, vendor, publicId) ?? false;
  }
  ordersOf(accountId: number): Order[] {
    return this.many('SELECT * FROM orders WHERE account_id = ? ORDER BY id', toOrder, accountId);
  }
  allOrders(): Order[] {
    return this.many('SELECT * FROM orders ORDER BY id', toOrder);
  }
  insertOrder(o: Insert<Order>): number {
    return this.insert('orders', o);
  }

  // certificates
  certificate(id: number): Certificate | undefined {
    return this.one('SELECT * FROM certificates WHERE id = ?', toCertificate, id);
  }
  certificatesOf(orderId: number): Certificate[] {
    return this.many('SELECT * FROM certificates WHERE order_id = ? ORDER BY id', toCertificate, orderId);
  }
  /** Every certificate of an account's orders with one vendor, by order id (each list in id order): a whole listing in one read. */
  certificatesByOrderOf(accountId: number, vendor: Vendor): Map<number, Certificate[]> {
    return this.byOrderOfAccount('certificates', toCertificate, accountId, vendor);
  }
  /** When the first certificate (by id) of each of an account's orders with one vendor was issued; orders with none issued are absent. */
  firstIssuedAtByOrderOf(accountId: number, vendor: Vendor): Map<number, number> {
    const rows = this.many(
      `SELECT c.order_id AS order_id, c.issued_at AS issued_at FROM certificates c JOIN orders o ON o.id = c.order_id
       WHERE o.account_id = ? AND o.vendor = ? AND c.issued_at IS NOT NULL ORDER BY c.order_id, c.id`,
      (r) => ({ orderId: r.order_id as number, issuedAt: r.issued_at as number }),
      accountId,
      vendor,
    );
    const out = new Map<number, number>();
    for (const r of rows) if (!out.has(r.orderId)) out.set(r.orderId, r.issuedAt);
    return out;
  }
  /** Every validation of an account's orders with one vendor, by order id (each list in id order). */
  validationsByOrderOf(accountId: number, vendor: Vendor): Map<number, Validation[]> {
    return this.byOrderOfAccount('validations', toValidation, accountId, vendor);
  }
  /** The rows of a table that belong to an account's orders with one vendor, grouped by order id (each group in id order). */
  private byOrderOfAccount<T extends { orderId: number }>(table: 'certificates' | 'validations', map: (r: Row) => T, accountId: number, vendor: Vendor): Map<number, T[]> {
    const rows = this.many(
      `SELECT t.* FROM ${table} t JOIN orders o ON o.id = t.order_id WHERE o.account_id = ? AND o.vendor = ? ORDER BY t.order_id, t.id`,
      map,
      accountId,
      vendor,
    );
    const out = new Map<number, T[]>();
    for (const row of rows) {
      const list = out.get(row.orderId);
      if (list) list.push(row);
      else out.set(row.orderId, [row]);
    }
    return out;
  }
  /**
   * The ids of an account's orders with one vendor that time or the issuance policy may change now
   * (Core.refresh's test in SQL: a pending certificate of an open order, or an issued one run out).
   */
  unsettledOrderIds(accountId: number, vendor: Vendor, now: number): number[] {
    return this.many(
      `SELECT DISTINCT o.id FROM orders o JOIN certificates c ON c.order_id = o.id
       WHERE o.account_id = ? AND o.vendor = ?
         AND ((c.status = 'pending' AND o.state = 'open') OR (c.status = 'issued' AND c.not_after IS NOT NULL AND c.not_after <= ?))
       ORDER BY o.id`,
      (r) => r.id as number,
      accountId,
      vendor,
      now,
    );
  }
  /** An account's certificate with one vendor by the SHA-1 thumbprint of its PEM (upper-case hex). */
  certificateByThumbprint(accountId: number, vendor: Vendor, thumbprint: string): Certificate | undefined {
    return this.one(
      `SELECT c.* FROM certificates c JOIN orders o ON o.id = c.order_id
       WHERE c.thumbprint = ? AND o.account_id = ? AND o.vendor = ? ORDER BY c.id LIMIT 1`,
      toCertificate,
      thumbprint.toUpperCase(),
      accountId,
      vendor,
    );
  }
  certificateBySerial(serial: string): Certificate | undefined {
    return this.one('SELECT * FROM certificates WHERE serial = ?', toCertificate, serial);
  }
  /** Whether a certificate has this serial: what a new serial is checked against, without reading the row. */
  serialTaken(serial: string): boolean {
    return this.one('SELECT 1 AS taken FROM certificates WHERE serial = ?', () => true, serial) ?? false;
  }
  /** The order's issued certificates older than `certificateId`, duplicates aside: what a new issue replaces (usually none). */
  issuedBefore(orderId: number, certificateId: number): Certificate[] {
    return this.many(
      "SELECT * FROM certificates WHERE order_id = ? AND id < ? AND kind != 'duplicate' AND status = 'issued' ORDER BY id",
      toCertificate,
      orderId,
      certificateId,
    );
  }
  certificateByPublicId(accountId: number, vendor: Vendor, publicId: string): Certificate | undefined {
    return this.one(
      `SELECT c.* FROM certificates c JOIN orders o ON o.id = c.order_id
       WHERE c.public_id = ? AND o.account_id = ? AND o.vendor = ?`,
      toCertificate,
      publicId,
      accountId,
      vendor,
    );
  }
  revokedCertificates(): Certificate[] {
    return this.many("SELECT * FROM certificates WHERE status = 'revoked' AND serial IS NOT NULL ORDER BY revoked_at", toCertificate);
  }
  allCertificates(): Certificate[] {
    return this.many('SELECT * FROM certificates ORDER BY id', toCertificate);
  }
  insertCertificate(c: Insert<Certificate>): number {
    return this.insert('certificates', c);
  }

  // validations
  validationsOf(certificateId: number): Validation[] {
    return this.many('SELECT * FROM validations WHERE certificate_id = ? ORDER BY id', toValidation, certificateId);
  }
  validationsOfOrder(orderId: number): Validation[] {
    return this.many('SELECT * FROM validations WHERE order_id = ? ORDER BY id', toValidation, orderId);
  }
  validation(id: number): Validation | undefined {
    return this.one('SELECT * FROM validations WHERE id = ?', toValidation, id);
  }
  insertValidation(v: Insert<Validation>): number {
    return this.insert('validations', v);
  }

  // events
  eventsOf(orderId: number): OrderEvent[] {
    return this.many('SELECT * FROM events WHERE order_id = ? ORDER BY id', toEvent, orderId);
  }
  eventsBetween(from: number, to: number): OrderEvent[] {
    return this.many('SELECT * FROM events WHERE at >= ? AND at <= ? ORDER BY id', toEvent, from, to);
  }
  insertEvent(e: Insert<OrderEvent>): number {
    return this.insert('events', e);
  }

  // approvals
  approval(id: number): Approval | undefined {
    return this.one('SELECT * FROM approvals WHERE id = ?', toApproval, id);
  }
  approvalsOf(orderId: number): Approval[] {
    return this.many('SELECT * FROM approvals WHERE order_id = ? ORDER BY id', toApproval, orderId);
  }
  approvalsOfAccount(accountId: number): Approval[] {
    return this.many(
      'SELECT a.* FROM approvals a JOIN orders o ON o.id = a.order_id WHERE o.account_id = ? ORDER BY a.id',
      toApproval,
      accountId,
    );
  }
  /** The account's first approval with this public id (DigiCert request ids), on an index. */
  approvalByPublicId(accountId: number, publicId: string): Approval | undefined {
    return this.one(
      'SELECT a.* FROM approvals a JOIN orders o ON o.id = a.order_id WHERE a.public_id = ? AND o.account_id = ? ORDER BY a.id LIMIT 1',
      toApproval,
      publicId,
      accountId,
    );
  }
  insertApproval(a: Insert<Approval>): number {
    return this.insert('approvals', a);
  }

  // DNS
  dnsRecord(id: number): DnsRecord | undefined {
    return this.one('SELECT * FROM dns_records WHERE id = ?', toDnsRecord, id);
  }
  dnsRecords(): DnsRecord[] {
    return this.many('SELECT * FROM dns_records ORDER BY id', toDnsRecord);
  }
  dnsRecordsOf(accountId: number): DnsRecord[] {
    return this.many('SELECT * FROM dns_records WHERE account_id = ? ORDER BY id', toDnsRecord, accountId);
  }
  dnsLookup(name: string, type: string): DnsRecord[] {
    return this.many('SELECT * FROM dns_records WHERE name = ? AND type = ? ORDER BY id', toDnsRecord, name, type);
  }
  insertDnsRecord(r: Insert<DnsRecord>): number {
    return this.insert('dns_records', r);
  }

  // outbox
  outbox(): OutboxMessage[] {
    return this.many('SELECT * FROM outbox ORDER BY id', toOutbox);
  }
  outboxByToken(token: string): OutboxMessage | undefined {
    return this.one('SELECT * FROM outbox WHERE token = ?', toOutbox, token);
  }
  insertOutbox(m: Omit<Insert<OutboxMessage>, 'to'> & { toAddress: string }): number {
    return this.insert('outbox', m);
  }

  // paged lists (SQL in paging.ts): one LIMIT/OFFSET query and one COUNT, both on an index
  private page<T>(q: SqlQuery, map: (r: Row) => T): Page<T> {
    return {
      rows: this.many(q.rows, map, ...q.params, ...(q.sortParams ?? []), ...q.window),
      total: this.one(q.count, (r) => r.n as number, ...q.params) ?? 0,
    };
  }
  /** Orders of one account and/or vendor (null: any), filtered, sorted and paged in SQL. */
  ordersPage(accountId: number | null, vendor: Vendor | null, query: OrderPageQuery): Page<Order> {
    return this.page(orderPageSql(accountId, vendor, query), toOrder);
  }
  /** Certificates with their order, newest request first. */
  certificatesPage(filters: CertificateFilters, window: PageWindow): Page<{ cert: Certificate; order: Order }> {
    const page = this.page(certificatePageSql(filters, window), toCertificate);
    return { total: page.total, rows: page.rows.map((cert) => ({ cert, order: this.order(cert.orderId)! })) };
  }
  /** Outbox messages, oldest first (or newest first). */
  outboxPage(filters: OutboxFilters, window: PageWindow, newestFirst = false): Page<OutboxMessage> {
    return this.page(outboxPageSql(filters, window, newestFirst), toOutbox);
  }
  outboxMessage(id: number): OutboxMessage | undefined {
    return this.one('SELECT * FROM outbox WHERE id = ?', toOutbox, id);
  }
  outboxWithToken(token: string): OutboxMessage[] {
    return this.many('SELECT * FROM outbox WHERE token = ? ORDER BY id', toOutbox, token);
  }
  /** DNS records by id; `name` is the stored owner name (lower case, trailing dot). */
  dnsRecordsPage(name: string | undefined, window: PageWindow): Page<DnsRecord> {
    return this.page(dnsPageSql(name, window), toDnsRecord);
  }

  /** How many reads are memoised now (tests: a read with a huge parameter is not). */
  get memoEntries(): number {
    return this.memo.size;
  }

  /** One page of an account's orders for a report (SQL in order-search.ts: filters, LIMIT/OFFSET, no count). */
  searchOrders(accountId: number, vendor: Vendor, search: OrderSearch): Order[] {
    const { sql, params } = orderSearchSql(accountId, vendor, search);
    return this.many(sql, toOrder, ...params);
  }

  /**
   * Counts a start of the emulator on this store and returns how many came before (0 on a fresh
   * store, so an in-memory run is always start 0).
   */
  countStart(): number {
    const before = Number(this.setting('starts') ?? 0);
    this.setSetting('starts', String(before + 1));
    return before;
  }

  /** Deletes an order and every row that belongs to it (undoing a creation that was answered with an error). */
  removeOrderRows(orderId: number): void {
    this.changed();
    this.transaction(() => {
      for (const table of ['validations', 'events', 'approvals', 'certificates'] as const) this.stmt(`DELETE FROM ${table} WHERE order_id = ?`).run(orderId);
      this.stmt('DELETE FROM orders WHERE id = ?').run(orderId);
    });
  }

  /** Deletes one certificate with its validations and events (undoing a reissue that was answered with an error). */
  removeCertificateRows(certificateId: number): void {
    this.changed();
    this.transaction(() => {
      for (const table of ['validations', 'events', 'approvals'] as const) this.stmt(`DELETE FROM ${table} WHERE certificate_id = ?`).run(certificateId);
      this.stmt('DELETE FROM certificates WHERE id = ?').run(certificateId);
    });
  }

  /** Every DNS record at one owner name (stored form: lower case, trailing dot), of any type. */
  dnsRecordsNamed(name: string): DnsRecord[] {
    return this.many('SELECT * FROM dns_records WHERE name = ? ORDER BY id', toDnsRecord, name);
  }

  /** What the CRL lists: serial, time and reason of every revoked certificate, oldest revocation first. */
  revocationList(): { serial: string; revokedAt: number | null; reason: number | null }[] {
    return this.many(
      "SELECT serial, revoked_at, revocation_reason FROM certificates WHERE status = 'revoked' AND serial IS NOT NULL ORDER BY revoked_at, id",
      (r) => ({ serial: r.serial as string, revokedAt: r.revoked_at as number | null, reason: r.revocation_reason as number | null }),
    );
  }
}
