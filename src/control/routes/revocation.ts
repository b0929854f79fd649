import { encodeRevokedList, type RevokedEntry, type SignedCrl } from '../../ca/crl.js';
import type { OcspResponder } from '../../ca/ocsp.js';
import { normalizeSerial, ocspContentTypes, type OcspCertStatus } from '../../ca/ocsp-status.js';
import type { EmulatorContext } from '../../context.js';
import type { Certificate } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';

/**
 * Finds a certificate by serial written any way a person or tool writes it: hex in any case,
 * with or without colons, with or without leading zeros.
 */
export function certificateBySerialText(ctx: EmulatorContext, text: string): Certificate | undefined {
  const serial = normalizeSerial(text);
  if (!/^[0-9a-f]+$/.test(serial)) return undefined;
  for (const candidate of [serial, `0${serial}`, `00${serial}`]) {
    const cert = ctx.store.certificateBySerial(candidate);
    if (cert) return cert;
  }
  return undefined;
}

/** What OCSP says about a certificate in the store. */
function ocspStatus(ctx: EmulatorContext, serialHex: string): OcspCertStatus {
  const cert = certificateBySerialText(ctx, serialHex);
  if (!cert || cert.pem === null) return { status: 'unknown' };
  if (cert.status === 'revoked') {
    return { status: 'revoked', revokedAt: new Date(cert.revokedAt ?? ctx.clock.nowMs()), reason: cert.revocationReason ?? undefined };
  }
  return { status: 'good' };
}

interface CachedCrl {
  list: Buffer;
  crl: SignedCrl;
}

const crlCache = new WeakMap<EmulatorContext, CachedCrl>();
const responders = new WeakMap<EmulatorContext['ca'], OcspResponder>();

/**
 * The current CRL. It is signed again (with the next CRL number) only when the list of revoked
 * certificates changed, or when the virtual clock passed its next update or went back before it.
 * The entries are encoded once each (ca/crl.ts), so a change to a long list costs one entry and a
 * signature. A replaced certificate is not on it; only revoked ones are.
 */
export async function currentCrl(ctx: EmulatorContext): Promise<SignedCrl> {
  const revoked: RevokedEntry[] = ctx.store.revocationList().map((r) => ({
    serialHex: r.serial,
    revokedAt: new Date(r.revokedAt ?? ctx.clock.nowMs()),
    reason: r.reason ?? undefined,
  }));
  const list = encodeRevokedList(ctx.ca.authority.intermediate, revoked);
  const now = ctx.clock.nowMs();
  const cached = crlCache.get(ctx);
  if (cached && cached.list.equals(list) && now < cached.crl.nextUpdate.getTime() && now >= cached.crl.thisUpdate.getTime()) return cached.crl;
  const crl = await ctx.ca.signCrl(revoked, new Date(Math.floor(now / 1000) * 1000));
  crlCache.set(ctx, { list, crl });
  return crl;
}

/** The responder is loaded on the first OCSP request (its ASN.1 schemas are not needed by a start). */
async function responderFor(ctx: EmulatorContext): Promise<OcspResponder> {
  let responder = responders.get(ctx.ca);
  if (!responder) {
    const { OcspResponder } = await import('../../ca/ocsp.js');
    responder = responders.get(ctx.ca) ?? new OcspResponder(ctx.ca.authority.intermediate);
    responders.set(ctx.ca, responder);
  }
  return responder;
}

const ocspHeaders = { 'content-type': ocspContentTypes.response, 'cache-control': 'no-store' };

/** The OCSP responder at the URL in every leaf's AIA: POST (RFC 6960 A.1) and GET with the base64 request in the path. */
export const revocationRoutes: ControlRoutes = (app, ctx) => {
  const answer = async (der: Uint8Array) => {
    const body = await (await responderFor(ctx)).respond(der, (serial) => ocspStatus(ctx, serial), ctx.clock.now());
    return new Response(body, { status: 200, headers: ocspHeaders });
  };

  app.post('/api/ca/ocsp', async (c) => answer(new Uint8Array(await c.req.arrayBuffer())));

  app.get('/api/ca/ocsp/*', async (c) => {
    const prefix = '/api/ca/ocsp/';
    const path = new URL(c.req.url).pathname;
    const raw = path.slice(path.indexOf(prefix) + prefix.length);
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      text = raw;
    }
    return answer(new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
  });
};
