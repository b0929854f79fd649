import type { Context } from 'hono';
import { requestSlot } from './request-slot.js';

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than ${limit} bytes`);
  }
}

/**
 * The body of each request, read from the stream once: the scenario matcher (body predicates, Sectigo
 * login) and the route handler both get it, and the journal records it when it was read.
 */
const bodies = requestSlot<Promise<string>>('mockca.body');
/** The same body once its read has finished, for those that must not wait (the journal). */
const readTexts = requestSlot<string>('mockca.bodyText');

/** The body text if something already read it (never starts a read). */
export function readBodyIfRead(c: Context): Promise<string> | undefined {
  return bodies.get(c.req.raw);
}

/** The body text if a read of it has finished, at once (undefined while one is running or none ran). */
export function bodyTextIfRead(c: Context): string | undefined {
  return readTexts.get(c.req.raw);
}

/** Reads the request body as text, refusing anything over `limit` bytes without buffering it all. */
export function readBodyText(c: Context, limit: number): Promise<string> {
  let text = bodies.get(c.req.raw);
  if (!text) {
    const raw = c.req.raw;
    text = readStream(c, limit).then((t) => {
      readTexts.set(raw, t);
      return t;
    });
    bodies.set(raw, text);
  }
  return text.then((t) => {
    if (Buffer.byteLength(t) > limit) throw new BodyTooLarge(limit);
    return t;
  });
}

async function readStream(c: Context, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  // With a declared length the Node adapter reads the socket directly, without a web stream.
  if (Number.isFinite(declared) && !c.req.header('transfer-encoding')) return c.req.text();
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // Read past Hono: hand it the text (its cache holds promises), so c.req.parseBody() finds the body.
  (c.req.bodyCache as Record<string, unknown>).text ??= Promise.resolve(text);
  return text;
}

export class BadJson extends Error {}

/** Parses a JSON body; an empty body is `undefined`. */
export async function readJson(c: Context, limit: number): Promise<unknown> {
  const text = await readBodyText(c, limit);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadJson((e as Error).message);
  }
}
