import * as z from 'zod';
import { regfishInferred } from './inferred.js';
import { regfishSkus } from './products.js';

/** Request bodies of the Regfish TLS and DNS API: the validator, the types and the OpenAPI document. */

const dnsName = z.string().min(1).max(253).describe('Fully Qualified Domain Name');
const dcvMethod = z.enum(['dns-cname-token', 'email']);

export const createCertificateSchema = z
  .object({
    sku: z.enum(regfishSkus).describe('product SKU (see GET /tls/products)'),
    common_name: dnsName,
    dns_names: z.array(dnsName).max(250).optional().describe('SANs'),
    csr: z.string().min(1).describe('PEM encoded certificate signing request (CSR).'),
    dcv_method: dcvMethod,
    dcv_emails: z.array(z.string().email()).optional(),
    org_id: z.union([z.string().min(1), z.number().int()]).optional().describe('public TLS organization ID (hdl_…)'),
    renewal_of_certificate_id: z.string().min(1).optional().describe('public certificate ID being renewed'),
    validity_days: z.number().int().min(1).max(regfishInferred.maxValidityDays).optional().describe('purchased base validity'),
  })
  .describe('tlsCertificateRequest');

export const reissueCertificateSchema = z
  .object({
    csr: z.string().min(1).describe('PEM encoded certificate signing request (CSR).'),
    common_name: dnsName.optional(),
    dns_names: z.array(dnsName).optional().describe('Optional. If provided, the SAN list must match the current order exactly.'),
    dcv_method: dcvMethod,
    comments: z.string().max(4096).optional().describe('Optional provider comment stored with the reissue request.'),
    validity_days: z.number().int().min(1).optional().describe('Optional requested lifetime; never beyond the remaining order contract.'),
  })
  .describe('tlsCertificateReissueRequest');

export const completeCertificateSchema = z
  .object({ org_id: z.union([z.string().min(1), z.number().int()]).describe('public TLS organization ID (hdl_…)') })
  .describe('tlsCertificateCompleteRequest');

export const revokeCertificateSchema = z
  .object({
    scope: z.enum(regfishInferred.revocationScopes).default('certificate'),
    reason: z.string().max(1024).optional(),
  })
  .describe('tlsCertificateRevokeRequest (inferred)');

const organizationFields = {
  organization: z.string().min(1).max(255),
  first_name: z.string().min(1).max(100),
  last_name: z.string().min(1).max(100),
  address: z.string().min(1).max(255),
  postal_code: z.string().min(1).max(20),
  city: z.string().min(1).max(100),
  country_code: z.string().regex(/^[A-Za-z]{2}$/, 'ISO 3166 alpha-2 country code'),
  phone: z.string().min(3).max(40),
  email: z.string().email(),
};

export const createOrganizationSchema = z.object(organizationFields).describe('tlsOrganizationRequest');

export const patchOrganizationSchema = createOrganizationSchema
  .partial()
  .extend({ edit_mode: z.enum(regfishInferred.editModes).optional() })
  .describe('tlsOrganizationPatchRequest');

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'SRV', 'CAA', 'ALIAS', 'PTR'] as const;

const u16 = z.number().int().min(0).max(65535);

/** `recordRequest`: the same body creates (POST /dns/rr), upserts (PATCH /dns/rr) and updates by id (PATCH /dns/rr/{rrid}). */
export const dnsRecordSchema = z
  .object({
    type: z.enum(dnsRecordTypes),
    name: z
      .string()
      .min(1)
      .max(253)
      .describe('Fully Qualified Domain Name (FQDN) or subdomain. You can use the `@` symbol to represent your apex domain (e.g., example.com). Wildcards are supported.'),
    data: z.string().min(1).max(4096),
    ttl: z.number().int().min(60).max(604800).optional().describe('Time To Live (60-604800)'),
    annotation: z.string().max(255).nullable().optional().describe('A custom note for this particular record.'),
    priority: u16.nullable().optional().describe('MX and SRV: the preference (else taken from the front of `data`)'),
    weight: u16.nullable().optional().describe('SRV: the weight (else taken from `data`)'),
    port: u16.nullable().optional().describe('SRV: the port (else taken from `data`)'),
    flags: z.number().int().min(0).max(255).nullable().optional().describe('CAA: the flags (else taken from `data`, default 0)'),
    tag: z.string().regex(/^[A-Za-z0-9]{1,15}$/).nullable().optional().describe('CAA: the tag, e.g. issue (else taken from `data`)'),
  })
  .describe('recordRequest');

export type DnsRecordRequest = z.infer<typeof dnsRecordSchema>;

/**
 * GET /tls/certificate: no paging is documented (certbro reads "all certificates"), so the whole
 * list is one page of up to `limit` (inferred, see inferred.ts), oldest first.
 */
export const certificateListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(regfishInferred.certificateListLimit).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .describe('tlsCertificateListQuery (inferred)');

export type CreateCertificateRequest = z.infer<typeof createCertificateSchema>;
export type ReissueCertificateRequest = z.infer<typeof reissueCertificateSchema>;
