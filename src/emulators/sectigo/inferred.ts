/**
 * Sectigo behaviour that no page or client confirmed. Every guess lives here so it is easy to
 * correct; docs/sectigo.md lists the same items under "Sectigo: inferred behaviour".
 */

/**
 * Error codes the reference has no number for. The seed's autoRevokeCertificate table lists
 * "replaced" between -26 and -35 and the last two after -42, so the numbers follow that order.
 */
export const sectigoInferredCodes = {
  /** autoRevokeCertificate: "The certificate cannot be revoked because it has been replaced." */
  replaced: -34,
  /** autoRevokeCertificate: "The certificate cannot be revoked in its current state." */
  wrongState: -43,
  /** autoRevokeCertificate: "The certificate revocation failed due to a general error." */
  generalFailure: -44,
  /** AutoRefund: the product (multi-domain) cannot be refunded through the API (-54 exists, meaning not recovered). */
  refundNotEligible: -54,
  /** AutoRefund: the refund period has ended (-69 exists, meaning not recovered). */
  refundPeriodOver: -69,
} as const;

export type SectigoInferredCodeName = keyof typeof sectigoInferredCodes;

/** Other guesses, as data. */
export const sectigoInferred = {
  /** `expectedDeliveryTime` of AutoApply/AutoReplace (deprecated field; the docs' sample shows 1). */
  expectedDeliveryTime: '1',
  /** Order numbers and certificate IDs: how many digits the emulator draws. */
  orderNumberDigits: 8,
  certificateIdDigits: 10,
  /** uniqueValue generated for CSR-hash DCV when the request has none. */
  uniqueValueLength: 10,
  /** EMAIL DCV without dcvEmailAddress: the mail goes to the first constructed address, admin@<registrable domain>. */
  defaultDcvEmailBox: 'admin',
  /** Value of line 2 of the HTTP(S)_CSR_HASH file and the CNAME target's zone. */
  dcvBrand: 'sectigo.com',
  /** Refunds are accepted this many days after ordering. */
  refundPeriodDays: 30,
  /** CollectSSL: responseType when the request has none. */
  defaultCollectResponseType: 3,
  /** WebHostReport paging default (checkdomain's client defaults lastResultNo to 10). */
  reportPageSize: 10,
  /** WebHostReport: most orders one page holds, whatever lastResultNo asks (no documented maximum). */
  reportMaxPageSize: 1000,
  /**
   * CollectSSL: certificates are one unbroken Base64 line (the docs say "Base64-encoded", and a
   * client that reverses the newline answer's lines must get whole certificates). Newline mode:
   * status line, the showValidityPeriod/showFQDN values (positional), the other flags as
   * `key<TAB>value` lines, then the chain root side first and the leaf last.
   */
  collectBase64LineLength: 0,
  /**
   * Names: a Unicode IDN (例え.jp) is refused as an invalid value (-4 on csr / domainNames /
   * domainName); DecodeCSR answers its documented -25; punycode (xn--…) is accepted everywhere.
   */
  unicodeNameCode: -4,
  /** Default account credit (no `credit` in the account profile = unlimited). */
  unlimitedCredit: Number.POSITIVE_INFINITY,
  /** getAccountBalance: field names (the docs' table was not readable), the currency, and the credit line of an unlimited account. */
  balanceFields: { accountID: 'accountID', currency: 'currency', availableCredit: 'availableCredit', hardCreditLimit: 'hardCreditLimit' },
  balanceCurrency: 'USD',
  unlimitedCreditLimit: 999_999.99,
  /** UpdateUserEvClickThrough: `status` answered once the EV click-through is recorded. */
  evClickThroughDone: 1,
  /** Rate limit window (calls per this many ms per login). */
  rateWindowMs: 60_000,
  /** TLDs treated as internal names for the Intranet product (-18 refuses any other FQDN). */
  internalTlds: ['local', 'internal', 'lan', 'corp', 'intranet', 'localdomain', 'home', 'test'],
  /** Longest certificate validity by date (CA/B Forum SC-081 schedule); `days` beyond it stays contract time. */
  maxCertificateDays(now: Date): number {
    if (now >= new Date('2029-03-15T00:00:00Z')) return 47;
    if (now >= new Date('2027-03-15T00:00:00Z')) return 100;
    if (now >= new Date('2026-03-15T00:00:00Z')) return 200;
    return 398;
  },
  /** CAA issuer names that authorize Sectigo: sectigo.com is documented; comodoca.com (its former name) is inferred. */
  caaIdentities: ['sectigo.com', 'comodoca.com'],
  /**
   * RetryCAACheck: "1 request per 10 minutes" is documented; that it counts per certificate, on the
   * emulator's clock, and that a call within it is the -42 of the API's call limit are inferred.
   */
  caaRetryIntervalMs: 10 * 60_000,
} as const;
