import type { Context } from 'hono';
import * as z from 'zod';
import { maxPageLimit, type Page, type PageWindow } from '../state/paging.js';
import { vendors, type Vendor } from '../state/model.js';
import { ControlFailure } from './respond.js';

/** Rows a control API list answers when the caller names no `limit`. */
export const defaultPageLimit = 100;

const count = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} must be a whole number`)
    .transform(Number);

/** `?limit=&offset=` of every control API list (the OpenAPI document is generated from it). */
export const pageQuerySchema = z.object({
  limit: count('limit')
    .pipe(z.number().min(1).max(maxPageLimit))
    .optional()
    .describe(`rows per page, 1…${maxPageLimit} (default ${defaultPageLimit})`),
  offset: count('offset').optional().describe('rows to skip (default 0)'),
});

const vendor = z.enum(vendors as [Vendor, ...Vendor[]]);

export const orderListQuerySchema = pageQuerySchema.extend({ vendor: vendor.optional() });
export const outboxListQuerySchema = pageQuerySchema.extend({
  to: z.string().max(320).optional(),
  vendor: vendor.optional(),
  order_id: z.string().max(200).optional(),
});
export const dnsListQuerySchema = pageQuerySchema.extend({ name: z.string().max(253).optional() });

/** The query of a list request, validated (400 invalid_query otherwise); repeated parameters take the first value. */
export function listQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const raw = c.req.query();
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlFailure(400, 'invalid_query', `${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  return result.data;
}

export function windowOf(q: { limit?: number; offset?: number }): PageWindow {
  return { limit: q.limit ?? defaultPageLimit, offset: q.offset ?? 0 };
}

/** `page` of a list answer: where this page sits, and the query of the next one (null on the last page). */
export function pageInfo(page: Page<unknown>, window: PageWindow) {
  const end = window.offset + page.rows.length;
  return { total: page.total, limit: window.limit, offset: window.offset, next_offset: end < page.total && page.rows.length > 0 ? end : null };
}
