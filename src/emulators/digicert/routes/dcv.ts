import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import type { Order, Validation } from '../../../state/model.js';
import { Outbox } from '../../../state/outbox.js';
import { validationDomain } from '../../domain-names.js';
import { param } from '../../operation-router.js';
import { baseMethod, changeMethod, isTokenMethod, proofFor, randomValueOf, sendDcvEmails } from '../dcv.js';
import { v2, type DigicertEnv, type DigicertRoutes } from '../env.js';
import { findOrder } from '../lookup.js';
import { isoTz, ymd } from '../presenters.js';
import { digicertInferred } from '../inferred.js';
import { DigicertFailure, fieldError, json, noContent, parseBody } from '../respond.js';
import type { DcvMethod } from '../schemas.js';
import { checkOrderDcv } from '../check-dcv.js';
import { presentOrderValidation } from '../order-validation.js';
import { digicertStatus, primaryCertificate } from '../status.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';

/** Pending validations of the order's pending certificates (what DCV is still about). */
export function pendingValidations(ctx: EmulatorContext, order: Order): Validation[] {
  const pendingCerts = new Set(ctx.core.certificates(order).filter((c) => c.status === 'pending').map((c) => c.id));
  return ctx.store.validationsOfOrder(order.id).filter((v) => v.status === 'pending' && pendingCerts.has(v.certificateId));
}

const isParentOrSelf = (parent: string, domain: string) => domain === parent || domain.endsWith(`.${parent}`);

async function loadOrder(ctx: EmulatorContext, c: Context<DigicertEnv>): Promise<Order> {
  return ctx.core.refresh(findOrder(ctx, c, param(c, 'order_id')));
}

export const dcvRoutes: DigicertRoutes = (app, ctx) => {
  app.put(
    'digicert.order.resendEmails',
    `${v2}/order/certificate/:order_id/resend-emails`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().resendEmailsSchema);
      const order = await loadOrder(ctx, c);
      const pending = pendingValidations(ctx, order);
      if (pending.length === 0) throw new DigicertFailure('invalid_order_status', `the order is ${digicertStatus(ctx.core, order)}: nothing to validate`);
      const email = pending.filter((v) => baseMethod(v.method) === 'email');
      if (email.length === 0) throw new DigicertFailure('invalid_dcv_method', `the order validates by ${pending[0].method}, not email`);
      let to: Map<string, string[]> | undefined;
      if (body.domain_approval_emails?.length) {
        to = new Map();
        for (const [i, entry] of body.domain_approval_emails.entries()) {
          const domain = validationDomain(entry.domain);
          const v = email.find((x) => x.domain === domain);
          if (!v) throw fieldError('invalid_param', `domain_approval_emails.${i}.domain`, `${entry.domain} is not pending email validation on this order`);
          const address = entry.email.trim().toLowerCase();
          const mailDomain = address.split('@')[1] ?? '';
          const base = entry.email_domain ? validationDomain(entry.email_domain) : undefined;
          if (base && !isParentOrSelf(base, domain)) throw fieldError('invalid_param', `domain_approval_emails.${i}.email_domain`, `${base} is not ${domain} or one of its parents`);
          if (!isParentOrSelf(mailDomain, domain)) throw fieldError('invalid_param', `domain_approval_emails.${i}.email`, `${address} is not an address of ${domain} or one of its parents`);
          to.set(domain, [...(to.get(domain) ?? []), address]);
          if (!v.emails.includes(address)) {
            v.emails = [...v.emails, address];
            ctx.store.update('validations', v.id, { emails: v.emails });
          }
        }
      }
      sendDcvEmails(ctx, order, email, to);
      return noContent(c);
    },
    () => ({ summary: 'Resend the DCV emails of an order', body: digicertSchemas().resendEmailsSchema, responseStatus: 204 }),
  );

  app.put(
    'digicert.order.checkDcv',
    `${v2}/order/certificate/:order_id/check-dcv`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().checkDcvSchema);
      return json(c, await checkOrderDcv(ctx, await loadOrder(ctx, c), body));
    },
    () => ({ summary: 'Check the DCV of a token method now (all domains, or dns_name_validations)', body: digicertSchemas().checkDcvSchema, response: digicertResponses().checkDcvResponse }),
  );

  app.put(
    'digicert.order.dcvRandomValue',
    `${v2}/order/certificate/:order_id/dcv-random-value`,
    async (c) => {
      const order = await loadOrder(ctx, c);
      const pending = pendingValidations(ctx, order);
      if (pending.length === 0) throw new DigicertFailure('invalid_order_status', `the order is ${digicertStatus(ctx.core, order)}: nothing to validate`);
      const random = randomValueOf(ctx, order);
      for (const v of pending) {
        if (isTokenMethod(v.method) && v.token !== random.value) {
          ctx.store.update('validations', v.id, { token: random.value, tokenExpires: random.expires, proof: proofFor(v.method, v.domain, random.value) });
        }
      }
      return json(c, { dcv_random_value: random.value, expiration_date: isoTz(random.expires) });
    },
    () => ({ summary: 'Generate (or return the unexpired) DCV random value', response: digicertResponses().randomValueResponse }),
  );

  app.put(
    'digicert.order.dcvMethod',
    `${v2}/order/certificate/:order_id/dcv-method`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().dcvMethodSchema);
      if (!(digicertSchemas().dcvMethods as readonly string[]).includes(body.dcv_method)) throw new DigicertFailure('invalid_dcv_method', `unknown dcv_method ${body.dcv_method}`);
      const method = body.dcv_method as DcvMethod;
      const order = await loadOrder(ctx, c);
      const pending = pendingValidations(ctx, order);
      if (pending.length === 0) throw new DigicertFailure('invalid_order_status', `the order is ${digicertStatus(ctx.core, order)}: nothing to validate`);
      if (baseMethod(method) === 'http-token' && primaryCertificate(ctx.core, order).dnsNames.some((n) => n.startsWith('*.'))) {
        throw new DigicertFailure('invalid_dcv_method', 'http-token cannot validate wildcard names');
      }
      changeMethod(ctx, order, pending, method);
      const fresh = ctx.store.order(order.id)!;
      if (!isTokenMethod(method)) {
        if (fresh.state === 'open') sendDcvEmails(ctx, fresh, pendingValidations(ctx, fresh));
        return noContent(c);
      }
      const random = randomValueOf(ctx, fresh);
      return json(c, { dcv_random_value: random.value, expiration_date: isoTz(random.expires) });
    },
    () => ({ summary: 'Change the DCV method of an order (200 with the random value for token methods, 204 for email)', body: digicertSchemas().dcvMethodSchema, response: digicertResponses().randomValueResponse }),
  );

  app.get(
    'digicert.order.validation',
    `${v2}/order/certificate/:order_id/validation`,
    async (c) => json(c, presentOrderValidation(ctx, await loadOrder(ctx, c))),
    () => ({ summary: 'Validation status of an order', response: digicertResponses().orderValidationResponse }),
  );

  app.get(
    'digicert.order.emailValidation',
    `${v2}/order/certificate/:order_id/email-validation`,
    async (c) => {
      const order = await loadOrder(ctx, c);
      const validations = ctx.store.validationsOfOrder(order.id);
      const messages = new Outbox(ctx.core).list({ orderId: order.id }).filter((m) => m.kind === 'dcv');
      const latest = new Map<string, (typeof messages)[number]>();
      for (const m of messages) latest.set(m.to, m);
      return json(c, {
        delivery_options: digicertInferred.emailDeliveryOptions,
        emails: [...latest.values()].map((m) => ({
          email: m.to,
          status: validations.some((v) => v.token === m.token && v.status === 'valid') ? 'validated' : 'unvalidated',
          date_emailed: ymd(m.createdAt),
        })),
      });
    },
    () => ({ summary: 'Email validation status of an order', response: digicertResponses().emailValidationResponse }),
  );

  app.put(
    'digicert.emailValidation.validate',
    `${v2}/email-validation/:token`,
    async (c) => {
      const outbox = new Outbox(ctx.core);
      const message = outbox.byToken(param(c, 'token'));
      if (!message || message.accountId !== c.get('account').id) throw new DigicertFailure('not_found|email_token', `no email token ${param(c, 'token')}`);
      const email = c.req.query('email');
      if (email && !ctx.store.outbox().some((m) => m.token === message.token && m.to === email.toLowerCase())) {
        throw fieldError('invalid_param', 'email', `${email} was not sent this token`);
      }
      await outbox.follow(message.token!, `email validated via API${email ? ` by ${email}` : ''}`);
      return noContent(c);
    },
    { summary: 'Validate an email token', responseStatus: 204 },
  );
};
