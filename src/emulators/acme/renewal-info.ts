import type { Context } from 'hono';
import { certificateByCertId } from './cert-id.js';
import { acmeInferred } from './inferred.js';
import { AcmeProblem, notFound } from './problems.js';
import { acmeJson } from './respond.js';
import type { AcmeServer } from './server.js';

const hourMs = 3_600_000;

/**
 * renewalInfo (RFC 9773, ARI): the window in the last third of the certificate's life; a revoked
 * certificate's window lies in the past, so clients renew at once. Unauthenticated GET.
 */
export function renewalInfo(server: AcmeServer, c: Context): Response {
  const cert = certificateByCertId(server, c.req.param('certId') ?? '');
  if (!cert || cert.notBefore === null || cert.notAfter === null) throw notFound('certificate');
  const now = server.ctx.clock.nowMs();
  let start: number;
  let end: number;
  if (cert.status === 'revoked') {
    start = now - 2 * hourMs;
    end = now - hourMs;
  } else {
    const life = cert.notAfter - cert.notBefore;
    start = cert.notAfter - Math.round(life / 3);
    end = cert.notAfter - Math.round(life / 6);
  }
  return acmeJson(
    { suggestedWindow: { start: new Date(start).toISOString(), end: new Date(end).toISOString() } },
    200,
    { 'retry-after': String(acmeInferred.renewalInfoRetryAfterSeconds) },
  );
}

/** A `replaces` value of newOrder must name a certificate of this vendor. */
export function replacedCertificate(server: AcmeServer, certId: string) {
  const cert = certificateByCertId(server, certId);
  if (!cert) throw new AcmeProblem('malformed', 'replaces names no certificate of this CA');
  return cert;
}
