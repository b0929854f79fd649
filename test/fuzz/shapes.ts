import type { Api } from './operations.js';

export interface FuzzAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const json = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Regfish errors: `{success:false, message, …}`. */
function regfish(a: FuzzAnswer): string | undefined {
  if (a.status < 400) return undefined;
  const b = json(a.body);
  return isObject(b) && b.success === false && typeof b.message === 'string' ? undefined : 'a Regfish error without the {success:false,message} envelope';
}

/** DigiCert errors: `{"errors":[{code,message}]}`. */
function digicert(a: FuzzAnswer): string | undefined {
  if (a.status < 400) return undefined;
  const b = json(a.body);
  const ok = isObject(b) && Array.isArray(b.errors) && b.errors.length > 0 && b.errors.every((e) => isObject(e) && typeof e.code === 'string' && typeof e.message === 'string');
  return ok ? undefined : 'a DigiCert error without {"errors":[{code,message}]}';
}

/**
 * Sectigo answers carry their errorCode: the first line of newline text, `errorCode=` of
 * URL-encoded answers, or `errorCode` of JSON. A non-2xx status must carry a negative one.
 */
function sectigo(a: FuzzAnswer): string | undefined {
  const text = a.body.toString('utf8');
  let code: number | undefined;
  const line = /^(-?\d+)(\r?\n|$)/.exec(text);
  if (line) code = Number(line[1]);
  const form = /(?:^|&)errorCode=(-?\d+)(?:&|$)/.exec(text);
  if (code === undefined && form) code = Number(form[1]);
  const b = code === undefined ? json(a.body) : undefined;
  if (code === undefined && isObject(b) && typeof b.errorCode === 'number') code = b.errorCode;
  if (code === undefined) return 'a Sectigo answer without an errorCode';
  if (a.status >= 300 && code >= 0) return `HTTP ${a.status} with errorCode ${code}`;
  return undefined;
}

/** Control API errors: `{"error":{code,message}}`. */
function control(a: FuzzAnswer): string | undefined {
  if (a.status < 400) return undefined;
  const b = json(a.body);
  return isObject(b) && isObject(b.error) && typeof b.error.code === 'string' && typeof b.error.message === 'string' ? undefined : 'a control API error without {"error":{code,message}}';
}

/** ACME (RFC 8555) errors on the vendor listeners: a problem document `{type: urn:ietf:params:acme:error:…, detail}`. */
function acme(a: FuzzAnswer): string | undefined {
  if (a.status < 400) return undefined;
  const b = json(a.body);
  const type = String(a.headers['content-type'] ?? '');
  const ok = type.startsWith('application/problem+json') && isObject(b) && typeof b.type === 'string' && b.type.startsWith('urn:ietf:params:acme:error:') && typeof b.detail === 'string';
  return ok ? undefined : 'an ACME error without an RFC 8555 problem document';
}

const checks: Record<Api, (a: FuzzAnswer) => string | undefined> = { regfish, digicert, sectigo, control };

/** DecodeCSR with `showErrorCodes=N` answers without its code, as Sectigo documents the option. */
function codesHidden(operation: string, requestBody: Buffer | undefined): boolean {
  return operation === 'sectigo.DecodeCSR' && new URLSearchParams(requestBody?.toString('utf8') ?? '').get('showErrorCodes')?.toUpperCase() === 'N';
}

/** What is wrong with an answer, if anything: a 5xx, or an answer without the shape its operation speaks. */
export function answerProblem(api: Api, operation: string, method: string, a: FuzzAnswer, requestBody?: Buffer): string | undefined {
  if (a.status >= 500) return `HTTP ${a.status}`;
  if (method === 'HEAD' || a.status === 204 || a.status === 304) return undefined;
  if (a.status < 300 && codesHidden(operation, requestBody)) return undefined;
  return operation.includes('.acme.') ? acme(a) : checks[api](a);
}
