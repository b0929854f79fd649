import * as z from 'zod';
import type { ControlRoutes } from '../env.js';
import { dnsListQuerySchema, listQuery, pageInfo, windowOf } from '../paging.js';
import { controlBody, ControlFailure } from '../respond.js';

const recordSchema = z
  .object({
    name: z.string().min(1).max(253),
    type: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'CAA']),
    data: z.string().min(1).max(4096),
    ttl: z.number().int().min(1).max(604800).optional(),
  })
  .strict();

const present = (r: { id: number; name: string; type: string; data: string; ttl: number; accountId: number | null }) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  data: r.data,
  ttl: r.ttl,
  owner: r.accountId,
});

/** The emulated DNS that DCV checks read; records added here belong to no vendor account. */
export const dnsRoutes: ControlRoutes = (app, ctx) => {
  app.get('/api/dns/records', (c) => {
    const query = listQuery(c, dnsListQuerySchema);
    const window = windowOf(query);
    const name = query.name ? `${query.name.toLowerCase().replace(/\.$/, '')}.` : undefined;
    const page = ctx.store.dnsRecordsPage(name, window);
    return c.json({ records: page.rows.map(present), page: pageInfo(page, window) });
  });

  app.post('/api/dns/records', async (c) => {
    const body = await controlBody(c, ctx.config.maxBodyBytes, recordSchema);
    return c.json(present(ctx.core.dns.add({ accountId: null, ...body }, ctx.clock.nowMs())), 201);
  });

  app.delete('/api/dns/records/:id', (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || !ctx.store.dnsRecord(id)) throw new ControlFailure(404, 'unknown_record', `no DNS record ${c.req.param('id')}`);
    ctx.core.dns.remove(id);
    return c.body(null, 204);
  });
};
