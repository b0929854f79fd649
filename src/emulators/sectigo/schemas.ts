import * as z from 'zod';
import { sectigoDcvMethods } from './dcv.js';

/**
 * The form bodies of the Sectigo endpoints: the validator (-3 missing, -4 invalid), the list of
 * recognised arguments (anything else is -2) and the OpenAPI document. Every value is a string,
 * as it is on the wire; handlers convert.
 */

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/)
    .refine((v) => Number(v) >= min && Number(v) <= max, `integer ${min}..${max}`);
const id = (digits: number) => z.string().regex(new RegExp(`^\\d{1,${digits}}$`), `up to ${digits} digits`);
const yn = z.enum(['Y', 'N']);
const format = (...allowed: string[]) => z.enum(allowed as [string, ...string[]]).optional().describe('responseFormat');

const login = {
  loginName: z.string().min(1).max(64).describe('account username (case sensitive)'),
  loginPassword: z.string().min(1).max(128).describe('account password (case sensitive)'),
};
const optionalLogin = { loginName: login.loginName.optional(), loginPassword: login.loginPassword.optional() };
const orderNumber = id(18).describe('order number');
const certificateID = id(16).describe('certificate ID');
const dcvMethod = z.enum(sectigoDcvMethods);
const text = (max: number) => z.string().max(max).optional();

const contact = {
  foreignOrderNumber: text(64),
  emailAddress: text(255).describe("where the certificate is emailed ('none' = not emailed)"),
  appRepEmailAddress: text(255),
  appRepForename: text(64),
  appRepSurname: text(64),
  appRepTelephone: text(32),
  organizationName: text(64),
  organizationalUnitName: text(64),
  postOfficeBox: text(40),
  streetAddress1: text(128),
  streetAddress2: text(128),
  streetAddress3: text(128),
  localityName: text(128),
  stateOrProvinceName: text(128),
  postalCode: text(40),
  countryName: z.string().regex(/^[A-Za-z]{2}$/).optional(),
  companyNumber: text(64),
  prioritiseCSRValues: yn.optional(),
  signatureHash: z.enum(['PREFER_SHA2', 'PREFER_SHA1', 'INFER_FROM_CSR', 'REQUIRE_SHA2']).optional(),
};

const dcvFields = {
  dcvMethod: dcvMethod.optional().describe('EMAIL (default), HTTP_CSR_HASH, HTTPS_CSR_HASH or CNAME_CSR_HASH'),
  dcvEmailAddress: z.string().max(255).optional(),
  dcvEmailAddresses: z.string().max(65536).optional().describe('comma-separated, one per domain of domainNames'),
  domainNames: z.string().max(65536).optional().describe('comma-separated (multi-domain products)'),
  uniqueValue: z.string().regex(/^[A-Za-z0-9]{1,20}$/).optional().describe('salt of the CSR-hash DCV values (≤20 alphanumerics)'),
  showCertificateID: yn.optional(),
  isCustomerValidated: yn.optional(),
};

export const autoApplySslForm = z
  .object({
    ...login,
    accountID: id(16).optional(),
    product: int(1, 99999).describe('product code (§3.1)'),
    days: int(1, 9999).optional(),
    years: int(1, 10).optional(),
    serverCount: int(-1, 99999).optional(),
    serverSoftware: int(-1, 50).describe('-1 = other'),
    csr: z.string().min(1).max(65536).describe('PEM, with or without the BEGIN/END lines'),
    ...dcvFields,
    primaryDomainName: z.string().max(253).optional(),
    maxSubjectCNs: int(1, 250).optional(),
    showCertificateState: yn.optional(),
    test: yn.optional().describe('Y = test order: nothing is billed'),
    responseFormat: format('0', '1'),
    ...contact,
  })
  .describe('AutoApplySSL');

export const autoApplyOrderForm = autoApplySslForm
  .extend({ isCustomerValidated: yn.describe('Y/N (send N unless told otherwise)') })
  .describe('AutoApplyOrder');

export const autoReplaceSslForm = z
  .object({
    ...login,
    accountID: id(16).optional(),
    orderNumber,
    exactOrder: yn.optional(),
    serverSoftware: int(-1, 50).optional(),
    csr: z.string().min(1).max(65536),
    ...dcvFields,
    test: yn.optional(),
    responseFormat: format('0', '1'),
    prioritiseCSRValues: yn.optional(),
    signatureHash: contact.signatureHash,
  })
  .describe('AutoReplaceSSL');

const revokeTarget = {
  orderNumber: orderNumber.optional(),
  certificateID: certificateID.optional(),
  serialNumber: z
    .string()
    .regex(/^(0x)?[0-9A-Fa-f:]{1,70}$/)
    .refine((v) => v.replace(/^0x/i, '').replace(/:/g, '').length <= 34, 'up to 34 hex digits')
    .optional()
    .describe('hexadecimal, up to 34 digits (colons allowed)'),
};
const codeReason = z.enum(['0', '1', '3', '4', '5']).describe('0 unspecified, 1 keyCompromise, 3 affiliationChanged, 4 superseded, 5 cessationOfOperation');

export const autoRevokeSslForm = z
  .object({
    ...login,
    ...revokeTarget,
    revocationReason: z.string().max(1024).optional(),
    codeReason: codeReason.optional(),
    test: yn.optional(),
    responseFormat: format('0', '1'),
  })
  .describe('AutoRevokeSSL');

export const autoRevokeCertificateForm = z
  .object({
    ...login,
    ...revokeTarget,
    accountID: id(16).optional(),
    revocationReason: z.string().max(1024).optional().describe('free text, for your reference only'),
    codeReason: codeReason.optional(),
    productCode: z.string().max(50).optional(),
    product: int(1, 99999).optional(),
    includeInCRL: yn.optional().describe('N marks an issued certificate replaced instead of revoking it'),
    test: yn.optional().describe('Y = nothing is revoked or rejected'),
    responseFormat: format('0', '1'),
  })
  .describe('autoRevokeCertificate');

const collectTarget = { orderNumber: orderNumber.optional(), certificateID: certificateID.optional(), baseOrderNumber: orderNumber.optional() };

export const collectSslForm = z
  .object({
    ...login,
    ...collectTarget,
    queryType: z.enum(['0', '1', '2', '3']).describe('0 status, 1 +certificate +chain, 2 +certificate, 3 +chain'),
    responseType: z.enum(['0', '1', '2', '3']).optional().describe('0 ZIP, 1 Netscape sequence, 2 PKCS#7, 3 individually encoded'),
    responseEncoding: z.enum(['0', '1']).optional().describe('0 base64, 1 binary'),
    responseMimeType: z.string().max(100).regex(/^[\w.+-]+\/[\w.+-]+$/).optional(),
    showValidityPeriod: yn.optional(),
    showFQDN: yn.optional(),
    showExtStatus: yn.optional(),
    showStatusDetails: yn.optional(),
    showMDCDomainDetails: yn.optional(),
    showMDCDomainDetails2: yn.optional(),
    responseFormat: format('0', '1'),
  })
  .describe('CollectSSL (takes no showCertificateID, as upmind found)');

export const getDcvEmailAddressListForm = z
  .object({
    ...login,
    domainName: z.string().min(1).max(253),
    product: int(1, 99999).optional(),
    responseFormat: format('0', '1', '2'),
  })
  .describe('GetDCVEmailAddressList');

export const resendDcvEmailForm = z
  .object({
    ...login,
    orderNumber: orderNumber.optional(),
    baseOrderNumber: orderNumber.optional(),
    dcvEmailAddress: z.string().max(255).optional(),
    emailTemplateID: int(0, 99999).optional(),
    responseFormat: format('0', '1'),
  })
  .describe('ResendDCVEmail');

export const autoUpdateDcvForm = z
  .object({
    ...login,
    orderNumber: orderNumber.optional(),
    baseOrderNumber: orderNumber.optional(),
    domainName: z.string().max(253).optional(),
    newMethod: dcvMethod.optional(),
    newDCVEmailAddress: z.string().max(255).optional(),
    domainNames: z.string().max(65536).optional().describe('space-separated'),
    newMethods: z.string().max(65536).optional().describe('comma-separated, in the order of domainNames'),
    newDCVEmailAddresses: z.string().max(65536).optional().describe('space-separated'),
    emailTemplateID: int(0, 99999).optional(),
  })
  .describe('AutoUpdateDCV (takes no responseFormat)');

export const getMdcDomainDetailsForm = z
  .object({ ...login, orderNumber, showStatusDetails: yn.optional(), responseFormat: format('1', '2') })
  .describe('GetMDCDomainDetails');

export const getDetailedOrderStatusForm = z
  .object({
    ...login,
    orderNumber: orderNumber.optional(),
    certificateID: certificateID.optional(),
    queryType: z.enum(['0', '1', '2']).optional().describe('0 status, 1 +detail, 2 +detail +replacement certificates'),
    showValidityPeriod: yn.optional(),
    responseFormat: format('1', '2'),
  })
  .describe('GetDetailedOrderStatus');

export const autoRefundForm = z
  .object({
    ...login,
    orderNumber,
    refundReasonCode: int(1, 11).describe('1..11 (§3.10)'),
    responseFormat: format('0', '1'),
  })
  .describe('AutoRefund');

export const retryCaaCheckForm = z
  .object({
    ...login,
    certificateID: certificateID.optional(),
    orderNumber: orderNumber.optional(),
  })
  .describe('RetryCAACheck (either certificateID or orderNumber)');

const idList = z.string().regex(/^\d+(,\d+)*$/, 'comma-separated numbers');

export const webHostReportForm = z
  .object({
    ...login,
    notBefore: int(0, 99999999999).optional().describe('orders placed at or after (UNIX seconds)'),
    notAfter: int(0, 99999999999).optional().describe('orders placed at or before (UNIX seconds)'),
    firstResultNo: int(1, 1000000).optional(),
    lastResultNo: int(1, 1000000).optional(),
    organizationName: z.string().max(64).optional().describe('_ and % wildcards'),
    fqdn: z.string().max(255).optional().describe('_ and % wildcards'),
    orderNumber: idList.optional(),
    foreignOrderNumber: z.string().max(1024).optional(),
    certificateID: idList.optional(),
    showStatusDetails: yn.optional(),
    certificateStatusCodes: z.string().regex(/^-?\d+(,-?\d+)*$/).optional().describe('comma-separated status codes (inferred name)'),
    certificateStatusNames: z.string().max(1024).optional().describe('comma-separated status names (inferred name)'),
    showAdditionalDomains: yn.optional().describe('(inferred name)'),
    responseFormat: format('0', '1'),
  })
  .describe('WebHostReport');

export const decodeCsrForm = z
  .object({
    ...optionalLogin,
    csr: z.string().min(1).max(65536),
    product: int(1, 99999).optional(),
    showErrorCodes: yn.optional(),
    showErrorMessages: yn.optional(),
    showFieldNames: yn.optional(),
    showEmptyFields: yn.optional(),
    showCN: yn.optional(),
    showAddress: yn.optional(),
    showPublicKey: yn.optional(),
    showKeySize: yn.optional(),
    showSANDNSNames: yn.optional(),
    showCSR: yn.optional(),
    showCSRHashes: yn.optional().describe('Y needs https'),
    showSignatureAlgorithm: yn.optional(),
    countryNameType: z.enum(['TWOCHAR', 'FULLNAME']).optional(),
    responseFormat: format('0', '1'),
  })
  .describe('DecodeCSR');

export const getAccountBalanceForm = z.object({ ...login, responseFormat: format('0', '1') }).describe('getAccountBalance');

export const autoRemoveMdcDomainForm = z
  .object({ ...login, orderNumber, domainName: z.string().min(1).max(253).describe('the domain to take off the multi-domain order'), responseFormat: format('0', '1') })
  .describe('AutoRemoveMDCDomain');

export const updateUserEvClickThroughForm = z
  .object({
    ...login,
    orderNumber,
    remoteIP: z.string().max(45).optional().describe('IP address of the user who accepted the EV agreement (inferred name)'),
    userAgent: z.string().max(1024).optional().describe('(inferred name)'),
    responseFormat: format('0', '1'),
  })
  .describe('UpdateUserEvClickThrough');

const otherRevoke = {
  ...login,
  orderNumber: orderNumber.optional(),
  certificateID: certificateID.optional(),
  serialNumber: revokeTarget.serialNumber,
  revocationReason: z.string().max(1024).optional(),
  codeReason: codeReason.optional(),
  test: yn.optional(),
};

export const autoRevokePacForm = z.object({ ...otherRevoke, responseFormat: format('0') }).describe('AutoRevokePAC (newline answers only)');

export const autoRevokeCsForm = z.object({ ...otherRevoke, includeInCRL: yn.optional(), responseFormat: format('0', '1') }).describe('autoRevokeCS');

const collectOther = {
  queryType: z.enum(['0', '1', '2', '3']),
  responseType: z.enum(['1', '2', '3', '4']).optional().describe('1 Netscape sequence, 2 PKCS#7, 3 individually encoded, 4 CMMF'),
  responseEncoding: z.enum(['0', '1']).optional(),
  responseMimeType: collectSslForm.shape.responseMimeType,
  responseFormat: format('0', '1'),
};
const collectionCode = z.string().min(1).max(16).describe('the collection code of the collection email (then no login is needed)');

export const collectMcForm = z
  .object({ ...login, orderNumber, responseType: z.enum(['0', '2']).optional().describe('0 ZIP, 2 PKCS#7'), responseEncoding: z.enum(['0', '1']).optional(), responseFormat: format('0', '1') })
  .describe('CollectMC');
export const collectCccForm = z.object({ ...optionalLogin, orderNumber: orderNumber.optional(), collectionCode: collectionCode.optional(), ...collectOther }).describe('CollectCCC');
export const collectPacForm = z.object({ ...optionalLogin, orderNumber: orderNumber.optional(), collectionCode: collectionCode.optional(), ...collectOther }).describe('CollectPAC');
export const collectSmimeForm = z.object({ ...login, orderNumber, ...collectOther }).describe('CollectSMIME');
