import type { VendorErrorCatalogue } from '../../context.js';
import { renderError } from './codec.js';
import { findEndpointName, resolveFormat, type SectigoEndpointName } from './endpoints.js';
import { sectigoInferredCodes, type SectigoInferredCodeName } from './inferred.js';

/**
 * Every Sectigo error: a code and the errorMessage Sectigo writes. Codes are reused with other
 * meanings per endpoint (§2, §2.2 of the reference), so the per-endpoint table wins over the
 * global one. `{arg}` is the argument the error is about.
 */
export const sectigoMessages: Record<number, string> = {
  [-1]: 'Request was not made over https!',
  [-2]: "'{arg}' is an unrecognised argument!",
  [-3]: "The '{arg}' argument is missing!",
  [-4]: "The value of the '{arg}' argument is invalid!",
  [-5]: "The CSR's Common Name may NOT contain a wildcard!",
  [-6]: "The CSR's Common Name MUST contain ONE wildcard!",
  [-7]: "'{arg}' is not a valid ISO-3166 country!",
  [-8]: 'The CSR is missing a required field!',
  [-9]: 'The CSR is not valid Base-64 data!',
  [-10]: 'The CSR cannot be decoded!',
  [-11]: 'The CSR uses an unsupported algorithm!',
  [-12]: 'The CSR has an invalid signature!',
  [-13]: 'The CSR uses an unsupported key size!',
  [-14]: 'An unknown error occurred!',
  [-15]: 'Not enough credit!',
  [-16]: 'Incorrect login details, account is locked, password has expired or your source IP is blocked.',
  [-17]: 'Request used GET rather than POST!',
  [-18]: "The CSR's Common Name may not be a Fully-Qualified Domain Name!",
  [-19]: "The CSR's Common Name may not be an Internet-accessible IP Address!",
  [-20]: 'The certificate request has already been rejected!',
  [-21]: 'The certificate has already been revoked!',
  [-22]: 'Still awaiting payment!',
  [-23]: 'The certificate is currently being issued!',
  [-26]: 'The certificate is currently being issued!',
  [-35]: "The CSR's Common Name may not be an IP Address!",
  [-36]: 'The certificate has already expired!',
  [-40]: 'The CSR uses a key that is believed to have been compromised!',
  [-42]: 'The maximum number of allowed API requests has been exceeded. Please wait before submitting additional requests.',
  [-115]: 'No price found! Contact Support!',
  [-162]: 'The CSR must not contain domain names that are not in the domainNames parameter!',
};

/** Where an endpoint's code means something else than the global table says. */
export const sectigoEndpointMessages: Partial<Record<SectigoEndpointName, Record<number, string>>> = {
  autoRevokeCertificate: {
    [-20]: 'The requested certificate is in a rejected state.',
    [-21]: 'The requested certificate is in a revoked state.',
    [-23]: 'The required certificate is in the process of being issued.',
    [-26]: 'The requested certificate is in the process of being issued.',
    [sectigoInferredCodes.replaced]: 'The certificate cannot be revoked because it has been replaced.',
    [-35]: 'The certificate cannot be revoked because it is expired.',
    [sectigoInferredCodes.wrongState]: 'The certificate cannot be revoked in its current state.',
    [sectigoInferredCodes.generalFailure]: 'The certificate revocation failed due to a general error.',
  },
  AutoRevokeSSL: {
    [-20]: 'The certificate request has already been rejected!',
    [-21]: 'The certificate has already been revoked!',
  },
  CollectSSL: {
    [-20]: 'The certificate request has been rejected!',
    [-21]: 'The certificate has been revoked!',
    [-22]: 'Still awaiting payment!',
  },
  AutoReplaceSSL: {
    [-36]: 'The certificate has already expired!',
  },
  AutoRefund: {
    [-18]: 'This order has already been refunded',
    [-20]: 'This order has already been cancelled',
    [sectigoInferredCodes.refundNotEligible]: 'This order is not eligible for an automatic refund. Please contact Support!',
    [sectigoInferredCodes.refundPeriodOver]: 'The refund period for this order has ended!',
  },
  RetryCAACheck: {
    [-296]: 'Wrong certificate state',
  },
  GetDCVEmailAddressList: {
    [-19]: 'The domain name may not be an Internet-accessible IP Address!',
    [-37]: 'The domain name may not be an Internet server name or a private IP Address!',
  },
  DecodeCSR: {
    [-19]: "The CSR's Common Name may not be an Internet-accessible IP Address!",
    [-23]: 'The CSR\'s Common Name should not include the "http://" part!',
    [-24]: 'The CSR\'s Common Name should not include the "https://" part!',
    [-25]: "The CSR's Common Name may only contain the characters A-Z, a-z, 0-9, '.', '-' and '*'!",
    [-41]: 'The CSR uses an invalid key!',
  },
};

/** The errorMessage an endpoint writes for a code, with the argument filled in. */
export function sectigoMessage(endpoint: SectigoEndpointName | undefined, code: number, arg?: string): string {
  const text = (endpoint && sectigoEndpointMessages[endpoint]?.[code]) ?? sectigoMessages[code] ?? sectigoMessages[-14];
  return text.replace('{arg}', arg ?? 'xxxx');
}

/** Thrown by endpoint handlers; the dispatcher renders it in the format the request asked for. */
export class SectigoFailure extends Error {
  constructor(
    readonly code: number,
    readonly arg?: string,
    /** Goes to the x-mockca-reason header only, never into the vendor body. */
    readonly reason?: string,
  ) {
    super(reason ?? `Sectigo error ${code}${arg ? ` (${arg})` : ''}`);
  }
}

export const missing = (arg: string) => new SectigoFailure(-3, arg);
export const invalid = (arg: string, reason?: string) => new SectigoFailure(-4, arg, reason);

const aliases: Record<string, number> = Object.fromEntries(
  (Object.keys(sectigoInferredCodes) as SectigoInferredCodeName[]).map((name) => [name, sectigoInferredCodes[name]]),
);

function codeOf(name: string): { code: number; arg?: string } | undefined {
  const [head, arg] = name.replace(/^sectigo:/, '').split(':');
  if (head in aliases) return { code: aliases[head], arg };
  if (!/^-?\d+$/.test(head)) return undefined;
  const code = Number(head);
  if (sectigoMessages[code] !== undefined) return { code, arg };
  for (const table of Object.values(sectigoEndpointMessages)) if (table?.[code] !== undefined) return { code, arg };
  return undefined;
}

/**
 * `sectigo:-26` and friends as scenarios name them: `render('-26', 'sectigo.autoRevokeCertificate')`
 * is byte for byte what that endpoint answers. `-3:orderNumber` names the argument of -2/-3/-4/-7.
 * The optional third argument is the request's responseFormat (as sent, or null when it sent none);
 * without it the answer is URL-encoded (responseFormat=1).
 */
export const sectigoErrorCatalogue: VendorErrorCatalogue = {
  names: () => {
    const codes = new Set<number>(Object.keys(sectigoMessages).map(Number));
    for (const table of Object.values(sectigoEndpointMessages)) for (const code of Object.keys(table ?? {})) codes.add(Number(code));
    return [...[...codes].sort((a, b) => b - a).map(String), ...Object.keys(aliases)];
  },
  render(name, operation, request) {
    const found = codeOf(name);
    if (!found) return undefined;
    const endpoint = operation ? findEndpointName(operation) : undefined;
    const format = endpoint ? (request ? resolveFormat(endpoint, request.responseFormat) : resolveFormat(endpoint, '1')) : 1;
    const { headers, body } = renderError(format, found.code, sectigoMessage(endpoint, found.code, found.arg), found.arg);
    return { status: 200, headers, body };
  },
};
