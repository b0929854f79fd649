import { seedOrders, seedSchema, SeedError } from '../../seed/seed.js';
import type { ControlRoutes } from '../env.js';
import { controlBody, ControlFailure } from '../respond.js';

/** State seeding: orders and certificates in a given state for one account (provider states). */
export const seedRoutes: ControlRoutes = (app, ctx) => {
  app.post('/api/seed', async (c) => {
    const body = await controlBody(c, ctx.config.maxBodyBytes, seedSchema);
    try {
      return c.json(await seedOrders(ctx, body), 201);
    } catch (e) {
      if (e instanceof SeedError) throw new ControlFailure(409, 'seed_refused', e.message);
      throw e;
    }
  });
};
