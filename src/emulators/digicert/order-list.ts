import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Order } from '../../state/model.js';
import { likeSubstring, likeWildcards, textDateMatches, type OrderFilters, type OrderPageQuery, type OrderSort, type TextDateTest } from '../../state/paging.js';
import type { DigicertEnv } from './env.js';
import { digicertInferred } from './inferred.js';
import { presentOrderListItem } from './presenters.js';
import { storedSerial } from './pem.js';
import { digicertStatuses, statusFilters } from './status.js';
import { fieldError, json } from './respond.js';

type Item = ReturnType<typeof presentOrderListItem>;
type Predicate = (item: Item, order: Order) => boolean;

const lower = (s: string | undefined | null) => (s ?? '').toLowerCase();

/**
 * `%` wildcards (SQL LIKE), else a case-insensitive substring. Matched by finding the pieces in order
 * (linear in the value), never by a backtracking regular expression a caller could make explode.
 */
function like(pattern: string): (value: string) => boolean {
  const pieces = lower(pattern).split('%');
  if (pieces.length === 1) return (v) => lower(v).includes(pieces[0]);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  return (raw) => {
    const v = lower(raw);
    if (v.length < first.length + last.length || !v.startsWith(first) || !v.endsWith(last)) return false;
    let at = first.length;
    const end = v.length - last.length;
    for (const piece of middle) {
      const found = v.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** `2024-01-01...2024-02-01`, `>2024-01-01`, `<=…`, or one day. Dates compare as YYYY-MM-DD[ HH:MM:SS] text. */
function parseDateFilter(field: string, raw: string): TextDateTest {
  const text = raw.replace(/\+/g, ' ').trim();
  const range = text.split('...');
  if (range.length === 2) return { range: [range[0].trim(), range[1].trim()] };
  const m = text.match(/^(>=|<=|>|<)?(.+)$/);
  if (!m || !/^\d{4}-\d{2}-\d{2}/.test(m[2])) throw fieldError('invalid_param', `filters[${field}]`, `'${raw}' is not a date or date range`);
  return { op: (m[1] ?? '=') as '>' | '>=' | '<' | '<=' | '=', date: m[2] };
}

const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** filters[…] of reference/digicert.md §5, as a table of predicate builders. */
const filterTable: Record<string, (value: string) => Predicate> = {
  id: (v) => (i) => list(v).includes(String(i.id)),
  status: (v) => (i) => list(v).includes(i.status),
  organization_id: (v) => (i) => list(v).includes(String(i.organization?.id ?? '')),
  product_name_id: (v) => (i) => list(v).includes(i.product_name_id),
  container_id: (v) => (i) => list(v).includes(String(i.container.id)),
  certificate_id: (v) => (i) => list(v).includes(String(i.certificate.id)),
  serial_number: (v) => (i) => i.certificate.serial_number !== undefined && storedSerial(i.certificate.serial_number) === storedSerial(v),
  common_name: (v) => {
    const m = like(v);
    return (i) => (v.includes('%') ? m(i.certificate.common_name) : lower(i.certificate.common_name) === lower(v));
  },
  domain_name: (v) => {
    const m = like(v);
    return (i) => [i.certificate.common_name, ...i.certificate.dns_names].some((n) => (v.includes('%') ? m(n) : lower(n) === lower(v)));
  },
  search: (v) => {
    const m = like(v);
    return (i) => m(i.certificate.common_name) || i.certificate.dns_names.some(m);
  },
  valid_till: (v) => {
    const test = parseDateFilter('valid_till', v);
    return (i) => textDateMatches(test, i.certificate.valid_till);
  },
  date_created: (v) => {
    const test = parseDateFilter('date_created', v);
    return (i) => textDateMatches(test, i.date_created.replace('T', ' '));
  },
  is_renewed: (v) => (i) => String(i.is_renewed ? 1 : 0) === v || String(i.is_renewed) === v,
  disable_renewal_notifications: (v) => (i) => String(i.disable_renewal_notifications ? 1 : 0) === v || String(i.disable_renewal_notifications) === v,
  origin: (v) => () => v === 'certcentral',
  user_id: (v) => () => v.length > 0,
  email: (v) => () => v.length > 0,
  metadata_id: (v) => () => v.length > 0,
};

const sortKeyTable: Record<string, (i: Item) => string | number> = {
  id: (i) => i.id,
  date_created: (i) => i.date_created,
  valid_till: (i) => i.certificate.valid_till ?? '',
  common_name: (i) => i.certificate.common_name,
  status: (i) => i.status,
  product_name_id: (i) => i.product_name_id,
  organization_id: (i) => i.organization?.id ?? 0,
  certificate_id: (i) => i.certificate.id,
};

function csv(items: Item[]): string {
  const header = ['order_id', 'certificate_id', 'common_name', 'dns_names', 'status', 'product_name_id', 'valid_till', 'date_created', 'organization_id'];
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = items.map((i) =>
    [i.id, i.certificate.id, i.certificate.common_name, i.certificate.dns_names.join(' '), i.status, i.product_name_id, i.certificate.valid_till, i.date_created, i.organization?.id].map(cell).join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

interface ListQuery {
  predicates: Predicate[];
  sortKeys: { name: string; desc: boolean }[];
  offset: number;
  limit: number;
}

function parseQuery(query: Record<string, string>): ListQuery & { filters: [string, string][] } {
  const predicates: Predicate[] = [];
  const filters: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    const m = key.match(/^filters\[(\w+)\]$/);
    if (!m) continue;
    const build = filterTable[m[1]];
    if (!build) throw fieldError('invalid_param', key, `unknown filter ${m[1]}`);
    predicates.push(build(value));
    filters.push([m[1], value]);
  }
  const intParam = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) throw fieldError('invalid_param', name, `${name} must be a non-negative integer`);
    return Number(raw);
  };
  const offset = intParam('offset', 0);
  const limit = Math.max(1, Math.min(intParam('limit', digicertInferred.listLimit.default), digicertInferred.listLimit.max));
  const sortKeys = query.sort
    ? list(query.sort).map((s) => {
        const name = s.replace(/^[-+ ]/, '');
        if (!sortKeyTable[name]) throw fieldError('invalid_param', 'sort', `cannot sort by ${name}`);
        return { name, desc: s.startsWith('-') };
      })
    : [];
  return { predicates, filters, sortKeys, offset, limit };
}

const sqlSorts: Record<keyof typeof sortKeyTable, OrderSort> = {
  id: 'id',
  date_created: 'created_at',
  common_name: 'shown_common_name',
  product_name_id: 'product',
  valid_till: 'shown_not_after',
  certificate_id: 'shown_numeric_id',
  organization_id: 'organization_numeric_id',
  // statusOf in SQL: each status word as the stored fields that give it (statusFilters).
  status: { labels: digicertStatuses.map((status) => ({ label: status, anyOf: statusFilters(status) })) },
};

/**
 * The filters and sort the store can answer in SQL (one indexed LIMIT/OFFSET page, whatever the
 * size of the store); undefined when the query needs the presented DigiCert entries.
 */
function sqlQuery(ctx: EmulatorContext, accountId: number, q: ReturnType<typeof parseQuery>): OrderPageQuery | undefined {
  const filters: OrderFilters = {};
  for (const [name, value] of q.filters) {
    // `%` is a wildcard in the name filters only; elsewhere it is a character like any other.
    const wildcard = value.includes('%');
    switch (name) {
      case 'id':
        filters.ids = list(value);
        break;
      case 'product_name_id':
        filters.products = list(value);
        break;
      case 'organization_id':
        filters.organizationIds = list(value).map((id) => ctx.store.organizationByPublicId(accountId, id)?.id ?? -1);
        break;
      // Names are the shown certificate's, as the entry shows them (a reissue may rename the order).
      case 'common_name':
        if (wildcard) filters.shownCommonNameLike = likeWildcards(value);
        else filters.shownCommonName = value;
        break;
      case 'search':
        filters.shownNameLike = [...(filters.shownNameLike ?? []), wildcard ? likeWildcards(value) : likeSubstring(value)];
        break;
      case 'domain_name':
        if (wildcard) filters.shownNameLike = [...(filters.shownNameLike ?? []), likeWildcards(value)];
        else filters.shownName = value;
        break;
      case 'status':
        filters.anyOf = list(value).flatMap(statusFilters);
        break;
      case 'certificate_id':
        filters.shownNumericIds = list(value);
        break;
      case 'serial_number':
        filters.shownSerial = storedSerial(value);
        break;
      case 'valid_till':
        filters.shownNotAfterDay = parseDateFilter(name, value);
        break;
      case 'date_created':
        filters.createdText = parseDateFilter(name, value);
        break;
      default:
        return undefined;
    }
  }
  const sort = q.sortKeys.map((k) => ({ by: sqlSorts[k.name], descending: k.desc }));
  return { filters, sort, limit: q.limit, offset: q.offset };
}

/** Filters and sorts answered from the order row alone: refreshing it changes none of them. */
const orderRowFilters = new Set(['id', 'product_name_id', 'organization_id', 'date_created']);
const orderRowSorts = new Set(['id', 'date_created', 'product_name_id', 'organization_id']);

const readsCertificates = (q: ReturnType<typeof parseQuery>): boolean =>
  q.filters.some(([name]) => !orderRowFilters.has(name)) || q.sortKeys.some((k) => !orderRowSorts.has(k.name));

/**
 * Every order of the account presented, filtered and sorted in memory (the filters SQL cannot
 * answer). What is due is refreshed first, in id order; then the orders and their certificates are
 * two reads, not one per order.
 */
async function listInMemory(ctx: EmulatorContext, accountId: number, q: ListQuery): Promise<{ items: Item[]; total: number }> {
  await ctx.core.refreshDue(accountId, 'digicert');
  const certificates = ctx.store.certificatesByOrderOf(accountId, 'digicert');
  const pairs: { item: Item; order: Order }[] = [];
  for (const order of ctx.store.ordersOf(accountId)) {
    if (order.vendor !== 'digicert') continue;
    pairs.push({ item: presentOrderListItem(ctx, order, certificates.get(order.id) ?? ctx.core.certificates(order)), order });
  }
  const matching = pairs.filter(({ item, order }) => q.predicates.every((p) => p(item, order)));
  // Ties in the first key's direction, by row id (pairs are in row order), as the SQL page breaks them.
  const tie = q.sortKeys[0]?.desc ? -1 : 1;
  const ranked = q.sortKeys.length
    ? matching.map((pair, at) => ({ item: pair.item, at })).sort((a, b) => {
        for (const { name, desc } of q.sortKeys) {
          const x = sortKeyTable[name](a.item);
          const y = sortKeyTable[name](b.item);
          if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
        }
        return (a.at - b.at) * tie;
      })
    : matching;
  const items = ranked.map((r) => r.item);
  return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
}

/**
 * GET /order/certificate: filters, sort, offset/limit and `page{total,limit,offset}`; CSV when asked
 * with Accept: text/csv. An empty page has no `orders` key at all (recorded from the real API).
 */
export async function listOrders(ctx: EmulatorContext, c: Context<DigicertEnv>): Promise<Response> {
  const account = c.get('account');
  const q = parseQuery(c.req.query());
  const sql = sqlQuery(ctx, account.id, q);
  let page: { items: Item[]; total: number };
  if (sql) {
    // What is read from the certificates (status, the shown one's names, serial, validity) is applied
    // after what time or policy changes now, as the in-memory list applies it.
    if (readsCertificates(q)) await ctx.core.refreshDue(account.id, 'digicert');
    const rows = ctx.store.ordersPage(account.id, 'digicert', sql);
    const items: Item[] = [];
    for (const o of rows.rows) items.push(presentOrderListItem(ctx, await ctx.core.refresh(o)));
    page = { items, total: rows.total };
  } else {
    page = await listInMemory(ctx, account.id, q);
  }
  if ((c.req.header('accept') ?? '').includes('text/csv')) return c.body(csv(page.items), 200, { 'content-type': 'text/csv' });
  return json(c, { ...(page.items.length ? { orders: page.items } : {}), page: { total: page.total, limit: q.limit, offset: q.offset } });
}
