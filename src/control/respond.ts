import type { Context } from 'hono';
import type { z } from 'zod';
import { BadJson, readJson } from '../http/body.js';

/** Control API errors: `{ "error": { "code", "message" } }` with a matching HTTP status. */
export class ControlFailure extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 500,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function controlError(c: Context, status: number, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status as 400);
}

export async function controlBody<S extends z.ZodType>(c: Context, limit: number, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await readJson(c, limit);
  } catch (e) {
    if (e instanceof BadJson) throw new ControlFailure(400, 'bad_json', `the body is not JSON: ${e.message}`);
    throw e;
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlFailure(400, 'invalid_body', `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}
