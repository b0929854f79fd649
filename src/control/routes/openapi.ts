import { controlDocument } from '../../openapi/control.js';
import { vendorDocument } from '../../openapi/vendors.js';
import { vendors, type Vendor } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';
import { ControlFailure } from '../respond.js';

/** OpenAPI 3.1 documents: one per emulated vendor (from its operations and zod schemas) and one for this API. */
export const openApiRoutes: ControlRoutes = (app, ctx) => {
  app.get('/api/openapi', (c) =>
    c.json({ documents: [...vendors, 'control'].map((name) => ({ name, url: `${ctx.urls.control}/api/openapi/${name}.json` })) }),
  );
  app.get('/api/openapi/:document', (c) => {
    const name = (c.req.param('document') ?? '').replace(/\.json$/, '');
    if (name === 'control') return c.json(controlDocument(ctx.urls.control || undefined));
    if (!vendors.includes(name as Vendor)) throw new ControlFailure(404, 'unknown_document', `documents: ${[...vendors, 'control'].map((v) => `${v}.json`).join(', ')}`);
    return c.json(vendorDocument(ctx, name as Vendor));
  });
};
