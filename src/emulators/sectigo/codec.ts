import { BoundedMemo } from '../../lib/bounded-memo.js';
import type { ResponseFormat } from './endpoints.js';

/** One answer field; the same key may repeat (`caCertificate`). */
export type Field = [key: string, value: string | number];

/** What an endpoint answers on success (errorCode >= 0) before it is encoded. */
export interface Reply {
  code: number;
  fields?: Field[];
  /**
   * Newline mode (responseFormat=0) body after the status line, when the endpoint documents a
   * positional layout (AutoApply*). Without it newline mode writes one `key<TAB>value` line per field.
   */
  lines?: string[];
  /** Newline mode: blocks written verbatim after the lines (PEM certificates). */
  blocks?: string[];
}

export interface Encoded {
  headers: Record<string, string>;
  body: string;
}

const contentTypes: Record<ResponseFormat, string> = {
  0: 'text/plain;charset=UTF-8',
  1: 'application/x-www-form-urlencoded;charset=UTF-8',
  2: 'application/json;charset=UTF-8',
};

/** URL-encoding as PHP's urlencode does it (what real clients parse with parse_str). */
export function urlencode(fields: Field[]): string {
  return fields
    .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(String(v))}`)
    .join('&');
}

/** Long values (PEM certificates, the same chain in every CollectSSL answer) are encoded once. */
const encodedLong = new BoundedMemo<string, string>(256);

/** What PHP's urlencode leaves as it is. */
const plainComponent = /^[A-Za-z0-9_.-]*$/;

function encodeComponent(s: string): string {
  if (s.length < 64 && plainComponent.test(s)) return s;
  if (s.length >= 256) {
    const hit = encodedLong.get(s);
    if (hit !== undefined) return hit;
  }
  const out = encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  if (s.length >= 256) encodedLong.set(s, out);
  return out;
}

/** Repeated keys become arrays; numbers that are numbers stay numbers. */
function toJson(fields: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) {
    if (k in out) {
      const prev = out[k];
      out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else out[k] = v;
  }
  return out;
}

export function encodeReply(format: ResponseFormat, reply: Reply): Encoded {
  const fields = reply.fields ?? [];
  const headers = { 'content-type': contentTypes[format] };
  switch (format) {
    case 0: {
      const lines = [String(reply.code), ...(reply.lines ?? fields.map(([k, v]) => `${k}\t${v}`))];
      const blocks = (reply.blocks ?? []).map((b) => b.trim());
      return { headers, body: `${[...lines, ...blocks].join('\n')}\n` };
    }
    case 1:
      return { headers, body: urlencode([['errorCode', reply.code], ...fields]) };
    case 2:
      return { headers, body: JSON.stringify(toJson([['errorCode', reply.code], ...fields])) };
  }
}

/** An error: line 1 the code and line 2 the message, or errorCode/errorMessage(/errorItem). */
export function renderError(format: ResponseFormat, code: number, message: string, arg?: string): Encoded {
  const headers = { 'content-type': contentTypes[format] };
  const item: Field[] = arg !== undefined && [-2, -3, -4].includes(code) ? [['errorItem', arg]] : [];
  switch (format) {
    case 0:
      return { headers, body: `${code}\n${message}\n` };
    case 1:
      return { headers, body: urlencode([['errorCode', code], ['errorMessage', message], ...item]) };
    case 2:
      return { headers, body: JSON.stringify(toJson([['errorCode', code], ['errorMessage', message], ...item])) };
  }
}

/**
 * A form body plus the query string (one old client sends credentials in the query of a POST).
 * Repeated keys keep every value in order.
 */
export function parseForm(body: string, query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const source of [query, body]) {
    for (const [k, v] of new URLSearchParams(source)) {
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
  }
  return out;
}
