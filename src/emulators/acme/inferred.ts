/**
 * What the ACME front end guesses about the vendors' ACME servers, where no public document or
 * recorded answer settles it. Settled facts live in vendors.ts with their source:
 * - DigiCert's directory is https://acme.digicert.com/v2/acme/directory/ for every account
 *   (DigiCert support, quoted in rmbolger/posh-acme#529; CertCentral "ACME Directory URLs").
 * - Sectigo's DV directory is https://acme.sectigo.com/v2/DV (Sectigo CaaS API guide, PREREGISTER serverUrl).
 * - Both require External Account Binding (DigiCert CertCentral ACME docs; Sectigo ACME integration guide).
 */
export const acmeInferred = {
  digicert: {
    directoryPath: '/v2/acme/directory/',
    /** The resources besides the directory: their paths are not published; these are ours. */
    base: '/v2/acme',
    /** A CertCentral ACME URL is made for one product; ours order GeoTrust DV SSL unless the key says otherwise. */
    defaultProduct: 'ssl_dv_geotrust_flex',
  },
  sectigo: {
    directoryPath: '/v2/DV',
    base: '/v2/DV',
    /** Sectigo's DV ACME sells PositiveSSL; ours order PositiveSSL Multi-Domain DV (code 279), so several names fit. */
    defaultProduct: '279',
  },
  /** An EAB key may bind more than one ACME account (Pebble does the same; neither vendor says). */
  eabKeyReusable: true,
  /** Seconds in Retry-After while an order is processing or an authorization pending. */
  retryAfterSeconds: 1,
  /** Seconds in the Retry-After of a renewalInfo answer (RFC 9773 suggests hours; clients poll on it). */
  renewalInfoRetryAfterSeconds: 21_600,
  /** Lifetimes of pending authorizations and orders. */
  authzLifetimeDays: 7,
  orderLifetimeDays: 7,
  /** How long an http-01 fetch may take before the challenge fails with `connection`. */
  http01TimeoutMs: 5_000,
  /** A certificate may be revoked by any ACME account of the vendor account that ordered it, not only the one that ordered it. */
  revokeByVendorAccount: true,
} as const;
