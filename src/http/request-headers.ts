import type { Context } from 'hono';
import type { HeaderSource } from '../journal/journal.js';

/**
 * A request's headers for the journal: Node's raw list as received when the request came over a
 * listener (nothing is built per request; the journal formats them when read), else its Headers.
 */
export function requestHeaderSource(c: Context): HeaderSource {
  const raw = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming?.rawHeaders;
  return raw ? { raw } : () => c.req.raw.headers;
}
