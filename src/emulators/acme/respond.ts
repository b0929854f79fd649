import { AcmeProblem, problemContentType, type ProblemDocument } from './problems.js';

/** A JSON answer of the ACME server, with the extra headers given (Location, Link, Retry-After). */
export function acmeJson(body: unknown, status = 200, headers: Record<string, string | string[]> = {}): Response {
  const h = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of Object.entries(headers)) for (const v of [value].flat()) h.append(name, v);
  return new Response(JSON.stringify(body, null, 2), { status, headers: h });
}

export function problemResponse(doc: ProblemDocument, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(doc, null, 2), { status: doc.status, headers: { 'content-type': problemContentType, ...headers } });
}

export function problemOf(e: AcmeProblem): Response {
  return problemResponse(e.document, e.status === 405 ? { allow: 'POST', ...e.headers } : e.headers);
}

export const link = (url: string, rel: string): string => `<${url}>;rel="${rel}"`;
