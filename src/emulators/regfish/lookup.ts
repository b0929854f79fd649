import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { Order, Organization } from '../../state/model.js';
import type { RegfishEnv } from './env.js';
import { RegfishFailure } from './respond.js';

/** The caller's order by public id; anything else (including another account's) is 404. */
export function findOrder(ctx: EmulatorContext, c: Context<RegfishEnv>, id: string): Order {
  const order = ctx.store.orderByPublicId(c.get('account').id, 'regfish', id);
  if (!order) throw new RegfishFailure('certificateNotFound');
  return order;
}

export function findOrganization(ctx: EmulatorContext, c: Context<RegfishEnv>, id: string | number): Organization {
  const org = ctx.store.organizationByPublicId(c.get('account').id, String(id));
  if (!org) throw new RegfishFailure('organizationNotFound');
  return org;
}
