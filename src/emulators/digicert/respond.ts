import type { Context } from 'hono';
import type { z } from 'zod';
import { BadJson, readJson } from '../../http/body.js';
import { noteAnswer, refusalReason } from '../answer-note.js';
import { digicertErrorBody, type DigicertErrorName } from './errors.js';

/** Thrown by routes; the app's error handler renders it as `{"errors":[…]}`. */
export class DigicertFailure extends Error {
  constructor(
    readonly error: DigicertErrorName,
    readonly reason?: string,
    readonly suffix?: string,
  ) {
    super(reason ?? error);
  }
}

export const fieldError = (kind: 'missing_param' | 'invalid_param', field: string, reason?: string) => new DigicertFailure(kind, reason ?? field, field);

/** JSON with exactly `Content-Type: application/json` (clients compare it byte for byte: no charset). */
export function json(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/json' });
}

/** `json` with the body already rendered (see RenderedAnswers). */
export function jsonRendered(c: Context, text: Uint8Array<ArrayBuffer>): Response {
  return c.body(text, 200, { 'content-type': 'application/json' });
}

export function noContent(c: Context): Response {
  return c.body(null, 204);
}

export function fail(c: Context, name: DigicertErrorName, reason?: string, suffix?: string): Response {
  const { status, text } = digicertErrorBody(name, suffix);
  const why = refusalReason(reason);
  if (why) c.header('x-mockca-reason', why.header);
  noteAnswer(c, text, why?.text);
  return c.body(text, status as 400, { 'content-type': 'application/json' });
}

/** Parses and validates a JSON body: malformed JSON is `bad_request_format`, a schema miss `missing_param|field` / `invalid_param|field`. */
export async function parseBody<S extends z.ZodType>(c: Context, limit: number, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await readJson(c, limit);
  } catch (e) {
    if (e instanceof BadJson) throw new DigicertFailure('bad_request_format', `malformed JSON: ${e.message}`);
    throw e;
  }
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new DigicertFailure('bad_request_format', 'the body must be a JSON object');
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.') || 'body';
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    throw fieldError(missing ? 'missing_param' : 'invalid_param', field, `${field}: ${issue.message}`);
  }
  return result.data;
}
