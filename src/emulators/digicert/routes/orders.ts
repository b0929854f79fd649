import type { EmulatorContext } from '../../../context.js';
import type { Order } from '../../../state/model.js';
import { param } from '../../operation-router.js';
import { parseDigicertCsr } from '../csr.js';
import { baseMethod, buildValidations, freshRandomValue, sendDcvEmails } from '../dcv.js';
import { v2, type DigicertRoutes } from '../env.js';
import { domainId, newCertificateId, newOrderId, newRequestId } from '../ids.js';
import { findOrder } from '../lookup.js';
import { orderNames } from '../names.js';
import { isoTz, orderTimeKey, presentChain, presentOrder } from '../presenters.js';
import { findDigicertProduct } from '../products.js';
import { DigicertFailure, fieldError, json, jsonRendered, parseBody } from '../respond.js';
import { RenderedAnswers, renderedJson } from '../../rendered-answers.js';
import { listOrders } from '../order-list.js';
import { orderValidity } from '../validity.js';
import { caaStatusMessage } from '../caa.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';


/** The 201 of order, reissue and duplicate: ids, and the chain when already issued, or the DCV random value while pending. */
export function createdResponse(ctx: EmulatorContext, order: Order, requestIds: { id: string; status: string }[], certificateId: number) {
  const cert = ctx.store.certificate(certificateId)!;
  const base = { id: Number(order.publicId), requests: requestIds.map((r) => ({ id: Number(r.id), status: r.status })) };
  if (cert.status === 'issued' && cert.pem) {
    return { ...base, certificate_id: Number(cert.publicId), certificate_chain: presentChain(ctx, cert, true) };
  }
  const validations = ctx.core.validations(cert);
  const tokens = validations.filter((v) => baseMethod(v.method) !== 'email');
  if (tokens.length === 0) return base;
  return {
    ...base,
    dcv_random_value: tokens[0].token,
    domains: tokens.map((v) => ({
      id: domainId(v.domain),
      name: v.domain,
      dcv_token: { token: v.token, status: v.status === 'valid' ? 'validated' : 'pending', ...(v.tokenExpires ? { expiration_date: isoTz(v.tokenExpires) } : {}) },
    })),
  };
}

export const orderRoutes: DigicertRoutes = (app, ctx) => {
  const orderAnswers = new RenderedAnswers(ctx);
  app.post(
    'digicert.order.create',
    `${v2}/order/certificate/:product_name_id`,
    async (c) => {
      const product = findDigicertProduct(param(c, 'product_name_id'));
      if (!product) throw new DigicertFailure('not_found|product', `no product ${param(c, 'product_name_id')}`);
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().orderSchema);
      const account = c.get('account');
      const { commonName, dnsNames } = orderNames(product, body.certificate.common_name, body.certificate.dns_names);
      const method = body.dcv_method ?? 'email';
      if (baseMethod(method) === 'http-token' && dnsNames.some((n) => n.startsWith('*.'))) {
        throw new DigicertFailure('invalid_dcv_method', 'http-token cannot validate wildcard names');
      }
      let organizationId: number | null = null;
      if (body.organization) {
        const org = ctx.store.organizationByPublicId(account.id, String(body.organization.id));
        if (!org) throw new DigicertFailure('not_found|organization', `no organization ${body.organization.id} in this account`);
        organizationId = org.id;
      } else if (product.validation_type !== 'dv') {
        throw fieldError('missing_param', 'organization.id', `${product.name_id} is ${product.validation_type.toUpperCase()} and needs an organization`);
      }
      const renewed = body.renewal_of_order_id !== undefined ? findOrder(ctx, c, String(body.renewal_of_order_id)) : undefined;
      const { contractDays, validityDays } = orderValidity(ctx, body);
      const csr = await parseDigicertCsr(ctx, body.certificate.csr);
      const skip = body.skip_approval === true;
      const random = freshRandomValue(ctx);
      const certificatePublicId = newCertificateId(ctx, account.id);
      const order = await ctx.core.createOrder({
        accountId: account.id,
        vendor: 'digicert',
        publicId: newOrderId(ctx),
        certificatePublicId,
        product: product.name_id,
        level: product.validation_type,
        commonName,
        dnsNames,
        validityDays,
        contractDays,
        dcvMethod: method,
        csr,
        state: skip ? 'open' : 'awaiting_approval',
        organizationId,
        renewalOf: renewed?.id ?? null,
        meta: {
          dcv: random,
          payment_method: body.payment_method,
          comments: body.comments,
          disable_renewal_notifications: body.disable_renewal_notifications,
          disable_ct: body.disable_ct === true || body.disable_ct === 1,
          technical_contact: body.technical_contact ?? body.organization?.contacts?.find((x) => x.contact_type === 'technical_contact'),
          organization_contact: body.organization?.contacts?.find((x) => x.contact_type === 'organization_contact'),
          business_unit: body.business_unit,
          locale: body.locale,
        },
        certificateMeta: {
          server_platform: body.certificate.server_platform,
          signature_hash: body.certificate.signature_hash,
          organization_units: body.certificate.organization_units,
          key_size: csr.keySize,
        },
        validations: buildValidations(ctx, dnsNames, method, random, body.dcv_emails),
        cause: renewed ? `renewal of order ${renewed.publicId}` : skip ? 'ordered (skip_approval)' : 'ordered, needs approval',
      });
      const now = ctx.clock.nowMs();
      const cert = ctx.core.certificates(order)[0];
      const requestId = newRequestId(ctx, account.id);
      const status = skip ? 'approved' : 'pending';
      ctx.store.insertApproval({
        orderId: order.id,
        certificateId: cert.id,
        publicId: requestId,
        kind: 'new_request',
        status,
        comments: body.comments ?? null,
        processorComment: null,
        payload: {},
        createdAt: now,
        processedAt: skip ? now : null,
      });
      ctx.core.event(order.id, cert.id, 'approval', null, status, `new_request ${requestId}`);
      if (skip) sendDcvEmails(ctx, order, ctx.core.validations(cert));
      return json(c, createdResponse(ctx, ctx.store.order(order.id)!, [{ id: requestId, status }], cert.id), 201);
    },
    () => ({ summary: 'Order a certificate of the product', body: digicertSchemas().orderSchema, response: digicertResponses().orderCreatedResponse, responseStatus: 201 }),
  );

  app.get('digicert.order.list', `${v2}/order/certificate`, (c) => listOrders(ctx, c), () => ({
    summary: 'List orders (filters[…], sort, offset, limit)',
    response: digicertResponses().orderListResponse,
  }));

  app.get(
    'digicert.order.get',
    `${v2}/order/certificate/:order_id`,
    (c) =>
      ctx.core.refreshThen(findOrder(ctx, c, param(c, 'order_id'), true), { poll: true }, (order) => {
        const withCaa = ['true', '1'].includes(c.req.query('include_caa_status') ?? '');
        const body = renderedJson(orderAnswers, `${order.id}${withCaa ? ' caa' : ''}`, (now) => orderTimeKey(ctx, order, now), () => {
          const presented = presentOrder(ctx, order);
          const caa = withCaa && presented.status === 'pending';
          return JSON.stringify(caa ? { ...presented, caa_status_message: caaStatusMessage(ctx, order, presented.certificate.dns_names) } : presented);
        });
        return jsonRendered(c, body);
      }),
    () => ({ summary: 'Order info (by order id, certificate thumbprint or serial number; include_caa_status)', response: digicertResponses().orderResponse }),
  );
};

