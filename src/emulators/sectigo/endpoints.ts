/** The Sectigo endpoints the emulator serves, with the answer formats each one speaks. */

export const sectigoEndpointNames = [
  'AutoApplySSL',
  'AutoApplyOrder',
  'AutoReplaceSSL',
  'AutoRevokeSSL',
  'autoRevokeCertificate',
  'CollectSSL',
  'GetDCVEmailAddressList',
  'ResendDCVEmail',
  'AutoUpdateDCV',
  'GetMDCDomainDetails',
  'GetDetailedOrderStatus',
  'AutoRefund',
  'RetryCAACheck',
  'WebHostReport',
  'DecodeCSR',
  'getAccountBalance',
  'AutoRemoveMDCDomain',
  'UpdateUserEvClickThrough',
  'AutoRevokePAC',
  'autoRevokeCS',
  'CollectMC',
  'CollectCCC',
  'CollectPAC',
  'CollectSMIME',
] as const;

export type SectigoEndpointName = (typeof sectigoEndpointNames)[number];

/** 0 newline text, 1 URL-encoded, 2 JSON. */
export type ResponseFormat = 0 | 1 | 2;

export interface FormatSpec {
  /** What the endpoint answers when the request has no responseFormat. */
  default: ResponseFormat;
  allowed: readonly ResponseFormat[];
  /** false: the endpoint takes no responseFormat at all (sending one is -2, as AutoUpdateDCV does). */
  param: boolean;
  /** A requested value that renders as another one (GetDCVEmailAddressList: 1 is its classic text). */
  renderAs?: Partial<Record<ResponseFormat, ResponseFormat>>;
  /** Lives under /products/download/ rather than /products/!. */
  download?: boolean;
}

export const sectigoFormats: Record<SectigoEndpointName, FormatSpec> = {
  AutoApplySSL: { default: 0, allowed: [0, 1], param: true },
  AutoApplyOrder: { default: 0, allowed: [0, 1], param: true },
  AutoReplaceSSL: { default: 0, allowed: [0, 1], param: true },
  AutoRevokeSSL: { default: 0, allowed: [0, 1], param: true },
  autoRevokeCertificate: { default: 0, allowed: [0, 1], param: true },
  CollectSSL: { default: 0, allowed: [0, 1], param: true, download: true },
  GetDCVEmailAddressList: { default: 1, allowed: [0, 1, 2], param: true, renderAs: { 1: 0 } },
  ResendDCVEmail: { default: 1, allowed: [0, 1], param: true },
  AutoUpdateDCV: { default: 1, allowed: [1], param: false },
  GetMDCDomainDetails: { default: 1, allowed: [1, 2], param: true },
  GetDetailedOrderStatus: { default: 1, allowed: [1, 2], param: true },
  AutoRefund: { default: 0, allowed: [0, 1], param: true },
  RetryCAACheck: { default: 1, allowed: [1], param: false },
  WebHostReport: { default: 1, allowed: [0, 1], param: true },
  DecodeCSR: { default: 0, allowed: [0, 1], param: true },
  getAccountBalance: { default: 0, allowed: [0, 1], param: true },
  AutoRemoveMDCDomain: { default: 1, allowed: [0, 1], param: true },
  UpdateUserEvClickThrough: { default: 1, allowed: [0, 1], param: true },
  AutoRevokePAC: { default: 0, allowed: [0], param: true },
  autoRevokeCS: { default: 0, allowed: [0, 1], param: true },
  CollectMC: { default: 0, allowed: [0, 1], param: true, download: true },
  CollectCCC: { default: 0, allowed: [0, 1], param: true, download: true },
  CollectPAC: { default: 0, allowed: [0, 1], param: true, download: true },
  CollectSMIME: { default: 0, allowed: [0, 1], param: true, download: true },
};

const byLowerName = new Map(sectigoEndpointNames.map((n) => [n.toLowerCase(), n]));

/** `autorevokecertificate`, `!AutoRevokeCertificate`, `%21CollectSSL`, `sectigo.CollectSSL` -> the canonical name. */
export function findEndpointName(name: string): SectigoEndpointName | undefined {
  let n = name;
  try {
    n = decodeURIComponent(n);
  } catch {
    // keep it as sent
  }
  n = n.replace(/^sectigo\./i, '').replace(/^!/, '');
  return byLowerName.get(n.toLowerCase());
}

/** The format a request asked for, or the endpoint default when it asked for none or for one it does not speak. */
export function resolveFormat(endpoint: SectigoEndpointName, requested: string | null | undefined): ResponseFormat {
  const spec = sectigoFormats[endpoint];
  let format = spec.default;
  if (spec.param && requested !== undefined && requested !== null && /^[0-2]$/.test(requested.trim())) {
    const asked = Number(requested.trim()) as ResponseFormat;
    if (spec.allowed.includes(asked)) format = asked;
  }
  return spec.renderAs?.[format] ?? format;
}

export const operationName = (endpoint: SectigoEndpointName): string => `sectigo.${endpoint}`;
