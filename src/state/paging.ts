import type { CertificateKind, CertificateProfile, CertificateStatus, OrderState, Vendor } from './model.js';

/**
 * Paged list queries: the SQL behind `Store.ordersPage`, `Store.certificatesPage`,
 * `Store.outboxPage` and `Store.dnsRecordsPage`. Every page is one `LIMIT/OFFSET` query on an
 * index plus one `COUNT`, so answering a page costs the same with ten orders or a hundred thousand.
 */

/** One page of a list and how many rows match in all. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/** Which slice of the matching rows. `limit` is clamped to 1…maxPageLimit, `offset` to ≥ 0. */
export interface PageWindow {
  limit: number;
  offset: number;
}

export const maxPageLimit = 1000;

export interface OrderFilters {
  /** Vendor-facing order ids. */
  ids?: readonly string[];
  products?: readonly string[];
  states?: readonly OrderState[];
  organizationIds?: readonly number[];
  /** Common name, exact and case-insensitive. */
  commonName?: string;
  /** Substring (case-insensitive) of the common name or of any DNS name. */
  search?: string;
  /** Only orders whose row id is above this one: what was created since `lastOrderId` was read. */
  idAbove?: number;
  /** `created_at` bounds in ms, both inclusive. */
  createdFrom?: number;
  createdUntil?: number;
  /**
   * Status of the order's current certificate as stored (the newest that is not a duplicate nor a
   * rejected reissue). Time is not applied: pass `now` to count issued-but-run-out as expired.
   */
  currentStatus?: readonly CertificateStatus[];
  now?: number;
  /** Kind of the order's current certificate (as `currentStatus` picks it). */
  currentKinds?: readonly CertificateKind[];
  /** Keys of the order's meta and how their value tests: `truthy`/`falsy` as in JavaScript, `true` as `=== true`. */
  meta?: readonly { key: string; is: 'truthy' | 'falsy' | 'true' | 'notTrue' }[];
  /** Orders that match at least one of these (each one all its own filters), besides the filters above. */
  anyOf?: readonly OrderFilters[];
  /** Common name of the certificate the order shows (`shownCertificate`), exact and case-insensitive. */
  shownCommonName?: string;
  /** The shown certificate's common name matches this LIKE pattern (`likeSubstring`, `likeWildcards`). */
  shownCommonNameLike?: string;
  /** Each of these LIKE patterns matches the shown certificate's common name or one of its DNS names. */
  shownNameLike?: readonly string[];
  /** The shown certificate's common name or one of its DNS names, exact and case-insensitive. */
  shownName?: string;
  /** Vendor-facing ids of the shown certificate, as numbers print (`0042` reads `42`). */
  shownNumericIds?: readonly string[];
  /** Serial of the shown certificate once issued (it has a PEM), in its stored form: lower case, no leading zeros. */
  shownSerial?: string;
  /** `created_at` as the text `YYYY-MM-DD HH:MM:SS+00:00` (UTC), compared as DigiCert's date filters compare. */
  createdText?: TextDateTest;
  /** The not-after day (`YYYY-MM-DD`, UTC) of the certificate the order shows (`shownCertificate`); an order that shows no issued one never matches. */
  shownNotAfterDay?: TextDateTest;
}

/**
 * A date filter on formatted text: `range` (from ≤ text, and the text's first |to| characters ≤ to),
 * or the text's first |date| characters against `date` with `op`.
 */
export type TextDateTest = { range: readonly [string, string] } | { op: '>' | '>=' | '<' | '<=' | '='; date: string };

/** `test` applied to a text the way `textDateTest` does it in SQL (the in-memory twin). */
export function textDateMatches(test: TextDateTest, value: string | undefined): boolean {
  if (value === undefined) return false;
  if ('range' in test) return value >= test.range[0] && value.slice(0, test.range[1].length) <= test.range[1];
  const x = value.slice(0, test.date.length);
  switch (test.op) {
    case '>':
      return x > test.date;
    case '>=':
      return x >= test.date;
    case '<':
      return x < test.date;
    case '<=':
      return x <= test.date;
    default:
      return x === test.date;
  }
}

/**
 * What orders sort by: a column; a value of the certificate the order shows (`shown_not_after`: the
 * day it runs out, orders showing none first, ascending; `shown_common_name`: its common name, as the
 * text compares, case-sensitive; `shown_numeric_id`: its vendor-facing id as a number); the
 * organization's vendor-facing id as a number (0 without one); or `labels`: the label of the first
 * set of alternatives the order matches (a status derived from stored fields, say).
 */
export type OrderSort =
  | 'id'
  | 'created_at'
  | 'common_name'
  | 'product'
  | 'shown_not_after'
  | 'shown_common_name'
  | 'shown_numeric_id'
  | 'organization_numeric_id'
  | { labels: readonly { label: string; anyOf: readonly OrderFilters[] }[] };

export interface OrderPageQuery extends PageWindow {
  filters?: OrderFilters;
  /** Sort keys, the first first (default: id). Ties are broken by id in the first key's direction, so pages are stable. */
  sort?: readonly { by: OrderSort; descending?: boolean }[];
  /** Without `sort`: newest first. */
  descending?: boolean;
}

export interface CertificateFilters {
  vendor?: Vendor;
  accountId?: number;
  profile?: CertificateProfile;
  kinds?: readonly CertificateKind[];
  /** Stored status; with `now`, an issued certificate past its not-after counts as expired. */
  statuses?: readonly CertificateStatus[];
  now?: number;
  /** Substring (case-insensitive) of the common name, a DNS name, the order id, the serial or the account name. */
  search?: string;
}

export interface OutboxFilters {
  vendor?: Vendor;
  accountId?: number;
  /** Vendor-facing order id (with `vendor`, or of any vendor). */
  orderPublicId?: string;
  /** Recipient, case-insensitive. */
  to?: string;
  kind?: string;
}

export interface SqlQuery {
  rows: string;
  count: string;
  params: unknown[];
  /** Values of `rows`' ORDER BY, after `params`. */
  sortParams?: unknown[];
  /** The page window, appended to `params` for `rows` only. */
  window: [number, number];
}

export function clampWindow(w: PageWindow): [number, number] {
  const limit = Number.isFinite(w.limit) ? Math.min(maxPageLimit, Math.max(1, Math.trunc(w.limit))) : maxPageLimit;
  const offset = Number.isFinite(w.offset) ? Math.max(0, Math.trunc(w.offset)) : 0;
  return [limit, offset];
}

/** `%`, `_` and `\` taken literally inside a LIKE pattern (lower case, `\` escapes). */
const likeLiteral = (s: string) => s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
/** A LIKE pattern for any text that contains `s` (case-insensitive). */
export const likeSubstring = (s: string) => `%${likeLiteral(s)}%`;
/** A LIKE pattern from one whose `%` are wildcards and nothing else is (`_` is a literal). */
export const likeWildcards = (pattern: string) => pattern.split('%').map(likeLiteral).join('%');
/**
 * A list parameter as one JSON array (`IN (SELECT value FROM json_each(?))`): the SQL text is the
 * same for any list length, so the prepared-statement cache does not grow with what callers send.
 */
function inList(where: string[], params: unknown[], column: string, values: readonly unknown[]): void {
  // One value is an equality, which the listing indexes serve in order.
  if (values.length === 1) where.push(`${column} = ?`), params.push(values[0]);
  else where.push(`${column} IN (SELECT value FROM json_each(?))`), params.push(JSON.stringify(values));
}

/** `status` of certificate alias `c` with time applied (issued past not-after reads expired). */
const effectiveStatus = (c: string) => `CASE WHEN ${c}.status = 'issued' AND ${c}.not_after IS NOT NULL AND ${c}.not_after <= ? THEN 'expired' ELSE ${c}.status END`;

const currentCertificate = `(SELECT cc.id FROM certificates cc WHERE cc.order_id = o.id ORDER BY
  (cc.kind != 'duplicate' AND NOT (cc.kind = 'reissue' AND cc.status = 'rejected')) DESC, cc.id DESC LIMIT 1)`;

/**
 * The certificate an order shows (shownOf of the DigiCert presenters): the current one if it has a
 * PEM, else the newest non-duplicate with a PEM, else the current one.
 */
const shownCertificate = `COALESCE(
  (SELECT sp.id FROM certificates sp WHERE sp.id = ${currentCertificate.replace(/\bcc\b/g, 'sc')} AND sp.pem IS NOT NULL),
  (SELECT sl.id FROM certificates sl WHERE sl.order_id = o.id AND sl.kind != 'duplicate' AND sl.pem IS NOT NULL ORDER BY sl.id DESC LIMIT 1),
  ${currentCertificate.replace(/\bcc\b/g, 'sd')})`;

/** The shown certificate's not-after day, NULL unless it was issued (PEM and validity set). */
const shownNotAfterDay = `(SELECT CASE WHEN s.pem IS NOT NULL AND s.not_before IS NOT NULL AND s.not_after IS NOT NULL
  THEN strftime('%Y-%m-%d', s.not_after / 1000, 'unixepoch') END FROM certificates s WHERE s.id = ${shownCertificate})`;

const shownCommonName = `(SELECT sn.common_name FROM certificates sn WHERE sn.id = ${shownCertificate})`;

const createdText = "(strftime('%Y-%m-%d %H:%M:%S', o.created_at / 1000, 'unixepoch') || '+00:00')";

/** `test` on the SQL text expression `text` (NULL never matches). */
function textDateTest(text: string, test: TextDateTest, where: string[], params: unknown[]): void {
  if ('range' in test) {
    where.push(`(${text} >= ? AND substr(${text}, 1, ?) <= ?)`);
    params.push(test.range[0], test.range[1].length, test.range[1]);
    return;
  }
  where.push(`substr(${text}, 1, ?) ${test.op} ?`);
  params.push(test.date.length, test.date);
}

const shownNotAfterSort = `coalesce(${shownNotAfterDay}, '')`;

const orderSortColumns: Record<Exclude<OrderSort, object>, string> = {
  id: 'o.id',
  created_at: 'o.created_at',
  common_name: 'o.common_name COLLATE NOCASE',
  product: 'o.product',
  shown_not_after: shownNotAfterSort,
  shown_common_name: shownCommonName,
  shown_numeric_id: `(SELECT CAST(si.public_id AS INTEGER) FROM certificates si WHERE si.id = ${shownCertificate})`,
  organization_numeric_id: 'coalesce((SELECT CAST(og.public_id AS INTEGER) FROM organizations og WHERE og.id = o.organization_id), 0)',
};

/** The SQL expression orders sort by for `by`, its values pushed onto `params`. */
function sortExpression(by: OrderSort, params: unknown[]): string {
  if (typeof by === 'string') return orderSortColumns[by];
  const cases = by.labels.map(({ label, anyOf }) => {
    const test = anyOfCondition(anyOf, params);
    params.push(label);
    return `WHEN ${test} THEN ?`;
  });
  return cases.length ? `CASE ${cases.join(' ')} END` : 'NULL';
}

/** Orders that match at least one of `alternatives` (each all its own filters). */
function anyOfCondition(alternatives: readonly OrderFilters[], params: unknown[]): string {
  const each = alternatives.map((alt) => {
    const own: string[] = [];
    orderConditions(alt, own, params);
    return own.length ? `(${own.join(' AND ')})` : '1';
  });
  return each.length ? `(${each.join(' OR ')})` : '0';
}

/** A meta key's JSON value tested as JavaScript would (json_type is NULL when the key is absent). */
function metaTest(key: string, is: 'truthy' | 'falsy' | 'true' | 'notTrue', params: unknown[]): string {
  const path = `$."${key.replace(/["\\]/g, '')}"`;
  if (is === 'true' || is === 'notTrue') {
    params.push(path);
    return is === 'true' ? "coalesce(json_type(o.meta, ?) = 'true', 0)" : "NOT coalesce(json_type(o.meta, ?) = 'true', 0)";
  }
  params.push(path, path, path, path, path);
  const truthy = `coalesce(json_type(o.meta, ?) IN ('true', 'object', 'array')
    OR (json_type(o.meta, ?) IN ('integer', 'real') AND json_extract(o.meta, ?) != 0)
    OR (json_type(o.meta, ?) = 'text' AND json_extract(o.meta, ?) != ''), 0)`;
  return is === 'truthy' ? truthy : `NOT ${truthy}`;
}

/** The SQL conditions of `f` on orders alias `o`, pushed onto `where`, their values onto `params`. */
function orderConditions(f: OrderFilters, where: string[], params: unknown[]): void {
  if (f.ids) inList(where, params, 'o.public_id', f.ids);
  if (f.products) inList(where, params, 'o.product', f.products);
  if (f.states) inList(where, params, 'o.state', f.states);
  if (f.organizationIds) inList(where, params, 'o.organization_id', f.organizationIds);
  if (f.commonName !== undefined) where.push('lower(o.common_name) = ?'), params.push(f.commonName.toLowerCase());
  if (f.search) where.push("(lower(o.common_name) LIKE ? ESCAPE '\\' OR lower(o.dns_names) LIKE ? ESCAPE '\\')"), params.push(likeSubstring(f.search), likeSubstring(f.search));
  if (f.idAbove !== undefined) where.push('o.id > ?'), params.push(f.idAbove);
  if (f.createdFrom !== undefined) where.push('o.created_at >= ?'), params.push(f.createdFrom);
  if (f.createdUntil !== undefined) where.push('o.created_at <= ?'), params.push(f.createdUntil);
  if (f.currentStatus) {
    const status = f.now === undefined ? 'c.status' : effectiveStatus('c');
    if (f.now !== undefined) params.push(f.now);
    inList(where, params, `(SELECT ${status} FROM certificates c WHERE c.id = ${currentCertificate})`, f.currentStatus);
  }
  if (f.currentKinds) inList(where, params, `(SELECT c.kind FROM certificates c WHERE c.id = ${currentCertificate})`, f.currentKinds);
  for (const m of f.meta ?? []) where.push(metaTest(m.key, m.is, params));
  // Names, ids and serials of the shown certificate: first the orders with any certificate that has
  // it (one pass over the certificates), then, of those, the ones whose shown certificate has it.
  if (f.shownCommonName !== undefined) {
    const name = f.shownCommonName.toLowerCase();
    where.push(`o.id IN (SELECT order_id FROM certificates WHERE lower(common_name) = ?) AND lower(${shownCommonName}) = ?`);
    params.push(name, name);
  }
  if (f.shownCommonNameLike !== undefined) {
    where.push(`o.id IN (SELECT order_id FROM certificates WHERE lower(common_name) LIKE ? ESCAPE '\\') AND lower(${shownCommonName}) LIKE ? ESCAPE '\\'`);
    params.push(f.shownCommonNameLike, f.shownCommonNameLike);
  }
  for (const pattern of f.shownNameLike ?? []) {
    // Each DNS name on its own (json_each), so a pattern never matches across two names or the JSON around them.
    const names = (c: string) => `(lower(${c}.common_name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(${c}.dns_names) n WHERE lower(n.value) LIKE ? ESCAPE '\\'))`;
    where.push(`o.id IN (SELECT sy.order_id FROM certificates sy WHERE ${names('sy')}) AND EXISTS (SELECT 1 FROM certificates sx WHERE sx.id = ${shownCertificate} AND ${names('sx')})`);
    params.push(pattern, pattern, pattern, pattern);
  }
  if (f.shownName !== undefined) {
    const named = (c: string) => `(lower(${c}.common_name) = ? OR EXISTS (SELECT 1 FROM json_each(${c}.dns_names) n WHERE lower(n.value) = ?))`;
    where.push(`o.id IN (SELECT sy.order_id FROM certificates sy WHERE ${named('sy')}) AND EXISTS (SELECT 1 FROM certificates sx WHERE sx.id = ${shownCertificate} AND ${named('sx')})`);
    const name = f.shownName.toLowerCase();
    params.push(name, name, name, name);
  }
  if (f.shownNumericIds) {
    const any: string[] = [];
    inList(any, params, 'CAST(CAST(sy.public_id AS INTEGER) AS TEXT)', f.shownNumericIds);
    where.push(`o.id IN (SELECT sy.order_id FROM certificates sy WHERE ${any[0]})`);
    inList(where, params, `(SELECT CAST(CAST(si.public_id AS INTEGER) AS TEXT) FROM certificates si WHERE si.id = ${shownCertificate})`, f.shownNumericIds);
  }
  if (f.shownSerial !== undefined) {
    const stored = (c: string) => `coalesce(nullif(ltrim(lower(${c}.serial), '0'), ''), '0')`;
    where.push(`o.id IN (SELECT sy.order_id FROM certificates sy WHERE sy.serial IS NOT NULL AND ${stored('sy')} = ?)
      AND EXISTS (SELECT 1 FROM certificates sx WHERE sx.id = ${shownCertificate} AND sx.pem IS NOT NULL AND sx.serial IS NOT NULL AND ${stored('sx')} = ?)`);
    params.push(f.shownSerial, f.shownSerial);
  }
  if (f.createdText) textDateTest(createdText, f.createdText, where, params);
  if (f.shownNotAfterDay) textDateTest(shownNotAfterDay, f.shownNotAfterDay, where, params);
  if (f.anyOf) where.push(anyOfCondition(f.anyOf, params));
}

export function orderPageSql(accountId: number | null, vendor: Vendor | null, q: OrderPageQuery): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  if (accountId !== null) where.push('o.account_id = ?'), params.push(accountId);
  if (vendor !== null) where.push('o.vendor = ?'), params.push(vendor);
  orderConditions(q.filters ?? {}, where, params);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const keys = q.sort?.length ? q.sort : [{ by: 'id' as const, descending: q.descending }];
  const sortParams: unknown[] = [];
  const dir = (descending: boolean | undefined) => (descending ? 'DESC' : 'ASC');
  const terms = keys.map((k) => `${sortExpression(k.by, sortParams)} ${dir(k.descending)}`);
  if (!keys.some((k) => k.by === 'id')) terms.push(`o.id ${dir(keys[0].descending)}`);
  return {
    rows: `SELECT o.* FROM orders o ${clause} ORDER BY ${terms.join(', ')} LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS n FROM orders o ${clause}`,
    params,
    sortParams,
    window: clampWindow(q),
  };
}

/** Certificates with their order, newest request first (the console's listings). */
export function certificatePageSql(f: CertificateFilters, w: PageWindow): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  let joinAccount = false;
  const joinOrder = f.vendor !== undefined || f.accountId !== undefined || !!f.search;
  if (f.profile) where.push('c.profile = ?'), params.push(f.profile);
  if (f.kinds) inList(where, params, 'c.kind', f.kinds);
  if (f.vendor) where.push('o.vendor = ?'), params.push(f.vendor);
  if (f.accountId !== undefined) where.push('o.account_id = ?'), params.push(f.accountId);
  if (f.statuses) {
    if (f.now !== undefined) params.push(f.now);
    inList(where, params, f.now === undefined ? 'c.status' : effectiveStatus('c'), f.statuses);
  }
  if (f.search) {
    joinAccount = true;
    const p = likeSubstring(f.search);
    where.push(
      "(lower(c.common_name) LIKE ? ESCAPE '\\' OR lower(c.dns_names) LIKE ? ESCAPE '\\' OR lower(o.public_id) LIKE ? ESCAPE '\\' OR lower(coalesce(c.serial, '')) LIKE ? ESCAPE '\\' OR lower(coalesce(a.name, '')) LIKE ? ESCAPE '\\')",
    );
    params.push(p, p, p, p, p);
  }
  // The order is joined only to filter: the page's orders are read by id afterwards.
  const from = `FROM certificates c${joinOrder ? ' JOIN orders o ON o.id = c.order_id' : ''}${joinAccount ? ' LEFT JOIN accounts a ON a.id = o.account_id' : ''}`;
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    rows: `SELECT c.* ${from} ${clause} ORDER BY c.requested_at DESC, c.id DESC LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS n ${from} ${clause}`,
    params,
    window: clampWindow(w),
  };
}

/** Outbox messages, oldest first (`newestFirst` for the console). */
export function outboxPageSql(f: OutboxFilters, w: PageWindow, newestFirst = false): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const joinOrder = f.vendor !== undefined || f.orderPublicId !== undefined;
  if (f.accountId !== undefined) where.push('m.account_id = ?'), params.push(f.accountId);
  if (f.vendor) where.push('o.vendor = ?'), params.push(f.vendor);
  if (f.orderPublicId !== undefined) where.push('o.public_id = ?'), params.push(f.orderPublicId);
  if (f.to !== undefined) where.push('m.to_address = ? COLLATE NOCASE'), params.push(f.to);
  if (f.kind !== undefined) where.push('m.kind = ?'), params.push(f.kind);
  const from = `FROM outbox m${joinOrder ? ' JOIN orders o ON o.id = m.order_id' : ''}`;
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    rows: `SELECT m.* ${from} ${clause} ORDER BY m.id ${newestFirst ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS n ${from} ${clause}`,
    params,
    window: clampWindow(w),
  };
}

/** DNS records by id, optionally of one owner name (`name.` as stored). */
export function dnsPageSql(name: string | undefined, w: PageWindow): SqlQuery {
  const clause = name === undefined ? '' : 'WHERE name = ?';
  return {
    rows: `SELECT * FROM dns_records ${clause} ORDER BY id LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS n FROM dns_records ${clause}`,
    params: name === undefined ? [] : [name],
    window: clampWindow(w),
  };
}
