import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Order } from '../../state/model.js';
import type { DigicertEnv } from './env.js';
import { digicertInferred } from './inferred.js';
import { presentOrderListItem } from './presenters.js';
import { storedSerial } from './pem.js';
import { fieldError, json } from './respond.js';

type Item = ReturnType<typeof presentOrderListItem>;
type Predicate = (item: Item, order: Order) => boolean;

const lower = (s: string | undefined | null) => (s ?? '').toLowerCase();

/** `%` wildcards (SQL LIKE), else a case-insensitive substring. */
function like(pattern: string): (value: string) => boolean {
  if (!pattern.includes('%')) return (v) => lower(v).includes(lower(pattern));
  const re = new RegExp(`^${pattern.split('%').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return (v) => re.test(v);
}

/** `2024-01-01...2024-02-01`, `>2024-01-01`, `<=…`, or one day. Dates compare as YYYY-MM-DD[ HH:MM:SS] text. */
function dateMatcher(field: string, raw: string): (value: string | undefined) => boolean {
  const text = raw.replace(/\+/g, ' ').trim();
  const range = text.split('...');
  if (range.length === 2) return (v) => v !== undefined && v >= range[0].trim() && v.slice(0, range[1].trim().length) <= range[1].trim();
  const m = text.match(/^(>=|<=|>|<)?(.+)$/);
  if (!m || !/^\d{4}-\d{2}-\d{2}/.test(m[2])) throw fieldError('invalid_param', `filters[${field}]`, `'${raw}' is not a date or date range`);
  const [, op, date] = m;
  return (v) => {
    if (v === undefined) return false;
    const x = v.slice(0, date.length);
    switch (op) {
      case '>':
        return x > date;
      case '>=':
        return x >= date;
      case '<':
        return x < date;
      case '<=':
        return x <= date;
      default:
        return x === date;
    }
  };
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
    const m = dateMatcher('valid_till', v);
    return (i) => m(i.certificate.valid_till);
  },
  date_created: (v) => {
    const m = dateMatcher('date_created', v);
    return (i) => m(i.date_created.replace('T', ' '));
  },
  is_renewed: (v) => (i) => String(i.is_renewed ? 1 : 0) === v || String(i.is_renewed) === v,
  disable_renewal_notifications: (v) => (i) => String(i.disable_renewal_notifications ? 1 : 0) === v || String(i.disable_renewal_notifications) === v,
  origin: (v) => () => v === 'certcentral',
  user_id: (v) => () => v.length > 0,
  email: (v) => () => v.length > 0,
  metadata_id: (v) => () => v.length > 0,
};

const sortKeys: Record<string, (i: Item) => string | number> = {
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

/** GET /order/certificate: filters, sort, offset/limit and `page{total,limit,offset}`; CSV when asked with Accept: text/csv. */
export async function listOrders(ctx: EmulatorContext, c: Context<DigicertEnv>, orders: Order[]): Promise<Response> {
  const query = c.req.query();
  const predicates: Predicate[] = [];
  for (const [key, value] of Object.entries(query)) {
    const m = key.match(/^filters\[(\w+)\]$/);
    if (!m) continue;
    const build = filterTable[m[1]];
    if (!build) throw fieldError('invalid_param', key, `unknown filter ${m[1]}`);
    predicates.push(build(value));
  }
  const intParam = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) throw fieldError('invalid_param', name, `${name} must be a non-negative integer`);
    return Number(raw);
  };
  const offset = intParam('offset', 0);
  const limit = Math.min(intParam('limit', digicertInferred.listLimit.default), digicertInferred.listLimit.max);

  const pairs: { item: Item; order: Order }[] = [];
  for (const o of orders) {
    const order = await ctx.core.refresh(o);
    pairs.push({ item: presentOrderListItem(ctx, order), order });
  }
  let items = pairs.filter(({ item, order }) => predicates.every((p) => p(item, order))).map((p) => p.item);

  const sort = query.sort;
  if (sort) {
    const keys = list(sort).map((s) => {
      const desc = s.startsWith('-');
      const name = s.replace(/^[-+ ]/, '');
      const get = sortKeys[name];
      if (!get) throw fieldError('invalid_param', 'sort', `cannot sort by ${name}`);
      return { get, desc };
    });
    items = [...items].sort((a, b) => {
      for (const { get, desc } of keys) {
        const x = get(a);
        const y = get(b);
        if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return 0;
    });
  }
  const total = items.length;
  const page = items.slice(offset, offset + limit);
  if ((c.req.header('accept') ?? '').includes('text/csv')) return c.body(csv(page), 200, { 'content-type': 'text/csv' });
  return json(c, { orders: page, page: { total, limit, offset } });
}
