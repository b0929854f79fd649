import * as z from 'zod';
import { vendors, type Vendor } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';
import { controlBody } from '../respond.js';

const resetSchema = z.object({ vendor: z.enum(vendors as [Vendor, ...Vendor[]]).optional() }).strict();

export const systemRoutes: ControlRoutes = (app, ctx, actions) => {
  app.get('/api/health', (c) =>
    c.json({
      status: 'ok',
      version: actions.version,
      uptime_ms: Date.now() - actions.startedAt,
      urls: ctx.urls,
      clock: ctx.clock.now().toISOString(),
      seed: ctx.config.seed,
    }),
  );

  app.post('/api/reset', async (c) => {
    const body = await controlBody(c, ctx.config.maxBodyBytes, resetSchema);
    const vendor = body.vendor ?? (c.req.query('vendor') as Vendor | undefined);
    if (vendor !== undefined && !vendors.includes(vendor)) {
      return c.json({ error: { code: 'invalid_vendor', message: `vendor must be one of ${vendors.join(', ')}` } }, 400);
    }
    const ms = actions.reset(vendor);
    return c.json({ reset: vendor ?? 'all', ms });
  });
};
