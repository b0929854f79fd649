import { X509Certificate } from 'node:crypto';
import type { Context } from 'hono';
import * as z from 'zod';
import { CoreError } from '../../state/errors.js';
import type { AcmeAccount, AcmeOrder } from './model.js';
import { acmeInferred } from './inferred.js';
import { certificateBySerialHex, ownedByVendor } from './cert-id.js';
import { fromB64u, publicKeyOf } from './jws.js';
import { certificateOf } from './order-status.js';
import { AcmeProblem, notFound } from './problems.js';
import { payloadOf, signedRequest } from './request.js';
import { link } from './respond.js';
import type { AcmeServer } from './server.js';

export const revokePayload = z.object({ certificate: z.string(), reason: z.number().int().optional() });

/** RFC 5280 reason codes a subscriber may give (7 is unused, 8 removeFromCRL is for delta CRLs). */
const revocationReasons = new Set([0, 1, 2, 3, 4, 5, 6, 9, 10]);

/** How many chains a certificate URL offers: 0 = leaf + intermediate, 1 = leaf + intermediate + root. */
const alternates = 1;

/** The certificate URL (POST-as-GET): the PEM chain, with Link rel="alternate" to the other chain. */
export async function certificateResource(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const order = server.store.object<AcmeOrder>(server.profile.vendor, 'order', c.req.param('id') ?? '');
  if (!order) throw notFound('certificate');
  if (order.account !== req.account!.id) throw new AcmeProblem('unauthorized', 'the certificate belongs to another account');
  const alt = Number(c.req.param('alt') ?? 0);
  if (!Number.isInteger(alt) || alt < 0 || alt > alternates) throw notFound('certificate chain');
  const cert = certificateOf(server, order);
  if (!cert?.pem) throw notFound('certificate');
  const { ca } = server.ctx;
  const chain = [cert.pem.trim(), ca.intermediatePem.trim(), ...(alt === 1 ? [ca.rootPem.trim()] : [])].join('\n');
  const headers = new Headers({ 'content-type': 'application/pem-certificate-chain' });
  for (let i = 0; i <= alternates; i++) if (i !== alt) headers.append('link', link(req.urls.certificate(order.id, i), 'alternate'));
  return new Response(`${chain}\n`, { status: 200, headers });
}

/**
 * revokeCert (RFC 8555 §7.6): signed by an account of the vendor account that ordered it, or by the
 * certificate's own key (jwk). The revocation is the core's: the vendor API, the CRL and OCSP see it.
 */
export async function revokeCert(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'either');
  const payload = payloadOf(req, revokePayload);
  let x: X509Certificate;
  try {
    x = new X509Certificate(fromB64u(payload.certificate, 'certificate'));
  } catch (e) {
    if (e instanceof AcmeProblem) throw e;
    throw new AcmeProblem('malformed', 'certificate is not a DER X.509 certificate');
  }
  const cert = certificateBySerialHex(server, x.serialNumber);
  if (!cert || !cert.pem || !ownedByVendor(server, cert) || !new X509Certificate(cert.pem).raw.equals(x.raw)) {
    throw new AcmeProblem('malformed', 'this CA did not issue that certificate', 404);
  }
  if (req.account) authorizeAccount(server, req.account, cert.orderId);
  else if (!x.publicKey.export({ type: 'spki', format: 'der' }).equals(publicKeyOf(req.jwk).export({ type: 'spki', format: 'der' }))) {
    throw new AcmeProblem('unauthorized', 'the JWS key is not the key of the certificate');
  }
  const reason = payload.reason ?? 0;
  if (!revocationReasons.has(reason)) throw new AcmeProblem('badRevocationReason', `reason ${reason} is not one of ${[...revocationReasons].join(', ')}`);
  if (cert.status === 'revoked') throw new AcmeProblem('alreadyRevoked', 'the certificate is already revoked');
  try {
    server.ctx.core.revoke(cert, { reason }, `revoked through ACME revokeCert (${req.account ? `account ${req.account.id}` : 'certificate key'})`);
  } catch (e) {
    if (e instanceof CoreError) throw new AcmeProblem('malformed', `the certificate cannot be revoked: ${e.message}`);
    throw e;
  }
  return new Response(null, { status: 200 });
}

function authorizeAccount(server: AcmeServer, account: AcmeAccount, orderId: number): void {
  const order = server.ctx.store.order(orderId)!;
  const orderedBy = (order.meta.acme as { account?: string } | undefined)?.account;
  if (orderedBy === account.id) return;
  if (acmeInferred.revokeByVendorAccount && order.accountId === account.accountId) return;
  throw new AcmeProblem('unauthorized', 'the certificate was not ordered by this account');
}
