/**
 * `revocation_reason` of the revoke endpoints (revoke-order-certificates and revoke-certificate
 * pages: `unspecified` is the default) and the CRL reason code (RFC 5280) each one becomes.
 */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;

export type RevocationReason = keyof typeof revocationReasons;

export const revocationReasonNames = Object.keys(revocationReasons) as [RevocationReason, ...RevocationReason[]];
