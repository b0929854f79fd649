import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import type { Order, Validation } from '../../../state/model.js';
import { constructedEmails } from '../../domain-names.js';
import { param } from '../../operation-router.js';
import { baseMethod, changeMethod, checkDnsTokens, isTokenMethod, randomValueOf, sendDcvEmails } from '../dcv.js';
import { v2, type DigicertEnv, type DigicertRoutes } from '../env.js';
import { digicertInferred } from '../inferred.js';
import { isoTz, presentContainerRef } from '../presenters.js';
import { domainsOf, presentDomain, type Domain } from '../domain-presenters.js';
import { DigicertFailure, fieldError, json, noContent, parseBody } from '../respond.js';
import type { DcvMethod } from '../schemas.js';
import { pendingValidations } from './dcv.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';

/** By id, or by name (the domain-emails page: "replace domain_id with the FQDN"). */
function findDomain(ctx: EmulatorContext, c: Context<DigicertEnv>): Domain {
  const key = param(c, 'domain_id').toLowerCase();
  const d = domainsOf(ctx, c).find((x) => String(x.id) === key || x.name === key);
  if (!d) throw new DigicertFailure('not_found|domain', `no domain ${param(c, 'domain_id')} in this account`);
  return d;
}

/** Pending validations of one domain, per order. */
function pendingOf(ctx: EmulatorContext, d: Domain): { order: Order; validations: Validation[] }[] {
  return d.orders
    .map((order) => ({ order: ctx.store.order(order.id)!, validations: pendingValidations(ctx, ctx.store.order(order.id)!).filter((v) => v.domain === d.name) }))
    .filter((x) => x.validations.length > 0);
}

const flag = (v: string | undefined) => v === 'true' || v === '1';

/** include_dcv / include_validation (a recorded client sends `includeValidation`). */
const domainOptions = (c: Context<DigicertEnv>) => ({
  dcv: flag(c.req.query('include_dcv') ?? c.req.query('includeDcv')),
  validation: flag(c.req.query('include_validation') ?? c.req.query('includeValidation')),
});

const pageParam = (raw: string | undefined, name: string, fallback: number) => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw fieldError('invalid_param', name, `${name} must be a non-negative integer`);
  return Number(raw);
};

export const domainRoutes: DigicertRoutes = (app, ctx) => {
  app.get(
    'digicert.domain.list',
    `${v2}/domain`,
    (c) => {
      const container = c.req.query('container_id');
      const mine = String(presentContainerRef(c.get('account')).id);
      const domains = container && container !== mine ? [] : domainsOf(ctx, c);
      const offset = pageParam(c.req.query('offset'), 'offset', 0);
      const limit = Math.max(1, Math.min(pageParam(c.req.query('limit'), 'limit', 1000), 1000));
      const options = domainOptions(c);
      return json(c, { domains: domains.slice(offset, offset + limit).map((d) => presentDomain(ctx, c, d, options)), page: { total: domains.length, limit, offset } });
    },
    () => ({ summary: 'List domains (include_dcv, include_validation, offset, limit)', response: digicertResponses().domainListResponse }),
  );

  app.get(
    'digicert.domain.get',
    `${v2}/domain/:domain_id`,
    (c) => json(c, presentDomain(ctx, c, findDomain(ctx, c), domainOptions(c))),
    () => ({ summary: 'Domain info (include_dcv, include_validation)', response: digicertResponses().domainResponse }),
  );

  app.get(
    'digicert.domain.emails',
    `${v2}/domain/:domain_id/dcv/emails`,
    (c) => {
      const d = findDomain(ctx, c);
      // the domain-emails example: the five constructed boxes at the name scope itself, in this order
      const base_emails = ['admin', 'webmaster', 'postmaster', 'hostmaster', 'administrator'].map((box) => `${box}@${d.name}`);
      return json(c, { name_scope: d.name, base_emails, dns_txt_emails: [] as string[] });
    },
    () => ({ summary: 'Domain emails (the addresses email DCV writes to)', response: digicertResponses().domainEmailsResponse }),
  );

  app.put(
    'digicert.domain.dcvEmails',
    `${v2}/domain/:domain_id/dcv/emails`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().domainDcvEmailsSchema);
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
    () => ({ summary: 'Resend the DCV emails of a domain', body: digicertSchemas().domainDcvEmailsSchema, responseStatus: 204 }),
  );

  app.put(
    'digicert.domain.dcvMethod',
    `${v2}/domain/:domain_id/dcv/method`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().dcvMethodSchema);
      if (!(digicertSchemas().dcvMethods as readonly string[]).includes(body.dcv_method)) throw new DigicertFailure('invalid_dcv_method', `unknown dcv_method ${body.dcv_method}`);
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
    () => ({ summary: 'Change the DCV method of a domain', body: digicertSchemas().dcvMethodSchema, response: digicertResponses().domainDcvMethodResponse }),
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
    () => ({ summary: 'Check the DNS token of a domain now', response: digicertResponses().validateTokenResponse }),
  );
};
