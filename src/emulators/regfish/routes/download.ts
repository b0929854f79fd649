import { param } from '../../operation-router.js';
import { zip } from '../../../http/zip.js';
import type { RegfishRoutes } from '../env.js';
import { findOrder } from '../lookup.js';
import { RegfishFailure } from '../respond.js';

export const downloadRoutes: RegfishRoutes = (app, ctx) => {
  app.get('regfish.download', '/tls/certificate/:certificate_id/download/:format', async (c) => {
    const format = param(c, 'format');
    const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'certificate_id')));
    if (format !== 'pem' && format !== 'zip') throw new RegfishFailure('unsupportedFormat', `format '${format}' is not pem or zip`);
    const current = ctx.core.current(order);
    if (order.state !== 'open' || (current.status !== 'issued' && current.status !== 'expired') || !current.pem) {
      throw new RegfishFailure('downloadConflict', `the certificate is ${order.state === 'open' ? current.status : order.state}`);
    }
    const fullchain = `${current.pem.trim()}\n${ctx.ca.intermediatePem.trim()}\n`;
    if (format === 'pem') {
      return c.body(fullchain, 200, { 'content-type': 'application/x-pem-file', 'content-disposition': `attachment; filename="${order.publicId}.pem"` });
    }
    const archive = zip(
      [
        { name: 'certificate.pem', content: `${current.pem.trim()}\n` },
        { name: 'chain.pem', content: `${ctx.ca.intermediatePem.trim()}\n` },
        { name: 'fullchain.pem', content: fullchain },
        { name: 'root.pem', content: `${ctx.ca.rootPem.trim()}\n` },
      ],
      ctx.clock.now(),
    );
    return c.body(new Uint8Array(archive), 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${order.publicId}.zip"` });
  }, { summary: 'Download the issued certificate: pem (full chain) or zip' });
};
