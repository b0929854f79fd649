import * as z from 'zod';
import { isDnsName } from '../emulators/domain-names.js';
import { policyPattern, policySyntax } from '../state/policy.js';
import { vendors, type Vendor } from '../state/model.js';
import { seedVendorRules } from './vendor-rules.js';

/*
 * The seed request's schema and types, apart from the seeding itself: the package's public types
 * reach them without reaching the store, the CA or the emulator context.
 */

export const seedStates = ['pending', 'issued', 'rejected', 'revoked', 'expired', 'cancelled'] as const;
export type SeedState = (typeof seedStates)[number];

const dnsName = z
  .string()
  .max(253)
  .refine((n) => isDnsName(n, { wildcard: true }), 'must be a DNS name (letters, digits, hyphens; at least two labels; `*.` in front for a wildcard)');

export const seedOrderSchema = z
  .object({
    id: z.string().min(1).max(32).optional().describe('vendor-facing order id in the vendor format (default: a fresh one)'),
    common_name: dnsName,
    dns_names: z.array(dnsName).min(1).max(100).optional(),
    product: z.string().min(1).max(64).optional().describe('vendor product (default: the vendor\'s basic DV product)'),
    level: z.enum(['dv', 'ov', 'ev']).optional(),
    state: z.enum(seedStates).default('issued'),
    validity_days: z.number().int().min(1).max(3650).optional(),
    policy: z.string().regex(policyPattern, `must be ${policySyntax}`).optional().describe('issuance policy of this order (default: the server\'s)'),
  })
  .strict();

export const seedSchema = z
  .object({
    vendor: z.enum(vendors as [Vendor, ...Vendor[]]),
    account: z.string().min(1).max(256).optional().describe('API key, login or account name (default: the vendor\'s first account)'),
    orders: z.array(seedOrderSchema).min(1).max(500),
  })
  .strict()
  .superRefine((request, issues) => {
    const rules = seedVendorRules[request.vendor];
    const seen = new Set<string>();
    request.orders.forEach((o, i) => {
      if (o.id !== undefined && !rules.orderId.test(o.id)) issues.addIssue({ code: 'custom', path: ['orders', i, 'id'], message: `a ${request.vendor} order id is ${rules.orderIdText}` });
      if (o.id !== undefined && seen.has(o.id)) issues.addIssue({ code: 'custom', path: ['orders', i, 'id'], message: `${o.id} is given twice` });
      if (o.id !== undefined) seen.add(o.id);
      if (o.product !== undefined && !rules.knownProduct(o.product)) issues.addIssue({ code: 'custom', path: ['orders', i, 'product'], message: `no ${request.vendor} product ${o.product}` });
    });
  });

export type SeedRequest = z.input<typeof seedSchema>;

/** A seed request that names an account, order or product that is not there. */
export class SeedError extends Error {}

/** What seeding answers: the orders created, in the order asked for. */
export interface SeedResult {
  vendor: Vendor;
  account: string;
  orders: { id: string; state: SeedState; certificate_id: string; serial: string | null }[];
}
