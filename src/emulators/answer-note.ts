import type { Context } from 'hono';

/**
 * What an emulator answered, noted on the request context as it builds the answer, so the journal
 * can record body and reason without cloning the response (which would cost the HTTP adapter its
 * fast path).
 */
export interface AnswerNote {
  body: string;
  reason?: string;
  /** The named error the answer is (`sectigo:-16`), or null for a success, when the emulator knows it; else the journal classifies the body. */
  error?: string | null;
}

const key = 'mockcaAnswer';

export function noteAnswer(c: Context, body: string, reason?: string, error?: string | null): void {
  (c as unknown as { set(k: string, v: AnswerNote): void }).set(key, { body, reason, error });
}

export function notedAnswer(c: Context): AnswerNote | undefined {
  return (c as unknown as { get(k: string): AnswerNote | undefined }).get(key);
}

/** Longest `x-mockca-reason`, in characters of the header as sent. */
const maxReasonHeader = 500;

/** C0 and C1 control characters and DEL: never part of a reason. */
const controls = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Why a request was refused, in two forms: `text` for the journal (control characters gone, one
 * line, bounded) and `header` for `x-mockca-reason`, where everything outside printable ASCII and
 * `%` itself is percent-encoded UTF-8 (as in RFC 8187), so no reason can make the Headers API
 * throw and `decodeURIComponent(header)` gives the text back. Undefined when nothing is left.
 */
export function refusalReason(reason: string | undefined): { text: string; header: string } | undefined {
  const text = reason?.replace(controls, ' ').replace(/ {2,}/g, ' ').trim().slice(0, maxReasonHeader);
  if (!text) return undefined;
  let header = '';
  for (const ch of text) {
    const piece = /^[\x20-\x24\x26-\x7e]$/.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    if (header.length + piece.length > maxReasonHeader) break;
    header += piece;
  }
  return { text, header };
}
