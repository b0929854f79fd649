import { vendors, type Vendor } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';
import { ControlFailure } from '../respond.js';

/** The contract report: per vendor, operations and error paths exercised, and requests that broke the contract. */
export const contractRoutes: ControlRoutes = (app, ctx) => {
  const vendorOf = (v: string | undefined): Vendor | undefined => {
    if (v === undefined) return undefined;
    if (!vendors.includes(v as Vendor)) throw new ControlFailure(400, 'invalid_vendor', `vendor must be one of ${vendors.join(', ')}`);
    return v as Vendor;
  };

  app.get('/api/contract', (c) => c.json(ctx.scenarios.contract.report(ctx.operations, vendorOf(c.req.query('vendor')))));

  app.delete('/api/contract', (c) => {
    ctx.scenarios.contract.clear(vendorOf(c.req.query('vendor')));
    return c.body(null, 204);
  });
};
