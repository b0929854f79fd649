import type { ControlRoutes } from '../env.js';
import { ControlFailure } from '../respond.js';
import { presentCertificateStatus } from '../presenters.js';
import { certificateBySerialText, currentCrl } from './revocation.js';

const pem = { 'content-type': 'application/x-pem-file' };

export const caRoutes: ControlRoutes = (app, ctx) => {
  app.get('/api/ca/root.pem', (c) => c.body(ctx.ca.rootPem, 200, pem));
  app.get('/api/ca/intermediate.pem', (c) => c.body(ctx.ca.intermediatePem, 200, pem));
  app.get('/api/ca/chain.pem', (c) => c.body(ctx.ca.chainPem, 200, pem));
  app.get('/api/ca/intermediate.cer', (c) => c.body(new Uint8Array(ctx.ca.intermediateDer), 200, { 'content-type': 'application/pkix-cert' }));

  app.get('/api/ca/crl', async (c) => {
    const crl = await currentCrl(ctx);
    if (c.req.query('format') === 'pem') {
      const { x509 } = await import('../../ca/x509.js');
      return c.body(x509.PemConverter.encode(crl.rawData, 'X509 CRL'), 200, pem);
    }
    return c.body(new Uint8Array(crl.rawData), 200, { 'content-type': 'application/pkix-crl' });
  });

  /** Certificate status by serial, like Pebble's cert-status-by-serial: hex, any case, colons allowed. */
  app.get('/api/certificates/:serial', (c) => {
    const serial = c.req.param('serial') ?? '';
    const cert = certificateBySerialText(ctx, serial);
    if (!cert) throw new ControlFailure(404, 'unknown_serial', `no certificate with serial ${serial}`);
    return c.json(presentCertificateStatus(ctx, cert));
  });
};
