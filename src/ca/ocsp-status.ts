// The OCSP vocabulary the control routes need without loading the responder (ocsp.ts and its
// ASN.1 schemas load on the first OCSP request).

/** What the CA knows about one serial it is asked about. */
export type OcspCertStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; /** RFC 5280 CRLReason code. */ reason?: number }
  | { status: 'unknown' };

/** Looks a serial up (lower-case hex, no leading zeros). */
export type OcspLookup = (serialHex: string) => OcspCertStatus;

export const ocspContentTypes = { request: 'application/ocsp-request', response: 'application/ocsp-response' } as const;

/** Normalises a serial to lower-case hex without separators or leading zeros. */
export function normalizeSerial(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase().replace(/^0+(?=.)/, '');
}
