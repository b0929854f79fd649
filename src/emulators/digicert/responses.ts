import * as z from 'zod';
import { digicertStatuses } from './status.js';

/**
 * The success answers of the CertCentral Services API v2, written from dev.digicert.com and from
 * answers recorded from the real API: the OpenAPI documents' response schemas and what the
 * contract test holds every answer against (a renamed or retyped field fails it). Field names,
 * types and nesting are the vendor's; ids are ints except where the vendor sends strings.
 */

const int = z.number().int();
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/, 'ISO 8601 with +00:00');
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const serialHex = z.string().regex(/^(?:[0-9A-F]{2})+$/, 'upper-case hex of whole bytes, as openssl prints it');
const orderStatus = z.enum(digicertStatuses as [string, ...string[]]);
const page = z.object({ total: int, limit: int, offset: int });

const userRef = z.object({ id: int, first_name: z.string(), last_name: z.string(), email: z.string() });
const containerRef = z.object({ id: int, name: z.string() });
const productRef = z.object({ name_id: z.string(), name: z.string(), type: z.string() });
const productSummary = productRef.extend({ validation_type: z.enum(['dv', 'ov', 'ev']), validation_name: z.string(), validation_description: z.string() });
const serverPlatform = z.object({ id: int, name: z.string(), install_url: z.string(), csr_url: z.string() });
const lengthOf = z.object({ years: int.optional(), days: int.optional(), custom_expiration_date: z.string().optional() });
const contact = z.object({ first_name: z.string().optional(), last_name: z.string().optional(), email: z.string().optional(), job_title: z.string().optional(), telephone: z.string().optional() }).loose();
const pemEntry = z.object({ subject_common_name: z.string(), pem: z.string().startsWith('-----BEGIN CERTIFICATE-----') });

/** The certificate inside an order (order-info page). */
export const orderCertificateResponse = z.object({
  id: int,
  thumbprint: z.string().regex(/^[0-9A-F]{40}$/).optional(),
  serial_number: serialHex.optional(),
  common_name: z.string(),
  dns_names: z.array(z.string()),
  date_created: isoTime,
  valid_from: ymd.optional(),
  valid_till: ymd.optional(),
  days_remaining: int.optional(),
  date_issued: isoTime.optional(),
  csr: z.string(),
  organization: z.object({ id: int }).optional(),
  organization_units: z.array(z.string()),
  server_platform: serverPlatform,
  signature_hash: z.string(),
  key_size: int,
  ca_cert: z.object({ id: z.string(), name: z.string() }),
  cert_validity: lengthOf,
});

const requestRef = z.object({ id: int, date: isoTime, type: z.enum(['new_request', 'reissue', 'duplicate', 'revoke']), status: z.enum(['submitted', 'pending', 'approved', 'rejected']), comments: z.string() });

/** GET /order/certificate/{id} (order-info page). */
export const orderResponse = z.object({
  id: int,
  certificate: orderCertificateResponse,
  status: orderStatus,
  is_renewal: z.boolean(),
  is_renewed: z.boolean(),
  renewed_order_id: int,
  date_created: isoTime,
  organization: z.object({ id: int, name: z.string(), display_name: z.string(), is_active: z.boolean(), city: z.string(), state: z.string(), country: z.string() }).optional(),
  validity_years: int,
  order_valid_from: ymd,
  order_valid_till: ymd,
  disable_renewal_notifications: z.boolean(),
  container: containerRef,
  product: productSummary,
  organization_contact: contact.optional(),
  technical_contact: contact.optional(),
  business_unit: z.object({ id: z.union([int, z.string()]) }).loose().optional(),
  user: userRef,
  requests: z.array(requestRef),
  receipt_id: int,
  cs_provisioning_method: z.string(),
  send_minus_90: z.boolean(),
  send_minus_60: z.boolean(),
  send_minus_30: z.boolean(),
  send_minus_7: z.boolean(),
  send_minus_3: z.boolean(),
  send_plus_7: z.boolean(),
  allow_duplicates: z.boolean(),
  user_assignments: z.array(z.unknown()),
  payment_method: z.string(),
  dcv_method: z.string(),
  disable_ct: z.boolean(),
  price: z.number(),
  has_duplicates: z.boolean(),
  product_name_id: z.string(),
  comments: z.string().optional(),
  caa_status_message: z.record(z.string(), z.string()).optional(),
});

/** One entry of GET /order/certificate, as a recorded list shows it. */
export const orderListEntryResponse = z.object({
  id: int,
  certificate: z.object({
    id: int,
    serial_number: serialHex.optional(),
    common_name: z.string(),
    dns_names: z.array(z.string()),
    valid_from: ymd.optional(),
    valid_till: ymd.optional(),
    days_remaining: int.optional(),
    cert_validity: lengthOf,
    signature_hash: z.string(),
  }),
  status: orderStatus,
  is_renewed: z.boolean(),
  date_created: isoTime,
  organization: z.object({ id: int, name: z.string() }).optional(),
  validity_years: int,
  order_validity: lengthOf,
  order_valid_till: ymd.optional(),
  disable_renewal_notifications: z.boolean(),
  container: containerRef.extend({ is_active: z.boolean() }),
  product: productRef,
  duplicates_count: int,
  has_duplicates: z.boolean(),
  reissues_count: int,
  has_reissues: z.boolean(),
  price: z.number(),
  product_name_id: z.string(),
  number_of_sans: int,
  is_multi_year_plan: z.enum(['1', '0']),
});

/** GET /order/certificate: an empty page has no `orders` key (recorded). */
export const orderListResponse = z
  .object({ orders: z.array(orderListEntryResponse).min(1).optional(), page })
  .describe('order list; `orders` is absent when the page is empty');

/** 201 of order, reissue and duplicate. */
export const orderCreatedResponse = z.object({
  id: int,
  requests: z.array(z.object({ id: int, status: z.string() })),
  certificate_id: int.optional(),
  certificate_chain: z.array(pemEntry).optional(),
  dcv_random_value: z.string().optional(),
  domains: z.array(z.object({ id: int, name: z.string(), dcv_token: z.object({ token: z.string(), status: z.string(), expiration_date: isoTime.optional() }) })).optional(),
});

/** GET …/duplicate entries. */
export const duplicateListResponse = z.object({
  certificates: z.array(orderCertificateResponse.extend({ status: z.string(), ca_cert_id: z.string(), sub_id: z.string(), public_id: z.string() })),
});

/** GET …/reissue (list-reissues page): counts as strings, archived an int. */
export const reissueListResponse = z.object({
  certificates: z.array(
    z.object({
      id: int,
      thumbprint: z.string().optional(),
      serial_number: serialHex.optional(),
      common_name: z.string(),
      dns_names: z.array(z.string()),
      status: z.string(),
      date_created: isoTime,
      date_issued: isoTime.optional(),
      valid_till: ymd.optional(),
      days_remaining: int.optional(),
      csr: z.string(),
      key_size: int,
      archived: int,
      user_id: int,
      email: z.string(),
      firstname: z.string(),
      lastname: z.string(),
      receipt_id: z.string(),
      purchased_dns_names: z.string(),
      purchased_wildcard_names: z.string(),
    }),
  ),
});

/** 201 of a revoke request (revoke-order-certificates page); 204 with skip_approval. */
export const revokeRequestResponse = z.object({ id: int, date: isoTime, type: z.literal('revoke'), status: z.string(), requester: userRef, comments: z.string() });

/** PUT …/check-dcv (check-order-DCV page). */
export const checkDcvResponse = z.object({
  order_status: orderStatus,
  certificate_id: int,
  dcv_status: z.string(),
  dns_name_validations: z.array(z.object({ dns_name: z.string(), status: z.string() })),
});

/** dcv-random-value, and dcv-method for a token method. */
export const randomValueResponse = z.object({ dcv_random_value: z.string(), expiration_date: isoTime });

/** GET …/validation (validation-status page): ids are strings. */
export const orderValidationResponse = z.object({
  order_id: z.string().regex(/^\d+$/),
  order_status: orderStatus,
  order_name_scope: z.string(),
  order_dcv_method: z.string(),
  organization_id: z.string().regex(/^\d+$/).optional(),
  organization_name: z.string().optional(),
  organization_validations: z.array(z.object({ type: z.string(), name: z.string(), description: z.string(), date_created: isoTime.optional(), validated_until: isoTime.optional(), status: z.string() })),
  dns_name_validations: z.array(
    z.object({ domain_id: z.string().regex(/^\d+$/), name_scope: z.string(), approval_scope: z.string(), status: z.string(), method: z.string(), dns_names: z.array(z.string()) }),
  ),
});

/** GET …/email-validation. */
export const emailValidationResponse = z.object({
  delivery_options: z.array(z.string()),
  emails: z.array(z.object({ email: z.string(), status: z.enum(['validated', 'unvalidated']), date_emailed: ymd })),
});

/** GET /certificate/{id}/chain. */
export const chainResponse = z.object({ intermediates: z.array(pemEntry) });

const requestOrderSummary = z.object({ id: int, certificate: z.object({ common_name: z.string() }), organization: z.object({ id: int, name: z.string() }).optional(), container: containerRef, product: productRef });

/** A request as GET /request lists it. */
export const requestResponse = z.object({
  id: int,
  date: isoTime,
  type: z.enum(['new_request', 'reissue', 'duplicate', 'revoke']),
  status: z.enum(['submitted', 'pending', 'approved', 'rejected']),
  date_processed: isoTime.optional(),
  requester: userRef,
  processor: userRef,
  reviewer: userRef.optional(),
  order: requestOrderSummary,
  comments: z.string(),
  processor_comment: z.string(),
});
export const requestListResponse = z.object({ requests: z.array(requestResponse) });
/** GET /request/{id}: the same with the whole order. */
export const requestInfoResponse = requestResponse.extend({ order: orderResponse });

const validationEntry = z.object({ type: z.string(), name: z.string(), description: z.string(), date_created: isoTime, validated_until: isoTime, status: z.string() });

/** One domain (recorded list: organization with `is_active: "1"`, validations, dcv_expiration). */
export const domainResponse = z.object({
  id: int,
  is_active: z.boolean(),
  name: z.string(),
  date_created: isoTime,
  organization: z.object({ id: int, status: z.string(), name: z.string(), display_name: z.string(), is_active: z.enum(['1', '0']) }).optional(),
  validations: z.array(validationEntry).optional(),
  dcv_method: z.string(),
  dcv_expiration: z.record(z.string(), ymd).optional(),
  container: containerRef,
  dcv: z.object({ method: z.string(), name_scope: z.string(), status: z.string(), dcv_token: z.object({ token: z.string(), status: z.string() }).loose().optional(), dcv_invitations: z.array(z.object({ email: z.string() })).optional() }).optional(),
});
export const domainListResponse = z.object({ domains: z.array(domainResponse), page });

/** GET /domain/{id}/dcv/emails (domain-emails page). */
export const domainEmailsResponse = z.object({ name_scope: z.string(), base_emails: z.array(z.string()), dns_txt_emails: z.array(z.string()) });

export const domainDcvMethodResponse = z.union([
  z.object({ dcv_token: z.object({ token: z.string(), status: z.string(), expiration_date: isoTime }) }),
  z.object({ validation_emails: z.object({ name_scope: z.string(), base_emails: z.array(z.string()), whois_emails: z.array(z.string()), dns_txt_emails: z.array(z.string()) }) }),
]);
export const validateTokenResponse = z.object({ status: z.string(), dcv_status: z.string() });

export const productListResponse = z.object({ products: z.array(productSummary.extend({ group_name: z.string() })) });

/** GET /product/{name_id}: server_platforms, the *_allowed flags, allow_auto_renew. */
export const productResponse = productSummary.extend({
  group_name: z.string(),
  allowed_validity_years: z.array(int),
  allowed_order_validity_years: z.array(int),
  signature_hash_types: z.object({ allowed_hash_types: z.array(z.object({ id: z.string(), name: z.string() })), default_hash_type_id: z.string() }),
  allow_dcv_method_change: z.boolean(),
  duplicates_allowed: z.boolean(),
  additional_dns_names_allowed: z.boolean(),
  increased_compatibility_allowed: z.boolean(),
  custom_expiration_date_allowed: z.boolean(),
  allow_auto_renew: z.boolean(),
  server_platforms: z.array(serverPlatform),
  allows_wildcard: z.boolean(),
  wildcard_required: z.boolean(),
  is_org_required: z.boolean(),
  csr_required: z.boolean(),
  license_agreement: z.string(),
});

export const organizationResponse = z.object({
  id: int,
  status: z.string(),
  name: z.string(),
  display_name: z.string(),
  is_active: z.boolean(),
  address: z.string(),
  zip: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  telephone: z.string(),
  container: containerRef,
  assumed_name: z.string(),
  address2: z.string(),
  organization_contact: contact,
  validations: z.array(validationEntry),
  ev_approvers: z.array(z.unknown()),
});
export const organizationListResponse = z.object({ organizations: z.array(organizationResponse) });

/** A container (recorded inside users: public_id, parent_id, template_id, ekey, has_logo, is_active). */
const containerFull = containerRef.extend({ public_id: z.string(), parent_id: int, template_id: int, ekey: z.string(), has_logo: z.boolean(), is_active: z.boolean() });
export const containerResponse = containerFull.extend({ description: z.string(), allowed_domain_names: z.array(z.string()) });
export const containerListResponse = z.object({ containers: z.array(containerResponse) });

/** A user (recorded GET /user entries). */
export const userResponse = z.object({
  id: int,
  username: z.string(),
  account_id: int,
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  job_title: z.string().optional(),
  telephone: z.string().optional(),
  status: z.string(),
  last_login_date: isoTime.optional(),
  container: containerFull,
  access_roles: z.array(z.object({ id: int, name: z.string() })),
  type: z.string(),
  has_container_assignments: z.boolean(),
});
export const userListResponse = z.object({ users: z.array(userResponse), page });
export const userMeResponse = userResponse.extend({ last_login_date: isoTime, is_cert_central: z.boolean(), is_enterprise: z.boolean() });

/** GET /account: the recorded keys (ent_support_plan a string). */
export const accountResponse = z.object({
  id: int,
  primary_organization_id: int.optional(),
  primary_organization_name: z.string().optional(),
  primary_organization_country: z.string().optional(),
  make_renewal_calls: z.boolean(),
  express_install_enabled: z.boolean(),
  display_rep: z.boolean(),
  rep_photo_id: int,
  balance_negative_limit: z.number(),
  root_container_id: int,
  cert_transparency: z.string(),
  cert_central_type: z.string(),
  billing_account_id: int,
  billing_account_name: z.string(),
  language_id: int,
  migrated: z.boolean(),
  has_auth_key: z.boolean(),
  client_mgr_photo_id: int,
  ent_support_plan: z.string(),
  default_country: z.string(),
});

export const statusChangesResponse = z.object({ orders: z.array(z.object({ order_id: int, certificate_id: int, status: orderStatus })) });
