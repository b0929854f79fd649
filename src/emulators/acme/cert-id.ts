import type { Certificate } from '../../state/model.js';
import type { AcmeServer } from './server.js';
import { AcmeProblem } from './problems.js';

/** The core certificate with a serial, as hex from any source (leading zero bytes or not). */
export function certificateBySerialHex(server: AcmeServer, hex: string): Certificate | undefined {
  const bare = hex.toLowerCase().replace(/^0+/, '');
  for (const candidate of [bare.padStart(bare.length + (bare.length % 2), '0'), bare.padStart(32, '0'), bare]) {
    const cert = server.ctx.store.certificateBySerial(candidate);
    if (cert) return cert;
  }
  return undefined;
}

/** Only certificates of orders of this vendor are this ACME server's to talk about. */
export function ownedByVendor(server: AcmeServer, cert: Certificate): boolean {
  return server.ctx.store.order(cert.orderId)?.vendor === server.profile.vendor;
}

/** RFC 9773 §4.1 certID: base64url(AKI keyIdentifier) "." base64url(serial DER integer bytes). */
export function certificateByCertId(server: AcmeServer, certId: string): Certificate | undefined {
  const parts = certId.split('.');
  if (parts.length !== 2 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw new AcmeProblem('malformed', 'a certID is base64url(authority key identifier).base64url(serial number)');
  }
  const cert = certificateBySerialHex(server, Buffer.from(parts[1], 'base64url').toString('hex'));
  return cert && ownedByVendor(server, cert) ? cert : undefined;
}
