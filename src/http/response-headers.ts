import type { HeaderSource } from '../journal/journal.js';

/** The Node adapter's private slot of a Response it made: [status, body, headers as given]. */
let adapterSlot: symbol | undefined;

function slotOf(res: Response): unknown[] | undefined {
  if (adapterSlot === undefined) {
    adapterSlot = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache');
    if (adapterSlot === undefined) return undefined;
  }
  const slot = (res as unknown as Record<symbol, unknown>)[adapterSlot];
  return Array.isArray(slot) ? slot : undefined;
}

/**
 * A response's headers for the journal without turning the Node adapter's lightweight Response
 * into a real one (reading `res.headers` builds a Headers object, and then the adapter sends the
 * answer through its slower path). Falls back to `res.headers` for any other Response.
 */
export function responseHeaderSource(res: Response): HeaderSource {
  const slot = slotOf(res);
  if (slot) {
    const given = slot[2];
    if (given === undefined || given === null) return slot[1] === null || slot[1] === undefined ? {} : { 'content-type': 'text/plain;charset=UTF-8' };
    if (given instanceof Headers) return given;
    if (typeof given === 'object' && !Array.isArray(given)) return given as Record<string, string>;
  }
  return () => res.headers;
}
