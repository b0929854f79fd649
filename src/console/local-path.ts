const base = 'http://mockca.invalid';

/**
 * `value` if it is a path on this console (`/certificates?vendor=regfish`), else `fallback`.
 * Browsers read `/\evil.example` and `//evil.example` as another host and drop tabs and newlines
 * before they do, so only a plain `/` followed by something other than `/` or `\`, with no control
 * character or backslash anywhere, that still resolves to this origin, is followed.
 */
export function localPath(value: string, fallback: string): string {
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
