/** The longest request or response body the journal keeps, in characters; longer ones are clipped. */
export const maxStoredBodyChars = 64 * 1024;

/** Bytes the journal counts per entry beyond its text (the object, its fields, the ring slot). */
export const entryOverheadBytes = 512;

export interface StoredBody {
  body: string | null;
  /** True when the body was longer than `maxStoredBodyChars` and only its start is kept. */
  clipped: boolean;
}

/**
 * The body as the journal keeps it. A clipped body is copied into a string of its own: in V8 a
 * slice keeps the whole string it was cut from alive, so a 1 MB post would stay in memory.
 */
export function storedBody(text: string | null): StoredBody {
  if (text === null) return { body: null, clipped: false };
  if (text.length <= maxStoredBodyChars) return { body: text, clipped: false };
  return { body: Buffer.from(text.slice(0, maxStoredBodyChars), 'utf16le').toString('utf16le'), clipped: true };
}

/** `text` cut to `max` characters (`…` marks the cut), as a string of its own. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${Buffer.from(text.slice(0, max), 'utf16le').toString('utf16le')}…`;
}

/** Characters of a header set (names and values), or of headers kept as one joined string. */
export function headerChars(headers: string | Record<string, string>): number {
  if (typeof headers === 'string') return headers.length;
  let n = 0;
  for (const name in headers) n += name.length + headers[name].length;
  return n;
}
