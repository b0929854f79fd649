import type { Context } from 'hono';
import { optionalParam, param } from '../../operation-router.js';
import { downloadResponse } from '../download.js';
import { platformFormats } from '../platforms.js';
import { v2, type DigicertEnv, type DigicertRoutes } from '../env.js';
import { findCertificate, findOrder } from '../lookup.js';
import { presentChain } from '../presenters.js';
import { DigicertFailure, json, parseBody } from '../respond.js';
import { requestRevocation } from '../revoke.js';
import { digicertResponses, digicertSchemas } from '../schema-lib.js';

export const certificateRoutes: DigicertRoutes = (app, ctx) => {
  app.get(
    'digicert.certificate.download',
    `${v2}/certificate/:certificate_id/download/format/:format`,
    async (c) => {
      const { order, cert } = findCertificate(ctx, c, param(c, 'certificate_id'));
      await ctx.core.refresh(order);
      return downloadResponse(ctx, c, ctx.store.certificate(cert.id)!, param(c, 'format'));
    },
    { summary: 'Download a certificate in a format (pem_all, p7b, der, zip bundles, …)' },
  );

  const platform = async (c: Context<DigicertEnv>) => {
    const { order, cert } = findCertificate(ctx, c, param(c, 'certificate_id'));
    await ctx.core.refresh(order);
    const fresh = ctx.store.certificate(cert.id)!;
    const platformOfOrder = String((fresh.meta as { server_platform?: { id?: number } }).server_platform?.id ?? -1);
    const name = (optionalParam(c, 'platform') ?? platformOfOrder).toLowerCase();
    return downloadResponse(ctx, c, fresh, platformFormats[name] ?? 'default');
  };
  app.get('digicert.certificate.downloadPlatform', `${v2}/certificate/:certificate_id/download/platform`, platform, { summary: 'Download the zip bundle of the order platform' });
  app.get('digicert.certificate.downloadPlatformNamed', `${v2}/certificate/:certificate_id/download/platform/:platform`, platform, { summary: 'Download the zip bundle of a platform' });

  app.get(
    'digicert.certificate.downloadByOrder',
    `${v2}/certificate/download/order/:order_id/format/:format`,
    async (c) => {
      const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'order_id')));
      const cert = ctx.core.latestIssued(order);
      if (!cert) throw new DigicertFailure('certificate_not_issued', `order ${order.publicId} has no issued certificate`);
      return downloadResponse(ctx, c, cert, param(c, 'format'));
    },
    { summary: "Download the order's active certificate in a format" },
  );

  app.get(
    'digicert.certificate.chain',
    `${v2}/certificate/:certificate_id/chain`,
    async (c) => {
      const { order, cert } = findCertificate(ctx, c, param(c, 'certificate_id'));
      await ctx.core.refresh(order);
      const fresh = ctx.store.certificate(cert.id)!;
      if (!fresh.pem) throw new DigicertFailure('certificate_not_issued', `certificate ${cert.publicId} is ${cert.status}`);
      return json(c, { intermediates: presentChain(ctx, fresh, false) });
    },
    () => ({ summary: 'Certificate chain (leaf, intermediate, root)', response: digicertResponses().chainResponse }),
  );

  app.put(
    'digicert.certificate.revoke',
    `${v2}/certificate/:certificate_id/revoke`,
    async (c) => {
      const body = await parseBody(c, ctx.config.maxBodyBytes, digicertSchemas().revokeSchema);
      const { order, cert } = findCertificate(ctx, c, param(c, 'certificate_id'));
      return requestRevocation(ctx, c, order, cert, body);
    },
    () => ({ summary: 'Revoke one certificate (201 request, or 204 with skip_approval)', body: digicertSchemas().revokeSchema, response: digicertResponses().revokeRequestResponse, responseStatus: 201 }),
  );
};
