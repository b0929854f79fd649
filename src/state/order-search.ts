import type { CertificateStatus, Vendor } from './model.js';
import { clampWindow, type PageWindow } from './paging.js';

/**
 * A report-style search over one account's orders (Sectigo's WebHostReport): every filter is SQL,
 * the page is `LIMIT/OFFSET` on the account index, oldest order first, and nothing is counted, so
 * a page costs what its window costs, not what the store holds.
 */
export interface OrderSearch extends PageWindow {
  /** Vendor-facing order ids. */
  ids?: readonly string[];
  /** `created_at` bounds in ms, both inclusive. */
  createdFrom?: number;
  createdUntil?: number;
  /** A string field of `orders.meta` equals one of the values. */
  metaIn?: readonly { key: string; values: readonly string[] }[];
  /** A string field of `orders.meta` matches an SQL LIKE pattern (the caller's `%` and `_`), any case. */
  metaLike?: readonly { key: string; pattern: string }[];
  /** Some certificate of the order (duplicates aside) has a common name or DNS name matching this LIKE pattern. */
  certificateNameLike?: string;
  /** Some certificate of the order has one of these vendor-facing ids. */
  certificateIds?: readonly string[];
  /** Some certificate of the order (duplicates aside) is in one of these states. */
  certificateStates?: readonly CertificateStateFilter[];
}

/** A stored certificate status, optionally narrowed by its order being staged and its validations being complete. */
export interface CertificateStateFilter {
  status: CertificateStatus;
  orderStaged?: boolean;
  /** At least one validation and every one of them valid. */
  validationsComplete?: boolean;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const metaPath = (key: string): string => {
  if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`order search: bad meta key ${key}`);
  return `$.${key}`;
};
const complete = `(EXISTS (SELECT 1 FROM validations v WHERE v.certificate_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM validations v WHERE v.certificate_id = c.id AND v.status != 'valid'))`;

export function orderSearchSql(accountId: number, vendor: Vendor, q: OrderSearch): { sql: string; params: unknown[] } {
  const where = ['o.account_id = ?', 'o.vendor = ?'];
  const params: unknown[] = [accountId, vendor];
  if (q.ids) where.push(`o.public_id IN (${marks(q.ids.length)})`), params.push(...q.ids);
  if (q.createdFrom !== undefined) where.push('o.created_at >= ?'), params.push(q.createdFrom);
  if (q.createdUntil !== undefined) where.push('o.created_at <= ?'), params.push(q.createdUntil);
  for (const m of q.metaIn ?? []) where.push(`CAST(json_extract(o.meta, ?) AS TEXT) IN (${marks(m.values.length)})`), params.push(metaPath(m.key), ...m.values);
  for (const m of q.metaLike ?? []) where.push('lower(json_extract(o.meta, ?)) LIKE lower(?)'), params.push(metaPath(m.key), m.pattern);
  if (q.certificateNameLike !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM certificates c WHERE c.order_id = o.id AND c.kind != 'duplicate'
      AND (lower(c.common_name) LIKE lower(?) OR EXISTS (SELECT 1 FROM json_each(c.dns_names) j WHERE lower(j.value) LIKE lower(?))))`);
    params.push(q.certificateNameLike, q.certificateNameLike);
  }
  if (q.certificateIds) {
    where.push(`EXISTS (SELECT 1 FROM certificates c WHERE c.order_id = o.id AND c.public_id IN (${marks(q.certificateIds.length)}))`);
    params.push(...q.certificateIds);
  }
  if (q.certificateStates) {
    const alternatives = q.certificateStates.map((s) => {
      const parts = ['c.status = ?'];
      params.push(s.status);
      if (s.orderStaged !== undefined) parts.push(s.orderStaged ? "o.state = 'staged'" : "o.state != 'staged'");
      if (s.validationsComplete !== undefined) parts.push(s.validationsComplete ? complete : `NOT ${complete}`);
      return `(${parts.join(' AND ')})`;
    });
    where.push(`EXISTS (SELECT 1 FROM certificates c WHERE c.order_id = o.id AND c.kind != 'duplicate' AND (${alternatives.length ? alternatives.join(' OR ') : '0'}))`);
  }
  const [limit, offset] = clampWindow(q);
  params.push(limit, offset);
  return { sql: `SELECT o.* FROM orders o WHERE ${where.join(' AND ')} ORDER BY o.id ASC LIMIT ? OFFSET ?`, params };
}
