import * as z from 'zod';
import { digicertInferred } from './inferred.js';
import { revocationReasonNames } from './revocation-reasons.js';

/** Request bodies of the CertCentral Services API v2: the validator, the types and the OpenAPI document. */

export const dcvMethods = ['email', 'dns-txt-token', 'dns-cname-token', 'http-token', 'http-token-dynamic', 'dns-txt-token-dynamic', 'dns-cname-token-dynamic'] as const;
export type DcvMethod = (typeof dcvMethods)[number];

const dnsName = z.string().min(1).max(253);
/** `YYYY-MM-DD`; the order-DV-SSL example sends `""`, which means "not set". */
const ymd = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'), z.literal('')]);
const validity = z.object({ years: z.number().int().min(1).optional(), days: z.number().int().min(1).optional(), custom_expiration_date: ymd.optional() });
const serverPlatform = z.object({ id: z.number().int() }).loose();
const signatureHash = z.enum(['sha256', 'sha384', 'sha512', 'sha1']);
const contact = z.object({ contact_type: z.string().optional(), user_id: z.number().int().optional(), first_name: z.string().optional(), last_name: z.string().optional(), job_title: z.string().optional(), telephone: z.string().optional(), email: z.string().optional() }).loose();

export const orderSchema = z
  .object({
    certificate: z
      .object({
        common_name: dnsName,
        dns_names: z.array(dnsName).max(250).optional(),
        csr: z.string().min(1),
        signature_hash: signatureHash.optional(),
        server_platform: serverPlatform.optional(),
        organization_units: z.array(z.string()).optional(),
        cert_validity: validity.optional(),
        ca_cert_id: z.string().optional(),
        profile_option: z.string().optional(),
      })
      .loose(),
    organization: z.object({ id: z.union([z.number().int(), z.string().regex(/^\d+$/)]), contacts: z.array(contact).optional() }).loose().optional(),
    validity_years: z.number().int().min(1).max(digicertInferred.maxOrderYears).optional(),
    validity_days: z.number().int().min(1).optional(),
    order_validity: validity.optional(),
    custom_expiration_date: ymd.optional(),
    dcv_method: z.enum(dcvMethods).optional(),
    dcv_emails: z.array(z.object({ dns_name: z.string(), email: z.string(), email_domain: z.string().optional() })).optional(),
    locale: z.string().optional(),
    payment_method: z.enum(['balance', 'card', 'profile', 'wire_transfer']).optional(),
    skip_approval: z.boolean().optional(),
    disable_ct: z.union([z.boolean(), z.number()]).optional(),
    container: z.object({ id: z.number().int() }).loose().optional(),
    comments: z.string().optional(),
    custom_renewal_message: z.string().optional(),
    auto_renew: z.number().int().optional(),
    disable_renewal_notifications: z.boolean().optional(),
    additional_emails: z.array(z.string()).optional(),
    renewal_of_order_id: z.number().int().optional(),
    renewed_thumbprint: z.string().optional(),
    custom_fields: z.array(z.object({ metadata_id: z.number().int(), value: z.string() })).optional(),
    technical_contact: contact.optional(),
    business_unit: z.object({ id: z.union([z.number().int(), z.string()]) }).loose().optional(),
    product: z.object({ type_hint: z.string().optional() }).loose().optional(),
  })
  .loose()
  .describe('order request');

export const reissueSchema = z
  .object({
    certificate: z
      .object({
        common_name: dnsName.optional(),
        dns_names: z.array(dnsName).max(250).optional(),
        csr: z.string().min(1),
        signature_hash: signatureHash.optional(),
        server_platform: serverPlatform.optional(),
      })
      .loose(),
    dcv_method: z.enum(dcvMethods).optional(),
    skip_approval: z.boolean().optional(),
    comments: z.string().optional(),
  })
  .loose()
  .describe('reissue / duplicate request');

export const orderStatusSchema = z
  .object({ status: z.string().min(1), note: z.string().optional(), send_emails: z.boolean().optional() })
  .loose()
  .describe('update order status (cancel)');

export const revokeSchema = z
  .object({
    comments: z.string().max(4096).optional(),
    revocation_reason: z.enum(revocationReasonNames).optional(),
    skip_approval: z.boolean().optional(),
  })
  .loose()
  .describe('revoke request');

export const resendEmailsSchema = z
  .object({
    domain_approval_emails: z.array(z.object({ domain: z.string().min(1), email: z.string().min(3), email_domain: z.string().optional() })).optional(),
    locale: z.string().optional(),
  })
  .loose()
  .describe('resend DCV emails');

export const dcvMethodSchema = z.object({ dcv_method: z.string().min(1), send_dcv_email_flag: z.boolean().optional() }).loose().describe('change DCV method');

export const requestStatusSchema = z
  .object({ status: z.enum(['approved', 'rejected', 'submitted', 'pending']), processor_comment: z.string().optional() })
  .loose()
  .describe('update request status');

export const domainDcvEmailsSchema = z
  .object({ name_scope: z.string().optional(), locale: z.string().optional(), email_array: z.array(z.string()).optional() })
  .loose()
  .describe('resend domain DCV emails');

export const emptySchema = z.object({}).loose().describe('no body');

export const checkDcvSchema = z
  .object({ dns_name_validations: z.array(z.union([z.string().min(1), z.object({ dns_name: z.string().min(1) }).loose()])).optional() })
  .loose()
  .describe('check DCV (all domains, or the listed ones)');
export type CheckDcvBody = z.infer<typeof checkDcvSchema>;
