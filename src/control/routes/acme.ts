import * as z from 'zod';
import { acmeVendorNames, createEabKey, eabKeysOf, findAcmeAccount, presentEabKey, removeEabKey } from '../../emulators/acme/eab-keys.js';
import type { AcmeVendor } from '../../emulators/acme/vendors.js';
import type { ControlRoutes } from '../env.js';
import { controlBody, ControlFailure } from '../respond.js';

const acmeVendor = z.enum(acmeVendorNames as [AcmeVendor, ...AcmeVendor[]]);

export const newEabKeySchema = z
  .object({
    vendor: acmeVendor,
    account: z.union([z.number().int(), z.string().min(1)]).describe('account id, DigiCert API key or Sectigo login'),
    product: z.string().min(1).optional().describe('DigiCert product name_id or Sectigo product code the key orders (default: the vendor ACME default)'),
    label: z.string().max(200).optional(),
  })
  .strict();

export const eabKeyQuerySchema = z.object({ vendor: acmeVendor.optional() });

/** ACME External Account Binding keys of the vendor accounts: list, create, delete. */
export const acmeRoutes: ControlRoutes = (app, ctx) => {
  app.get('/api/acme/eab-keys', (c) => {
    const query = eabKeyQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ControlFailure(400, 'invalid_query', `vendor must be one of ${acmeVendorNames.join(', ')}`);
    return c.json({ keys: eabKeysOf(ctx, query.data.vendor).map((k) => presentEabKey(ctx, k)) });
  });

  app.post('/api/acme/eab-keys', async (c) => {
    const body = await controlBody(c, ctx.config.maxBodyBytes, newEabKeySchema);
    const account = findAcmeAccount(ctx, body.vendor, body.account);
    if (!account) throw new ControlFailure(404, 'unknown_account', `no ${body.vendor} account ${String(body.account)}`);
    const key = createEabKey(ctx, account, { product: body.product, label: body.label });
    if ('kind' in key) throw new ControlFailure(400, 'invalid_field', `${key.field}: ${key.message}`);
    return c.json(presentEabKey(ctx, key), 201);
  });

  app.delete('/api/acme/eab-keys/:vendor/:kid', (c) => {
    const vendor = acmeVendor.safeParse(c.req.param('vendor'));
    if (!vendor.success || !removeEabKey(ctx, vendor.data, c.req.param('kid'))) {
      throw new ControlFailure(404, 'unknown_eab_key', `no EAB key ${c.req.param('kid')} of ${c.req.param('vendor')}`);
    }
    return c.body(null, 204);
  });
};
