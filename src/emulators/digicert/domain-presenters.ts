import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Order, Validation } from '../../state/model.js';
import { uniqueNames, validationDomain } from '../domain-names.js';
import { baseMethod, isTokenMethod } from './dcv.js';
import type { DigicertEnv } from './env.js';
import { domainId } from './ids.js';
import { digicertInferred } from './inferred.js';
import { ordersOf } from './lookup.js';
import { isoTz, presentContainerRef, ymd } from './presenters.js';
import { validationNames } from './products.js';

const dayMs = 86_400_000;

export interface Domain {
  id: number;
  name: string;
  validations: Validation[];
  orders: Order[];
  /** When control of the domain was shown last (a valid validation, or the issuance of an order that needed none: a fixture). */
  validatedAt: number | null;
}

/** The account's domains: every domain its orders name (DigiCert adds a domain when an order names it). */
export function domainsOf(ctx: EmulatorContext, c: Context<DigicertEnv>): Domain[] {
  const byName = new Map<string, Domain>();
  const domain = (name: string) => {
    let d = byName.get(name);
    if (!d) byName.set(name, (d = { id: domainId(name), name, validations: [], orders: [], validatedAt: null }));
    return d;
  };
  const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  // The account's validations and issue times in one read each, not one per order.
  const accountId = c.get('account').id;
  const validationsByOrder = ctx.store.validationsByOrderOf(accountId, 'digicert');
  const firstIssuedAt = ctx.store.firstIssuedAtByOrderOf(accountId, 'digicert');
  for (const order of ordersOf(ctx, c)) {
    const validations = validationsByOrder.get(order.id) ?? [];
    const issuedAt = firstIssuedAt.get(order.id) ?? null;
    for (const name of uniqueNames([order.commonName, ...order.dnsNames].map(validationDomain))) {
      const d = domain(name);
      if (!d.orders.includes(order)) d.orders.push(order);
      const own = validations.filter((v) => v.domain === name);
      d.validations.push(...own);
      const valid = own.filter((v) => v.status === 'valid').reduce<number | null>((m, v) => later(m, v.validatedAt), null);
      d.validatedAt = later(d.validatedAt, own.length === 0 ? issuedAt : valid);
    }
  }
  return [...byName.values()];
}

export interface DomainOptions {
  dcv: boolean;
  validation: boolean;
}

/** One domain as GET /domain lists it (recorded: organization with `is_active: "1"`, validations, dcv_expiration). */
export function presentDomain(ctx: EmulatorContext, c: Context<DigicertEnv>, d: Domain, options: DomainOptions) {
  const account = c.get('account');
  const latest = d.validations[d.validations.length - 1];
  const firstOrder = d.orders[0];
  const org = firstOrder?.organizationId ? ctx.store.organization(firstOrder.organizationId) : ctx.store.organizationsOf(account.id)[0];
  const method = latest?.method ?? firstOrder?.dcvMethod ?? 'email';
  const types = d.orders.some((o) => o.level !== 'dv') ? (['ev', 'ov'] as const) : (['dv'] as const);
  const until = d.validatedAt === null ? null : d.validatedAt + digicertInferred.dcvReuseDays * dayMs;
  const validations =
    d.validatedAt === null
      ? []
      : types.map((type) => ({
          type,
          name: validationNames[type].validation_name,
          description: validationNames[type].validation_description,
          date_created: isoTz(d.validatedAt!),
          validated_until: isoTz(until!),
          status: 'active',
        }));
  return {
    id: d.id,
    is_active: true,
    name: d.name,
    date_created: isoTz(firstOrder?.createdAt ?? ctx.clock.nowMs()),
    ...(org
      ? { organization: { id: Number(org.publicId), status: org.status, name: org.name, display_name: ((org.details as { display_name?: string }).display_name ?? org.name), is_active: org.usable ? '1' : '0' } }
      : {}),
    ...(options.validation ? { validations } : {}),
    dcv_method: method,
    ...(options.validation && until !== null ? { dcv_expiration: Object.fromEntries(types.map((type) => [type, ymd(until)])) } : {}),
    container: presentContainerRef(account),
    ...(options.dcv
      ? {
          dcv: {
            method,
            name_scope: d.name,
            status: d.validatedAt !== null ? 'complete' : 'pending',
            ...(latest && isTokenMethod(latest.method) ? { dcv_token: { token: latest.token, status: latest.status === 'valid' ? 'validated' : 'pending', ...(latest.tokenExpires ? { expiration_date: isoTz(latest.tokenExpires) } : {}) } } : {}),
            ...(latest && baseMethod(latest.method) === 'email' ? { dcv_invitations: latest.emails.map((email) => ({ email })) } : {}),
          },
        }
      : {}),
  };
}
