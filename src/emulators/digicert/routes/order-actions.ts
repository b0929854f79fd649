import { recordApprovedRequest } from '../approved-request.js';
import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import type { Approval, Order } from '../../../state/model.js';
import { param } from '../../operation-router.js';
import { parseDigicertCsr } from '../csr.js';
import { baseMethod, buildValidations, randomValueOf, sendDcvEmails } from '../dcv.js';
import { v2, type DigicertEnv, type DigicertRoutes } from '../env.js';
import { newCertificateId } from '../ids.js';
import { findOrder } from '../lookup.js';
import { orderNames } from '../names.js';
import { presentCertificateListItem, presentReissueListItem } from '../presenters.js';
import { findDigicertProduct } from '../products.js';
import { DigicertFailure, fieldError, json, noContent, parseBody } from '../respond.js';
import { requestRevocation } from '../revoke.js';
import type * as SchemaTypes from '../schemas.js';
import { digicertStatus, primaryCertificate } from '../status.js';
import { createdResponse } from './orders.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';

type ReissueBody = ReturnType<typeof SchemaTypes.reissueSchema.parse>;

/** Reissue or duplicate: a new certificate on the order, auto-approved, reusing the domains already validated. */
async function addCertificate(ctx: EmulatorContext, c: Context<DigicertEnv>, kind: 'reissue' | 'duplicate'): Promise<Response> {
  const body: ReissueBody = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().reissueSchema);
  const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'order_id')));
  const status = digicertStatus(ctx.core, order);
  if (status !== 'issued') throw new DigicertFailure('invalid_order_status', `cannot ${kind} an order that is ${status}`);
  const primary = primaryCertificate(ctx.core, order);
  const { commonName, dnsNames } = orderNames(
    findDigicertProduct(order.product),
    body.certificate.common_name ?? primary.commonName,
    body.certificate.dns_names ?? (body.certificate.common_name ? undefined : primary.dnsNames),
  );
  const method = body.dcv_method ?? order.dcvMethod;
  if (baseMethod(method) === 'http-token' && dnsNames.some((n) => n.startsWith('*.'))) throw new DigicertFailure('invalid_dcv_method', 'http-token cannot validate wildcard names');
  const csr = await parseDigicertCsr(ctx, body.certificate.csr);
  const random = randomValueOf(ctx, order);
  const validated = new Set(ctx.store.validationsOfOrder(order.id).filter((v) => v.status === 'valid').map((v) => v.domain));
  const cert = await ctx.core.addReissue(
    order,
    {
      publicId: newCertificateId(ctx, order.accountId),
      kind,
      csr,
      commonName,
      dnsNames,
      meta: { server_platform: body.certificate.server_platform, signature_hash: body.certificate.signature_hash, key_size: csr.keySize, dcvMethod: method },
      validations: buildValidations(ctx, dnsNames, method, random),
      cause: body.comments ? `${kind}: ${body.comments}` : kind,
    },
    ['issued', 'rejected'],
  );
  const refreshed = await ctx.core.approveValidations(ctx.store.order(order.id)!, 'domain validation reused', (v) => v.certificateId === cert.id && validated.has(v.domain));
  const requestId = recordApprovedRequest(ctx, order, cert, kind, body.comments ?? null, null, '');
  sendDcvEmails(ctx, refreshed, ctx.core.validations(cert));
  return json(c, createdResponse(ctx, refreshed, [{ id: requestId, status: 'approved' }], cert.id), 201);
}

function rejectApprovals(ctx: EmulatorContext, approvals: Approval[], note: string): void {
  const now = ctx.clock.nowMs();
  for (const a of approvals) {
    ctx.store.update('approvals', a.id, { status: 'rejected', processorComment: note, processedAt: now });
    ctx.core.event(a.orderId, a.certificateId, 'approval', a.status, 'rejected', `${a.kind} request ${a.publicId} canceled`);
  }
}

/** PUT …/status with `canceled`: cancels a needs_approval or pending order, or the pending reissue of an issued one. */
function cancel(ctx: EmulatorContext, order: Order, note: string): void {
  const status = digicertStatus(ctx.core, order);
  ctx.store.transaction(() => {
    switch (status) {
      case 'needs_approval':
      case 'pending': {
        ctx.store.update('orders', order.id, { meta: { ...order.meta, cancel: { note, at: ctx.clock.nowMs() } } });
        ctx.core.cancelOrder(ctx.store.order(order.id)!, { revokeIssued: false }, `canceled: ${note}`);
        rejectApprovals(ctx, ctx.store.approvalsOf(order.id).filter((a) => a.status === 'pending' && a.kind === 'new_request'), note);
        return;
      }
      case 'reissue_pending': {
        const reissue = primaryCertificate(ctx.core, order);
        ctx.core.reject(reissue, `reissue canceled: ${note}`);
        rejectApprovals(ctx, ctx.store.approvalsOf(order.id).filter((a) => a.certificateId === reissue.id && a.status !== 'rejected'), note);
        return;
      }
      default:
        throw new DigicertFailure('invalid_order_status', `an order that is ${status} cannot be canceled`);
    }
  });
}

export const orderActionRoutes: DigicertRoutes = (app, ctx) => {
  app.post('digicert.order.reissue', `${v2}/order/certificate/:order_id/reissue`, (c) => addCertificate(ctx, c, 'reissue'), () => ({
    summary: 'Reissue the certificate of an issued order',
    body: digicertSchemas().reissueSchema,
    response: digicertResponses().orderCreatedResponse,
    responseStatus: 201,
  }));
  app.post('digicert.order.duplicate', `${v2}/order/certificate/:order_id/duplicate`, (c) => addCertificate(ctx, c, 'duplicate'), () => ({
    summary: 'Create a duplicate certificate on an issued order',
    body: digicertSchemas().reissueSchema,
    response: digicertResponses().orderCreatedResponse,
    responseStatus: 201,
  }));

  const listOf = (kind: 'reissue' | 'duplicate') => async (c: Context<DigicertEnv>) => {
    const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'order_id')));
    const certs = ctx.core.certificates(order).filter((x) => x.kind === kind);
    const present = kind === 'reissue' ? presentReissueListItem : presentCertificateListItem;
    return json(c, { certificates: certs.map((x) => present(ctx, order, x)) });
  };
  app.get('digicert.order.duplicates', `${v2}/order/certificate/:order_id/duplicate`, listOf('duplicate'), () => ({ summary: 'List the duplicates of an order', response: digicertResponses().duplicateListResponse }));
  app.get('digicert.order.reissues', `${v2}/order/certificate/:order_id/reissue`, listOf('reissue'), () => ({ summary: 'List the reissues of an order', response: digicertResponses().reissueListResponse }));

  app.put(
    'digicert.order.cancel',
    `${v2}/order/certificate/:order_id/status`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().orderStatusSchema);
      const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'order_id')));
      if (body.status.toLowerCase() !== 'canceled') {
        throw new DigicertFailure('invalid_order_status', `status '${body.status}' can only be set on migrated orders`);
      }
      if (!body.note?.trim()) throw fieldError('missing_param', 'note', 'a note is required to cancel');
      cancel(ctx, order, body.note.trim());
      return noContent(c);
    },
    () => ({ summary: 'Update order status (cancel the order, or its pending reissue)', body: digicertSchemas().orderStatusSchema, responseStatus: 204 }),
  );

  app.put(
    'digicert.order.revoke',
    `${v2}/order/certificate/:order_id/revoke`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().revokeSchema);
      return requestRevocation(ctx, c, findOrder(ctx, c, param(c, 'order_id')), null, body);
    },
    () => ({ summary: 'Revoke every certificate of the order (201 request, or 204 with skip_approval)', body: digicertSchemas().revokeSchema, response: digicertResponses().revokeRequestResponse, responseStatus: 201 }),
  );
};
