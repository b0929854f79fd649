import type { Context } from 'hono';

/**
 * What an emulator answered, noted on the request context as it builds the answer, so the journal
 * can record body and reason without cloning the response (which would cost the HTTP adapter its
 * fast path).
 */
export interface AnswerNote {
  body: string;
  reason?: string;
}

const key = 'mockcaAnswer';

export function noteAnswer(c: Context, body: string, reason?: string): void {
  (c as unknown as { set(k: string, v: AnswerNote): void }).set(key, { body, reason });
}

export function notedAnswer(c: Context): AnswerNote | undefined {
  return (c as unknown as { get(k: string): AnswerNote | undefined }).get(key);
}
