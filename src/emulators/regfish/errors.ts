import type { VendorErrorCatalogue } from '../../context.js';
import type { ErrorTable } from '../error-table.js';

/**
 * Every error the Regfish emulator answers, rendered as `{success:false, message, error}`.
 * Messages marked (inferred) were not in the pages read; see docs/regfish.md "Regfish: inferred behaviour".
 */
export const regfishErrors = {
  invalidCertificateRequest: { status: 400, message: 'Invalid request payload or CSR' },
  invalidPayload: { status: 400, message: 'Invalid request payload' },
  invalidRequest: { status: 400, message: 'Invalid request' },
  caaCheckFailed: { status: 400, message: 'CAA records do not allow the CA to issue for this domain' }, // (inferred)
  unsupportedFormat: { status: 400, message: 'Unsupported download format' }, // (inferred)
  unauthorized: { status: 401, message: 'Unauthorized' },
  certificateNotFound: { status: 404, message: 'TLS certificate not found' },
  organizationNotFound: { status: 404, message: 'TLS organization not found' },
  dnsRecordNotFound: { status: 404, message: 'DNS record not found' },
  dnsZoneNotFound: { status: 404, message: 'DNS zone not found' }, // the DNS zone reference page's 404
  routeNotFound: { status: 404, message: 'Not found' }, // (inferred)
  methodNotAllowed: { status: 405, message: 'Method not allowed' }, // (inferred)
  reissueConflict: { status: 409, message: 'The TLS certificate cannot be reissued in its current state' },
  downloadConflict: { status: 409, message: 'The TLS certificate cannot be downloaded in its current state' }, // (inferred)
  completeConflict: { status: 409, message: 'The TLS certificate cannot be completed in its current state' }, // (inferred)
  revokeConflict: { status: 409, message: 'The TLS certificate cannot be revoked in its current state' }, // (inferred)
  cancelConflict: { status: 409, message: 'The TLS certificate cannot be cancelled in its current state' }, // (inferred)
  organizationNotUsable: { status: 409, message: 'The TLS organization cannot be used for ordering in its current state' }, // (inferred)
  organizationInUse: { status: 409, message: 'The TLS organization cannot be deleted in its current state' }, // (inferred)
  payloadTooLarge: { status: 413, message: 'Request payload too large' }, // (inferred)
  unexpected: { status: 500, message: 'Unexpected error' },
  upstream: { status: 502, message: 'Upstream TLS provider error' },
} satisfies ErrorTable;

export type RegfishErrorName = keyof typeof regfishErrors;

/** `regfish:409` and friends: the status codes of the reissue contract, as scenarios name them. */
export const regfishStatusAliases: Record<string, RegfishErrorName> = {
  '400': 'invalidCertificateRequest',
  '401': 'unauthorized',
  '404': 'certificateNotFound',
  '409': 'reissueConflict',
  '413': 'payloadTooLarge',
  '500': 'unexpected',
  '502': 'upstream',
};

export function regfishErrorBody(name: RegfishErrorName): { status: number; body: { success: false; message: string; error: string } } {
  const e = regfishErrors[name];
  return { status: e.status, body: { success: false, message: e.message, error: e.message } };
}

/** `regfish:409`, `regfish:upstream`, … as scenarios name them, rendered byte for byte like the routes do. */
export const regfishErrorCatalogue: VendorErrorCatalogue = {
  names: () => [...Object.keys(regfishStatusAliases), ...Object.keys(regfishErrors)],
  render(name) {
    const key = (regfishStatusAliases[name] ?? name) as RegfishErrorName;
    if (!(key in regfishErrors)) return undefined;
    const { status, body } = regfishErrorBody(key);
    return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  },
};
