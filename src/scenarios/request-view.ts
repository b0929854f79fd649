import type { Context } from 'hono';
import { readBodyText } from '../http/body.js';
import { routeParams } from '../emulators/operation-router.js';
import type { Account, Vendor } from '../state/model.js';

/** Field names that carry an order or certificate id: route parameters and Sectigo form fields. */
const idField = /(^id$|_id$|Id$|ID$|order|certificate|serial)/i;

/** The parsed body: JSON object, form fields, or plain text. */
export type ParsedBody = { kind: 'json'; value: unknown } | { kind: 'form'; value: Record<string, string> } | { kind: 'text'; value: string };

/**
 * What a matcher may ask about one request. Everything is computed lazily: a request that no
 * rule looks at pays for nothing.
 */
export class RequestView {
  operation: string | undefined;
  /** The context of the app that routed the request (the ACME app's, for its paths), for the route parameters. */
  routedBy: Context | undefined;
  private parsedBody: Promise<ParsedBody> | undefined;

  constructor(
    readonly c: Context,
    readonly vendor: Vendor,
    private readonly bodyLimit: number,
  ) {}

  get method(): string {
    return this.c.req.method;
  }

  get path(): string {
    return this.c.req.path;
  }

  header(name: string): string | undefined {
    return this.c.req.header(name);
  }

  query(name: string): string | undefined {
    return this.c.req.query(name);
  }

  /** The authenticated account, once the vendor's auth middleware ran. */
  get account(): Account | undefined {
    return (this.c.get('account') as Account | undefined) ?? undefined;
  }

  body(): Promise<ParsedBody> {
    this.parsedBody ??= readBodyText(this.c, this.bodyLimit).then(
      (text) => parseBody(text, this.c.req.header('content-type') ?? ''),
      () => ({ kind: 'text', value: '' }) as ParsedBody,
    );
    return this.parsedBody;
  }

  /** The credential the caller presented: Regfish x-api-key, DigiCert X-DC-DEVKEY, Sectigo loginName. */
  async credential(): Promise<string | undefined> {
    switch (this.vendor) {
      case 'regfish':
        return this.header('x-api-key');
      case 'digicert':
        return this.header('x-dc-devkey');
      case 'sectigo': {
        const fromQuery = this.query('loginName');
        if (fromQuery) return fromQuery;
        if (this.parsedBody) {
          const body = await this.parsedBody;
          return body.kind === 'form' ? body.value.loginName : undefined;
        }
        // Only the login is wanted: no parse of the whole form (the dispatcher parses it anyway).
        const text = await readBodyText(this.c, this.bodyLimit).catch(() => '');
        return formValue(text, this.c.req.header('content-type') ?? '', 'loginName');
      }
    }
  }

  /** Candidate ids: route parameters named like ids, then form fields named like ids. */
  async ids(): Promise<string[]> {
    const out: string[] = [];
    const params = routeParams(this.routedBy ?? this.c) as Record<string, string> | undefined;
    for (const [k, v] of Object.entries(params ?? {})) if (idField.test(k) && v) out.push(v);
    if (this.method !== 'GET' && this.method !== 'HEAD') {
      const body = await this.body();
      if (body.kind === 'form') for (const [k, v] of Object.entries(body.value)) if (idField.test(k) && v) out.push(v);
    }
    return out;
  }
}

/** What `parseBody(text, contentType)` holds for the form field `name` (its first value), without parsing every field. */
export function formValue(text: string, contentType: string, name: string): string | undefined {
  const type = contentType.toLowerCase();
  if (type.includes('json') || (!type.includes('form') && /^\s*[[{]/.test(text))) return undefined;
  if (!(type.includes('x-www-form-urlencoded') || /^[\w.%-]+=/.test(text))) return undefined;
  const encoded = /[%+]/;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    if (rawKey.length === 0 && eq < 0) continue;
    // A pair with percent-encoding or '+' reads exactly as URLSearchParams reads it.
    if (encoded.test(pair)) {
      const [decoded] = new URLSearchParams(pair);
      if (decoded && decoded[0] === name) return decoded[1];
      continue;
    }
    if (rawKey === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}

export function parseBody(text: string, contentType: string): ParsedBody {
  const type = contentType.toLowerCase();
  if (type.includes('json') || (!type.includes('form') && /^\s*[[{]/.test(text))) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      return { kind: 'text', value: text };
    }
  }
  if (type.includes('x-www-form-urlencoded') || /^[\w.%-]+=/.test(text)) {
    const value: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) if (!(k in value)) value[k] = v;
    return { kind: 'form', value };
  }
  return { kind: 'text', value: text };
}

/** A field of a parsed body by dot path (`certificate.common_name`, `dns_names.0`). */
export function bodyField(body: ParsedBody, path: string): unknown {
  if (body.kind === 'form') return body.value[path];
  if (body.kind === 'text') return path === '' || path === '$' ? body.value : undefined;
  let node: unknown = body.value;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
