import * as z from 'zod';
import { caaPropertyOf } from '../../state/caa.js';
import type { ControlRoutes } from '../env.js';
import { dnsListQuerySchema, listQuery, pageInfo, windowOf } from '../paging.js';
import { controlBody, ControlFailure } from '../respond.js';

const recordSchema = z
  .object({
    name: z.string().min(1).max(253),
    type: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'CAA']),
    data: z.string().min(1).max(4096),
    ttl: z.number().int().min(1).max(604800).optional(),
    flags: z.number().int().min(0).max(255).optional().describe('CAA: the flags (else read from data "<flags> <tag> <value>")'),
    tag: z.string().regex(/^[A-Za-z0-9]{1,15}$/).optional().describe('CAA: the tag, e.g. issue or issuewild (else read from data)'),
  })
  .strict();

/** A CAA record keeps its flags and tag as fields, whether they came as fields or in the zone-file form of `data`. */
const withCaaFields = (body: z.infer<typeof recordSchema>) => {
  if (body.type !== 'CAA') return body;
  const property = caaPropertyOf({ data: body.data, flags: body.flags ?? null, tag: body.tag ?? null });
  if (!property.tag) throw new ControlFailure(400, 'invalid_body', 'tag: a CAA record needs a tag (field, or data "<flags> <tag> <value>")');
  return { ...body, flags: property.flags, tag: property.tag };
};

const present = (r: { id: number; name: string; type: string; data: string; ttl: number; accountId: number | null; flags: number | null; tag: string | null }) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  data: r.data,
  ttl: r.ttl,
  owner: r.accountId,
  ...(r.type === 'CAA' ? { flags: r.flags, tag: r.tag } : {}),
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
    return c.json(present(ctx.core.dns.add({ accountId: null, ...withCaaFields(body) }, ctx.clock.nowMs())), 201);
  });

  app.delete('/api/dns/records/:id', (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || !ctx.store.dnsRecord(id)) throw new ControlFailure(404, 'unknown_record', `no DNS record ${c.req.param('id')}`);
    ctx.core.dns.remove(id);
    return c.body(null, 204);
  });
};
