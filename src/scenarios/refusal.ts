import { refusalReason } from '../emulators/answer-note.js';
import { renderError as renderSectigoError } from '../emulators/sectigo/codec.js';
import type { ResponseFormat } from '../emulators/sectigo/endpoints.js';
import type { Vendor } from '../state/model.js';
import { renderError, type Catalogues, type ErrorRequest } from './actions.js';
import { oneLine } from './library.js';

/**
 * Which catalogue error carries a refusal of mockca's own (not a vendor behaviour: no vendor has an
 * x-mockca-scenario header): each vendor's plain "bad request".
 */
const refusalErrors = {
  regfish: { name: 'invalidRequest' },
  digicert: { name: 'invalid_param' },
  // -4 "the value of the argument is invalid", with the header as its errorItem.
  sectigo: { name: '-4', code: -4, argument: 'x-mockca-scenario' },
} as const satisfies Record<Vendor, { name: string; code?: number; argument?: string }>;

/**
 * A request the scenario engine itself refuses (an `x-mockca-scenario` header naming no scenario),
 * answered in the vendor's own error shape with mockca's message: the Regfish envelope, DigiCert's
 * `{"errors":[…]}`, Sectigo's errorCode/errorMessage in the request's response format.
 */
export function vendorRefusal(catalogues: Catalogues, vendor: Vendor, operation: string | undefined, request: ErrorRequest, message: string): Response {
  const text = oneLine(message, 2000);
  if (operation?.startsWith(`${vendor}.acme.`)) return acmeRefusal(catalogues, vendor, text, message);
  const rendered = renderError(catalogues, `${vendor}:${refusalErrors[vendor].name}`, operation, request);
  const headers = { ...(rendered?.headers ?? { 'content-type': 'text/plain; charset=utf-8' }), 'x-mockca-reason': refusalReason(message)?.header ?? 'refused' };
  if (!rendered) return new Response(`${text}\n`, { status: 400, headers });
  return new Response(withMessage(vendor, rendered.body, rendered.headers, text), { status: rendered.status, headers });
}

/** On the ACME paths the refusal is an RFC 8555 problem document (`malformed`), as ACME clients expect. */
function acmeRefusal(catalogues: Catalogues, vendor: Vendor, text: string, message: string): Response {
  const rendered = renderError(catalogues, `${vendor}:acme:malformed`, undefined);
  const status = rendered?.status ?? 400;
  const headers = { ...(rendered?.headers ?? { 'content-type': 'application/problem+json' }), 'x-mockca-reason': refusalReason(message)?.header ?? 'refused' };
  const body = rendered ? { ...(JSON.parse(rendered.body) as object), detail: text } : { type: 'urn:ietf:params:acme:error:malformed', detail: text, status };
  return new Response(JSON.stringify(body), { status, headers });
}

function withMessage(vendor: Vendor, body: string, headers: Record<string, string>, message: string): string {
  switch (vendor) {
    case 'regfish':
      return JSON.stringify({ ...(JSON.parse(body) as object), message, error: message });
    case 'digicert': {
      const parsed = JSON.parse(body) as { errors: { code: string; message: string }[] };
      return JSON.stringify({ errors: parsed.errors.map((e) => ({ ...e, message })) });
    }
    case 'sectigo': {
      // The catalogue chose the format (endpoint default or the request's responseFormat); keep it.
      const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const format: ResponseFormat = type.includes('json') ? 2 : type.includes('urlencoded') ? 1 : 0;
      const { code, argument } = refusalErrors.sectigo;
      return renderSectigoError(format, code, message, argument).body;
    }
    default: {
      const never: never = vendor;
      throw new Error(`unknown vendor ${String(never)}`);
    }
  }
}
