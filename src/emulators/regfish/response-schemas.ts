import * as z from 'zod';

/**
 * The answers of the Regfish TLS and DNS API, written from the reference pages (create, reissue,
 * organization PATCH, DNS record PATCH, DNS zone) and regfish's own client certbro (its
 * `TLSCertificate`, `TLSProduct` and `DNSRecord` types and their test fixtures). Strict objects: a
 * renamed or extra field fails the contract test. The presenters are typed by these schemas and the
 * OpenAPI document shows them as the success answers.
 */

const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'RFC 3339 time in UTC').describe('RFC 3339 time');
const fqdnWithDot = z.string().regex(/\.$/, 'fully qualified, with the trailing dot');

/** `{"success":true,"code":0,"response":…}` around every JSON success answer. */
export const successEnvelope = <T extends z.ZodType>(response: T) => z.strictObject({ success: z.literal(true), code: z.literal(0), response });

/** Every documented error example: `message` and `error` hold the same text; there is no `code`. */
export const errorEnvelopeSchema = z
  .strictObject({ success: z.literal(false), message: z.string().min(1), error: z.string().min(1) })
  .refine((e) => e.message === e.error, 'message and error hold the same text')
  .describe('Error');

export const productSchema = z
  .strictObject({
    sku: z.string(),
    name: z.string(),
    type: z.enum(['dv', 'ov']),
    ca: z.literal('digicert'),
    recommended: z.boolean().optional(),
    validation_level: z.enum(['dv', 'ov', 'ev']),
    organization_required: z.boolean(),
  })
  .describe('tlsProduct');

export const validationSchema = z
  .strictObject({
    method: z.enum(['dns-cname-token', 'email']),
    dns_records: z.array(z.strictObject({ name: fqdnWithDot, type: z.literal('CNAME'), value: fqdnWithDot })).optional(),
    email_targets: z.array(z.string()).optional(),
  })
  .describe('tlsValidation');

export const certificateStatuses = ['pending', 'issued', 'expired', 'rejected', 'certificate_revoked', 'order_revoked', 'order_cancelled'] as const;
export const orderStates = ['PENDING', 'ACTION_REQUIRED', 'PENDING_APPROVAL', 'ISSUED', 'REJECTED', 'REVOKED', 'CANCELLED', 'EXPIRED'] as const;

export const reissueSchema = z
  .strictObject({
    id: z.number().int().positive(),
    status: z.enum(['pending', 'processing', 'pending_approval', 'issued', 'cancelled', 'rejected', 'failed']),
    common_name: z.string(),
    dns_names: z.array(z.string()),
    order_state: z.enum(orderStates).optional(),
    requested_at: rfc3339.optional(),
    last_updated_at: rfc3339.optional(),
    validation: validationSchema.optional(),
  })
  .describe('tlsCertificateReissue');

export const organizationRefSchema = z
  .strictObject({ id: z.union([z.string(), z.number().int()]), name: z.string(), status: z.string(), usable_for_ordering: z.boolean() })
  .describe('tlsCertificateOrganization');

export const certificateSchema = z
  .strictObject({
    id: z.string().regex(/^[0-9A-Z]{13}$/),
    status: z.enum(certificateStatuses),
    common_name: z.string(),
    product: z.string(),
    provider: z.literal('digicert'),
    dns_names: z.array(z.string()),
    order_state: z.enum(orderStates),
    action_required: z.boolean(),
    pending_reason: z.enum(['validation_pending', 'organization_required']).optional(),
    pending_message: z.string().optional(),
    completion_url: z.string(),
    /** `hdl_…`; older organizations had numeric ids (certbro still reads a number). */
    organization_id: z.union([z.string(), z.number().int(), z.null()]),
    organization: organizationRefSchema.optional(),
    revocation_scope: z.enum(['certificate', 'order']).optional(),
    revocation_pending_scope: z.enum(['certificate', 'order']).optional(),
    renewal_supported: z.boolean(),
    reissue_supported: z.boolean(),
    validity_days: z.number().int().positive(),
    renewal_bonus_days: z.number().int().nonnegative().optional(),
    serial_number: z.string().regex(/^(?:[0-9A-F]{2})+$/).optional(),
    valid_from: rfc3339.optional(),
    valid_until: rfc3339.optional(),
    contract_valid_from: rfc3339,
    contract_valid_until: rfc3339,
    last_status_check: rfc3339,
    certificate_pem_available: z.boolean(),
    order_cancellable: z.boolean(),
    order_cancellation_mode: z.string(),
    order_cancellable_until: rfc3339,
    validation: validationSchema.optional(),
    reissue: reissueSchema.optional(),
  })
  .describe('tlsCertificate');

export const organizationSchema = z
  .strictObject({
    id: z.string().regex(/^hdl_[0-9A-Z]{13}$/),
    organization: z.string(),
    status: z.string(),
    usable_for_ordering: z.boolean(),
    first_name: z.string(),
    last_name: z.string(),
    address: z.string(),
    postal_code: z.string(),
    city: z.string(),
    country_code: z.string(),
    phone: z.string(),
    email: z.string(),
  })
  .describe('tlsOrganization');

const u16 = z.number().int().min(0).max(65535);

/** `ts_created` / `ts_updated` are Unix seconds; MX/SRV keep `priority`, SRV `weight`/`port`, CAA `flags`/`tag`. */
export const dnsRecordResponseSchema = z
  .strictObject({
    id: z.number().int().positive(),
    type: z.string(),
    name: fqdnWithDot,
    data: z.string(),
    ttl: z.number().int().min(60).max(604800),
    annotation: z.string().optional(),
    auto: z.boolean(),
    active: z.boolean(),
    ts_created: z.number().int().nonnegative(),
    ts_updated: z.number().int().nonnegative(),
    priority: u16.optional(),
    weight: u16.optional(),
    port: u16.optional(),
    flags: z.number().int().min(0).max(255).optional(),
    tag: z.string().optional(),
  })
  .describe('recordResponse');

export type RegfishCertificate = z.infer<typeof certificateSchema>;
export type RegfishOrganization = z.infer<typeof organizationSchema>;
export type RegfishProductAnswer = z.infer<typeof productSchema>;
export type RegfishDnsRecord = z.infer<typeof dnsRecordResponseSchema>;
export type RegfishValidation = z.infer<typeof validationSchema>;

/** The success answer of every JSON operation, by operation name (the downloads answer files, not JSON). */
export const regfishAnswers = {
  'regfish.products.list': successEnvelope(z.array(productSchema)),
  'regfish.certificate.list': successEnvelope(z.array(certificateSchema)),
  'regfish.certificate.get': successEnvelope(certificateSchema),
  'regfish.certificate.create': successEnvelope(certificateSchema),
  'regfish.reissue': successEnvelope(certificateSchema),
  'regfish.complete': successEnvelope(certificateSchema),
  'regfish.revoke': successEnvelope(certificateSchema),
  'regfish.cancel': successEnvelope(certificateSchema),
  'regfish.organization.list': successEnvelope(z.array(organizationSchema)),
  'regfish.organization.create': successEnvelope(organizationSchema),
  'regfish.organization.get': successEnvelope(organizationSchema),
  'regfish.organization.update': successEnvelope(organizationSchema),
  'regfish.organization.delete': successEnvelope(z.null()),
  'regfish.dns.list': successEnvelope(z.array(dnsRecordResponseSchema)),
  'regfish.dns.create': successEnvelope(dnsRecordResponseSchema),
  'regfish.dns.upsert': successEnvelope(dnsRecordResponseSchema),
  'regfish.dns.get': successEnvelope(dnsRecordResponseSchema),
  'regfish.dns.update': successEnvelope(dnsRecordResponseSchema),
  'regfish.dns.delete': successEnvelope(dnsRecordResponseSchema),
} as const;

export type RegfishJsonOperation = keyof typeof regfishAnswers;
