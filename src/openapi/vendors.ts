import type { EmulatorContext } from '../context.js';
import type { Vendor } from '../state/model.js';
import { version } from '../version.js';
import { sectigoErrorAnswer } from '../emulators/sectigo/response-schemas.js';
import { buildDocument, jsonSchema, type DocumentOptions } from './document.js';

const errorJson = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

const vendorOptions: Record<Vendor, Omit<DocumentOptions, 'version' | 'serverUrl'>> = {
  regfish: {
    title: 'Regfish TLS API (mockca emulation)',
    description: 'The Regfish TLS certificate API and the DNS record endpoints its DCV flow uses, as emulated by mockca. Envelope `{success, code, response}`; errors `{success:false, message, error}`.',
    security: { name: 'apiKey', scheme: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    errorResponse: {
      description: 'a documented Regfish error',
      content: errorJson({
        type: 'object',
        properties: { success: { const: false }, message: { type: 'string' }, error: { type: 'string' } },
        required: ['success', 'message', 'error'],
      }),
    },
  },
  digicert: {
    title: 'DigiCert CertCentral Services API v2 (mockca emulation)',
    description: 'The order lifecycle of the DigiCert CertCentral Services API v2, as emulated by mockca. Errors `{"errors":[{code,message}]}`.',
    security: { name: 'devKey', scheme: { type: 'apiKey', in: 'header', name: 'X-DC-DEVKEY' } },
    errorResponse: {
      description: 'a DigiCert error list',
      content: errorJson({
        type: 'object',
        properties: { errors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } } },
        required: ['errors'],
      }),
    },
  },
  sectigo: {
    title: 'Sectigo legacy reseller API (mockca emulation)',
    description:
      'The Sectigo (Comodo) reseller endpoints under /products/, as emulated by mockca: form-urlencoded POST with loginName/loginPassword in the body; answers are newline text or URL-encoded with a negative errorCode on failure (HTTP 200).',
    errorResponse: {
      description: 'errors come back as HTTP 200 with a negative errorCode in the body',
      content: { 'application/x-www-form-urlencoded': { schema: jsonSchema(sectigoErrorAnswer, 'output') } },
    },
  },
};

/** The OpenAPI 3.1 document of one emulated vendor, from its operations and their zod schemas. */
export function vendorDocument(ctx: EmulatorContext, vendor: Vendor): Record<string, unknown> {
  return buildDocument(ctx.operations[vendor] ?? [], { ...vendorOptions[vendor], version, serverUrl: ctx.urls[vendor] || undefined });
}
