import type { VendorErrorCatalogue } from '../../context.js';
import type { ErrorTable } from '../error-table.js';

/**
 * Every error the DigiCert emulator answers, keyed by its `code`, rendered as
 * `{"errors":[{"code","message"}]}`. Entries marked (inferred) are not on the errors page; see
 * docs/digicert.md's "DigiCert: inferred behaviour". `missing_param` and `invalid_param` take the field as a suffix:
 * `missing_param|certificate.csr`.
 */
export const digicertErrors = {
  request_limit_exceeded: { status: 429, message: 'Service unavailable, please limit request volume' },
  not_found: { status: 404, message: 'The requested resource was not found.' },
  'not_found|order': { status: 404, message: 'The specified order was not found.' },
  'not_found|product': { status: 404, message: 'The specified product was not found.' },
  'not_found|route': { status: 404, message: 'The specified route was not found.' },
  'not_found|certificate': { status: 404, message: 'The specified certificate was not found.' }, // (inferred)
  'not_found|request': { status: 404, message: 'The specified request was not found.' }, // (inferred)
  'not_found|domain': { status: 404, message: 'The specified domain was not found.' }, // (inferred)
  'not_found|organization': { status: 404, message: 'The specified organization was not found.' }, // (inferred)
  'not_found|container': { status: 404, message: 'The specified container was not found.' }, // (inferred)
  'not_found|email_token': { status: 404, message: 'The specified email validation token was not found.' }, // (inferred)
  'access_denied|missing_permission': { status: 403, message: 'The API key you are using does not have permission to carry out the request.' },
  'access_denied|access_denied_invalid_key': { status: 403, message: 'Access denied due to access_denied_invalid_key.' }, // recorded from the real API (the missing key: inferred)
  bad_request_format: { status: 400, message: 'The request body is malformed. Make sure the request body uses valid JSON or XML.' },
  request_too_large: { status: 413, message: 'The request body is too large.' }, // (inferred)
  missing_param: { status: 400, message: 'A required parameter is missing.' }, // (inferred)
  invalid_param: { status: 400, message: 'A parameter has an invalid value.' }, // (inferred)
  csr_invalid_cannot_parse: { status: 400, message: 'The CSR cannot be parsed.' },
  csr_invalid_key_size: { status: 400, message: 'The key size or algorithm of the CSR is not supported.' }, // (inferred)
  caa_check_failed: { status: 400, message: 'CAA check failed for one or more domains.' }, // code on the errors page; message (inferred)
  cert_validity_exceeds_order_validity: { status: 400, message: 'The validity period of the certificate cannot exceed the validity period of the order.' },
  invalid_dns_txt: { status: 400, message: 'Could not find a valid TXT record for one or more domains.' },
  file_random_value_not_found: { status: 400, message: 'Could not find the random value at the expected file location for one or more domains.' },
  invalid_dns_method: { status: 400, message: 'An error occurred while processing your request.' },
  invalid_dcv_method: { status: 400, message: 'The DCV method is not valid for this order.' }, // (inferred)
  time_frame_too_long: { status: 400, message: 'The time frame cannot be longer than 7 days (10080 minutes).' }, // (message inferred)
  time_frame_required: { status: 400, message: 'Specify minutes, seconds or filters[status_last_updated].' }, // (inferred)
  invalid_order_status: { status: 400, message: 'The order status does not allow this action.' }, // (inferred)
  invalid_request_status: { status: 400, message: 'The request has already been processed.' }, // (inferred)
  invalid_download_format: { status: 400, message: 'The specified download format is not valid.' }, // (inferred)
  certificate_not_issued: { status: 400, message: 'The certificate has not been issued yet.' }, // (inferred)
  internal_server_error: { status: 500, message: 'An unexpected error occurred.' }, // (inferred)
  service_unavailable: { status: 503, message: 'The service is temporarily unavailable.' }, // (inferred)
} satisfies ErrorTable;

export type DigicertErrorName = keyof typeof digicertErrors;

/** `digicert:429` and friends: bare status codes as scenarios name them. */
export const digicertStatusAliases: Record<string, DigicertErrorName> = {
  '400': 'bad_request_format',
  '403': 'access_denied|missing_permission',
  '404': 'not_found|order',
  '413': 'request_too_large',
  '429': 'request_limit_exceeded',
  '500': 'internal_server_error',
  '503': 'service_unavailable',
};

/** The JSON text of one error; `suffix` completes variable codes (`missing_param|<field>`). */
export function digicertErrorBody(name: DigicertErrorName, suffix?: string): { status: number; text: string } {
  const e = digicertErrors[name];
  const code = suffix ? `${name}|${suffix}` : name;
  const message = suffix && (name === 'missing_param' || name === 'invalid_param') ? `${e.message} (${suffix})` : e.message;
  return { status: e.status, text: JSON.stringify({ errors: [{ code, message }] }) };
}

/** `digicert:request_limit_exceeded`, `digicert:not_found|order`, `digicert:429`, … rendered byte for byte like the routes do. */
export const digicertErrorCatalogue: VendorErrorCatalogue = {
  names: () => [...Object.keys(digicertStatusAliases), ...Object.keys(digicertErrors)],
  render(name) {
    const key = (digicertStatusAliases[name] ?? name) as DigicertErrorName;
    if (!(key in digicertErrors)) return undefined;
    const { status, text } = digicertErrorBody(key);
    return { status, headers: { 'content-type': 'application/json' }, body: text };
  },
};
