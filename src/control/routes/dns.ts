import * as z from 'zod';
import type { ControlRoutes } from '../env.js';
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
    const name = c.req.query('name');
    const records = ctx.store.dnsRecords().filter((r) => !name || r.name === `${name.toLowerCase().replace(/\.$/, '')}.`);
    return c.json({ records: records.map(present) });
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
