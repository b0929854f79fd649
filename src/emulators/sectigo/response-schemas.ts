import * as z from 'zod';
import type { SectigoEndpointName } from './endpoints.js';

/**
 * The answers of the Sectigo endpoints in their URL-encoded form (responseFormat=1, or the
 * endpoint's default where it has no other), written from the docs.sectigo.com request/response
 * pages and the canned answers of the two public clients (checkdomain/Comodo, upmind). On the wire
 * every value is a string, so "types" are the shapes of those strings. A repeated key
 * (`caCertificate`) is an array once parsed. Strict objects: a renamed or extra field fails the
 * contract test. The OpenAPI document shows them as the success answers.
 */

const digits = z.string().regex(/^\d+$/, 'digits');
const int = z.string().regex(/^-?\d+$/, 'an integer');
const unix = z.string().regex(/^\d*$/, 'UNIX seconds (empty when not known)').describe('UNIX time in seconds');
const money = z.string().regex(/^\d+\.\d{2}$/, 'an amount with two decimals');
const flag = z.enum(['-1', '0', '1']).describe('1 done, 0 not yet, -1 not applicable');
const base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'bare Base64 (no PEM armour, no line breaks)');
const yn = z.enum(['Y', 'N']);
const ok = z.literal('0');
const dcvMethod = z.enum(['EMAIL', 'HTTP_CSR_HASH', 'HTTPS_CSR_HASH', 'CNAME_CSR_HASH']);
const statusWord = z.enum(['Awaiting Payment', 'Awaiting Validation', 'Being Issued', 'Issued', 'Revoked', 'Rejected', 'Expired', 'Replaced']);

/** Any answer with errorCode < 0: the code, the message and (for -2/-3/-4) the argument. */
export const sectigoErrorAnswer = z
  .strictObject({ errorCode: z.string().regex(/^-\d+$/, 'a negative code'), errorMessage: z.string().min(1), errorItem: z.string().optional() })
  .describe('error');

/** Keys `n_name` (n = 1, 2, …) beside the fixed ones: each extra key must match one of `patterns`. */
function numbered<S extends z.ZodRawShape>(fixed: S, patterns: RegExp[], value: z.ZodType = z.string()) {
  return z
    .object(fixed)
    .catchall(value)
    .superRefine((answer, check) => {
      for (const key of Object.keys(answer)) {
        if (key in fixed) continue;
        if (!patterns.some((p) => p.test(key))) check.addIssue({ code: 'custom', path: [key], message: `unexpected field ${key}` });
      }
    });
}

const statusFlags = {
  validationStatus: flag.optional(),
  csrStatus: flag.optional(),
  dcvStatus: flag.optional(),
  ovCallBackStatus: flag.optional(),
  organizationValidationStatus: flag.optional(),
  freeDVUPStatus: flag.optional(),
  /** Left out for non-EV orders, as Sectigo does. */
  evClickThroughStatus: flag.optional(),
  brandValStatus: flag.optional(),
};

const applyAnswer = z
  .strictObject({
    errorCode: z.enum(['0', '1']).describe('0 placed and paid, 1 placed, payment required'),
    orderNumber: digits,
    totalCost: money,
    expectedDeliveryTime: int.describe('deprecated'),
    certificateID: digits.max(16).optional().describe('with showCertificateID=Y'),
    certificateState: statusWord.optional().describe('with showCertificateState=Y'),
    uniqueValue: z.string().regex(/^[A-Za-z0-9]{1,20}$/).optional(),
  })
  .describe('AutoApplySSL answer');

const collectAnswer = z
  .strictObject({
    errorCode: z.enum(['0', '1', '2']).describe('0 not issued yet, 1 issued (status only), 2 certificate data attached'),
    orderNumber: digits,
    certificateStatus: statusWord.optional(),
    notBefore: unix.optional(),
    notAfter: unix.optional(),
    fqdn: z.string().optional(),
    ...statusFlags,
    mdcDomainDetails: z.string().optional(),
    mdcDomainDetails2: z.string().optional(),
    certificate: base64.optional().describe('the leaf (queryType 1 and 2, responseType 3)'),
    caCertificate: z.union([base64, z.array(base64)]).optional().describe('the chain, root side first'),
    zipFile: base64.optional(),
    pkcs7: base64.optional(),
    netscapeCertificateSequence: base64.optional(),
  })
  .describe('CollectSSL answer');

const detailedStatusAnswer = numbered(
  {
    errorCode: ok,
    orderNumber: digits,
    certificateID: digits,
    orderStatus: z.enum(['Active', 'Awaiting Payment', 'Cancelled', 'Refunded']),
    certificateStatus: statusWord,
    certificateStatusCode: int,
    notBefore: unix.optional(),
    notAfter: unix.optional(),
    orderDate: unix.optional(),
    product: digits.optional(),
    productName: z.string().optional(),
    commonName: z.string().optional(),
    domainNames: z.string().optional(),
    dcvMethod: z.string().optional(),
    serialNumber: z.string().regex(/^[0-9A-F]*$/).optional(),
    serverSoftware: int.optional(),
    totalCost: money.optional(),
    test: yn.optional(),
    ...statusFlags,
    replacementCount: digits.optional(),
  },
  [/^\d+_(certificateID|certificateStatus|requestDate)$/],
).describe('GetDetailedOrderStatus answer');

const mdcAnswer = numbered({ errorCode: ok }, [/^\d+_(domainName|dcvMethod|dcvStatus|dcvDetails|validatedAt)$/]).describe('GetMDCDomainDetails answer');

const reportAnswer = numbered(
  { errorCode: ok, noOfResults: digits },
  [
    /^\d+_(orderNumber|orderStatus|dateTime|organizationName|organizationalUnitName|postOfficeBox|streetAddress[123]|localityName|stateOrProvinceName|postalCode|countryName|validationStatus)$/,
    /^\d+_\d+_(type|domain|additionalDomain|mdcDomainNames|status|lastStatusChange|notBefore|notAfter|serialNumber|signatureAlgorithm|keySize|webServerSoftware|certificateID|csrStatus|dcvStatus|ovCallBackStatus|organizationValidationStatus|countryName|freeDVUPStatus|evClickThroughStatus)$/,
  ],
).describe('WebHostReport answer');

const decodeAnswer = z
  .strictObject({
    errorCode: ok,
    CN: z.string().optional(),
    O: z.string().optional(),
    OU: z.string().optional(),
    L: z.string().optional(),
    S: z.string().optional(),
    C: z.string().optional(),
    Email: z.string().optional(),
    PublicKey: base64.optional(),
    KeySize: digits.optional(),
    SANDNSNames: z.string().optional(),
    CSR: base64.optional(),
    md5: z.string().regex(/^[0-9A-F]{32}$/).optional(),
    sha1: z.string().regex(/^[0-9A-F]{40}$/).optional(),
    sha256: z.string().regex(/^[0-9A-F]{64}$/).optional(),
    SignatureAlgorithm: z.string().optional(),
  })
  .describe('DecodeCSR answer');

/** GetDCVEmailAddressList in JSON (responseFormat=2): repeated keys are arrays, one address alone a string. */
const addresses = z.union([z.string(), z.array(z.string())]);
const dcvEmailListJson = z
  .strictObject({ errorCode: z.literal(0), domain_name: z.string(), whois_email: addresses, level2_email: addresses, level3_email: addresses.optional() })
  .describe('GetDCVEmailAddressList answer (JSON)');

const done = z.strictObject({ errorCode: ok });
/** The endpoints of products mockca does not sell only ever answer an error. */
const errorOnly = sectigoErrorAnswer;

/**
 * The success answer of every endpoint: URL-encoded (parsed to an object) unless `json`.
 * GetDCVEmailAddressList's classic answer is newline text, so its schema is the JSON one.
 */
export const sectigoAnswers = {
  AutoApplySSL: applyAnswer,
  AutoApplyOrder: applyAnswer,
  AutoReplaceSSL: z
    .strictObject({ errorCode: ok, certificateID: z.union([digits, z.literal('')]).describe("'' for test=Y"), expectedDeliveryTime: int, uniqueValue: z.string().optional() })
    .describe('AutoReplaceSSL answer'),
  AutoRevokeSSL: done,
  autoRevokeCertificate: done,
  CollectSSL: collectAnswer,
  GetDCVEmailAddressList: dcvEmailListJson,
  ResendDCVEmail: done,
  AutoUpdateDCV: done,
  GetMDCDomainDetails: mdcAnswer,
  GetDetailedOrderStatus: detailedStatusAnswer,
  AutoRefund: done,
  RetryCAACheck: z.strictObject({ errorCode: ok, errorMessage: z.literal('CAA Check successfully relaunched') }).describe('RetryCAACheck answer'),
  WebHostReport: reportAnswer,
  DecodeCSR: decodeAnswer,
  getAccountBalance: z
    .strictObject({ errorCode: ok, accountID: digits, currency: z.string().regex(/^[A-Z]{3}$/), availableCredit: money, hardCreditLimit: money })
    .describe('getAccountBalance answer (field names inferred)'),
  AutoRemoveMDCDomain: done,
  UpdateUserEvClickThrough: z.strictObject({ errorCode: ok, status: int }).describe('UpdateUserEvClickThrough answer'),
  AutoRevokePAC: errorOnly,
  autoRevokeCS: errorOnly,
  CollectMC: errorOnly,
  CollectCCC: errorOnly,
  CollectPAC: errorOnly,
  CollectSMIME: errorOnly,
} satisfies Record<SectigoEndpointName, z.ZodType>;

/** Endpoints whose schema above is for their JSON answer. */
export const jsonAnswers: ReadonlySet<SectigoEndpointName> = new Set(['GetDCVEmailAddressList']);
