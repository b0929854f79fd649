import { param } from '../../operation-router.js';
import type { Organization } from '../../../state/model.js';
import type { RegfishRoutes } from '../env.js';
import { newOrganizationId } from '../ids.js';
import { findOrganization } from '../lookup.js';
import { presentOrganization } from '../presenters.js';
import { ok, parseBody, RegfishFailure } from '../respond.js';
import { regfishAnswerSchemas, regfishSchemas } from '../schema-lib.js';

type OrgFields = Partial<Record<keyof typeof fieldToDetail | 'organization', string>>;

const fieldToDetail = {
  first_name: 'first_name',
  last_name: 'last_name',
  address: 'address',
  postal_code: 'postal_code',
  city: 'city',
  country_code: 'country',
  phone: 'phone',
  email: 'email',
} as const;

function detailsOf(fields: OrgFields, base: Record<string, unknown> = {}): Record<string, unknown> {
  const details = { ...base };
  for (const [field, key] of Object.entries(fieldToDetail)) {
    const value = fields[field as keyof typeof fieldToDetail];
    if (value !== undefined) details[key] = field === 'country_code' ? value.toUpperCase() : value;
  }
  return details;
}

export const organizationRoutes: RegfishRoutes = (app, ctx) => {
  const insert = (accountId: number, name: string, details: Record<string, unknown>): Organization => {
    const now = ctx.clock.nowMs();
    const id = ctx.store.insertOrganization({
      accountId,
      publicId: newOrganizationId(ctx.rng),
      name,
      status: 'ready',
      usable: true,
      details,
      createdAt: now,
      updatedAt: now,
    });
    return ctx.store.organization(id)!;
  };

  app.get('regfish.organization.list', '/tls/organization', (c) => ok(c, ctx.store.organizationsOf(c.get('account').id).map(presentOrganization)), () => ({ summary: 'List TLS organizations', response: regfishAnswerSchemas().regfishAnswers['regfish.organization.list'] }));

  app.post('regfish.organization.create', '/tls/organization', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().createOrganizationSchema, 'invalidPayload');
    return ok(c, presentOrganization(insert(c.get('account').id, body.organization, detailsOf(body))));
  }, () => ({ summary: 'Create a TLS organization', body: regfishSchemas().createOrganizationSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.organization.create'] }));

  app.get('regfish.organization.get', '/tls/organization/:organization_id', (c) => ok(c, presentOrganization(findOrganization(ctx, c, param(c, 'organization_id')))), () => ({ summary: 'Read one TLS organization', response: regfishAnswerSchemas().regfishAnswers['regfish.organization.get'] }));

  app.patch('regfish.organization.update', '/tls/organization/:organization_id', async (c) => {
    const org = findOrganization(ctx, c, param(c, 'organization_id'));
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().patchOrganizationSchema, 'invalidPayload');
    const name = body.organization ?? org.name;
    // Either edit mode answers the organization under its own id, like the documented example.
    ctx.store.update('organizations', org.id, { name, details: detailsOf(body, org.details), updatedAt: ctx.clock.nowMs() });
    return ok(c, presentOrganization(ctx.store.organization(org.id)!));
  }, () => ({ summary: 'Update a TLS organization (edit_mode in_place or create_replacement)', body: regfishSchemas().patchOrganizationSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.organization.update'] }));

  app.delete('regfish.organization.delete', '/tls/organization/:organization_id', (c) => {
    const org = findOrganization(ctx, c, param(c, 'organization_id'));
    const inUse = ctx.store.ordersPage(org.accountId, 'regfish', { limit: 1, offset: 0, filters: { organizationIds: [org.id], states: ['staged', 'awaiting_approval', 'open'] } }).total > 0;
    if (inUse) throw new RegfishFailure('organizationInUse', `organization ${org.publicId} is used by an open order`);
    ctx.store.remove('organizations', org.id);
    return ok(c, null);
  }, () => ({ summary: 'Delete a TLS organization that no open order uses', response: regfishAnswerSchemas().regfishAnswers['regfish.organization.delete'] }));
};
