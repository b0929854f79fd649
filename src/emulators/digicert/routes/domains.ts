import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import type { Order, Validation } from '../../../state/model.js';
import { constructedEmails } from '../../domain-names.js';
import { param } from '../../operation-router.js';
import { baseMethod, changeMethod, checkDnsTokens, isTokenMethod, randomValueOf, sendDcvEmails } from '../dcv.js';
import { v2, type DigicertEnv, type DigicertRoutes } from '../env.js';
import { domainId } from '../ids.js';
import { digicertInferred } from '../inferred.js';
import { ordersOf } from '../lookup.js';
import { isoTz, presentContainerRef } from '../presenters.js';
import { DigicertFailure, json, noContent, parseBody } from '../respond.js';
import { dcvMethods, dcvMethodSchema, domainDcvEmailsSchema, type DcvMethod } from '../schemas.js';
import { pendingValidations } from './dcv.js';

interface Domain {
  id: number;
  name: string;
  validations: Validation[];
  orders: Order[];
}

/** The account's domains, derived from the validations of its orders (DigiCert adds a domain when an order names it). */
function domainsOf(ctx: EmulatorContext, c: Context<DigicertEnv>): Domain[] {
  const byName = new Map<string, Domain>();
  for (const order of ordersOf(ctx, c)) {
    for (const v of ctx.store.validationsOfOrder(order.id)) {
      const d = byName.get(v.domain) ?? { id: domainId(v.domain), name: v.domain, validations: [], orders: [] };
      d.validations.push(v);
      if (!d.orders.includes(order)) d.orders.push(order);
      byName.set(v.domain, d);
    }
  }
  return [...byName.values()];
}

function findDomain(ctx: EmulatorContext, c: Context<DigicertEnv>): Domain {
  const id = Number(param(c, 'domain_id'));
  const d = domainsOf(ctx, c).find((x) => x.id === id);
  if (!d) throw new DigicertFailure('not_found|domain', `no domain ${param(c, 'domain_id')} in this account`);
  return d;
}

/** Pending validations of one domain, per order. */
function pendingOf(ctx: EmulatorContext, d: Domain): { order: Order; validations: Validation[] }[] {
  return d.orders
    .map((order) => ({ order: ctx.store.order(order.id)!, validations: pendingValidations(ctx, ctx.store.order(order.id)!).filter((v) => v.domain === d.name) }))
    .filter((x) => x.validations.length > 0);
}

function presentDomain(ctx: EmulatorContext, c: Context<DigicertEnv>, d: Domain, options: { dcv: boolean; validation: boolean }) {
  const valid = d.validations.filter((v) => v.status === 'valid');
  const latest = d.validations[d.validations.length - 1];
  const validatedAt = valid.reduce<number | null>((m, v) => (v.validatedAt !== null && (m === null || v.validatedAt > m) ? v.validatedAt : m), null);
  const firstOrder = d.orders[0];
  const org = firstOrder?.organizationId ? ctx.store.organization(firstOrder.organizationId) : undefined;
  return {
    id: d.id,
    is_active: true,
    name: d.name,
    date_created: isoTz(firstOrder?.createdAt ?? ctx.clock.nowMs()),
    ...(org ? { organization: { id: Number(org.publicId), name: org.name } } : {}),
    dcv_method: latest.method,
    container: presentContainerRef(c.get('account')),
    ...(options.validation
      ? { validations: valid.length ? [{ type: 'dv', name: 'DV', description: 'Domain Validation', date_created: isoTz(validatedAt!), status: 'active' }] : [] }
      : {}),
    ...(options.dcv
      ? {
          dcv: {
            method: latest.method,
            name_scope: d.name,
            status: valid.length ? 'complete' : 'pending',
            ...(isTokenMethod(latest.method) ? { dcv_token: { token: latest.token, status: latest.status === 'valid' ? 'validated' : 'pending', ...(latest.tokenExpires ? { expiration_date: isoTz(latest.tokenExpires) } : {}) } } : {}),
            ...(baseMethod(latest.method) === 'email' ? { dcv_invitations: latest.emails.map((email) => ({ email })) } : {}),
          },
        }
      : {}),
  };
}

const flag = (v: string | undefined) => v === 'true' || v === '1';

export const domainRoutes: DigicertRoutes = (app, ctx) => {
  app.get(
    'digicert.domain.list',
    `${v2}/domain`,
    (c) => {
      const container = c.req.query('container_id');
      const mine = String(presentContainerRef(c.get('account')).id);
      const domains = container && container !== mine ? [] : domainsOf(ctx, c);
      return json(c, { domains: domains.map((d) => presentDomain(ctx, c, d, { dcv: flag(c.req.query('include_dcv')), validation: flag(c.req.query('include_validation')) })) });
    },
    { summary: 'List domains' },
  );

  app.get(
    'digicert.domain.get',
    `${v2}/domain/:domain_id`,
    (c) => json(c, presentDomain(ctx, c, findDomain(ctx, c), { dcv: flag(c.req.query('include_dcv')), validation: flag(c.req.query('include_validation')) })),
    { summary: 'Domain info (include_dcv, include_validation)' },
  );

  app.put(
    'digicert.domain.dcvEmails',
    `${v2}/domain/:domain_id/dcv/emails`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, domainDcvEmailsSchema);
      const d = findDomain(ctx, c);
      const pending = pendingOf(ctx, d);
      if (pending.length === 0) throw new DigicertFailure('invalid_order_status', `${d.name} has no pending validation`);
      for (const { order, validations } of pending) {
        const email = validations.filter((v) => baseMethod(v.method) === 'email');
        if (email.length === 0) throw new DigicertFailure('invalid_dcv_method', `${d.name} validates by ${validations[0].method}`);
        sendDcvEmails(ctx, order, email, body.email_array?.length ? new Map([[d.name, body.email_array.map((e) => e.toLowerCase())]]) : undefined);
      }
      return noContent(c);
    },
    { summary: 'Resend the DCV emails of a domain', body: domainDcvEmailsSchema },
  );

  app.put(
    'digicert.domain.dcvMethod',
    `${v2}/domain/:domain_id/dcv/method`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, dcvMethodSchema);
      if (!(dcvMethods as readonly string[]).includes(body.dcv_method)) throw new DigicertFailure('invalid_dcv_method', `unknown dcv_method ${body.dcv_method}`);
      const method = body.dcv_method as DcvMethod;
      const d = findDomain(ctx, c);
      const pending = pendingOf(ctx, d);
      if (pending.length === 0) throw new DigicertFailure('invalid_order_status', `${d.name} has no pending validation`);
      let token: { value: string; expires: number } | undefined;
      for (const { order, validations } of pending) {
        changeMethod(ctx, order, validations, method);
        const fresh = ctx.store.order(order.id)!;
        if (isTokenMethod(method)) token = randomValueOf(ctx, fresh);
        else if (body.send_dcv_email_flag !== false && fresh.state === 'open') sendDcvEmails(ctx, fresh, pendingValidations(ctx, fresh).filter((v) => v.domain === d.name));
      }
      if (token) return json(c, { dcv_token: { token: token.value, status: 'pending', expiration_date: isoTz(token.expires) } });
      return json(c, { validation_emails: { name_scope: d.name, base_emails: constructedEmails(d.name), whois_emails: [], dns_txt_emails: [] } });
    },
    { summary: 'Change the DCV method of a domain', body: dcvMethodSchema },
  );

  app.put(
    'digicert.domain.validateToken',
    `${v2}/domain/:domain_id/dcv/validate-token`,
    async (c) => {
      const d = findDomain(ctx, c);
      const pending = pendingOf(ctx, d);
      let found = true;
      for (const { order, validations } of pending) {
        const method = baseMethod(validations[0].method);
        if (method === 'email') throw new DigicertFailure('invalid_dns_method', `${d.name} validates by email`);
        if (method === 'http-token') throw new DigicertFailure('file_random_value_not_found', `${d.name}: approve the http-token through the control API`);
        const ids = new Set(validations.map((v) => v.id));
        await checkDnsTokens(ctx, order, (v) => ids.has(v.id));
        if (ctx.store.validationsOfOrder(order.id).some((v) => ids.has(v.id) && v.status === 'pending')) found = false;
      }
      return json(c, found ? { status: 'approved', dcv_status: 'valid' } : { status: digicertInferred.dcvStatusPending, dcv_status: digicertInferred.dcvStatusPending });
    },
    { summary: 'Check the DNS token of a domain now' },
  );
};
