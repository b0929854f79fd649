import type { Context } from 'hono';
import type { z } from 'zod';
import { BadJson, readJson } from '../../http/body.js';
import { noteAnswer, refusalReason } from '../answer-note.js';
import { regfishErrorBody, type RegfishErrorName } from './errors.js';

/** Thrown by routes; the app's error handler renders it as the documented envelope. */
export class RegfishFailure extends Error {
  constructor(
    readonly error: RegfishErrorName,
    readonly reason?: string,
  ) {
    super(reason ?? error);
  }
}

export function ok(c: Context, response: unknown, status: 200 | 201 = 200): Response {
  return c.json({ success: true, code: 0, response }, status);
}

/** `ok` with the envelope already rendered (see RenderedAnswers): the very bytes `ok` sends. */
export function okRendered(c: Context, body: Uint8Array<ArrayBuffer>): Response {
  return c.body(body, 200, { 'content-type': 'application/json' });
}

/** The text `ok` sends for `response`. */
export const okBody = (response: unknown): string => JSON.stringify({ success: true, code: 0, response });

export function fail(c: Context, name: RegfishErrorName, reason?: string): Response {
  const { status, body } = regfishErrorBody(name);
  const why = refusalReason(reason);
  if (why) c.header('x-mockca-reason', why.header);
  noteAnswer(c, JSON.stringify(body), why?.text);
  return c.json(body, status as 400);
}

/** Parses and validates a JSON body; anything wrong is `invalid` with the reason in x-mockca-reason. */
export async function parseBody<S extends z.ZodType>(c: Context, limit: number, schema: S, invalid: RegfishErrorName): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await readJson(c, limit);
  } catch (e) {
    if (e instanceof BadJson) throw new RegfishFailure(invalid, `malformed JSON: ${e.message}`);
    throw e;
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RegfishFailure(invalid, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}
